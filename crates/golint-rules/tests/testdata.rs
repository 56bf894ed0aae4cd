//! The testdata harness: every rule runs over the Go packages under
//! `testdata/`, and the findings are compared with the `// want "GLxxx"`
//! comments (the convention of `golang.org/x/tools/go/analysis/analysistest`).
//! A line with two wants expects two findings. Every missing and every
//! unexpected finding fails the test, listed as `path:line: GLxxx message`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use golint_analysis::Program;
use golint_diagnostics::{FileId, LineIndex};
use golint_ir::{lower_file, PackageIr};
use golint_rules::{registry, Findings, RuleContext};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

#[test]
fn testdata_findings_match_want_comments() {
    if let Err(report) = check_dir(&testdata()) {
        panic!("{report}");
    }
}

/// The current-syntax corpus (`testdata/syntax`, its own module at Go 1.27):
/// it parses without syntax errors and every rule keeps to its `// want`
/// comments on it, so new syntax neither breaks the lowering nor invents
/// findings.
#[test]
fn current_syntax_corpus_matches_want_comments() {
    if let Err(report) = check_dir(&testdata().join("syntax")) {
        panic!("{report}");
    }
}

/// One `.go` file of the run.
struct Source {
    /// Relative to the testdata root, `/`-separated.
    rel: String,
    text: String,
    lines: LineIndex,
}

/// `(file, line, code)` → how many findings.
type Counts = BTreeMap<(String, u32, String), usize>;

/// Loads every package under `root` (a directory with `.go` files is a
/// package per package clause), runs all registered rules, and compares
/// with the `// want` comments. `Err` holds the readable report.
fn check_dir(root: &Path) -> Result<(), String> {
    let go_version = go_version(root);
    let mut paths = Vec::new();
    collect_go_files(root, &mut paths);
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no .go files under {}", root.display()));
    }

    let mut sources = Vec::new();
    let mut packages: BTreeMap<(String, String), PackageIr> = BTreeMap::new();
    let mut problems = String::new();
    for (i, path) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let dir = rel.rsplit_once('/').map_or(".", |(d, _)| d).to_string();
        let tree = golint_syntax::parse(&text).expect("tree-sitter gave up");
        let mut ir = lower_file(FileId(i as u32), &text, &tree);
        ir.is_test = rel.ends_with("_test.go");
        let lines = LineIndex::new(&text);
        for e in &ir.syntax_errors {
            let line = lines.line_col(&text, e.span.start).line;
            let _ = writeln!(
                problems,
                "{rel}:{line}: syntax error in testdata: {}",
                e.message
            );
        }
        let pkg = packages
            .entry((dir.clone(), ir.package.clone()))
            .or_insert_with(|| PackageIr {
                name: ir.package.clone(),
                import_path: format!("golint.test/testdata/{dir}"),
                dir: dir.clone(),
                go_version,
                has_external_test: false,
                files: Vec::new(),
            });
        pkg.files.push(ir);
        sources.push(Source { rel, text, lines });
    }
    golint_ir::link_external_tests(&mut packages.values_mut().collect::<Vec<_>>());

    let program = Program::new(packages.into_values().collect());
    let rules = registry::all();
    let mut found = Findings::new(0);
    for package in &program.packages {
        RuleContext::with(&program, package, |cx| {
            for rule in &rules {
                rule.check(cx, &mut found);
            }
        });
    }
    let (diags, _) = found.finish();

    let mut actual: Counts = BTreeMap::new();
    let mut messages: BTreeMap<(String, u32, String), Vec<String>> = BTreeMap::new();
    for d in &diags {
        let Some(src) = sources.get(d.span.file.0 as usize) else {
            let _ = writeln!(
                problems,
                "{}: finding in an unknown file: {}",
                d.code, d.message
            );
            continue;
        };
        // The opt-in GL5 rules are performance hints that fire on every
        // constructor and shared WaitGroup: they are held to their own
        // folders and the escape corpus, not to every package here.
        let hint = d.code.starts_with("GL5")
            && rules
                .iter()
                .any(|r| r.meta().code == d.code && !r.meta().default_enabled);
        if hint && !is_escape_folder(&src.rel) {
            continue;
        }
        let line = src.lines.line_col(&src.text, d.span.start).line;
        let key = (src.rel.clone(), line, d.code.to_string());
        *actual.entry(key.clone()).or_default() += 1;
        messages.entry(key).or_default().push(d.message.clone());
    }
    let mut expected: Counts = BTreeMap::new();
    for src in &sources {
        for (i, line) in src.text.lines().enumerate() {
            for code in want_codes(line) {
                *expected
                    .entry((src.rel.clone(), i as u32 + 1, code))
                    .or_default() += 1;
            }
        }
    }

    let known: Vec<&str> = rules.iter().map(|r| r.meta().code).collect();
    let mut missing = String::new();
    let mut unexpected = String::new();
    for (key @ (rel, line, code), &n) in &expected {
        if !known.contains(&code.as_str()) {
            let _ = writeln!(problems, "{rel}:{line}: want names unknown rule {code}");
        }
        let got = actual.get(key).copied().unwrap_or(0);
        for _ in got..n {
            let _ = writeln!(missing, "{rel}:{line}: {code}");
        }
    }
    for (key @ (rel, line, code), &n) in &actual {
        let want = expected.get(key).copied().unwrap_or(0);
        let msgs = &messages[key];
        for i in want..n {
            let msg = msgs.get(i).map_or("", String::as_str);
            let _ = writeln!(unexpected, "{rel}:{line}: {code} {msg}");
        }
    }

    let total: usize = expected.values().sum();
    eprintln!(
        "testdata: {} files, {} expected findings, {} reported",
        sources.len(),
        total,
        diags.len()
    );
    if missing.is_empty() && unexpected.is_empty() && problems.is_empty() {
        return Ok(());
    }
    let mut report = String::from("testdata findings differ from the `// want` comments\n");
    for (title, body) in [
        ("problems", &problems),
        ("missing findings", &missing),
        ("unexpected findings", &unexpected),
    ] {
        if !body.is_empty() {
            let _ = write!(report, "\n{title}:\n{body}");
        }
    }
    Err(report)
}

