//! From patterns to diagnostics: discover, then read, parse and lower every
//! file in parallel, group the files into packages, run the rules over the
//! packages in parallel.
//!
//! **Invariant:** a file's text and tree live only while that file is being
//! lowered; what is kept is its [`FileIr`], whether it is generated, and its
//! suppression directives (already resolved to byte ranges). Everything is
//! collected in file-id or package order, so the result does not depend on
//! the number of threads.

use std::collections::BTreeMap;
use std::path::PathBuf;

use golint_analysis::Program;
use golint_diagnostics::{Diagnostic, SourceMap};
use golint_ir::{lower_file, FileIr, PackageIr};
use golint_rules::meta::SyntaxError;
use golint_rules::{Rule, RuleContext};
use golint_syntax::{discover, read_source, scan_header, DiscoverError, DiscoverOptions, GoFile};
use rayon::prelude::*;

use crate::guard::guarded;
use crate::suppress::{self, FileDirectives};

/// The files of a run, lowered and grouped into packages.
pub struct Loaded {
    pub sources: SourceMap,
    pub packages: Vec<PackageIr>,
    /// By file id: marked `// Code generated … DO NOT EDIT.`.
    pub generated: Vec<bool>,
    /// By file id.
    pub directives: Vec<FileDirectives>,
    /// Files read, parsed and lowered.
    pub files_analyzed: usize,
    /// For stderr, in a deterministic order: `<path>: <message>`.
    pub warnings: Vec<String>,
}

enum Outcome {
    Lowered {
        ir: Box<FileIr>,
        generated: bool,
        directives: FileDirectives,
    },
    /// `//go:build ignore`.
    Skipped,
    /// The whole warning line, without `warning: `.
    Failed(String),
}

/// Discovers the files the patterns name and lowers them.
pub fn load(cwd: PathBuf, patterns: Vec<String>, tests: bool) -> Result<Loaded, DiscoverError> {
    let discovery = discover(&DiscoverOptions {
        cwd,
        patterns,
        tests,
    })?;
    let mut files = discovery.files;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files.dedup_by(|a, b| a.rel == b.rel);

    let mut sources = SourceMap::new(discovery.root.clone());
    for f in &files {
        sources.add(f.path.clone(), f.rel.clone());
    }
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| load_file(golint_diagnostics::FileId(i as u32), f))
        .collect();

    let mut warnings: Vec<String> = discovery.warnings.iter().map(|w| w.to_string()).collect();
    let mut generated = vec![false; files.len()];
    let mut directives = vec![FileDirectives::default(); files.len()];
    let mut groups: BTreeMap<(String, String), PackageIr> = BTreeMap::new();
    let mut files_analyzed = 0;
    for ((i, f), outcome) in files.iter().enumerate().zip(outcomes) {
        let (ir, gen, dirs) = match outcome {
            Outcome::Lowered {
                ir,
                generated,
                directives,
            } => (ir, generated, directives),
            Outcome::Skipped => continue,
            Outcome::Failed(msg) => {
                warnings.push(msg);
                continue;
            }
        };
        files_analyzed += 1;
        generated[i] = gen;
        directives[i] = dirs;
        let go_version = f
            .module
            .and_then(|m| discovery.modules.get(m))
            .and_then(|m| m.go_version);
        let pkg = groups
            .entry((f.dir_rel.clone(), ir.package.clone()))
            .or_insert_with(|| PackageIr {
                name: ir.package.clone(),
                import_path: f.import_path.clone(),
                dir: f.dir_rel.clone(),
                go_version,
                files: Vec::new(),
            });
        pkg.files.push(*ir);
    }
    let packages = groups
        .into_values()
        .map(|mut p| {
            if p.name.ends_with("_test") && !p.import_path.ends_with("_test") {
                p.import_path.push_str("_test");
            }
            p
        })
        .collect();
    Ok(Loaded {
        sources,
        packages,
        generated,
        directives,
        files_analyzed,
        warnings,
    })
}

