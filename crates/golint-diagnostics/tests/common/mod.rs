//! A small synthetic run shared by the render tests: two Go files given as
//! overrides under a fixed root, one file that cannot be read, and
//! diagnostics that exercise every part of the model.

#![allow(dead_code)] // each test binary uses a part of it

use std::path::PathBuf;
use std::sync::Arc;

use golint_diagnostics::render::{render, Format, RenderContext};
use golint_diagnostics::{
    sort_diagnostics, Diagnostic, Edit, FileId, Fix, RuleMeta, Severity, SourceMap, Span,
};

pub const ROOT: &str = "/scan/root";

pub const MAIN_GO: &str = r#"package main

import (
	"fmt"
	"time"
)

func first(v interface{}) {
	n := v.(int)
	fmt.Println("€ total:", v.(int), n)
}

func second(v interface{}) {
	n := v.(int)
	fmt.Println(n)
}

func slow() {
	start := time.Now()
	defer fmt.Println("took", time.Since(start))
}
"#;

pub const SPACE_GO: &str = r#"package main

import "os"

func open(names []string) {
	for _, name := range names {
		f, _ := os.Open(name)
		defer f.Close()
	}
}
"#;

pub static RULES: [RuleMeta; 3] = [
    RuleMeta {
        code: "GL601",
        name: "unchecked-type-assertion",
        summary: "single-value type assertion panics when the type does not match",
        doc: " ## What it does\n Finds single-value type assertions `x.(T)`\n outside a type switch.\n\n ## Why is this bad?\n It panics.\n\n ## Example\n ```go\n n := v.(int)\n ```\n\n Use instead:\n ```go\n n, ok := v.(int)\n ```\n",
        default_severity: Severity::Warning,
        default_enabled: false,
    },
    RuleMeta {
        code: "GL404",
        name: "defer-eager-args",
        summary: "the arguments of a deferred call are evaluated at the `defer` statement",
        doc: " ## What it does\n Finds deferred calls whose arguments\n are evaluated too early.\n",
        default_severity: Severity::Warning,
        default_enabled: true,
    },
    RuleMeta {
        code: "GL401",
        name: "defer-in-loop",
        summary: "`defer` inside a loop runs only when the function returns",
        doc: " ## What it does\n Finds `defer` in loops.\n",
        default_severity: Severity::Error,
        default_enabled: true,
    },
];

pub struct Fixture {
    pub sources: SourceMap,
    pub diags: Vec<Diagnostic>,
}

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn find(file: FileId, text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in fixture"));
    Span::new(file, start as u32, (start + needle.len()) as u32)
}

pub fn sources(main_go: &str) -> (SourceMap, FileId, FileId, FileId) {
    let mut sources = SourceMap::new(ROOT);
    let main = sources.add(PathBuf::from("/scan/root/a/main.go"), "a/main.go".into());
    let space = sources.add(
        PathBuf::from("/scan/root/b/with space.go"),
        "b/with space.go".into(),
    );
    // Never written: stands for a file deleted or unreadable since the scan.
    let gone = sources.add(
        PathBuf::from("/nonexistent/golint-rs-test/gone.go"),
        "c/gone.go".into(),
    );
    sources.set_override(main, Arc::from(main_go));
    sources.set_override(space, Arc::from(SPACE_GO));
    (sources, main, space, gone)
}

pub fn main_go_diags(main: FileId, text: &str) -> Vec<Diagnostic> {
    let assertion = |nth| {
        Diagnostic::new(
            "GL601",
            "unchecked-type-assertion",
            find(main, text, "v.(int)", nth),
            "type assertion to `int` panics if `v` holds another type",
        )
        .with_primary_label("panics unless `v` holds an `int`")
        .with_help("use the comma-ok form: `n, ok := v.(int)`")
    };
    let call = find(main, text, "fmt.Println(\"took\", time.Since(start))", 0);
    let empty_at = |offset| Span::new(main, offset, offset);
    let defer_args = Diagnostic::new(
        "GL404",
        "defer-eager-args",
        find(main, text, "time.Since(start)", 0),
        "`time.Since(start)` is evaluated when the `defer` statement runs, not when `slow` returns",
    )
    .with_primary_label("evaluated now")
    .with_label(find(main, text, "defer", 0), "deferred here")
    .with_note("the deferred call logs a duration of about zero")
    .with_fix(Fix {
        message: "wrap the call in a function literal".into(),
        edits: vec![
            Edit {
                span: empty_at(call.start),
                replacement: "func() { ".into(),
            },
            Edit {
                span: empty_at(call.end),
                replacement: " }()".into(),
            },
        ],
    });
    vec![assertion(0), assertion(1), assertion(2), defer_args]
}

pub fn fixture() -> Fixture {
    let (sources, main, space, gone) = sources(MAIN_GO);
    let mut diags = main_go_diags(main, MAIN_GO);
    diags.push(
        Diagnostic::new(
            "GL401",
            "defer-in-loop",
            find(space, SPACE_GO, "defer f.Close()", 0),
            "`defer` inside a loop: the files stay open until `open` returns",
        )
        .with_severity(Severity::Error)
        .with_primary_label("runs only when `open` returns")
        .with_label(
            find(space, SPACE_GO, "for _, name := range names", 0),
            "loop",
        )
        .with_label(
            find(main, MAIN_GO, "func slow()", 0),
            "a related place, in another file, with a comma: and colon",
        )
        .with_help("move the body into a function, or close `f` in the loop"),
    );
    diags.push(
        Diagnostic::new(
            "GL999",
            "internal",
            Span::new(gone, 10, 20),
            "a finding in a file that can no longer be read",
        )
        .with_severity(Severity::Note)
        .with_label(Span::new(gone, 30, 40), "unreadable too"),
    );
    sort_diagnostics(&mut diags);
    Fixture { sources, diags }
}

pub fn render_to_string(format: Format, fx: &Fixture, color: bool) -> String {
    let cx = RenderContext {
        sources: &fx.sources,
        rules: &RULES,
        tool_version: "0.0.0-test",
        color,
        sarif_category: None,
    };
    let mut out = Vec::new();
    render(format, &mut out, &fx.diags, &cx).expect("rendering to memory cannot fail");
    String::from_utf8(out).expect("renderers write UTF-8")
}

/// Spans past the end, inside a UTF-8 sequence, or in a file the source
/// map does not know: every renderer still writes something, and nothing panics.
pub fn broken_spans() -> Fixture {
    let (sources, main, _, _) = sources(MAIN_GO);
    let euro = MAIN_GO.find('€').expect("euro sign") as u32;
    let diags = vec![
        Diagnostic::new(
            "GL601",
            "r",
            Span::new(main, euro + 1, euro + 2),
            "inside a character",
        )
        .with_label(Span::new(main, 9_000, 9_999), "past the end"),
        Diagnostic::new("GL601", "r", Span::new(FileId(42), 0, 5), "unknown file"),
    ];
    Fixture { sources, diags }
}
