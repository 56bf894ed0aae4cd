//! The JSON rendering, for editor wrappers and scripts.
//!
//! # Schema (version 1)
//!
//! The schema is stable: fields may be added within version 1, none is
//! removed or changes meaning without bumping `version`. The same text lives
//! in `docs/json-output.md`.
//!
//! ```text
//! {
//!   "version": 1,
//!   "tool": { "name": "golint-rs", "version": "0.1.0" },
//!   "diagnostics": [
//!     {
//!       "code": "GL601",                        // rule code
//!       "rule": "unchecked-type-assertion",     // rule name, kebab case
//!       "severity": "warning",                  // "error" | "warning" | "note"
//!       "message": "...",                       // one line
//!       "label": "...",                         // primary label message, may be ""
//!       "file": "pkg/a.go",                     // relative to the scan root, '/'-separated
//!       "start": { "line": 3, "column": 5 },    // 1-based; columns count Unicode characters
//!       "end":   { "line": 3, "column": 12 },   // exclusive
//!       "related": [ { "file", "start", "end", "message" } ],
//!       "notes": [ "..." ],
//!       "help": "..." | null,
//!       "fix": { "message": "...",
//!                "edits": [ { "file", "start", "end", "replacement" } ] } | null
//!     }
//!   ]
//! }
//! ```
//!
//! Diagnostics come sorted by file, position and code. A file that could not
//! be read again when rendering has every position at line 1, column 1.

use std::io::{self, Write};

use serde::Serialize;

use super::resolve::Resolver;
use super::RenderContext;
use crate::{Diagnostic, LineCol, Span};

/// Bumped only on an incompatible change of the schema above.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool<'a>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    label: &'a str,
    file: &'a str,
    start: Position,
    end: Position,
    related: Vec<Related<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

impl From<LineCol> for Position {
    fn from(lc: LineCol) -> Self {
        Position {
            line: lc.line,
            column: lc.col,
        }
    }
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    start: Position,
    end: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    start: Position,
    end: Position,
    replacement: &'a str,
}

pub(super) fn render(
    w: &mut dyn Write,
    diags: &[Diagnostic],
    files: &Resolver,
    cx: &RenderContext,
) -> io::Result<()> {
    let output = Output {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "golint-rs",
            version: cx.tool_version,
        },
        diagnostics: diags.iter().map(|d| convert(d, files)).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &output)?;
    writeln!(w)
}

fn convert<'a>(d: &'a Diagnostic, files: &Resolver<'a>) -> JsonDiagnostic<'a> {
    let (file, start, end) = place(files, d.span);
    JsonDiagnostic {
        code: d.code,
        rule: d.rule_name,
        severity: d.severity.as_str(),
        message: &d.message,
        label: &d.primary_label,
        file,
        start,
        end,
        related: d
            .labels
            .iter()
            .map(|l| {
                let (file, start, end) = place(files, l.span);
                Related {
                    file,
                    start,
                    end,
                    message: &l.message,
                }
            })
            .collect(),
        notes: &d.notes,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            message: &f.message,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (file, start, end) = place(files, e.span);
                    JsonEdit {
                        file,
                        start,
                        end,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        }),
    }
}

fn place<'a>(files: &Resolver<'a>, span: Span) -> (&'a str, Position, Position) {
    let loc = files.locate(span);
    (loc.rel, loc.start.into(), loc.end.into())
}
