//! Only what changed: `--new-from-rev`, `--new-from-merge-base` and
//! `--baseline`, end to end, in throwaway git repositories built with the
//! git command. The git tests are skipped with a note when git is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::Run;

/// A function with an unchecked type assertion (GL601) on line `first + 1`
/// of its text, when appended after `first` lines.
fn assert_fn(name: &str, ty: &str) -> String {
    format!("\nfunc {name}(x interface{{}}) {ty} {{\n\treturn x.({ty})\n}}\n")
}

const GO_MOD: &str = "module example.com/m\n\ngo 1.19\n";
/// `defer` in a loop (GL401) on line 8.
const DEFER_LOOP: &str = "package m\n\nimport \"os\"\n\nfunc h(names []string) {\n\tfor _, n := range names {\n\t\tf, _ := os.Open(n)\n\t\tdefer f.Close()\n\t}\n}\n";

fn git_installed() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: git is not installed; skipping this test");
    }
    ok
}

/// Git commands isolated from the user's and the system's configuration.
fn git_cmd(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    c
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = git_cmd(dir).args(args).output().expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A Go module in a temporary directory; a git repository unless `plain`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A git repository on branch `main` holding a `go.mod`, not committed.
    fn new() -> Repo {
        let r = Repo::plain();
        r.git(&["init", "-q"]);
        r.git(&["symbolic-ref", "HEAD", "refs/heads/main"]);
        r.git(&["config", "user.name", "Test"]);
        r.git(&["config", "user.email", "test@example.com"]);
        r.git(&["config", "commit.gpgsign", "false"]);
        r
    }

    /// No git repository. The opt-in GL601 is on: it is these tests'
    /// example finding.
    fn plain() -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        r.write("go.mod", GO_MOD);
        r.write("golint-rs.toml", common::OPT_IN);
        r
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Repo {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
        self
    }

    fn append(&self, rel: &str, text: &str) -> &Repo {
        let old = std::fs::read_to_string(self.join(rel)).expect("read");
        self.write(rel, old + text)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).expect("read")
    }

    fn commit_all(&self, message: &str) -> &Repo {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.path(), args, &[])
    }

    fn run_in(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        run_at(dir, args, env)
    }

    /// `--format json` findings, asserting the run did not fail.
    fn findings(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert!(run.code < 2, "exit {}: {}", run.code, run.stderr);
        let found = run.findings();
        assert_eq!(run.code, i32::from(!found.is_empty()), "{}", run.stderr);
        found
    }
}

/// Runs the binary in `dir`.
fn run_at(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_golint-rs"));
    c.args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        // Never find a repository above the temporary directories.
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("run golint-rs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ----- --new-from-rev ---------------------------------------------------------

#[test]
fn new_from_rev_reports_only_findings_on_new_lines() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    r.write("loop.go", DEFER_LOOP)
        .write("a.go", format!("package m\n{}", assert_fn("f", "int")))
        .commit_all("legacy code with a bug");
    // Nothing changed: nothing new, exit 0.
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD"]),
        Vec::<String>::new()
    );

    // A new bug in a file that already had one, and a new loop with a defer.
    r.append("a.go", &assert_fn("g", "string"));
    r.append(
        "loop.go",
        "\nfunc k(names []string) {\n\tfor _, n := range names {\n\t\tf, _ := os.Open(n)\n\t\tdefer f.Close()\n\t}\n}\n",
    );
    assert_eq!(
        r.findings(&[]),
        [
            "a.go:4 GL601",
            "a.go:8 GL601",
            "loop.go:8 GL401",
            "loop.go:15 GL401"
        ]
    );
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD"]),
        ["a.go:8 GL601", "loop.go:15 GL401"]
    );
    // Committed: against the previous commit the same lines are new.
    r.commit_all("new code");
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD~1"]),
        ["a.go:8 GL601", "loop.go:15 GL401"]
    );
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD"]),
        Vec::<String>::new()
    );
    // A changed line counts, even when only its text around the bug changed.
    let text = r
        .read("a.go")
        .replace("return x.(int)", "return x.(int) // legacy");
    r.write("a.go", text);
    assert_eq!(r.findings(&["--new-from-rev", "HEAD"]), ["a.go:4 GL601"]);
}

