//! `golint-rs escape [PATTERNS]`: every heap escape the analysis finds
//! (`golint_analysis::escape`), one per line, with its reasons.
//!
//! The facts are computed per package in the pipeline, while the IR is
//! alive (a `package_hook`), and carried out as diagnostics: the message is
//! the variable's name, the labels the reasons. Only the files with escapes
//! are read again, to print positions and expressions.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use anyhow::{Context, Result};
use golint_analysis::escape::{
    package_escapes_with, package_summaries_with, Escape, Imports, PackageSummaries,
};
use golint_diagnostics::{sort_diagnostics, Diagnostic, FileId, LineIndex, SourceMap, Span};
use golint_ir::PackageIr;

use crate::cli::{EscapeArgs, EscapeFormat};
use crate::pipeline;

const CODE: &str = "ESCAPE";

pub fn run(args: EscapeArgs) -> Result<i32> {
    let start = Instant::now();
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let packages = args.packages.clone();
    let funcs = args.funcs.clone();
    let imported = Imported::new(&cwd);
    let hook = move |p: &PackageIr| -> Vec<Diagnostic> {
        if !packages.is_empty() && !packages.iter().any(|want| package_matches(p, want)) {
            return Vec::new();
        }
        package_escapes_with(p, &imported)
            .into_iter()
            .filter(|e| funcs.is_empty() || funcs.iter().any(|f| func_matches(&e.func, f)))
            .map(to_diagnostic)
            .collect()
    };
    let checks = pipeline::Checks {
        rules: &[],
        syntax_errors: false,
        max_per_rule: 0,
        package_hook: Some(&hook),
        timings: None,
    };
    let tests = args.tests.unwrap_or(false);
    let mut loaded = pipeline::analyze(cwd.clone(), args.patterns.clone(), tests, &checks)?;
    let mut stderr = std::io::stderr().lock();
    for w in &loaded.warnings {
        let _ = writeln!(stderr, "warning: {w}");
    }
    sort_diagnostics(&mut loaded.diagnostics);
    let mut files = Files::new(&loaded.sources, &cwd);
    let mut out = String::new();
    for d in &loaded.diagnostics {
        let line = match args.format {
            EscapeFormat::Text => files.text_line(d),
            EscapeFormat::Json => files.json_line(d),
        };
        out.push_str(&line);
        out.push('\n');
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(e).context("cannot write to stdout")
        }
        _ => {}
    }
    let _ = writeln!(
        stderr,
        "{} escapes in {} files ({} packages) in {:.2}s",
        loaded.diagnostics.len(),
        loaded.files_analyzed,
        loaded.packages,
        start.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// The summaries of imported packages, read from their source the first
/// time a package asks for one (each once, whatever the number of
/// importers): the standard library, the packages of the main module, its
/// `vendor/` directory, the module cache and a GOPATH tree
/// (`golint_syntax::ImportRoots`). The compiler's escape analysis sees the
/// export data of every import; reading their source gives most of it
/// (a package nowhere at hand uses the table of `stdlib.rs` only). The
/// imported packages see the summaries of their own imports in turn
/// (`Shallow`), whose calls use the table only: two levels (`strings.Clone`
/// is inlined with `stringslite.Clone`'s allocation).
struct Imported {
    roots: golint_syntax::ImportRoots,
    loaded: Mutex<HashMap<String, Arc<Slot>>>,
    /// The packages imported by those, summarized without their imports.
    shallow: Mutex<HashMap<String, Arc<Slot>>>,
}

/// The second level of [`Imported`].
struct Shallow<'a>(&'a Imported);

/// One package's summaries, computed by the first importer that asks
/// (the others wait for it); `None` when it cannot be read.
type Slot = OnceLock<Option<Arc<PackageSummaries>>>;

/// Files built only for another system or architecture (`_windows.go`,
/// `_arm64.go`, `_plan9_386.go`): the analysis stands for linux/amd64.
const OTHER_PLATFORMS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
    "386",
    "arm",
    "arm64",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "ppc64",
    "ppc64le",
    "riscv64",
    "s390x",
    "wasm",
    "sparc64",
];

