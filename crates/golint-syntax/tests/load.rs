//! File loading and the header questions: build-ignore, generated code,
//! package clause.

use std::fs;

use golint_syntax::{
    is_build_ignored, is_generated, package_name, read_source, scan_header, LoadError,
    MAX_FILE_SIZE,
};

#[test]
fn reads_utf8_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("a.go");
    fs::write(&p, "package a\n\n// héllo 😀\n").expect("write");
    assert_eq!(read_source(&p).expect("read"), "package a\n\n// héllo 😀\n");
}

#[test]
fn invalid_utf8_names_offset_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("bad.go");
    fs::write(&p, b"package a\n\nvar s = \"ab\xff\"\n").expect("write");
    let err = read_source(&p).expect_err("not UTF-8");
    assert!(
        matches!(
            err,
            LoadError::NotUtf8 {
                offset: 22,
                line: 3,
                column: 12
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "invalid UTF-8 at byte offset 22 (line 3, column 12); Go source must be UTF-8"
    );
}

#[test]
fn missing_file_and_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = read_source(&dir.path().join("none.go")).expect_err("missing");
    assert!(matches!(err, LoadError::NotFound), "{err:?}");
    assert_eq!(err.to_string(), "cannot read: no such file");
    let err = read_source(dir.path()).expect_err("a directory");
    assert!(matches!(err, LoadError::IsDir), "{err:?}");
    assert_eq!(err.to_string(), "cannot read: is a directory");
}

#[test]
fn huge_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("huge.go");
    let f = fs::File::create(&p).expect("create");
    // Sparse: no disk space used.
    f.set_len(MAX_FILE_SIZE + 1).expect("set_len");
    drop(f);
    let err = read_source(&p).expect_err("too large");
    assert!(
        matches!(err, LoadError::TooLarge { size } if size == MAX_FILE_SIZE + 1),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("skipped: 10.0 MiB is larger than the 10 MiB limit"),
        "{err}"
    );
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{symlink, PermissionsExt};

    #[test]
    fn unreadable_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("secret.go");
        fs::write(&p, "package a\n").expect("write");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).expect("chmod");
        let result = read_source(&p);
        if fs::read(&p).is_ok() {
            // Running as root: permission bits do not block reading.
            assert!(result.is_ok());
            return;
        }
        let err = result.expect_err("permission denied");
        assert!(matches!(err, LoadError::PermissionDenied), "{err:?}");
        assert_eq!(err.to_string(), "cannot read: permission denied");
    }

    #[test]
    fn broken_symlink_and_loop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let broken = dir.path().join("broken.go");
        symlink("nowhere.go", &broken).expect("symlink");
        let err = read_source(&broken).expect_err("broken");
        assert!(matches!(err, LoadError::BrokenSymlink), "{err:?}");
        assert!(err.to_string().contains("broken symbolic link"));
        let looped = dir.path().join("loop.go");
        symlink("loop.go", &looped).expect("symlink");
        let err = read_source(&looped).expect_err("loop");
        assert!(matches!(err, LoadError::SymlinkLoop), "{err:?}");
        assert!(err.to_string().contains("symbolic link loop"));
    }

    #[test]
    fn fifo_is_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe.go");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            return;
        }
        let err = read_source(&fifo).expect_err("fifo");
        assert!(matches!(err, LoadError::NotRegular), "{err:?}");
    }
}

