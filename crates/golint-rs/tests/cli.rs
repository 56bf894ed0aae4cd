//! The binary end to end: patterns, formats, exit codes, bad input,
//! determinism and the subcommands.

mod common;

use common::{sarif_schema_errors, Project, ASSERT, BROKEN, CLEAN, DEFER_LOOP};

/// Findings in the root package, a subpackage, a sub-subpackage, and in
/// directories `./...` skips.
fn tree() -> Project {
    let p = Project::new();
    p.write("a.go", ASSERT)
        .write("sub/b.go", ASSERT.replace("package m", "package sub"))
        .write("sub/deep/c.go", ASSERT.replace("package m", "package deep"))
        .write("testdata/t.go", ASSERT)
        .write("vendor/v/v.go", ASSERT)
        .write(".hidden/h.go", ASSERT)
        .write("_skip/s.go", ASSERT)
        .write("nested/go.mod", "module example.com/nested\n\ngo 1.19\n")
        .write("nested/n.go", ASSERT);
    p
}

#[test]
fn no_pattern_means_dot_dot_dot() {
    let p = tree();
    let all = ["a.go:4 GL601", "sub/b.go:4 GL601", "sub/deep/c.go:4 GL601"];
    assert_eq!(p.findings(&[]), all);
    assert_eq!(p.findings(&["./..."]), all);
}

#[test]
fn directory_file_and_recursive_patterns() {
    let p = tree();
    assert_eq!(
        p.findings(&["./sub/..."]),
        ["sub/b.go:4 GL601", "sub/deep/c.go:4 GL601"]
    );
    assert_eq!(p.findings(&["sub"]), ["sub/b.go:4 GL601"]);
    assert_eq!(p.findings(&["./sub"]), ["sub/b.go:4 GL601"]);
    assert_eq!(p.findings(&["sub/deep/c.go"]), ["sub/deep/c.go:4 GL601"]);
    assert_eq!(
        p.findings(&["a.go", "sub/deep"]),
        ["a.go:4 GL601", "sub/deep/c.go:4 GL601"]
    );
    // Paths are relative to the working directory.
    assert_eq!(
        p.findings_in("sub", &[]),
        ["b.go:4 GL601", "deep/c.go:4 GL601"]
    );
    // A nested module is analyzed when named.
    assert_eq!(p.findings(&["./nested/..."]), ["nested/n.go:4 GL601"]);
}