impl Imported {
    fn new(cwd: &Path) -> Self {
        Imported {
            roots: golint_syntax::ImportRoots::new(cwd, goroot(cwd).as_deref()),
            loaded: Mutex::new(HashMap::new()),
            shallow: Mutex::new(HashMap::new()),
        }
    }

    /// The summaries of `path` from the cache `slots`, computed on first
    /// use with `imports` for its own imports.
    fn cached(
        &self,
        slots: &Mutex<HashMap<String, Arc<Slot>>>,
        path: &str,
        imports: Option<&dyn Imports>,
    ) -> Option<Arc<PackageSummaries>> {
        let cell = {
            let mut loaded = slots.lock().ok()?;
            loaded.entry(path.to_string()).or_default().clone()
        };
        cell.get_or_init(|| {
            let start = Instant::now();
            let out = self.load(path, imports);
            if std::env::var_os("GOLINT_ESCAPE_DEBUG_IMPORTS").is_some() {
                eprintln!(
                    "import {path}{} {:.3}s",
                    if imports.is_some() { "" } else { " (shallow)" },
                    start.elapsed().as_secs_f64()
                );
            }
            out
        })
        .clone()
    }

    fn load(&self, path: &str, imports: Option<&dyn Imports>) -> Option<Arc<PackageSummaries>> {
        let first = path.split('/').next()?;
        // The runtime is half intrinsics, assembly and linknames, and the
        // biggest package of all: its source says little of what the
        // compiler knows of it.
        if first == "runtime" || path.starts_with("internal/runtime") || path == "unsafe" {
            return None;
        }
        let dir = self.roots.dir(path)?;
        let mut files = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for (i, f) in entries.iter().enumerate() {
            let Some(name) = f.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".go") else {
                continue;
            };
            if stem.ends_with("_test")
                || stem
                    .split('_')
                    .skip(1)
                    .any(|t| OTHER_PLATFORMS.contains(&t))
            {
                continue;
            }
            let Ok(text) = golint_syntax::read_source(f) else {
                continue;
            };
            if golint_syntax::is_build_ignored(&text) {
                continue;
            }
            // Ids apart from the analyzed files': nothing of these files
            // is ever reported.
            let id = golint_diagnostics::FileId(u32::MAX - i as u32);
            if let Some(ir) = golint_ir::parse_and_lower(id, &text) {
                files.push(ir);
            }
        }
        let name = files.first().map(|f| f.package.clone())?;
        files.retain(|f| f.package == name);
        let package = PackageIr {
            name,
            import_path: path.to_string(),
            dir: path.to_string(),
            go_version: None,
            has_external_test: false,
            files,
        };
        Some(Arc::new(package_summaries_with(&package, imports)))
    }
}

impl Imports for Imported {
    fn package(&self, path: &str) -> Option<Arc<PackageSummaries>> {
        self.cached(&self.loaded, path, Some(&Shallow(self)))
    }
}

impl Imports for Shallow<'_> {
    fn package(&self, path: &str) -> Option<Arc<PackageSummaries>> {
        self.0.cached(&self.0.shallow, path, None)
    }
}

/// The Go root: `$GOROOT`, else the tree being analyzed when it is one
/// (`$GOROOT/src/…`), else what the `go` command on PATH says.
fn goroot(cwd: &Path) -> Option<PathBuf> {
    if let Some(r) = std::env::var_os("GOROOT").filter(|r| !r.is_empty()) {
        return Some(PathBuf::from(r));
    }
    for dir in cwd.ancestors() {
        if dir.join("src/bufio/bufio.go").is_file() && dir.join("VERSION").is_file() {
            return Some(dir.to_path_buf());
        }
    }
    let out = std::process::Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .ok()?;
    let root = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!root.is_empty()).then(|| PathBuf::from(root))
}

fn package_matches(p: &PackageIr, want: &str) -> bool {
    let want = want.trim_end_matches('/');
    let ends = |s: &str| s == want || s.ends_with(&format!("/{want}"));
    ends(&p.import_path) || ends(&p.dir) || p.name == want
}

