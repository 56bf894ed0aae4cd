//! Package discovery against the go command's rules, on trees built in a
//! temporary directory.

use std::fs;
use std::path::Path;

use golint_syntax::{discover, DiscoverError, DiscoverOptions, Discovery};
use tempfile::TempDir;

/// Builds a tree: each entry is `path` → contents (directories created).
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    fs::write(p, text).expect("write");
}

fn run_in(cwd: &Path, patterns: &[&str], tests: bool) -> Result<Discovery, DiscoverError> {
    discover(&DiscoverOptions {
        cwd: cwd.to_path_buf(),
        patterns: patterns.iter().map(|s| s.to_string()).collect(),
        tests,
    })
}

fn run(cwd: &Path, patterns: &[&str]) -> Discovery {
    run_in(cwd, patterns, true).expect("discover")
}

fn rels(d: &Discovery) -> Vec<&str> {
    d.files.iter().map(|f| f.rel.as_str()).collect()
}

fn warnings(d: &Discovery) -> Vec<String> {
    d.warnings.iter().map(|w| w.to_string()).collect()
}

const GO_MOD: &str = "module example.com/m\n\ngo 1.19\n";
const PKG: &str = "package p\n";

/// A module with the directories `...` must skip and the ones it must take.
fn sample_module() -> TempDir {
    tree(&[
        ("go.mod", GO_MOD),
        ("main.go", "package main\n"),
        ("main_test.go", "package main\n"),
        ("a/a.go", PKG),
        ("a/a_test.go", "package p_test\n"),
        ("a/b/b.go", PKG),
        ("a/notes.txt", "not go"),
        ("a/_skip.go", PKG),
        ("a/.hidden.go", PKG),
        (".git/x.go", PKG),
        ("_tools/t.go", PKG),
        ("testdata/td.go", PKG),
        ("testdata/inner/i.go", PKG),
        ("vendor/v/v.go", PKG),
        ("a/testdata/x.go", PKG),
        ("nested/go.mod", "module example.com/nested\n"),
        ("nested/n.go", PKG),
        ("nested/sub/s.go", PKG),
    ])
}

#[test]
fn dots_takes_every_package_and_skips_like_the_go_command() {
    let dir = sample_module();
    let d = run(dir.path(), &["./..."]);
    assert_eq!(
        rels(&d),
        [
            "a/a.go",
            "a/a_test.go",
            "a/b/b.go",
            "main.go",
            "main_test.go"
        ]
    );
    assert!(d.warnings.is_empty(), "{:?}", warnings(&d));
    assert_eq!(d.modules.len(), 1);
    assert_eq!(d.modules[0].path, "example.com/m");
    assert_eq!(d.modules[0].go_version, Some((1, 19)));
    let b = &d.files[2];
    assert_eq!(b.dir_rel, "a/b");
    assert_eq!(b.import_path, "example.com/m/a/b");
    assert_eq!(b.module, Some(0));
    assert!(!b.is_test);
    assert!(d.files[1].is_test);
    assert_eq!(d.files[3].dir_rel, ".");
    assert_eq!(d.files[3].import_path, "example.com/m");
    assert!(b.path.is_absolute() && b.path.ends_with("a/b/b.go"));
}

#[test]
fn no_pattern_means_dots() {
    let dir = sample_module();
    let d = run(dir.path(), &[]);
    assert_eq!(rels(&d), rels(&run(dir.path(), &["./..."])));
}

#[test]
fn tests_can_be_left_out() {
    let dir = sample_module();
    let d = run_in(dir.path(), &["./..."], false).expect("discover");
    assert_eq!(rels(&d), ["a/a.go", "a/b/b.go", "main.go"]);
    // A test file named explicitly is still taken.
    let d = run_in(dir.path(), &["a/a_test.go"], false).expect("discover");
    assert_eq!(rels(&d), ["a/a_test.go"]);
}

#[test]
fn dir_dots_pattern_includes_the_directory_itself() {
    let dir = sample_module();
    let d = run(dir.path(), &["./a/..."]);
    assert_eq!(rels(&d), ["a/a.go", "a/a_test.go", "a/b/b.go"]);
}

#[test]
fn dir_pattern_takes_that_directory_only() {
    let dir = sample_module();
    for p in ["a", "./a", "a/", "./a/../a"] {
        let d = run(dir.path(), &[p]);
        assert_eq!(rels(&d), ["a/a.go", "a/a_test.go"], "pattern {p}");
    }
    let d = run(dir.path(), &["."]);
    assert_eq!(rels(&d), ["main.go", "main_test.go"]);
}