#[test]
fn a_pattern_naming_nothing_is_a_usage_error() {
    let p = tree();
    let run = p.run(&["./missing/..."]);
    run.assert_code(2);
    assert!(run.stderr.contains("missing"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn a_directory_named_like_a_subcommand() {
    let p = Project::new();
    p.write("rules/r.go", ASSERT.replace("package m", "package rules"));
    assert_eq!(p.findings(&["./rules"]), ["rules/r.go:4 GL601"]);
    let run = p.run(&["rules"]);
    run.assert_code(0);
    assert!(run.stdout.starts_with("CODE"), "{}", run.stdout);
    // The global `--threads` may come first (`golint-rs --threads 2 lsp`).
    let run = p.run(&["--threads", "1", "rules"]);
    run.assert_code(0);
    assert!(run.stdout.starts_with("CODE"), "{}", run.stdout);
}

#[test]
fn exit_codes() {
    let p = Project::new();
    p.write("a.go", CLEAN);
    let run = p.run(&[]);
    run.assert_code(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("0 findings in 1 file (1 package) in "),
        "{}",
        run.stderr
    );

    p.write("b.go", ASSERT.replace("func f", "func g"));
    p.run(&[]).assert_code(1);
    // Selection decides what counts.
    p.run(&["--ignore", "GL601"]).assert_code(0);
    p.run(&["--select", "GL0"]).assert_code(0);

    let run = p.run(&["--select", "GL6O1"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("--select: unknown rule code or prefix `GL6O1`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `GL601`?"),
        "{}",
        run.stderr
    );
    p.run(&["--ignore", "nope"]).assert_code(2);
    p.run(&["--format", "xml"]).assert_code(2);
    p.run(&["--tests=maybe"]).assert_code(2);
}

#[test]
fn quiet_drops_the_summary() {
    let p = Project::new();
    p.write("a.go", ASSERT);
    let run = p.run(&["--quiet"]);
    run.assert_code(1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let run = p.run(&[]);
    assert!(
        run.stderr.contains("1 finding in 1 file (1 package) in "),
        "{}",
        run.stderr
    );
}

#[test]
fn timings_show_phases_and_each_selected_rule() {
    let p = Project::new();
    p.write("a.go", ASSERT);
    let run = p.run(&["--quiet", "--timings", "--select", "GL601,GL401"]);
    run.assert_code(1);
    for phase in [
        "discover",
        "read",
        "parse + lower",
        "rules",
        "filter + render",
    ] {
        assert!(run.stderr.contains(phase), "{phase}: {}", run.stderr);
    }
    assert!(run.stderr.contains("GL601"), "{}", run.stderr);
    assert!(run.stderr.contains("GL401"), "{}", run.stderr);
    assert!(!run.stderr.contains("GL101"), "{}", run.stderr);
    // Timings go to stderr only: the findings are unchanged.
    assert_eq!(
        run.stdout,
        p.run(&["--quiet", "--select", "GL601,GL401"]).stdout
    );
}

#[test]
fn output_file() {
    let p = Project::new();
    p.write("a.go", ASSERT);
    let run = p.run(&["--format", "json", "--output", "out/report.json"]);
    assert_eq!(run.code, 2, "the directory does not exist: {}", run.stderr);
    assert!(
        run.stderr.contains("cannot write out/report.json"),
        "{}",
        run.stderr
    );

    std::fs::create_dir(p.join("out")).unwrap();
    let run = p.run(&["--format", "json", "--output", "out/report.json"]);
    run.assert_code(1);
    assert!(run.stdout.is_empty());
    let text = std::fs::read_to_string(p.join("out/report.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "GL601");
}

#[test]
fn text_format() {
    let p = Project::new();
    p.write("a.go", ASSERT);
    let run = p.run(&[]);
    run.assert_code(1);
    assert!(run.stdout.contains("warning[GL601]"), "{}", run.stdout);
    assert!(run.stdout.contains("a.go:4:"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let run = p.run(&["--color", "always"]);
    assert!(run.stdout.contains('\x1b'), "{}", run.stdout);
    let run = p.run(&["--color", "never"]);
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn json_format() {
    let p = Project::new();
    p.write("a.go", ASSERT);
    let run = p.run(&["--format", "json"]);
    run.assert_code(1);
    let json = run.json();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "GL601");
    assert_eq!(d["file"], "a.go");
    assert_eq!(d["start"]["line"], 4);
    assert_eq!(d["start"]["column"], 9);
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(1));

    let p = Project::new();
    p.write("a.go", CLEAN);
    let run = p.run(&["--format", "json"]);
    run.assert_code(0);
    assert_eq!(run.json()["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn sarif_format_validates_against_the_schema() {
    let p = tree();
    p.write("broken.go", BROKEN);
    let run = p.run(&["--format", "sarif"]);
    run.assert_code(1);
    let sarif = run.json();
    let errors = sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["ruleId"], "GL601");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a.go"
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "GL000"));
    assert!(rules.iter().any(|r| r["id"] == "GL601"));

    // Rules left out are not described.
    let run = p.run(&["--format", "sarif", "--select", "GL601"]);
    let sarif = run.json();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules.iter().all(|r| r["id"] == "GL601"), "{rules:?}");

    // No findings is still a valid document.
    let p = Project::new();
    p.write("a.go", CLEAN);
    let run = p.run(&["--format", "sarif"]);
    run.assert_code(0);
    assert!(sarif_schema_errors(&run.json()).is_empty());
}

#[test]
fn github_format() {
    let p = Project::new();
    p.write("a.go", ASSERT).write("b.go", BROKEN);
    let run = p.run(&["--format", "github"]);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("::warning file=a.go,line=4,col=9,"),
        "{}",
        run.stdout
    );
    assert!(lines[0].contains("title=GL601"), "{}", run.stdout);
    assert!(
        lines[1].starts_with("::error file=b.go,line=4,"),
        "{}",
        run.stdout
    );
}

#[test]
fn tests_flag() {
    let p = Project::new();
    p.write("a.go", CLEAN).write("a_test.go", DEFER_LOOP).write(
        "ext_test.go",
        DEFER_LOOP.replace("package m", "package m_test"),
    );
    assert_eq!(
        p.findings(&[]),
        ["a_test.go:8 GL401", "ext_test.go:8 GL401"]
    );
    assert_eq!(
        p.findings(&["--tests"]),
        ["a_test.go:8 GL401", "ext_test.go:8 GL401"]
    );
    assert_eq!(
        p.findings(&["--tests=true"]),
        ["a_test.go:8 GL401", "ext_test.go:8 GL401"]
    );
    assert!(p.findings(&["--tests=false"]).is_empty());
    let run = p.run(&["--tests=false"]);
    assert!(
        run.stderr.contains("in 1 file (1 package)"),
        "{}",
        run.stderr
    );
    let run = p.run(&[]);
    assert!(
        run.stderr.contains("in 3 files (2 packages)"),
        "external test package apart: {}",
        run.stderr
    );
}

#[test]
fn generated_files_feed_the_analysis_but_are_not_reported() {
    let p = Project::new();
    let generated = format!("// Code generated by stringer; DO NOT EDIT.\n\n{ASSERT}");
    p.write("a.go", ASSERT.replace("func f", "func g"))
        .write("gen.go", generated);
    assert_eq!(p.findings(&[]), ["a.go:4 GL601"]);
    assert_eq!(
        p.findings(&["--include-generated"]),
        ["a.go:4 GL601", "gen.go:6 GL601"]
    );
    let run = p.run(&["--format", "json"]);
    assert!(run.stderr.contains("in 2 files"), "{}", run.stderr);
}

#[test]
fn build_ignored_files_are_skipped() {
    let p = Project::new();
    p.write("a.go", CLEAN).write(
        "gen.go",
        format!(
            "//go:build ignore\n\n{}",
            ASSERT.replace("package m", "package main")
        ),
    );
    assert!(p.findings(&[]).is_empty());
    let run = p.run(&[]);
    assert!(
        run.stderr.contains("in 1 file (1 package)"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_files_do_not_stop_the_run() {
    let p = Project::new();
    p.write("a.go", ASSERT)
        .write(
            "latin1.go",
            b"package m\n\n// caf\xe9\nfunc h() {}\n".as_slice(),
        )
        .write("broken.go", BROKEN)
        .write("empty.go", "")
        .write("garbage.go", "\u{0}\u{1}}}}{{{ func func ) (");
    #[cfg(unix)]
    std::os::unix::fs::symlink(p.join("nowhere.go"), p.join("dangling.go")).unwrap();
    let run = p.run(&["--format", "json"]);
    run.assert_code(1);
    let findings = run.findings();
    assert!(
        findings.contains(&"a.go:4 GL601".to_string()),
        "{findings:?}"
    );
    assert!(
        findings.contains(&"broken.go:4 GL000".to_string()),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|f| f.starts_with("garbage.go:1 GL000")),
        "{findings:?}"
    );
    assert!(
        run.stderr.contains("warning: latin1.go: invalid UTF-8"),
        "{}",
        run.stderr
    );
    #[cfg(unix)]
    assert!(run.stderr.contains("dangling.go"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_huge_generated_file_is_a_warning_and_the_run_goes_on() {
    let p = Project::new();
    let mut huge = String::from(
        "// Code generated by go-bindata. DO NOT EDIT.\n\npackage m\n\nvar data = []string{\n",
    );
    let line = format!("\t\"{}\",\n", "x".repeat(1000));
    while huge.len() < 50 * 1024 * 1024 {
        huge.push_str(&line);
    }
    huge.push_str("}\n");
    p.write("a.go", ASSERT).write("bindata.go", &huge);
    #[cfg(unix)]
    std::os::unix::fs::symlink(".", p.join("loop")).unwrap();
    let run = p.run(&["--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings(), vec!["a.go:4 GL601".to_string()]);
    assert!(
        run.stderr
            .contains("warning: bindata.go: skipped: 50.0 MiB is larger than the 10 MiB limit"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn unreadable_files_alone_do_not_change_the_exit_code() {
    let p = Project::new();
    p.write("a.go", CLEAN)
        .write("latin1.go", b"package m\n// \xff\n".as_slice());
    let run = p.run(&[]);
    run.assert_code(0);
    assert!(run.stderr.contains("warning: latin1.go:"), "{}", run.stderr);
}

/// Files were found but none could be analyzed: an error (exit 2) naming
/// the reason, not a pass with "0 findings".
#[test]
fn nothing_analyzed_is_an_error() {
    let p = Project::new();
    p.write("latin1.go", b"package m\n// \xff\n".as_slice());
    p.run(&[])
        .assert_code(2)
        .assert_stderr_has(&["warning: latin1.go:", "error: nothing was analyzed"]);
    // Named as a file, too.
    p.run(&["latin1.go"]).assert_code(2);
}

#[cfg(unix)]
#[test]
fn nothing_analyzed_through_broken_links_is_an_error() {
    let p = Project::new();
    std::os::unix::fs::symlink(p.join("nowhere.go"), p.join("dangling.go")).unwrap();
    p.run(&[])
        .assert_code(2)
        .assert_stderr_has(&["dangling.go: broken symbolic link", "nothing was analyzed"]);
    let q = Project::new();
    std::os::unix::fs::symlink(q.join("loop.go"), q.join("loop.go")).unwrap();
    q.run(&[])
        .assert_code(2)
        .assert_stderr_has(&["loop.go: symbolic link loop", "nothing was analyzed"]);
}

/// An unlistable directory. Root reads it anyway, so the case is skipped
/// (with a note) when the tests run as root, as they do in CI.
#[cfg(unix)]
#[test]
fn nothing_analyzed_in_an_unlistable_directory_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new();
    p.write("locked/a.go", ASSERT);
    let locked = p.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        eprintln!("skipped: running as root, chmod 000 does not stop root from listing");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let run = p.run(&["./locked"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    run.assert_code(2)
        .assert_stderr_has(&["cannot read directory", "nothing was analyzed"]);
}

/// 105 `defer mu.Unlock()` in one loop: 100 findings and a note for the
/// other 5, in every format; suppressed findings do not count.
#[test]
fn findings_per_rule_per_file_are_capped_with_a_note() {
    let p = Project::new();
    let mut src = String::from(
        "package m\n\nimport \"sync\"\n\nfunc l(mu *sync.Mutex, n int) {\n\tfor k := 0; k < n; k++ {\n",
    );
    for i in 0..105 {
        // The first ten are suppressed.
        let nolint = if i < 10 {
            " //nolint:GL401 // on purpose"
        } else {
            ""
        };
        src.push_str(&format!("\t\tdefer mu.Unlock(){nolint}\n"));
    }
    src.push_str("\t}\n}\n");
    p.write("a.go", &src);
    let run = p.run(&["--format", "json"]);
    run.assert_code(1);
    let json = run.json();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 95, "95 findings and no note: {json:#}");
    assert!(diags.iter().all(|d| d["severity"] == "warning"));

    let run = p.run(&["--format", "json", "--max-findings-per-rule", "40"]);
    let json = run.json();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 41, "{json:#}");
    let note = &diags[40];
    assert_eq!(note["severity"], "note", "{note:#}");
    assert_eq!(note["code"], "GL401");
    assert_eq!(
        note["message"], "55 more GL401 findings in this file not shown",
        "{note:#}"
    );
    // The note is where the first finding not shown is: line 7 + 10 + 40.
    assert_eq!(note["start"]["line"], 57, "{note:#}");

    let text = p.run(&["--max-findings-per-rule", "40"]);
    assert!(
        text.stdout
            .contains("note[GL401]: 55 more GL401 findings in this file not shown"),
        "{}",
        text.stdout
    );
    let github = p.run(&["--format", "github", "--max-findings-per-rule", "40"]);
    assert!(
        github.stdout.contains("::notice file=a.go,line=57,"),
        "{}",
        github.stdout
    );
    let sarif = p.run(&["--format", "sarif", "--max-findings-per-rule", "40"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 41);
    assert_eq!(results[40]["level"], "note");

    let all = p.run(&["--format", "json", "--max-findings-per-rule", "0"]);
    assert_eq!(all.json()["diagnostics"].as_array().map(Vec::len), Some(95));
}

/// A generated file over a MiB is parsed in parts: its findings are
/// the same as if it were parsed whole (imports resolve in the last part, a
/// `//nolint` there applies), and valid code gives no GL000.
#[test]
fn a_big_file_is_analyzed_in_parts() {
    let p = Project::new();
    let mut src = String::from("package m\n\nimport (\n\t\"os\"\n\t\"sync\"\n)\n\n");
    let mut i = 0;
    while src.len() < 3 << 19 {
        src.push_str(&format!(
            "// F{i} has a raw string that looks like code.\nfunc F{i}(mu *sync.Mutex) string {{\n\tmu.Lock()\n\tdefer mu.Unlock()\n\treturn `\nfunc fake{i}() {{\n`\n}}\n\nvar table{i} = map[string]int{{\"a{i}\": {i}, \"b{i}\": {i} + 1}}\n\n"
        ));
        i += 1;
    }
    src.push_str("func Last(names []string) {\n\tfor _, n := range names {\n\t\tf, _ := os.Open(n)\n\t\tdefer f.Close()\n\t\tg, _ := os.Open(n)\n\t\tdefer g.Close() //nolint:GL401 // on purpose\n\t}\n}\n");
    let last_line = src.lines().count() - 4;
    p.write("big.go", &src);
    let run = p.run(&["--format", "json"]);
    run.assert_code(1);
    assert_eq!(run.findings(), vec![format!("big.go:{last_line} GL401")]);
}

#[test]
fn more_threads_than_cpus_is_a_warning() {
    let p = Project::new();
    p.write("a.go", CLEAN);
    p.run(&["--threads", "100000"])
        .assert_code(0)
        .assert_stderr_has(&["warning: --threads 100000 is more than the"]);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let p = Project::new();
    for i in 0..12 {
        let pkg = format!("p{i}");
        for j in 0..3 {
            let text = format!(
                "package {pkg}\n\nfunc f{j}(x interface{{}}) (int, string) {{\n\treturn x.(int), x.(string)\n}}\n\nfunc g{j}() {{\n\tfor {{\n\t\tdefer println()\n\t}}\n}}\n"
            );
            p.write(&format!("{pkg}/f{j}.go"), text);
        }
        p.write(
            &format!("{pkg}/broken.go"),
            BROKEN.replace("package m", &format!("package {pkg}")),
        );
    }
    for format in ["text", "json", "sarif", "github"] {
        let one = p.run(&["--threads", "1", "--format", format]);
        let two = p.run(&["--threads", "2", "--format", format]);
        one.assert_code(1);
        assert!(one.stdout.len() > 1000, "{}", one.stdout);
        assert!(
            one.stdout == two.stdout,
            "{format} output differs between 1 and 2 threads"
        );
    }
}

#[test]
fn rules_lists_every_rule_with_aligned_columns() {
    let p = Project::new();
    let run = p.run(&["rules"]);
    run.assert_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("CODE "), "{}", run.stdout);
    for code in ["GL000", "GL001", "GL002", "GL003", "GL601"] {
        assert!(
            lines.iter().any(|l| l.starts_with(code)),
            "{code} missing:\n{}",
            run.stdout
        );
    }
    let name_col = lines[0].find("NAME").unwrap();
    let summary_col = lines[0].find("SUMMARY").unwrap();
    let default_col = lines[0].find("DEFAULT").unwrap();
    let table: Vec<&str> = lines
        .iter()
        .copied()
        .take_while(|l| !l.is_empty())
        .collect();
    let row = |code: &str| {
        table
            .iter()
            .find(|l| l.starts_with(code))
            .copied()
            .unwrap_or("")
    };
    assert_eq!(&row("GL401")[default_col..default_col + 3], "yes");
    assert_eq!(&row("GL601")[default_col..default_col + 3], "no ");
    assert!(
        run.stdout.contains("--extend-select CODE"),
        "{}",
        run.stdout
    );
    for l in &table[1..] {
        assert_ne!(l.as_bytes()[name_col], b' ', "{l}");
        assert_eq!(&l[name_col - 2..name_col], "  ", "{l}");
        assert_ne!(l.as_bytes()[summary_col], b' ', "{l}");
    }
}

#[test]
fn rule_prints_the_whole_doc() {
    let p = Project::new();
    let run = p.run(&["rule", "GL601"]);
    run.assert_code(0);
    for part in [
        "GL601",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "Use instead",
    ] {
        assert!(run.stdout.contains(part), "{part} missing:\n{}", run.stdout);
    }
    let by_name = p.run(&["rule", "unused-directive"]);
    by_name.assert_code(0);
    assert!(
        by_name.stdout.starts_with("GL002 unused-directive"),
        "{}",
        by_name.stdout
    );

    let run = p.run(&["rule", "GL61"]);
    run.assert_code(2);
    assert!(run.stderr.contains("unknown rule `GL61`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `GL601`?")
            || run.stderr.contains("did you mean `GL401`?"),
        "{}",
        run.stderr
    );
    let run = p.run(&["rule", "something-else-entirely"]);
    run.assert_code(2);
    assert!(run.stderr.contains("golint-rs rules"), "{}", run.stderr);
}

#[test]
fn parse_only_counts_files_and_bytes() {
    let p = Project::new();
    p.write("a.go", ASSERT).write("sub/b.go", CLEAN);
    let run = p.run(&["parse-only", "--threads", "1"]);
    run.assert_code(0);
    let bytes = ASSERT.len() + CLEAN.len();
    assert!(
        run.stderr.starts_with(&format!("2 files, {bytes} bytes")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn sarif_category_names_the_run() {
    let p = Project::new();
    p.write("a.go", ASSERT);
    let run = p.run(&["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF");
    assert_eq!(sarif["runs"][0]["automationDetails"]["id"], "golint-rs/");
    let run = p.run(&["--format", "sarif", "--sarif-category", "backend/api"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF");
    assert_eq!(sarif["runs"][0]["automationDetails"]["id"], "backend/api/");
    p.run(&["--sarif-category", "bad/"]).assert_code(2);
}
