//! From patterns to diagnostics, streaming by directory: discover the files,
//! then for each directory (in parallel) read, parse and lower its files (in
//! parallel), group them into packages by package clause, run the rules over
//! each package, and drop the IR before moving on.
//!
//! **Invariant:** a file's text and tree live only while that file is being
//! lowered, and a package's IR only while its rules run. What is kept is the
//! diagnostics, whether each file is generated, and its suppression
//! directives (already resolved to byte ranges). Results are collected in
//! directory and file-id order, so they do not depend on the number of
//! threads.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use golint_analysis::Program;
use golint_diagnostics::{Diagnostic, FileId, SourceMap};
use golint_ir::{parse_and_lower, FileIr, PackageIr};
use golint_rules::meta::SyntaxError;
use golint_rules::{Rule, RuleContext};
use golint_syntax::{
    discover_with_buffers, read_source, scan_header, DiscoverError, DiscoverOptions, GoFile, Module,
};
use rayon::prelude::*;

use crate::cap::{self, Hidden};
use crate::guard::guarded;
use crate::suppress::{self, FileDirectives};
use crate::timings::{timed, Phase, Stamp, Timings};

/// What to run over each package.
pub struct Checks<'a> {
    pub rules: &'a [&'static dyn Rule],
    /// Report syntax errors (GL000).
    pub syntax_errors: bool,
    /// `--max-findings-per-rule` (0: no limit), for the early cut.
    pub max_per_rule: usize,
    /// Run on each package after the rules, while its IR is alive (the
    /// `escape` command turns its facts into diagnostics here).
    pub package_hook: Option<&'a PackageHook>,
    /// `--timings`: where the time goes.
    pub timings: Option<&'a Timings>,
}

/// See [`Checks::package_hook`].
pub type PackageHook = dyn Fn(&PackageIr) -> Vec<Diagnostic> + Sync;

/// The outcome of a run, before suppression and filtering.
pub struct Analyzed {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// By file id: marked `// Code generated … DO NOT EDIT.`.
    pub generated: Vec<bool>,
    /// By file id.
    pub directives: Vec<FileDirectives>,
    /// Files read, parsed and lowered.
    pub files_analyzed: usize,
    /// Files found but not analyzed (unreadable, not UTF-8, too large),
    /// plus paths discovery could not read: with nothing analyzed, the run
    /// failed.
    pub files_failed: usize,
    pub packages: usize,
    /// For stderr, in a deterministic order: `<path>: <message>`.
    pub warnings: Vec<String>,
    /// Findings dropped while the rules ran (see `cap`).
    pub hidden: Hidden,
}

// One per file, moved once into its package: boxing would add an
// allocation per file to save nothing.
#[allow(clippy::large_enum_variant)]
enum Outcome {
    Lowered {
        ir: FileIr,
        generated: bool,
        directives: FileDirectives,
    },
    /// `//go:build ignore`.
    Skipped,
    /// The whole warning line, without `warning: `.
    Failed(String),
}

/// What one directory yields.
#[derive(Default)]
struct DirResult {
    diagnostics: Vec<Diagnostic>,
    /// (file index, generated, directives) of each lowered file.
    files: Vec<(usize, bool, FileDirectives)>,
    failed: usize,
    packages: usize,
    warnings: Vec<String>,
    hidden: Hidden,
}

/// Editor buffers that stand in for files on disk: canonical path → text.
pub type Overlays = HashMap<PathBuf, Arc<str>>;

/// The lowered files of earlier runs, for a long-lived caller (the LSP
/// server) that analyzes the same package again and again: a file whose
/// text and id are unchanged is not parsed or lowered again.
const MAX_CACHED_FILES: usize = 4096;

#[derive(Default)]
pub struct IrCache {
    entries: std::sync::Mutex<HashMap<(PathBuf, FileId), Cached>>,
}

struct Cached {
    /// Hash of the text the IR was lowered from.
    hash: u64,
    ir: FileIr,
    generated: bool,
    directives: FileDirectives,
}

