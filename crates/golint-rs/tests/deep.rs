//! Deep nesting never takes golint-rs down. Each shape generated code
//! reaches (a 3,000-term `||`, 460 nested function literals, 100,000 nested
//! blocks…), at the size seen in the wild and well above, sits in a package
//! next to a file with a known finding; the command line and the language
//! server still report that finding, and the deep file yields at most a
//! warning.

use serde_json::json;

mod common;
use common::lsp::Server;
use common::{Project, DEFER_LOOP};

/// Line of the GL401 in [`DEFER_LOOP`].
const FINDING_LINE: u32 = 8;

fn func(body: &str) -> String {
    format!("package m\n\nfunc deep(a bool, x int, ch chan int) any {{\n{body}\n\treturn nil\n}}\n")
}

fn nest(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

fn lines(n: usize, line: impl Fn(usize) -> String) -> String {
    (0..n).map(line).collect()
}

/// Each shape at the sizes to try: (name, source).
fn shapes() -> Vec<(String, String)> {
    type Gen = fn(usize) -> String;
    let gens: Vec<(&str, Gen, &[usize])> = vec![
        (
            "or",
            |n| func(&format!("\t_ = a{}", " || a".repeat(n - 1))),
            &[3_000, 30_000],
        ),
        (
            "concat",
            |n| {
                format!(
                    "package m\n\nvar s = \"x\"{}\n",
                    " +\n\t\"line\"".repeat(n - 1)
                )
            },
            &[3_000, 30_000],
        ),
        (
            "funclit",
            |n| func(&nest("func() {\n", "x++\n", "}()\n", n)),
            &[460, 3_000],
        ),
        (
            "for",
            |n| func(&nest("for {\n", "x++\n", "}\n", n)),
            &[900, 5_000],
        ),
        (
            "if",
            |n| func(&nest("if a {\n", "x++\n", "}\n", n)),
            &[2_500, 20_000],
        ),
        (
            "block",
            |n| func(&nest("{", "x++", "}", n)),
            &[100_000, 400_000],
        ),
        (
            // Deep nesting in a function literal in a goroutine, with a
            // channel operation at the bottom.
            "go",
            |n| {
                func(&format!(
                    "\tgo func() {{\n{}\t}}()\n\t<-ch",
                    nest("if a {\n", "ch <- 1\n", "}\n", n)
                ))
            },
            &[2_500],
        ),
        (
            "selector",
            |n| {
                format!(
                    "package m\n\ntype T struct{{ a *T }}\n\nvar t T\nvar y = t{}\n",
                    ".a".repeat(n)
                )
            },
            &[3_000],
        ),
        (
            "paren",
            |n| func(&format!("\t_ = {}", nest("(", "x", ")", n))),
            &[50_000],
        ),
        (
            "composite",
            |n| func(&format!("\t_ = {}", nest("[]any{", "1", "}", n))),
            &[3_000],
        ),
        (
            "map",
            |n| func(&format!("\t_ = {}", nest("map[int]any{1: ", "1", "}", n))),
            &[3_000],
        ),
        (
            "slicetype",
            |n| format!("package m\n\nvar v {}int\n", "[]".repeat(n)),
            &[10_000],
        ),
        (
            "pointertype",
            |n| format!("package m\n\ntype T int\n\nvar v {}T\n", "*".repeat(n)),
            &[10_000],
        ),
        (
            "not",
            |n| func(&format!("\t_ = {}a", "!".repeat(n))),
            &[10_000],
        ),
        (
            "minus",
            |n| func(&format!("\t_ = {}x", "- ".repeat(n))),
            &[10_000],
        ),
        (
            "receive",
            |n| func(&format!("\t_ = {}ch", "<-".repeat(n))),
            &[3_000],
        ),
        (
            "rightsum",
            |n| func(&format!("\t_ = {}", nest("x + (", "x", ")", n))),
            &[3_000],
        ),
        (
            "call",
            |n| {
                func(&format!("\t_ = {}", nest("g(", "x", ")", n)))
                    + "\nfunc g(int) int { return 0 }\n"
            },
            &[3_000],
        ),
        (
            "method",
            |n| {
                format!("package m\n\ntype B struct{{}}\n\nfunc (b B) M() B {{ return b }}\n\nvar b B\nvar y = b{}\n", ".M()".repeat(n))
            },
            &[3_000],
        ),
        (
            "closurecall",
            |n| {
                func(&format!(
                    "\t_ = {}",
                    nest("func() int { return ", "x", " }()", n)
                ))
            },
            &[1_000],
        ),
        (
            "elseif",
            |n| {
                func(&format!(
                    "\tif x == 0 {{\n\t\tx++\n{}\t}}",
                    lines(n, |i| format!(
                        "\t}} else if v := x; v == {i} {{\n\t\tch <- v\n"
                    ))
                ))
            },
            &[10_000],
        ),
        (
            "switch",
            |n| {
                func(&format!(
                    "\tswitch x {{\n{}\t}}",
                    lines(n, |i| format!("\tcase {i}:\n\t\tx++\n"))
                ))
            },
            &[10_000],
        ),
        (
            "nestedswitch",
            |n| func(&nest("switch {\ncase a:\n", "x++\n", "}\n", n)),
            &[2_000],
        ),
        (
            "select",
            |n| func(&nest("select {\ncase <-ch:\n", "x++\n", "}\n", n)),
            &[2_000],
        ),
        (
            "labels",
            |n| func(&format!("{}\tx++", lines(n, |i| format!("L{i}:\n")))),
            &[3_000],
        ),
        (
            "buildtag",
            |n| {
                format!(
                    "//go:build {}\n\n{}",
                    nest("!(", "linux", ")", n),
                    func("\tx++")
                )
            },
            &[100_000],
        ),
    ];
    let mut out = Vec::new();
    for (name, gen, sizes) in gens {
        for &n in sizes {
            out.push((format!("{name}{n}"), gen(n)));
        }
    }
    out
}

/// A module with one package per shape: `<shape>/deep.go` and
/// `<shape>/good.go` (a GL401 on line 8).
fn project(shapes: &[(String, String)]) -> Project {
    let p = Project::new();
    for (name, src) in shapes {
        p.write(&format!("{name}/deep.go"), src);
        p.write(&format!("{name}/good.go"), DEFER_LOOP);
    }
    p
}

/// The brief's shapes at the sizes seen in the wild.
const IN_THE_WILD: [&str; 9] = [
    "or3000",
    "concat3000",
    "funclit460",
    "for900",
    "if2500",
    "block100000",
    "go2500",
    "elseif10000",
    "composite3000",
];

/// Runs over the shapes at once; on failure, shape by shape to name the
/// ones that fail.
fn check(threads: &str, all: Vec<(String, String)>) {
    let p = project(&all);
    let run = p.run(&["--threads", threads, "--format", "json", "./..."]);
    if run.code == 1 && verdict(&all, &run).is_empty() {
        return;
    }
    let mut failures = Vec::new();
    for shape in &all {
        let p = project(std::slice::from_ref(shape));
        let run = p.run(&["--threads", threads, "--format", "json", "./..."]);
        let mut problems = verdict(std::slice::from_ref(shape), &run);
        if run.code != 1 {
            problems.push(format!("exit {}", run.code));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", shape.0, problems.join("; ")));
        }
    }
    panic!(
        "--threads {threads}: exit {} over all shapes; alone:\n{}\nstderr:\n{}",
        run.code,
        failures.join("\n"),
        run.stderr
    );
}

/// What is wrong with a run over `shapes`: a missing or extra finding, a
/// warning other than about nesting in a deep file.
fn verdict(shapes: &[(String, String)], run: &common::Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code >= 2 || !run.stdout.starts_with('{') {
        problems.push(format!("no report (exit {})", run.code));
        return problems;
    }
    let mut found = run.findings();
    found.sort();
    let mut want: Vec<String> = shapes
        .iter()
        .map(|(name, _)| format!("{name}/good.go:{FINDING_LINE} GL401"))
        .collect();
    want.sort();
    if found != want {
        problems.push(format!("findings {found:?}, want {want:?}"));
    }
    for line in run.stderr.lines() {
        let Some(w) = line.strip_prefix("warning: ") else {
            continue;
        };
        let about_deep_file = w.contains("/deep.go:") && w.contains("nested deeper than");
        if !about_deep_file {
            problems.push(format!("unexpected warning: {w}"));
        }
    }
    if run.stderr.contains("panicked") || run.stderr.contains("internal error") {
        problems.push(format!("stderr: {}", run.stderr));
    }
    problems
}

#[test]
fn deep_shapes_complete_and_the_finding_next_to_them_is_reported() {
    check("2", shapes());
}

#[test]
fn deep_shapes_on_one_thread() {
    let wild = shapes()
        .into_iter()
        .filter(|(name, _)| IN_THE_WILD.contains(&name.as_str()))
        .collect();
    check("1", wild);
}

/// The first shape past the budget is named in a warning with its line.
#[test]
fn the_warning_names_the_file_and_line() {
    let p = Project::new();
    p.write("good.go", DEFER_LOOP);
    p.write("deep.go", func(&nest("if a {\n", "x++\n", "}\n", 2_500)));
    let run = p.run(&["./..."]);
    run.assert_code(1);
    // `if` number k is on line 3 + k and k levels deep; the condition of
    // `if` number 1000 is the first thing past the budget.
    run.assert_stderr_has(&["warning: deep.go:1003: nested deeper than 1000 levels"]);
    assert!(run.stdout.contains("GL401"), "{}", run.stdout);
}

/// The language server: the deep file is opened, then edited into each
/// shape in turn; every analysis publishes nothing for it and the GL401
/// for the good file, and the session still answers at the end.
#[test]
fn language_server_survives_deep_buffers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::write(root.join("go.mod"), "module example.com/m\n\ngo 1.19\n").expect("go.mod");
    std::fs::write(root.join("good.go"), DEFER_LOOP).expect("good.go");
    std::fs::write(root.join("deep.go"), "package m\n").expect("deep.go");
    let deep = format!("file://{}", root.join("deep.go").display());
    let good = format!("file://{}", root.join("good.go").display());

    let mut s = Server::start(&root);
    s.init(&root);
    let all = shapes();
    for (version, name) in IN_THE_WILD.iter().enumerate() {
        let src = &all
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no shape {name}"))
            .1;
        if version == 0 {
            s.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": deep, "languageId": "go", "version": 0, "text": src}}),
            );
        } else {
            s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": deep, "version": version}, "contentChanges": [{"text": src}]}),
            );
        }
        let diags = s.diagnostics(&deep);
        assert!(diags.is_empty(), "{name}: {diags:#?}");
        let diags = s.diagnostics(&good);
        let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
        assert_eq!(codes, vec!["GL401"], "{name}: {diags:#?}");
    }
    s.shutdown();
}