/// `Foo` matches `Foo` and its literals `Foo$1`, `Foo$1$2`.
fn func_matches(func: &str, want: &str) -> bool {
    func == want || func.strip_prefix(want).is_some_and(|r| r.starts_with('$'))
}

fn to_diagnostic(e: Escape) -> Diagnostic {
    let mut d = Diagnostic::new(
        CODE,
        e.kind.as_str(),
        e.span,
        e.var.or(e.what).unwrap_or_default(),
    );
    d.notes = vec![e.alloc.as_str().to_string(), e.func];
    for r in e.reasons {
        d = d.with_label(r.span, r.text);
    }
    d
}

struct Loaded {
    text: Arc<str>,
    index: LineIndex,
}

/// The files with escapes, read once each.
struct Files<'a> {
    sources: &'a SourceMap,
    cwd: &'a Path,
    loaded: HashMap<FileId, Option<Loaded>>,
}

impl<'a> Files<'a> {
    fn new(sources: &'a SourceMap, cwd: &'a Path) -> Self {
        Files {
            sources,
            cwd,
            loaded: HashMap::new(),
        }
    }

    fn get(&mut self, id: FileId) -> Option<&Loaded> {
        let sources = self.sources;
        self.loaded
            .entry(id)
            .or_insert_with(|| {
                let text = sources.text(id)?;
                let index = LineIndex::new(&text);
                Some(Loaded { text, index })
            })
            .as_ref()
    }

    /// The path relative to the working directory.
    fn path(&self, id: FileId) -> String {
        match self.sources.get(id) {
            Some(f) => match f.path.strip_prefix(self.cwd) {
                Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
                Err(_) => f.path.to_string_lossy().into_owned(),
            },
            None => self.sources.rel(id).to_string(),
        }
    }

    fn line_col(&mut self, span: Span) -> (u32, u32) {
        match self.get(span.file) {
            Some(l) => {
                let lc = l.index.line_col(&l.text, span.start);
                (lc.line, lc.col)
            }
            None => (1, 1),
        }
    }

    /// What escapes: the variable, or the expression as the compiler
    /// prints it (`&T{...}`, `func literal`, `make([]byte, n)`).
    fn what(&mut self, d: &Diagnostic) -> String {
        if !d.message.is_empty() {
            return d.message.clone();
        }
        if d.notes.first().map(String::as_str) == Some("closure") {
            return "func literal".into();
        }
        let Some(l) = self.get(d.span.file) else {
            return String::new();
        };
        let Some(text) = l.text.get(d.span.range()) else {
            return String::new();
        };
        short_expr(text)
    }

    fn reasons(&mut self, d: &Diagnostic) -> Vec<String> {
        d.labels
            .iter()
            .map(|l| {
                let (line, _) = self.line_col(l.span);
                format!("{} (line {line})", l.message)
            })
            .collect()
    }

    fn text_line(&mut self, d: &Diagnostic) -> String {
        let (line, col) = self.line_col(d.span);
        let what = self.what(d);
        let msg = if d.rule_name == "moved_to_heap" {
            format!("moved to heap: {what}")
        } else {
            format!("{what} escapes to heap")
        };
        let reasons = self.reasons(d);
        let path = self.path(d.span.file);
        if reasons.is_empty() {
            format!("{path}:{line}:{col}: {msg}")
        } else {
            format!("{path}:{line}:{col}: {msg}: {}", reasons.join(" → "))
        }
    }

    fn json_line(&mut self, d: &Diagnostic) -> String {
        let (line, col) = self.line_col(d.span);
        let value = serde_json::json!({
            "file": self.path(d.span.file),
            "line": line,
            "column": col,
            "kind": d.rule_name,
            "what": self.what(d),
            "reasons": self.reasons(d),
        });
        value.to_string()
    }
}

/// One line, literal bodies elided as the compiler does: `&T{...}`.
fn short_expr(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(i) = one_line.find('{') {
        if !one_line.starts_with("func") {
            return format!("{}{{...}}", &one_line[..i]);
        }
    }
    const MAX: usize = 60;
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX).collect();
        return format!("{cut}…");
    }
    one_line
}