impl IrCache {
    fn get(&self, path: &Path, id: FileId, hash: u64) -> Option<Outcome> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let c = entries.get(&(path.to_path_buf(), id))?;
        (c.hash == hash).then(|| Outcome::Lowered {
            ir: c.ir.clone(),
            generated: c.generated,
            directives: c.directives.clone(),
        })
    }

    fn put(&self, path: &Path, id: FileId, hash: u64, outcome: &Outcome) {
        if let Outcome::Lowered {
            ir,
            generated,
            directives,
        } = outcome
        {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            // Bounded: an editor session that visits many packages starts
            // over rather than keeping them all.
            if entries.len() >= MAX_CACHED_FILES {
                entries.clear();
            }
            entries.insert(
                (path.to_path_buf(), id),
                Cached {
                    hash,
                    ir: ir.clone(),
                    generated: *generated,
                    directives: directives.clone(),
                },
            );
        }
    }
}

/// Discovers the files the patterns name and checks them, one directory
/// at a time.
pub fn analyze(
    cwd: PathBuf,
    patterns: Vec<String>,
    tests: bool,
    checks: &Checks,
) -> Result<Analyzed, DiscoverError> {
    analyze_with(cwd, patterns, tests, checks, &Overlays::new(), None)
}

/// [`analyze`], reading the files of `overlays` from there instead of the disk.
pub fn analyze_with(
    cwd: PathBuf,
    patterns: Vec<String>,
    tests: bool,
    checks: &Checks,
    overlays: &Overlays,
    cache: Option<&IrCache>,
) -> Result<Analyzed, DiscoverError> {
    // A buffer not on disk yet joins the package of its directory.
    let buffers: Vec<PathBuf> = overlays.keys().cloned().collect();
    let start = Instant::now();
    let discovery = discover_with_buffers(
        &DiscoverOptions {
            cwd,
            patterns,
            tests,
        },
        &buffers,
    )?;
    if let Some(t) = checks.timings {
        t.add_wall(Phase::Discover, start);
    }
    let mut files = discovery.files;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files.dedup_by(|a, b| a.rel == b.rel);

    let mut sources = SourceMap::new(discovery.root.clone());
    let mut dirs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut texts: Vec<Option<Arc<str>>> = vec![None; files.len()];
    for (i, f) in files.iter().enumerate() {
        let id = sources.add(f.path.clone(), f.rel.clone());
        if let Some(text) = overlay(overlays, &f.path) {
            sources.set_override(id, text.clone());
            texts[i] = Some(text);
        }
        dirs.entry(f.dir_rel.as_str()).or_default().push(i);
    }
    let dirs: Vec<Vec<usize>> = dirs.into_values().collect();
    let results: Vec<DirResult> = dirs
        .par_iter()
        .map(|indices| check_dir(&files, &texts, indices, &discovery.modules, checks, cache))
        .collect();

    let mut out = Analyzed {
        sources,
        diagnostics: Vec::new(),
        generated: vec![false; files.len()],
        directives: vec![FileDirectives::default(); files.len()],
        files_analyzed: 0,
        files_failed: discovery.unreadable,
        packages: 0,
        warnings: discovery.warnings.iter().map(|w| w.to_string()).collect(),
        hidden: Hidden::default(),
    };
    for r in results {
        out.diagnostics.extend(r.diagnostics);
        out.warnings.extend(r.warnings);
        out.packages += r.packages;
        out.files_failed += r.failed;
        out.hidden.merge(r.hidden);
        out.files_analyzed += r.files.len();
        for (i, generated, directives) in r.files {
            out.generated[i] = generated;
            out.directives[i] = directives;
        }
    }
    Ok(out)
}