#[test]
fn file_pattern() {
    let dir = sample_module();
    let d = run(dir.path(), &["a/b/b.go", "./main.go"]);
    assert_eq!(rels(&d), ["a/b/b.go", "main.go"]);
    assert_eq!(d.files[0].import_path, "example.com/m/a/b");
    // `_x.go` is ignored by the go command, even when named.
    let d = run(dir.path(), &["a/_skip.go"]);
    assert!(d.files.is_empty());
    assert_eq!(d.warnings.len(), 1, "{:?}", warnings(&d));
    assert!(
        warnings(&d)[0].starts_with("a/_skip.go: ignored"),
        "{:?}",
        warnings(&d)
    );
}

#[test]
fn absolute_patterns() {
    let dir = sample_module();
    let abs = dir.path().join("a").join("...");
    let d = run(dir.path(), &[abs.to_str().expect("utf-8 temp path")]);
    assert_eq!(rels(&d), ["a/a.go", "a/a_test.go", "a/b/b.go"]);
    let abs_file = dir.path().join("main.go");
    let d = run(dir.path(), &[abs_file.to_str().expect("utf-8 temp path")]);
    assert_eq!(rels(&d), ["main.go"]);
}

#[test]
fn the_directory_named_in_the_pattern_is_not_skipped_for_its_name() {
    let dir = sample_module();
    let d = run(dir.path(), &["./testdata/..."]);
    assert_eq!(rels(&d), ["testdata/inner/i.go", "testdata/td.go"]);
    let d = run(dir.path(), &["./_tools/..."]);
    assert_eq!(rels(&d), ["_tools/t.go"]);
    let d = run(dir.path(), &["./vendor/..."]);
    assert_eq!(rels(&d), ["vendor/v/v.go"]);
    let d = run(dir.path(), &["testdata"]);
    assert_eq!(rels(&d), ["testdata/td.go"]);
    // Below the named directory, the rules apply again.
    let d = run(dir.path(), &["./a/..."]);
    assert!(!rels(&d).contains(&"a/testdata/x.go"));
}

#[test]
fn nested_module_is_its_own_pattern() {
    let dir = sample_module();
    let d = run(dir.path(), &["./nested/..."]);
    assert_eq!(rels(&d), ["nested/n.go", "nested/sub/s.go"]);
    assert_eq!(d.modules.len(), 1);
    assert_eq!(d.modules[0].path, "example.com/nested");
    assert_eq!(d.modules[0].go_version, None);
    assert_eq!(d.files[1].import_path, "example.com/nested/sub");
    // From inside the nested module, `./...` is that module.
    let d = run(&dir.path().join("nested"), &[]);
    assert_eq!(rels(&d), ["n.go", "sub/s.go"]);
}

#[test]
fn patterns_outside_cwd_and_wildcards_in_the_middle() {
    let dir = sample_module();
    let d = run(&dir.path().join("a"), &["../nested/..."]);
    assert_eq!(rels(&d), ["../nested/n.go", "../nested/sub/s.go"]);
    assert_eq!(d.files[0].dir_rel, "../nested");
    let d = run(dir.path(), &["./.../b"]);
    assert_eq!(rels(&d), ["a/b/b.go"]);
    let d = run(dir.path(), &["./ne..."]);
    assert!(rels(&d).is_empty(), "nested module stays skipped");
}

#[test]
fn import_path_patterns_resolve_in_the_module() {
    let dir = sample_module();
    let d = run(dir.path(), &["example.com/m/a"]);
    assert_eq!(rels(&d), ["a/a.go", "a/a_test.go"]);
    let d = run(dir.path(), &["example.com/m/a/..."]);
    assert_eq!(rels(&d), ["a/a.go", "a/a_test.go", "a/b/b.go"]);
}

#[test]
fn output_is_sorted_and_deduplicated() {
    let dir = sample_module();
    let d = run(dir.path(), &["./a/b", "./...", "a", "a/a.go"]);
    assert_eq!(
        rels(&d),
        [
            "a/a.go",
            "a/a_test.go",
            "a/b/b.go",
            "main.go",
            "main_test.go"
        ]
    );
    // Same input, same output.
    let again = run(dir.path(), &["./...", "a/a.go", "a", "./a/b"]);
    assert_eq!(d.files, again.files);
}