/// Each case: source, expected `is_build_ignored`.
#[test]
fn build_ignore() {
    let cases: &[(&str, bool)] = &[
        ("//go:build ignore\n\npackage main\n", true),
        ("//go:build ignore\npackage main\n", true),
        (
            "// Copyright.\n\n//go:build ignore\n// +build ignore\n\npackage main\n",
            true,
        ),
        ("//go:build ignore && linux\n\npackage main\n", true),
        ("//go:build linux && (ignore)\n\npackage main\n", true),
        (
            "//go:build !linux && ignore && amd64\n\npackage main\n",
            true,
        ),
        ("//go:build ignore\r\n\r\npackage main\r\n", true),
        ("\u{feff}//go:build ignore\n\npackage main\n", true),
        ("/* header */\n//go:build ignore\n\npackage main\n", true),
        ("//go:build linux || ignore\n\npackage main\n", false),
        ("//go:build !ignore\n\npackage main\n", false),
        ("//go:build ignored\n\npackage main\n", false),
        ("//go:build linux\n\npackage main\n", false),
        ("//go:buildignore\n\npackage main\n", false),
        ("//go:build ignore &&\n\npackage main\n", false), // malformed: kept
        ("package main\n\n//go:build ignore\n", false),
        ("/*\n//go:build ignore\n*/\n\npackage main\n", false),
        // +build lines, without a //go:build line.
        ("// +build ignore\n\npackage main\n", true),
        ("//+build ignore\n\npackage main\n", true),
        ("// +build linux,ignore\n\npackage main\n", true),
        ("// +build linux\n// +build ignore\n\npackage main\n", true),
        ("// +build linux ignore\n\npackage main\n", false),
        ("// +build !ignore\n\npackage main\n", false),
        // A +build line must be followed by a blank line to count.
        ("// +build ignore\npackage main\n", false),
        // The //go:build line wins over +build lines.
        (
            "//go:build linux\n// +build ignore\n\npackage main\n",
            false,
        ),
        ("package main\n", false),
        ("", false),
    ];
    for (src, want) in cases {
        assert_eq!(is_build_ignored(src), *want, "{src:?}");
    }
}

/// A constraint nested past the parser's bound is malformed (the file is
/// kept), not a stack overflow; one within it is evaluated.
#[test]
fn build_constraint_nesting_is_bounded() {
    let deep = |n: usize, inner: &str| {
        format!(
            "//go:build {}{inner}{}\n\npackage main\n",
            "!(".repeat(n),
            ")".repeat(n)
        )
    };
    assert!(!is_build_ignored(&deep(200_000, "ignore")));
    // `!(!(ignore))` is `ignore`: an even number of negations.
    assert!(is_build_ignored(&deep(100, "ignore")));
    assert!(!is_build_ignored(&deep(101, "ignore")));
}

/// Each case: source, expected `is_generated`.
#[test]
fn generated() {
    let cases: &[(&str, bool)] = &[
        ("// Code generated by stringer; DO NOT EDIT.\n\npackage p\n", true),
        ("// Copyright 2020.\n\n// Code generated by protoc-gen-go. DO NOT EDIT.\n// source: x.proto\n\npackage p\n", true),
        ("//go:build linux\n\n// Code generated by mkerrors; DO NOT EDIT.\n\npackage p\n", true),
        ("// Code generated by x. DO NOT EDIT.\r\n\r\npackage p\r\n", true),
        ("// Code generated  DO NOT EDIT.\npackage p\n", true),
        // Not the convention.
        ("// Code generated by hand, then edited.\n\npackage p\n", false),
        ("// Code generated by x. DO NOT EDIT\n\npackage p\n", false),
        ("// Code generated by x. DO NOT EDIT. \n\npackage p\n", false),
        ("// Code generated DO NOT EDIT.\npackage p\n", false),
        ("// code generated by x. DO NOT EDIT.\npackage p\n", false),
        ("/* Code generated by x. DO NOT EDIT. */\npackage p\n", false),
        ("/*\n// Code generated by x. DO NOT EDIT.\n*/\npackage p\n", false),
        // After the package clause.
        ("package p\n\n// Code generated by x. DO NOT EDIT.\n", false),
        ("package p // Code generated by x. DO NOT EDIT.\n", false),
    ];
    for (src, want) in cases {
        assert_eq!(is_generated(src), *want, "{src:?}");
    }
}

#[test]
fn package_clause() {
    let cases: &[(&str, Option<&str>)] = &[
        ("package foo\n", Some("foo")),
        ("package foo_test // external tests\n", Some("foo_test")),
        (
            "// Doc.\n/* more\n doc */ package /* c */ bar\n",
            Some("bar"),
        ),
        ("\u{feff}package héllo;\n", Some("héllo")),
        ("//go:build ignore\n\npackage main\n", Some("main")),
        ("package\nspread\n", Some("spread")),
        ("func f() {}\n", None),
        ("packagefoo\n", None),
        ("package 9\n", None),
        ("// only a comment\n", None),
        ("", None),
    ];
    for (src, want) in cases {
        assert_eq!(package_name(src), *want, "{src:?}");
    }
    let h =
        scan_header("// Code generated by x. DO NOT EDIT.\n\n//go:build ignore\n\npackage gen\n");
    assert_eq!(
        (h.package, h.generated, h.build_ignored),
        (Some("gen"), true, true)
    );
    assert_eq!(h.package_offset, Some(57));
}
