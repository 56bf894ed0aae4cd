//! GitHub Actions workflow commands: one `::warning file=…::message` line per
//! diagnostic, which the runner turns into an inline annotation on the PR.
//!
//! GitHub shows only the first few annotations of a step, so a plain closing
//! line counts the findings per rule.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::resolve::Resolver;
use crate::{Diagnostic, Severity};

pub(super) fn render(w: &mut dyn Write, diags: &[Diagnostic], files: &Resolver) -> io::Result<()> {
    for d in diags {
        writeln!(w, "{}", command(d, files))?;
    }
    writeln!(w, "{}", summary(diags))
}

fn command(d: &Diagnostic, files: &Resolver) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let loc = files.locate(d.span);
    let mut props = format!("file={},line={}", escape_property(loc.rel), loc.start.line);
    // Columns are only honoured (and only accepted by some runners) when
    // the annotation stays on one line.
    if loc.start.line == loc.end.line {
        props += &format!(",col={}", loc.start.col);
    }
    props += &format!(",endLine={}", loc.end.line);
    if loc.start.line == loc.end.line {
        props += &format!(",endColumn={}", loc.end.col);
    }
    props += &format!(
        ",title={}",
        escape_property(&format!("{} {}", d.code, d.rule_name))
    );

    let mut message = d.message.clone();
    for l in &d.labels {
        let at = files.locate(l.span);
        message += &format!(
            "\n  related: {}:{}:{}: {}",
            at.rel, at.start.line, at.start.col, l.message
        );
    }
    if let Some(help) = &d.help {
        message += &format!("\n  help: {help}");
    }
    format!("::{level} {props}::{}", escape_data(&message))
}

/// `golint-rs: 12 findings (GL404: 7, GL601: 5)`, codes in order.
fn summary(diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return "golint-rs: no findings".to_string();
    }
    let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags {
        *per_code.entry(d.code).or_default() += 1;
    }
    let counts: Vec<String> = per_code.iter().map(|(c, n)| format!("{c}: {n}")).collect();
    let noun = if diags.len() == 1 {
        "finding"
    } else {
        "findings"
    };
    format!("golint-rs: {} {noun} ({})", diags.len(), counts.join(", "))
}

/// Escapes the message of a workflow command (the runner's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (the runner's `escapeProperty`): `:` and `,`
/// would otherwise end the value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first_and_line_breaks() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn property_also_escapes_colon_and_comma() {
        assert_eq!(escape_property("dir,x/a:b.go"), "dir%2Cx/a%3Ab.go");
        assert_eq!(escape_property("100%\n"), "100%25%0A");
    }

    #[test]
    fn summary_counts_per_code_in_order() {
        use crate::{FileId, Span};
        let d = |code| Diagnostic::new(code, "r", Span::new(FileId(0), 0, 0), "m");
        assert_eq!(summary(&[]), "golint-rs: no findings");
        assert_eq!(summary(&[d("GL601")]), "golint-rs: 1 finding (GL601: 1)");
        assert_eq!(
            summary(&[d("GL601"), d("GL404"), d("GL601")]),
            "golint-rs: 3 findings (GL404: 1, GL601: 2)"
        );
    }
}