/// Lowers the files of one directory, splits them into packages by package
/// clause, and runs the checks; the IR is dropped on return.
fn check_dir(
    files: &[GoFile],
    texts: &[Option<Arc<str>>],
    indices: &[usize],
    modules: &[Module],
    checks: &Checks,
    cache: Option<&IrCache>,
) -> DirResult {
    let outcomes: Vec<Outcome> = indices
        .par_iter()
        .map(|&i| {
            let text = texts[i].as_deref();
            load_file(FileId(i as u32), &files[i], text, cache, checks.timings)
        })
        .collect();
    let mut result = DirResult::default();
    let mut packages: BTreeMap<String, PackageIr> = BTreeMap::new();
    for (&i, outcome) in indices.iter().zip(outcomes) {
        let f = &files[i];
        let ir = match outcome {
            Outcome::Lowered {
                ir,
                generated,
                directives,
            } => {
                if let Some(deep) = &ir.too_deep {
                    result.warnings.push(too_deep_warning(f, deep));
                }
                result.files.push((i, generated, directives));
                ir
            }
            Outcome::Skipped => continue,
            Outcome::Failed(msg) => {
                result.failed += 1;
                result.warnings.push(msg);
                continue;
            }
        };
        let go_version = f
            .module
            .and_then(|m| modules.get(m))
            .and_then(|m| m.go_version);
        let pkg = packages
            .entry(ir.package.clone())
            .or_insert_with(|| PackageIr {
                name: ir.package.clone(),
                import_path: package_path(f, &ir.package),
                dir: f.dir_rel.clone(),
                go_version,
                has_external_test: false,
                files: Vec::new(),
            });
        pkg.files.push(ir);
    }
    golint_ir::link_external_tests(&mut packages.values_mut().collect::<Vec<_>>());
    result.packages = packages.len();
    for package in packages.into_values() {
        if checks.syntax_errors {
            let mut errors = cap::early_findings(checks.max_per_rule);
            errors.extend(syntax_errors(&package));
            let errors = cap::early_finish(errors, &mut result.hidden);
            result.diagnostics.extend(errors);
        }
        let program = Program::new(vec![package]);
        let (diags, warnings) = run_rules(&program, checks, &mut result.hidden);
        result.diagnostics.extend(diags);
        result.warnings.extend(warnings);
        if let Some(hook) = checks.package_hook {
            for package in &program.packages {
                match guarded(|| hook(package)) {
                    Ok(diags) => result.diagnostics.extend(diags),
                    Err(msg) => result.warnings.push(format!(
                        "internal error on {}: {msg}",
                        package_label(package)
                    )),
                }
            }
        }
    }
    result
}

/// Code nested deeper than the lowering's budget is not analyzed: said
/// once per file, where it starts (a warning, not a finding: the code is
/// valid Go).
fn too_deep_warning(f: &GoFile, deep: &golint_ir::TooDeep) -> String {
    let more = match deep.count {
        0 | 1 => String::new(),
        n => format!(" (and {} more places)", n - 1),
    };
    format!(
        "{}:{}: nested deeper than {} levels; not analyzed from here{more}",
        f.rel,
        deep.line,
        golint_ir::MAX_DEPTH
    )
}

/// The import path of a package: an external test package `foo_test` is
/// apart from `foo`.
fn package_path(f: &GoFile, package: &str) -> String {
    if package.ends_with("_test") && !f.import_path.ends_with("_test") {
        format!("{}_test", f.import_path)
    } else {
        f.import_path.clone()
    }
}

/// The editor's buffer for `path`, if it has one.
fn overlay(overlays: &Overlays, path: &Path) -> Option<Arc<str>> {
    if overlays.is_empty() {
        return None;
    }
    if let Some(t) = overlays.get(path) {
        return Some(t.clone());
    }
    let canonical = std::fs::canonicalize(path).ok()?;
    overlays.get(&canonical).cloned()
}

/// Reads (unless the editor's `buffer` stands in), parses and lowers one
/// file; the text and the tree are dropped on return.
fn load_file(
    id: FileId,
    f: &GoFile,
    buffer: Option<&str>,
    cache: Option<&IrCache>,
    timings: Option<&Timings>,
) -> Outcome {
    let text = match buffer {
        Some(b) => b.to_string(),
        None => match timed(timings, Phase::Read, || read_source(&f.path)) {
            Ok(t) => t,
            Err(e) => return Outcome::Failed(format!("{}: {e}", f.rel)),
        },
    };
    let Some(cache) = cache else {
        return timed(timings, Phase::Lower, || lower(id, f, &text));
    };
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        f.is_test.hash(&mut h);
        h.finish()
    };
    if let Some(hit) = cache.get(&f.path, id, hash) {
        return hit;
    }
    let outcome = timed(timings, Phase::Lower, || lower(id, f, &text));
    cache.put(&f.path, id, hash, &outcome);
    outcome
}

