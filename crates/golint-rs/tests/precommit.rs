//! The pre-commit hooks (`.pre-commit-hooks.yaml`, `scripts/pre-commit-golint.sh`)
//! run by the real pre-commit against throwaway git repositories holding a
//! Go module, with the built binary on PATH.
//!
//! Needs `pre-commit` (`pip install pre-commit`) and git. Without
//! pre-commit the tests print a note and pass, unless GOLINT_CI=1 (CI),
//! where they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{path_with_golint_rs, DEFER_LOOP};

/// [`DEFER_LOOP`] fixed: the file is closed in each iteration.
const FIXED: &str = "package m\n\nimport \"os\"\n\nfunc h(names []string) {\n\tfor _, n := range names {\n\t\tf, _ := os.Open(n)\n\t\tf.Close()\n\t}\n}\n";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// The files of this repository the hooks are made of.
const HOOK_FILES: [&str; 2] = [".pre-commit-hooks.yaml", "scripts/pre-commit-golint.sh"];

/// How to run pre-commit, or None (with a note) when it is not installed.
fn pre_commit() -> Option<Vec<String>> {
    for cmd in [vec!["pre-commit"], vec!["python3", "-m", "pre_commit"]] {
        let ok = Command::new(cmd[0])
            .args(&cmd[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(cmd.into_iter().map(String::from).collect());
        }
    }
    assert!(
        std::env::var("GOLINT_CI").as_deref() != Ok("1"),
        "pre-commit is not installed, and GOLINT_CI=1 requires it: pip install pre-commit"
    );
    eprintln!("note: pre-commit is not installed (pip install pre-commit); skipping the pre-commit hook tests");
    None
}

/// A git repository in a temporary directory, with git and pre-commit
/// isolated from the user's configuration and cache.
struct Repo {
    dir: tempfile::TempDir,
    /// Holds the empty global git config and pre-commit's cache.
    home: tempfile::TempDir,
    pre_commit: Vec<String>,
}

impl Repo {
    fn new(pre_commit: &[String]) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
            pre_commit: pre_commit.to_vec(),
        };
        std::fs::write(repo.home.path().join("gitconfig"), "").unwrap();
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo.git(&["config", "user.name", "golint-rs test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) -> &Repo {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn command(&self, program: &str, args: &[&str], with_golint_rs: bool) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(self.path())
            .env("PATH", path_with_golint_rs(with_golint_rs))
            .env("GIT_CONFIG_GLOBAL", self.home.path().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PRE_COMMIT_HOME", self.home.path().join("pre-commit"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("NO_COLOR", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE");
        cmd
    }

    #[track_caller]
    fn git(&self, args: &[&str]) -> String {
        let out = self.command("git", args, true).output().expect("git");
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn pre_commit(&self, args: &[&str], with_golint_rs: bool) -> Output {
        let mut all: Vec<&str> = self.pre_commit[1..].iter().map(String::as_str).collect();
        all.extend_from_slice(args);
        self.command(&self.pre_commit[0], &all, with_golint_rs)
            .output()
            .expect("pre-commit")
    }
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A module whose package `internal/store` has a GL401 in store.go (line 8)
/// and a clean second file, and a clean root package.
fn module(pre_commit: &[String]) -> Repo {
    let repo = Repo::new(pre_commit);
    repo.write("go.mod", "module example.com/m\n\ngo 1.19\n")
        .write("main.go", "package m\n")
        .write(
            "internal/store/store.go",
            &DEFER_LOOP.replace("package m", "package store"),
        )
        .write(
            "internal/store/names.go",
            "package store\n\nconst Name = \"store\"\n",
        )
        // `./...` skips testdata, and so does the hook.
        .write("testdata/bad.go", DEFER_LOOP);
    repo.git(&["add", "."]);
    repo.git(&["commit", "--quiet", "--no-verify", "-m", "initial"]);
    repo
}

#[test]
fn try_repo_fails_on_a_finding_in_the_staged_package_and_passes_once_fixed() {
    let Some(pc) = pre_commit() else { return };
    let hooks = repo_root();
    let hooks = hooks.to_str().unwrap();
    let repo = module(&pc);

    // Only the clean file of the package is staged: the package is
    // analyzed whole, so the finding in its other file fails the hook.
    repo.write(
        "internal/store/names.go",
        "package store\n\nconst Name = \"store2\"\n",
    );
    repo.git(&["add", "internal/store/names.go"]);
    let out = repo.pre_commit(
        &[
            "try-repo",
            hooks,
            "golint-rs",
            "--files",
            "internal/store/names.go",
        ],
        true,
    );
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("GL401"), "{log}");
    assert!(log.contains("internal/store/store.go:8:"), "{log}");
    assert!(!log.contains("testdata"), "{log}");

    // testdata is excluded: staging only a bad file there runs nothing.
    let out = repo.pre_commit(
        &["try-repo", hooks, "golint-rs", "--files", "testdata/bad.go"],
        true,
    );
    let log = text(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(!log.contains("GL401"), "{log}");

    // The whole-module hook finds it as well.
    let out = repo.pre_commit(
        &["try-repo", hooks, "golint-rs-all", "--files", "main.go"],
        true,
    );
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("internal/store/store.go:8:"), "{log}");

    // Fixed and staged: the hook passes.
    repo.write(
        "internal/store/store.go",
        &FIXED.replace("package m", "package store"),
    );
    repo.git(&["add", "internal/store/store.go"]);
    let out = repo.pre_commit(
        &[
            "try-repo",
            hooks,
            "golint-rs",
            "--files",
            "internal/store/store.go",
            "internal/store/names.go",
            "main.go",
        ],
        true,
    );
    let log = text(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(log.contains("Passed"), "{log}");
    assert!(!log.contains("GL401"), "{log}");
}

#[test]
fn try_repo_without_golint_rs_says_how_to_install_it() {
    let Some(pc) = pre_commit() else { return };
    let repo = module(&pc);
    let out = repo.pre_commit(
        &[
            "try-repo",
            repo_root().to_str().unwrap(),
            "golint-rs",
            "--files",
            "main.go",
        ],
        false,
    );
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("exit code: 2"), "{log}");
    assert!(log.contains("golint-rs: command not found"), "{log}");
    assert!(log.contains("cargo install --locked"), "{log}");
}

/// A local clone of this repository at a commit holding the hook files as
/// they are in the working tree (committed on top of HEAD when they differ,
/// so that uncommitted edits are tested too). Returns the clone and the sha.
fn hook_repository(pc: &[String]) -> (Repo, String) {
    let clone = Repo::new(pc);
    std::fs::remove_dir_all(clone.path().join(".git")).unwrap();
    let root = repo_root();
    let out = clone
        .command(
            "git",
            &["clone", "--quiet", root.to_str().unwrap(), "."],
            true,
        )
        .output()
        .expect("git clone");
    assert!(out.status.success(), "git clone: {}", text(&out));
    clone.git(&["config", "user.name", "golint-rs test"]);
    clone.git(&["config", "user.email", "test@example.com"]);
    clone.git(&["config", "commit.gpgsign", "false"]);
    for file in HOOK_FILES {
        let to = clone.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(file), &to).unwrap_or_else(|e| panic!("{file}: {e}"));
        clone.git(&["add", "--", file]);
    }
    clone.git(&["update-index", "--chmod=+x", "scripts/pre-commit-golint.sh"]);
    if !clone.git(&["status", "--porcelain"]).is_empty() {
        clone.git(&[
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            "hook files of the working tree",
        ]);
    }
    let sha = clone.git(&["rev-parse", "HEAD"]);
    (clone, sha)
}

#[test]
fn the_installed_hook_refuses_a_commit_with_a_finding() {
    let Some(pc) = pre_commit() else { return };
    let (hooks, sha) = hook_repository(&pc);
    let repo = module(&pc);
    repo.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {sha}\n    hooks:\n      - id: golint-rs\n",
            hooks.path().display()
        ),
    );
    repo.git(&["add", ".pre-commit-config.yaml"]);
    let out = repo.pre_commit(&["install"], true);
    assert!(out.status.success(), "{}", text(&out));
    let before = repo.git(&["rev-parse", "HEAD"]);

    // A commit touching the package with the bug is refused.
    repo.write(
        "internal/store/names.go",
        "package store\n\nconst Name = \"store2\"\n",
    );
    repo.git(&["add", "internal/store/names.go"]);
    let out = repo
        .command("git", &["commit", "-m", "rename the store"], true)
        .output()
        .unwrap();
    let log = text(&out);
    assert!(!out.status.success(), "the commit went through:\n{log}");
    assert!(log.contains("GL401"), "{log}");
    assert!(log.contains("internal/store/store.go:8:"), "{log}");
    assert_eq!(
        repo.git(&["rev-parse", "HEAD"]),
        before,
        "no commit was made"
    );

    // Fixed and staged: the commit goes through.
    repo.write(
        "internal/store/store.go",
        &FIXED.replace("package m", "package store"),
    );
    repo.git(&["add", "internal/store/store.go"]);
    let out = repo
        .command(
            "git",
            &["commit", "-m", "close each file in its iteration"],
            true,
        )
        .output()
        .unwrap();
    let log = text(&out);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("golint-rs") && log.contains("Passed"), "{log}");
    assert_ne!(repo.git(&["rev-parse", "HEAD"]), before);
}