/// `GL5xx/…` and `escape/…`: where the opt-in GL5 rules are checked.
fn is_escape_folder(rel: &str) -> bool {
    rel.starts_with("GL5") || rel.starts_with("escape/")
}

/// The codes of a `// want "GL601" "GL601"` comment on a line.
fn want_codes(line: &str) -> Vec<String> {
    let Some(pos) = line.find("// want ") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = &line[pos + "// want ".len()..];
    loop {
        rest = rest.trim_start();
        let Some(r) = rest.strip_prefix('"') else {
            break;
        };
        let Some(end) = r.find('"') else { break };
        out.push(r[..end].to_string());
        rest = &r[end + 1..];
    }
    out
}

/// The `go` directive of `root/go.mod`, e.g. `(1, 19)`.
fn go_version(root: &Path) -> Option<(u32, u32)> {
    let gomod = std::fs::read_to_string(root.join("go.mod")).ok()?;
    let v = gomod
        .lines()
        .find_map(|l| l.trim().strip_prefix("go "))?
        .trim();
    let mut parts = v.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// The `.go` files of the module at `dir`; nested modules (a directory
/// with its own `go.mod`) are left out, as the go command does.
fn collect_go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.join("go.mod").exists() {
                collect_go_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "go") {
            out.push(path);
        }
    }
}

#[test]
fn want_comments_are_parsed() {
    assert_eq!(want_codes("x := 1 // want \"GL601\""), vec!["GL601"]);
    assert_eq!(
        want_codes("\tf() // want \"GL601\" \"GL602\""),
        vec!["GL601", "GL602"]
    );
    assert!(want_codes("x := 1 // ok: comma-ok").is_empty());
    assert!(want_codes("// wanted \"GL601\"").is_empty());
}

fn go_available() -> bool {
    Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Testdata is real Go: gofmt-clean, and `go vet` passes.
#[test]
fn testdata_is_gofmt_clean_and_vets() {
    if !go_available() {
        eprintln!("skipped: `go` is not on PATH");
        return;
    }
    let root = testdata();
    // The files of this module only: `testdata/syntax` is a module of its
    // own, written in syntax an older gofmt cannot read
    // (crates/golint-rs/tests/current_syntax.rs checks it with Go 1.27).
    let mut files = Vec::new();
    collect_go_files(&root, &mut files);
    files.sort();
    let gofmt = Command::new("gofmt")
        .arg("-l")
        .args(&files)
        .current_dir(&root)
        .output()
        .expect("run gofmt");
    let listed = String::from_utf8_lossy(&gofmt.stdout);
    assert!(
        gofmt.status.success() && listed.trim().is_empty(),
        "gofmt -l lists files that are not formatted:\n{listed}{}",
        String::from_utf8_lossy(&gofmt.stderr)
    );
    // From Go 1.24 vet's `defers` analyzer reports `defer f(time.Since(t))`,
    // the very bug GL404's testdata holds on purpose; every other analyzer
    // stays on.
    let mut args = vec!["vet"];
    if golint_syntax::toolchain::go_minor().is_some_and(|minor| minor >= 24) {
        args.push("-defers=false");
    }
    args.push("./...");
    let vet = Command::new("go")
        .args(&args)
        .current_dir(&root)
        .env("GOFLAGS", "-mod=mod")
        .env("GOWORK", "off")
        .output()
        .expect("run go vet");
    assert!(
        vet.status.success(),
        "go vet ./... fails in testdata:\n{}{}",
        String::from_utf8_lossy(&vet.stdout),
        String::from_utf8_lossy(&vet.stderr)
    );
}

/// The harness itself: a wrong expectation and a missing one are both
/// reported, with the finding's message.
#[test]
fn harness_reports_missing_and_unexpected() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("go.mod"), "module x\n\ngo 1.19\n").unwrap();
    let pkg = dir.path().join("p");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::write(
        pkg.join("p.go"),
        "package p\n\nfunc f(v interface{}) string {\n\treturn v.(string)\n}\n\nfunc g() {} // want \"GL601\"\n",
    )
    .unwrap();
    let report = check_dir(dir.path()).expect_err("must fail");
    assert!(
        report.contains("missing findings:\np/p.go:7: GL601\n"),
        "{report}"
    );
    assert!(
        report.contains("unexpected findings:\np/p.go:4: GL601 unchecked type assertion"),
        "{report}"
    );
}