#[test]
fn staged_and_untracked_files_count_ignored_files_do_not() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    r.write("a.go", format!("package m\n{}", assert_fn("f", "int")))
        .write(".gitignore", "ignored.go\n")
        .commit_all("init");
    r.write("staged.go", format!("package m\n{}", assert_fn("s", "int")));
    r.git(&["add", "staged.go"]);
    r.write(
        "untracked.go",
        format!("package m\n{}", assert_fn("u", "int")),
    );
    r.write(
        "sub/new.go",
        format!("package sub\n{}", assert_fn("n", "int")),
    );
    r.write(
        "ignored.go",
        format!("package m\n{}", assert_fn("i", "int")),
    );
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD"]),
        [
            "staged.go:4 GL601",
            "sub/new.go:4 GL601",
            "untracked.go:4 GL601"
        ]
    );
    // From a subdirectory, paths are the working directory's.
    let mut args = vec!["--format", "json", "--new-from-rev", "HEAD"];
    args.push("./...");
    let run = r.run_in(&r.join("sub"), &args, &[]);
    run.assert_code(1);
    assert_eq!(run.findings(), ["new.go:4 GL601"]);
}

#[test]
fn a_renamed_file_keeps_only_its_edited_lines() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    let old = format!(
        "package m\n{}{}",
        assert_fn("f", "int"),
        assert_fn("g", "string")
    );
    r.write("old.go", &old).commit_all("init");
    r.git(&["mv", "old.go", "renamed.go"]);
    // A pure rename changes no line.
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD"]),
        Vec::<String>::new()
    );
    r.append("renamed.go", &assert_fn("h", "bool"));
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD"]),
        ["renamed.go:12 GL601"]
    );
    // Committed as a rename, the same holds against the older revision.
    r.commit_all("rename");
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD~1"]),
        ["renamed.go:12 GL601"]
    );
    // A deleted file does not matter.
    r.write("other.go", format!("package m\n{}", assert_fn("o", "int")))
        .commit_all("other");
    std::fs::remove_file(r.join("other.go")).unwrap();
    assert_eq!(
        r.findings(&["--new-from-rev", "HEAD"]),
        Vec::<String>::new()
    );
}

#[test]
fn names_with_spaces_quotes_and_unicode() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    let names = ["my file.go", "café.go", "quote\"d.go", "日本.go"];
    for (i, name) in names.iter().enumerate() {
        r.write(
            name,
            format!("package m\n{}", assert_fn(&format!("f{i}"), "int")),
        );
    }
    r.commit_all("init");
    for (i, name) in names.iter().enumerate() {
        r.append(name, &assert_fn(&format!("g{i}"), "string"));
    }
    let mut found = r.findings(&["--new-from-rev", "HEAD"]);
    found.sort();
    let mut want: Vec<String> = names.iter().map(|n| format!("{n}:8 GL601")).collect();
    want.sort();
    assert_eq!(found, want);
}

#[test]
fn an_unknown_revision_is_a_clear_error() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    r.write("a.go", "package m\n").commit_all("init");
    r.run(&["--new-from-rev", "no-such-branch"])
        .assert_code(2)
        .assert_stderr_has(&["--new-from-rev no-such-branch", "does not exist"]);
    r.run(&["--new-from-rev", "HEAD~5"])
        .assert_code(2)
        .assert_stderr_has(&["HEAD~5", "does not exist"]);
    // A revision is never read as an option of git.
    r.run(&["--new-from-rev=--output=x"])
        .assert_code(2)
        .assert_stderr_has(&["not a valid revision"]);
    assert!(!r.join("x").exists());
    r.run(&["--new-from-merge-base", "nope"])
        .assert_code(2)
        .assert_stderr_has(&["--new-from-merge-base nope", "does not exist"]);
    // The two flags exclude each other.
    r.run(&["--new-from-rev", "HEAD", "--new-from-merge-base", "main"])
        .assert_code(2);
}

