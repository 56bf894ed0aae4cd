//! Go as it is written today: golint-rs over `testdata/syntax`, a module of
//! realistic files using every construct added since Go 1.18 (generics,
//! range over int and over functions, generic type aliases, `new(expr)`,
//! generic methods), must report no syntax error (GL000).
//!
//! The corpus is checked against a current Go toolchain when one is on PATH
//! (CI installs Go 1.27): the compiler builds it, and gofmt finds nothing
//! to reformat in it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/syntax")
}

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read corpus").flatten() {
        let path = entry.path();
        if path.is_dir() {
            go_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "go") {
            out.push(path);
        }
    }
}

#[test]
fn current_syntax_has_no_syntax_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
        .args([
            "--select",
            "ALL",
            "--no-config",
            "--format",
            "json",
            "./...",
        ])
        .current_dir(corpus())
        .output()
        .expect("run golint-rs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "golint-rs failed ({:?}):\n{stderr}",
        out.status
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let syntax: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["code"] == "GL000")
        .map(|d| format!("{}:{}: {}", d["file"], d["start"]["line"], d["message"]))
        .collect();
    assert!(
        syntax.is_empty(),
        "GL000 on valid Go:\n{}",
        syntax.join("\n")
    );

    // Every file of the corpus was analyzed.
    let mut files = Vec::new();
    go_files(&corpus(), &mut files);
    assert!(
        stderr.contains(&format!(" in {} files ", files.len())),
        "expected all {} files analyzed:\n{stderr}",
        files.len()
    );
}

/// The corpus is real, current Go: the compiler builds it and it is
/// gofmt-clean. Go 1.27.3's gofmt (go/parser) does not read generic methods
/// yet although the compiler does, so gofmt judges the files it can parse.
#[test]
fn corpus_is_current_go() {
    match golint_syntax::toolchain::go_minor() {
        Some(minor) if minor >= 27 => {}
        found => {
            assert!(
                std::env::var_os("GOLINT_CI").is_none(),
                "CI needs Go >= 1.27 on PATH for the current-syntax corpus, found {found:?}"
            );
            eprintln!("skipped: needs Go >= 1.27 on PATH (found {found:?})");
            return;
        }
    }
    let build = Command::new("go")
        .args(["build", "./..."])
        .current_dir(corpus())
        .env("GOWORK", "off")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .expect("run go build");
    assert!(
        build.status.success(),
        "go build ./... fails on the corpus:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let mut files = Vec::new();
    go_files(&corpus(), &mut files);
    files.sort();
    let mut unformatted = Vec::new();
    for file in &files {
        let out = Command::new("gofmt")
            .arg("-l")
            .arg(file)
            .output()
            .expect("run gofmt");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("method must have no type parameters") {
            continue; // a generic method: see the doc comment
        }
        assert!(
            out.status.success(),
            "gofmt -l {}: {stderr}",
            file.display()
        );
        if !out.stdout.is_empty() {
            unformatted.push(file.display().to_string());
        }
    }
    assert!(
        unformatted.is_empty(),
        "not gofmt-clean:\n{}",
        unformatted.join("\n")
    );
}