#[test]
fn go_work_covers_every_used_module() {
    let dir = tree(&[
        (
            "go.work",
            "go 1.19\n\nuse (\n\t./a // first\n\t./b\n)\nuse ./b/inner\n",
        ),
        ("loose.go", PKG),
        ("a/go.mod", "module example.com/a\n\ngo 1.18\n"),
        ("a/a.go", PKG),
        ("a/x/x.go", PKG),
        ("b/go.mod", "module example.com/b\n\ngo 1.19\n"),
        ("b/b.go", PKG),
        ("b/inner/go.mod", "module example.com/b/inner\n"),
        ("b/inner/i.go", PKG),
        ("c/go.mod", "module example.com/c\n"),
        ("c/c.go", PKG),
    ]);
    let d = run(dir.path(), &["./..."]);
    assert_eq!(rels(&d), ["a/a.go", "a/x/x.go", "b/b.go", "b/inner/i.go"]);
    assert!(d.warnings.is_empty(), "{:?}", warnings(&d));
    assert!(d.workspace.as_ref().is_some_and(|w| w.ends_with("go.work")));
    let paths: Vec<&str> = d.modules.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(
        paths,
        ["example.com/a", "example.com/b", "example.com/b/inner"]
    );
    let imports: Vec<&str> = d.files.iter().map(|f| f.import_path.as_str()).collect();
    assert_eq!(
        imports,
        [
            "example.com/a",
            "example.com/a/x",
            "example.com/b",
            "example.com/b/inner"
        ]
    );
    assert_eq!(
        d.modules[d.files[1].module.expect("module")].go_version,
        Some((1, 18))
    );
    // Under one module's directory only that module (and the used modules below it).
    let d = run(dir.path(), &["./b/..."]);
    assert_eq!(rels(&d), ["b/b.go", "b/inner/i.go"]);
    // From inside a module of the workspace.
    let d = run(&dir.path().join("a"), &[]);
    assert_eq!(rels(&d), ["a.go", "x/x.go"]);
    // Import paths of workspace modules resolve.
    let d = run(dir.path(), &["example.com/b/inner"]);
    assert_eq!(rels(&d), ["b/inner/i.go"]);
}

#[test]
fn go_work_problems_are_warnings() {
    let dir = tree(&[
        ("go.work", "go 1.19\nuse ./missing\nuse (\n"),
        ("a/go.mod", GO_MOD),
        ("a/a.go", PKG),
    ]);
    let d = run(dir.path(), &["./a/..."]);
    assert_eq!(rels(&d), ["a/a.go"]);
    let w = warnings(&d);
    assert!(
        w.iter()
            .any(|w| w.contains("use ./missing") && w.contains("no go.mod")),
        "{w:?}"
    );
    assert!(w.iter().any(|w| w.contains("unterminated")), "{w:?}");
    assert!(w.iter().any(|w| w.contains("not used by")), "{w:?}");
}

#[test]
fn bad_go_mod_is_a_warning() {
    let dir = tree(&[("go.mod", "go 1.x\n// no module line\n"), ("a/a.go", PKG)]);
    let d = run(dir.path(), &[]);
    assert_eq!(rels(&d), ["a/a.go"]);
    assert_eq!(d.files[0].import_path, "a");
    let w = warnings(&d);
    assert!(w.iter().any(|w| w.starts_with("go.mod: malformed go.mod") && w.contains("no module directive")), "{w:?}");
    assert!(w.iter().any(|w| w.contains("invalid go version")), "{w:?}");
}

#[test]
fn outside_any_module_import_path_is_the_directory() {
    let dir = tree(&[("x/x.go", PKG), ("x.go", PKG)]);
    let d = run(dir.path(), &[]);
    assert_eq!(rels(&d), ["x.go", "x/x.go"]);
    assert_eq!(d.files[0].module, None);
    assert_eq!(d.files[0].import_path, ".");
    assert_eq!(d.files[1].import_path, "x");
}

#[test]
fn bad_patterns_are_errors() {
    let dir = sample_module();
    assert!(matches!(
        run_in(dir.path(), &["./nope/..."], true),
        Err(DiscoverError::NotFound { .. })
    ));
    assert!(matches!(
        run_in(dir.path(), &["nope"], true),
        Err(DiscoverError::NotFound { .. })
    ));
    assert!(matches!(
        run_in(dir.path(), &["nope.go"], true),
        Err(DiscoverError::NotFound { .. })
    ));
    assert!(matches!(
        run_in(dir.path(), &["a/notes.txt"], true),
        Err(DiscoverError::NotGoFile { .. })
    ));
    assert!(matches!(
        run_in(dir.path(), &["main.go/..."], true),
        Err(DiscoverError::NotADirectory { .. })
    ));
    assert!(matches!(
        run_in(dir.path(), &[""], true),
        Err(DiscoverError::EmptyPattern)
    ));
    let missing = dir.path().join("missing");
    assert!(matches!(
        run_in(&missing, &[], true),
        Err(DiscoverError::Cwd { .. })
    ));
    let err = run_in(dir.path(), &["./nope/..."], true).expect_err("error");
    assert!(
        err.to_string().contains("\"./nope/...\"") && err.to_string().contains("does not exist"),
        "{err}"
    );
}