/// Reads, parses and lowers one file; the text and the tree are dropped on return.
fn load_file(id: golint_diagnostics::FileId, f: &GoFile) -> Outcome {
    let text = match read_source(&f.path) {
        Ok(t) => t,
        Err(e) => return Outcome::Failed(format!("{}: {e}", f.rel)),
    };
    let header = scan_header(&text);
    if header.build_ignored {
        return Outcome::Skipped;
    }
    let generated = header.generated;
    let lowered = guarded(|| {
        let tree = golint_syntax::parse(&text)?;
        let ir = lower_file(id, &text, &tree);
        drop(tree);
        let directives = suppress::scan(id, &text, &ir);
        Some((ir, directives))
    });
    match lowered {
        Ok(Some((ir, directives))) => Outcome::Lowered {
            ir: Box::new(ir),
            generated,
            directives,
        },
        Ok(None) => Outcome::Failed(format!("{}: tree-sitter could not parse the file", f.rel)),
        Err(msg) => Outcome::Failed(format!("internal error while lowering {}: {msg}", f.rel)),
    }
}

/// Runs `rules` over every package; a panicking rule loses its findings in
/// that package and becomes a warning naming both.
pub fn run_rules(program: &Program, rules: &[&'static dyn Rule]) -> (Vec<Diagnostic>, Vec<String>) {
    let per_package: Vec<(Vec<Diagnostic>, Vec<String>)> = program
        .packages
        .par_iter()
        .map(|package| {
            let cx = RuleContext { program, package };
            let mut diags = Vec::new();
            let mut warnings = Vec::new();
            for rule in rules {
                let mut found = Vec::new();
                match guarded(|| rule.check(&cx, &mut found)) {
                    Ok(()) => diags.append(&mut found),
                    Err(msg) => warnings.push(format!(
                        "internal error in rule {} on {}: {msg}",
                        rule.meta().code,
                        package_label(package)
                    )),
                }
            }
            (diags, warnings)
        })
        .collect();
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    for (d, w) in per_package {
        diags.extend(d);
        warnings.extend(w);
    }
    (diags, warnings)
}

fn package_label(p: &PackageIr) -> String {
    if p.import_path.is_empty() {
        format!("package {} ({})", p.name, p.dir)
    } else {
        format!("package {}", p.import_path)
    }
}

/// GL000 for every ERROR and MISSING node.
pub fn syntax_errors(program: &Program) -> Vec<Diagnostic> {
    let meta = &SyntaxError::META;
    program
        .packages
        .iter()
        .flat_map(|p| &p.files)
        .flat_map(|f| &f.syntax_errors)
        .map(|e| {
            Diagnostic::new(meta.code, meta.name, e.span, e.message.clone())
                .with_severity(meta.default_severity)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use golint_diagnostics::{FileId, RuleMeta, Severity, Span};

    struct Boom;
    struct Found;

    static BOOM: RuleMeta = RuleMeta {
        code: "GL998",
        name: "boom",
        summary: "",
        doc: "",
        default_severity: Severity::Warning,
    };
    static FOUND: RuleMeta = RuleMeta {
        code: "GL999",
        name: "found",
        summary: "",
        doc: "",
        default_severity: Severity::Warning,
    };

    impl Rule for Boom {
        fn meta(&self) -> &'static RuleMeta {
            &BOOM
        }
        fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
            out.push(Diagnostic::new("GL998", "boom", Span::default(), "lost"));
            if cx.package.name == "bad" {
                panic!("index out of bounds");
            }
        }
    }

    impl Rule for Found {
        fn meta(&self) -> &'static RuleMeta {
            &FOUND
        }
        fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
            let span = Span::new(FileId(0), 0, 1);
            out.push(Diagnostic::new(
                "GL999",
                "found",
                span,
                cx.package.name.clone(),
            ));
        }
    }

    #[test]
    fn a_panicking_rule_loses_its_findings_in_that_package_only() {
        let pkg = |name: &str| PackageIr {
            name: name.into(),
            import_path: format!("example.com/{name}"),
            ..Default::default()
        };
        let program = Program::new(vec![pkg("bad"), pkg("good")]);
        let (diags, warnings) = run_rules(&program, &[&Boom, &Found]);
        let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            got,
            [("GL999", "bad"), ("GL998", "lost"), ("GL999", "good")]
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with(
                "internal error in rule GL998 on package example.com/bad: index out of bounds at "
            ),
            "{}",
            warnings[0]
        );
    }
}