fn lower(id: FileId, f: &GoFile, text: &str) -> Outcome {
    let header = scan_header(text);
    if header.build_ignored {
        return Outcome::Skipped;
    }
    let generated = header.generated;
    let lowered = guarded(|| {
        // A big file is parsed in parts: its whole tree would cost most of
        // a gigabyte (see `parse_and_lower`).
        let mut ir = parse_and_lower(id, text)?;
        ir.is_test = f.is_test;
        let directives = suppress::scan(id, text, &ir);
        Some((ir, directives))
    });
    match lowered {
        Ok(Some((ir, directives))) => Outcome::Lowered {
            ir,
            generated,
            directives,
        },
        Ok(None) => Outcome::Failed(format!("{}: tree-sitter could not parse the file", f.rel)),
        Err(msg) => Outcome::Failed(format!("internal error while lowering {}: {msg}", f.rel)),
    }
}

/// Runs the rules over the packages of `program`; a panicking rule loses its
/// findings in that package and becomes a warning naming both. Each rule's
/// findings are cut to the early limit as it makes them
/// (`cap::early_findings`), so a file with a finding on every line never
/// holds them all.
pub fn run_rules(
    program: &Program,
    checks: &Checks,
    hidden: &mut Hidden,
) -> (Vec<Diagnostic>, Vec<String>) {
    let rules = checks.rules;
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let timings = checks.timings;
    for package in &program.packages {
        // The thread's CPU clock is a system call: read only with --timings.
        let start = timings.map(|_| Stamp::now());
        RuleContext::with(program, package, |cx| {
            if let (Some(t), Some(start)) = (timings, start) {
                t.add(Phase::Index, start);
                prepare_shared(cx, rules, t, &mut warnings);
            }
            for (position, rule) in rules.iter().enumerate() {
                let mut found = cap::early_findings(checks.max_per_rule);
                let start = timings.map(|_| Stamp::now());
                let checked = guarded(|| rule.check(cx, &mut found));
                if let (Some(t), Some(start)) = (timings, start) {
                    t.add_rule(position, start);
                }
                match checked {
                    Ok(()) => diags.extend(cap::early_finish(found, hidden)),
                    Err(msg) => warnings.push(format!(
                        "internal error in rule {} on {}: {msg}",
                        rule.meta().code,
                        package_label(package)
                    )),
                }
            }
        });
    }
    (diags, warnings)
}

/// With `--timings`, the concurrency model and the escape facts are built
/// before the rules that use them (the GL1 and GL5 families), so that their
/// cost is not charged to whichever rule happens to come first.
fn prepare_shared(
    cx: &RuleContext<'_>,
    rules: &[&'static dyn Rule],
    t: &Timings,
    warnings: &mut Vec<String>,
) {
    let uses = |family: &str| rules.iter().any(|r| r.meta().code.starts_with(family));
    let mut built = Ok(());
    if uses("GL1") {
        built = timed(Some(t), Phase::Model, || {
            guarded(|| {
                let _ = cx.model();
            })
        });
    }
    if built.is_ok() && uses("GL5") {
        built = timed(Some(t), Phase::Escapes, || {
            guarded(|| {
                let _ = cx.escapes();
            })
        });
    }
    if let Err(msg) = built {
        warnings.push(format!(
            "internal error on {}: {msg}",
            package_label(cx.package)
        ));
    }
}

fn package_label(p: &PackageIr) -> String {
    if p.import_path.is_empty() {
        format!("package {} ({})", p.name, p.dir)
    } else {
        format!("package {}", p.import_path)
    }
}

/// GL000 for every ERROR and MISSING node.
fn syntax_errors(package: &PackageIr) -> Vec<Diagnostic> {
    let meta = &SyntaxError::META;
    package
        .files
        .iter()
        .flat_map(|f| &f.syntax_errors)
        .map(|e| {
            Diagnostic::new(meta.code, meta.name, e.span, e.message.clone())
                .with_severity(meta.default_severity)
        })
        .collect()
}