#[test]
fn not_a_git_repository_is_a_clear_error() {
    if !git_installed() {
        return;
    }
    let r = Repo::plain();
    r.write("a.go", format!("package m\n{}", assert_fn("f", "int")));
    r.run(&["--new-from-rev", "HEAD"])
        .assert_code(2)
        .assert_stderr_has(&["--new-from-rev HEAD", "not in a git repository"]);
    r.run(&["--new-from-merge-base", "origin/main"])
        .assert_code(2)
        .assert_stderr_has(&[
            "--new-from-merge-base origin/main",
            "not in a git repository",
        ]);
}

#[test]
fn git_not_installed_is_a_clear_error() {
    // Runs whether git is installed or not: PATH holds no git.
    let r = Repo::plain();
    r.write("a.go", "package m\n");
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    r.run_in(r.path(), &["--new-from-rev", "HEAD"], &[("PATH", path)])
        .assert_code(2)
        .assert_stderr_has(&["--new-from-rev HEAD", "git is not installed"]);
}

#[test]
fn a_shallow_clone_without_the_revision_says_so() {
    if !git_installed() {
        return;
    }
    let origin = Repo::new();
    origin
        .write("a.go", format!("package m\n{}", assert_fn("f", "int")))
        .commit_all("one");
    let first = origin.git(&["rev-parse", "HEAD"]);
    origin
        .append("a.go", &assert_fn("g", "int"))
        .commit_all("two");
    origin
        .append("a.go", &assert_fn("h", "int"))
        .commit_all("three");

    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git_in(
        parent.path(),
        &["clone", "-q", "--depth", "1", &url, "clone"],
    );
    let dir = parent.path().join("clone");
    assert_eq!(
        git_in(&dir, &["rev-parse", "--is-shallow-repository"]),
        "true"
    );
    let run = |args: &[&str]| run_at(&dir, args, &[]);
    for rev in ["HEAD~1", first.as_str()] {
        run(&["--new-from-rev", rev]).assert_code(2).assert_stderr_has(&[
            &format!("--new-from-rev {rev}"),
            "does not exist",
            "this is a shallow clone; fetch more history (e.g. actions/checkout with fetch-depth: 0)",
        ]);
    }
    run(&["--new-from-merge-base", "origin/feature"])
        .assert_code(2)
        .assert_stderr_has(&["origin/feature", "shallow clone", "fetch-depth: 0"]);
    // What the clone has works.
    let ok = run(&["--format", "json", "--new-from-rev", "HEAD"]);
    ok.assert_code(0);
    assert_eq!(ok.findings(), Vec::<String>::new());
}

// ----- --new-from-merge-base --------------------------------------------------

#[test]
fn new_from_merge_base_compares_with_where_the_branch_forked() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    r.write("a.go", format!("package m\n{}", assert_fn("f", "int")))
        .commit_all("legacy");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("b.go", format!("package m\n{}", assert_fn("g", "string")))
        .commit_all("feature work");
    // main moves on after the fork: it edits the legacy line.
    r.git(&["checkout", "-q", "main"]);
    let text = r
        .read("a.go")
        .replace("return x.(int)", "return x.(int) // main");
    r.write("a.go", text).commit_all("main moves on");
    r.git(&["checkout", "-q", "feature"]);
    // Uncommitted work on the branch counts too.
    r.append("b.go", &assert_fn("h", "bool"));

    assert_eq!(
        r.findings(&["--new-from-merge-base", "main"]),
        ["b.go:4 GL601", "b.go:8 GL601"]
    );
    // Against main's tip, main's own edit shows up as a change of the branch.
    assert_eq!(
        r.findings(&["--new-from-rev", "main"]),
        ["a.go:4 GL601", "b.go:4 GL601", "b.go:8 GL601"]
    );
}

