//! A throwaway Go module in a temporary directory, and the built binary run in it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub mod lsp;

/// A finding of GL601 (unchecked type assertion) on line 4.
pub const ASSERT: &str = "package m\n\nfunc f(x interface{}) int {\n\treturn x.(int)\n}\n";
/// The same function, correct.
pub const CLEAN: &str =
    "package m\n\nfunc f(x interface{}) int {\n\tn, _ := x.(int)\n\treturn n\n}\n";
/// A `defer` in a loop (GL401) on line 8: a finding that is reported in
/// `_test.go` files too (GL601 skips them).
pub const DEFER_LOOP: &str = "package m\n\nimport \"os\"\n\nfunc h(names []string) {\n\tfor _, n := range names {\n\t\tf, _ := os.Open(n)\n\t\tdefer f.Close()\n\t}\n}\n";
/// A file of a module `example.com/shop` with a GL401 (`defer f.Close()` in
/// a loop) on line 13, for the editor tests; a `«é»` after it keeps UTF-16
/// columns honest.
pub const SIZES: &str = "package shop

import \"os\"

// Sizes opens every file and defers each close to the end: GL401.
func Sizes(paths []string) (int64, error) {
\tvar total int64
\tfor _, p := range paths {
\t\tf, err := os.Open(p)
\t\tif err != nil {
\t\t\treturn 0, err
\t\t}
\t\tdefer f.Close()
\t\tst, err := f.Stat()
\t\tif err != nil {
\t\t\treturn 0, err
\t\t}
\t\ttotal += st.Size() // «é» keeps UTF-16 columns honest
\t}
\treturn total, nil
}
";
/// A syntax error (GL000) on line 4.
pub const BROKEN: &str = "package m\n\nfunc g() {\n\tx := (1\n}\n";

pub struct Project {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The configuration of [`Project::new`]: the opt-in GL6xx rules on, since
/// most tests use a GL601 finding ([`ASSERT`]) as their example.
pub const OPT_IN: &str = "extend-select = [\"GL6\"]\n";

impl Project {
    /// A module `example.com/m` (go 1.19) with no Go files and a
    /// `golint-rs.toml` that turns on the opt-in rules ([`OPT_IN`]).
    pub fn new() -> Project {
        let p = Project::bare();
        p.write("golint-rs.toml", OPT_IN);
        p
    }

    /// A module `example.com/m` (go 1.19) with no other file: the default
    /// rules run.
    pub fn bare() -> Project {
        let p = Project {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        p.write("go.mod", "module example.com/m\n\ngo 1.19\n");
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Project {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
        self
    }

    /// Runs the binary in the project's root.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(".", args)
    }

    /// Runs the binary in a subdirectory of the project.
    pub fn run_in(&self, sub: &str, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
            .args(args)
            .current_dir(self.join(sub))
            .env_remove("NO_COLOR")
            .output()
            .expect("run golint-rs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs with `--format json` and returns the findings as `file:line CODE`.
    pub fn findings(&self, args: &[&str]) -> Vec<String> {
        self.findings_in(".", args)
    }

    pub fn findings_in(&self, sub: &str, args: &[&str]) -> Vec<String> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = self.run_in(sub, &all);
        assert!(run.code < 2, "exit {}: {}", run.code, run.stderr);
        run.findings()
    }
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }

    /// The findings of a `--format json` run, as `file:line CODE`.
    pub fn findings(&self) -> Vec<String> {
        let json = self.json();
        let diags = json["diagnostics"].as_array().expect("diagnostics array");
        diags
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d["file"].as_str().unwrap_or("?"),
                    d["start"]["line"],
                    d["code"].as_str().unwrap_or("?")
                )
            })
            .collect()
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    #[track_caller]
    pub fn assert_stderr_has(&self, needles: &[&str]) -> &Run {
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// PATH without any directory that holds a `golint-rs`, and with the built
/// binary's directory first when `with` is true.
pub fn path_with_golint_rs(with: bool) -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_golint-rs"));
    let mut dirs: Vec<PathBuf> =
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .filter(|d| !d.join("golint-rs").exists())
            .collect();
    if with {
        if let Some(dir) = bin.parent() {
            dirs.insert(0, dir.to_path_buf());
        }
    }
    std::env::join_paths(dirs).expect("PATH entries without separators")
}

/// Validates a SARIF document against the SARIF 2.1.0 JSON schema.
pub fn sarif_schema_errors(sarif: &Value) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../golint-diagnostics/tests/fixtures/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("SARIF schema fixture");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}