/// The hook script's own contract, without pre-commit: file names become
/// their package directories, once each; other arguments reach golint-rs.
#[test]
fn the_script_maps_files_to_package_directories() {
    let root = repo_root();
    let script = root.join("scripts/pre-commit-golint.sh");
    let dir = tempfile::tempdir().unwrap();
    let w = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("go.mod", "module example.com/m\n\ngo 1.19\n");
    w("a.go", "package m\n");
    w("-dash/d.go", "package dash\n");
    w(
        "sub dir/s.go",
        &DEFER_LOOP.replace("package m", "package sub"),
    );
    w("sub dir/t.go", "package sub\n");
    // A stand-in golint-rs that prints its arguments, one per line.
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = bin.join("golint-rs");
    std::fs::write(
        &fake,
        "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\nexit 1\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut path = vec![bin.clone()];
    path.extend(std::env::split_paths(&path_with_golint_rs(false)));
    let path = std::env::join_paths(path).unwrap();
    let out = Command::new("bash")
        .arg(&script)
        .args([
            "--select",
            "GL4",
            "sub dir/s.go",
            "a.go",
            "./sub dir/t.go",
            "-dash/d.go",
            "missing.go",
        ])
        .current_dir(dir.path())
        .env("PATH", &path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "golint-rs's exit status");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "[--select]\n[GL4]\n[missing.go]\n[./sub dir]\n[.]\n[./-dash]\n"
    );

    // No Go file: nothing to run.
    let out = Command::new("bash")
        .arg(&script)
        .arg("--quiet")
        .current_dir(dir.path())
        .env("PATH", &path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}