#[test]
fn new_from_rev_output_is_the_same_whatever_the_thread_count() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    for i in 0..6 {
        r.write(
            &format!("p{i}/a.go"),
            format!("package p{i}\n{}", assert_fn("f", "int")),
        );
    }
    r.commit_all("init");
    for i in 0..6 {
        r.append(&format!("p{i}/a.go"), &assert_fn("g", "string"));
    }
    for format in ["text", "json", "sarif", "github"] {
        let args = |t: &'static str| {
            [
                "--threads",
                t,
                "--format",
                format,
                "--color",
                "never",
                "-q",
                "--new-from-rev",
                "HEAD",
            ]
        };
        let one = r.run(&args("1"));
        let two = r.run(&args("2"));
        one.assert_code(1);
        assert_eq!(one.stdout, two.stdout, "{format}");
    }
}

// ----- --baseline -------------------------------------------------------------

const BASELINE: &str = "golint-baseline.json";

#[test]
fn baseline_records_then_reports_only_new_findings() {
    // No git needed.
    let r = Repo::plain();
    r.write("loop.go", DEFER_LOOP)
        .write("a.go", format!("package m\n{}", assert_fn("f", "int")));
    let run = r.run(&["--format", "json", "--baseline", BASELINE]);
    run.assert_code(0)
        .assert_stderr_has(&["recorded 2 findings", BASELINE]);
    assert_eq!(run.findings(), Vec::<String>::new());
    assert!(r.join(BASELINE).is_file());
    assert_eq!(r.findings(&["--baseline", BASELINE]), Vec::<String>::new());

    // Unrelated edits: lines inserted above, indentation changed.
    let text = r.read("a.go").replace(
        "package m\n",
        "package m\n\n// Package m does things.\n\nvar _ = 1\n",
    );
    r.write(
        "a.go",
        text.replace("\treturn x.(int)", "  return x.(int)  "),
    );
    assert_eq!(r.findings(&["--baseline", BASELINE]), Vec::<String>::new());
    // A new finding is reported, the recorded ones are not.
    r.append("a.go", &assert_fn("g", "string"));
    assert_eq!(r.findings(&["--baseline", BASELINE]), ["a.go:12 GL601"]);
    // Without the flag everything is there.
    assert_eq!(r.findings(&[]).len(), 3);
}

#[test]
fn baseline_counts_identical_findings() {
    let r = Repo::plain();
    r.write(
        "a.go",
        format!(
            "package m\n{}{}",
            assert_fn("f", "int"),
            assert_fn("g", "int")
        ),
    );
    r.run(&["--baseline", BASELINE]).assert_code(0);
    let json: Value = serde_json::from_str(&r.read(BASELINE)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json}");
    assert_eq!(findings[0]["count"], 2);
    assert_eq!(findings[0]["file"], "a.go");
    assert_eq!(findings[0]["code"], "GL601");

    // Two recorded, three found: one is reported (the last).
    r.append("a.go", &assert_fn("h", "int"));
    assert_eq!(r.findings(&["--baseline", BASELINE]), ["a.go:12 GL601"]);
    // Two recorded, one found: nothing.
    r.write("a.go", format!("package m\n{}", assert_fn("f", "int")));
    assert_eq!(r.findings(&["--baseline", BASELINE]), Vec::<String>::new());
}

#[test]
fn update_baseline_rewrites_the_file() {
    let r = Repo::plain();
    r.write("a.go", format!("package m\n{}", assert_fn("f", "int")));
    r.run(&["--baseline", BASELINE]).assert_code(0);
    r.append("a.go", &assert_fn("g", "string"));
    assert_eq!(r.findings(&["--baseline", BASELINE]), ["a.go:8 GL601"]);
    r.run(&["--baseline", BASELINE, "--update-baseline"])
        .assert_code(0)
        .assert_stderr_has(&["2 findings", BASELINE]);
    assert_eq!(r.findings(&["--baseline", BASELINE]), Vec::<String>::new());
    // Fixed findings leave the file when it is updated.
    r.write("a.go", "package m\n");
    r.run(&["--baseline", BASELINE, "--update-baseline"])
        .assert_code(0)
        .assert_stderr_has(&["0 findings"]);
    let json: Value = serde_json::from_str(&r.read(BASELINE)).unwrap();
    assert_eq!(json["findings"], Value::Array(Vec::new()));
    // --update-baseline also overwrites a malformed file.
    r.write(BASELINE, "not json");
    r.run(&["--baseline", BASELINE, "--update-baseline"])
        .assert_code(0);
    // --update-baseline needs --baseline.
    r.run(&["--update-baseline"]).assert_code(2);
}