#[test]
fn empty_matches_are_warnings() {
    let dir = tree(&[
        ("go.mod", GO_MOD),
        ("docs/readme.md", "x"),
        ("t/t_test.go", PKG),
    ]);
    let d = run_in(dir.path(), &["./...", "./docs"], false).expect("discover");
    assert!(d.files.is_empty());
    assert_eq!(
        warnings(&d),
        ["./...: matched no packages", "./docs: no Go files"]
    );
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{symlink, PermissionsExt};

    #[test]
    fn symlinked_go_file_is_read_through() {
        let dir = tree(&[("go.mod", GO_MOD), ("real/r.go", PKG)]);
        fs::create_dir(dir.path().join("p")).expect("mkdir");
        symlink("../real/r.go", dir.path().join("p/link.go")).expect("symlink");
        let d = run(dir.path(), &["./p"]);
        assert_eq!(rels(&d), ["p/link.go"]);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn broken_symlink_is_a_warning() {
        let dir = tree(&[("go.mod", GO_MOD), ("a.go", PKG)]);
        symlink("nowhere.go", dir.path().join("broken.go")).expect("symlink");
        symlink("nowhere", dir.path().join("broken-not-go")).expect("symlink");
        let d = run(dir.path(), &[]);
        assert_eq!(rels(&d), ["a.go"]);
        assert_eq!(
            warnings(&d),
            ["broken.go: broken symbolic link (its target does not exist), skipped"]
        );
        // Named explicitly: still a warning, not an error.
        let d = run(dir.path(), &["broken.go"]);
        assert!(d.files.is_empty());
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn symlink_loops_are_warnings() {
        let dir = tree(&[("go.mod", GO_MOD), ("a/a.go", PKG)]);
        // A directory symlink pointing to its parent, and a link to itself.
        symlink("..", dir.path().join("a/up")).expect("symlink");
        symlink("self.go", dir.path().join("a/self.go")).expect("symlink");
        let d = run(dir.path(), &[]);
        assert_eq!(rels(&d), ["a/a.go"]);
        let w = warnings(&d);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("a/self.go: symbolic link loop"), "{w:?}");
        assert!(w[1].starts_with("a/up: symbolic link loop"), "{w:?}");
        // The same when the directory is named.
        let d = run(dir.path(), &["./a"]);
        assert_eq!(rels(&d), ["a/a.go"]);
        // A symlinked directory is not followed by `...` (the go command's
        // behavior), but a pattern naming it goes through.
        let dir = tree(&[("go.mod", GO_MOD), ("real/r.go", PKG)]);
        symlink("real", dir.path().join("link")).expect("symlink");
        let d = run(dir.path(), &[]);
        assert_eq!(rels(&d), ["real/r.go"]);
        assert_eq!(warnings(&d).len(), 1);
        assert!(warnings(&d)[0].contains("not followed"));
        let d = run(dir.path(), &["./link/..."]);
        assert_eq!(rels(&d), ["link/r.go"]);
    }

    fn is_root() -> bool {
        // Root reads through any permission bits.
        let probe = tempfile::tempdir().expect("tempdir");
        let p = probe.path().join("probe");
        fs::write(&p, "x").expect("write");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).expect("chmod");
        fs::read(&p).is_ok()
    }

    #[test]
    fn unreadable_directory_is_a_warning() {
        let dir = tree(&[("go.mod", GO_MOD), ("a/a.go", PKG), ("locked/l.go", PKG)]);
        let locked = dir.path().join("locked");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
        let d = run(dir.path(), &[]);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");
        if is_root() {
            assert_eq!(rels(&d), ["a/a.go", "locked/l.go"]);
            return;
        }
        assert_eq!(rels(&d), ["a/a.go"]);
        assert_eq!(
            warnings(&d),
            ["locked: cannot read directory, skipped: permission denied"]
        );
    }

    #[test]
    fn special_files_named_go_are_not_taken() {
        let dir = tree(&[("go.mod", GO_MOD), ("a.go", PKG)]);
        let fifo = dir.path().join("pipe.go");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            return;
        }
        let d = run(dir.path(), &[]);
        assert_eq!(rels(&d), ["a.go"]);
        assert_eq!(warnings(&d), ["pipe.go: not a regular file, skipped"]);
    }
}