#[test]
fn a_malformed_baseline_is_a_clear_error() {
    let r = Repo::plain();
    r.write("a.go", format!("package m\n{}", assert_fn("f", "int")));
    for bad in [
        "not json",
        "{\"version\": 1}",
        "{\"version\": 99, \"findings\": []}",
        "{\"version\": 1, \"findings\": [{\"file\": \"a.go\"}]}",
    ] {
        r.write("bad.json", bad);
        r.run(&["--baseline", "bad.json"])
            .assert_code(2)
            .assert_stderr_has(&["malformed baseline bad.json"]);
        assert_eq!(r.read("bad.json"), bad, "the file is left alone");
    }
    // A directory is not a baseline.
    std::fs::create_dir(r.join("dir.json")).unwrap();
    r.run(&["--baseline", "dir.json"])
        .assert_code(2)
        .assert_stderr_has(&["dir.json"]);
}

#[test]
fn the_baseline_file_is_deterministic() {
    let make = || {
        let r = Repo::plain();
        for i in 0..5 {
            r.write(
                &format!("p{i}/a.go"),
                format!(
                    "package p{i}\n{}{}{}",
                    assert_fn("f", "int"),
                    assert_fn("g", "int"),
                    assert_fn("h", "string")
                ),
            );
            r.write(
                &format!("p{i}/loop.go"),
                DEFER_LOOP.replace("package m", &format!("package p{i}")),
            );
        }
        r
    };
    let (a, b) = (make(), make());
    a.run(&["--threads", "1", "--baseline", BASELINE])
        .assert_code(0);
    b.run(&["--threads", "2", "--baseline", BASELINE])
        .assert_code(0);
    let text = a.read(BASELINE);
    assert_eq!(text, b.read(BASELINE));
    b.run(&[
        "--threads",
        "2",
        "--baseline",
        BASELINE,
        "--update-baseline",
    ])
    .assert_code(0);
    assert_eq!(text, b.read(BASELINE));
    assert!(text.ends_with("}\n"));

    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 1);
    let entries = json["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 15);
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("file"), s("code"), s("hash"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn baseline_paths_are_relative_to_the_module_root() {
    let r = Repo::plain();
    r.write(
        "sub/a.go",
        format!("package sub\n{}", assert_fn("f", "int")),
    );
    r.run(&["--baseline", BASELINE]).assert_code(0);
    assert!(r.read(BASELINE).contains("\"file\": \"sub/a.go\""));
    // The same baseline, used from the subdirectory.
    let run = r.run_in(
        &r.join("sub"),
        &["--format", "json", "--baseline", "../golint-baseline.json"],
        &[],
    );
    run.assert_code(0);
    assert_eq!(run.findings(), Vec::<String>::new());
}

#[test]
fn baseline_and_new_from_rev_combine() {
    if !git_installed() {
        return;
    }
    let r = Repo::new();
    r.write("a.go", format!("package m\n{}", assert_fn("f", "int")))
        .commit_all("init");
    // A new finding on a new line, then a baseline that records everything.
    r.append("a.go", &assert_fn("g", "string"));
    r.run(&["--baseline", BASELINE, "--new-from-rev", "HEAD"])
        .assert_code(0)
        .assert_stderr_has(&["recorded 2 findings"]);
    r.append("a.go", &assert_fn("h", "bool"));
    assert_eq!(
        r.findings(&["--baseline", BASELINE, "--new-from-rev", "HEAD"]),
        ["a.go:12 GL601"]
    );
}
