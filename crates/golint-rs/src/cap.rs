//! Bounded findings: at most `limit` findings of one rule in one file are
//! shown, followed by one note saying how many more there are.
//!
//! Why 100 by default: a reviewer reads the first few findings of a rule in
//! a file and either fixes the pattern or suppresses the rule for the file;
//! the 101st finding of GL401 in one file tells nothing the first 100 did
//! not. Real hand-written code stays far below it (the most in one file of
//! the Go standard library and Debian's Go sources is in the tens), while
//! generated code reaches hundreds of thousands (a 9 MB file gave 333,200),
//! which cost a gigabyte to keep and render. `--max-findings-per-rule N`
//! changes it, `0` lifts it.
//!
//! Two stages. While the rules run ([`early_findings`]), a rule's findings
//! beyond `max(limit, EARLY_LIMIT)` in one file are counted and dropped as
//! the rule makes them (`golint_rules::Findings`), so memory never holds
//! more than twice that many of them. After suppression and
//! every filter ([`apply`], the `//nolint`ed and baselined findings no
//! longer count), the user's `limit` applies and the note is added. Only a
//! file with more than `EARLY_LIMIT` findings of one rule sees its
//! suppressions counted before the cut.

use std::collections::BTreeMap;

use golint_diagnostics::{sort_diagnostics, Diagnostic, FileId, RuleMeta, Severity, Span};
use golint_rules::Findings;

/// The default `--max-findings-per-rule`.
pub const DEFAULT_LIMIT: usize = 100;

/// Findings of one rule in one file kept while the rules run, before
/// suppression, when the user's limit is lower.
const EARLY_LIMIT: usize = 1000;

/// Findings not shown, by file and rule code: how many, and the first one's
/// span (where the note goes).
#[derive(Clone, Debug, Default)]
pub struct Hidden(BTreeMap<(FileId, &'static str), (usize, Span)>);

impl Hidden {
    fn add(&mut self, file: FileId, code: &'static str, n: usize, first: Span) {
        let e = self.0.entry((file, code)).or_insert((0, first));
        e.0 += n;
        if (first.start, first.end) < (e.1.start, e.1.end) {
            e.1 = first;
        }
    }

    pub fn merge(&mut self, other: Hidden) {
        for ((file, code), (n, first)) in other.0 {
            self.add(file, code, n, first);
        }
    }
}

/// The first stage: how many findings of one rule in one file a rule's
/// [`Findings`] keeps while it runs, for the user's `limit`.
pub fn early_findings(limit: usize) -> Findings {
    if limit == 0 {
        Findings::new(0)
    } else {
        Findings::new(limit.max(EARLY_LIMIT))
    }
}

/// Ends the first stage: the findings kept, with what the bound dropped
/// counted in `hidden`.
pub fn early_finish(found: Findings, hidden: &mut Hidden) -> Vec<Diagnostic> {
    let (kept, dropped) = found.finish();
    for ((file, code), (n, first)) in dropped {
        hidden.add(file, code, n, first);
    }
    kept
}

/// Keeps `keep` findings per (file, code), the first by position; counts
/// the others in `hidden`.
fn cut(diags: &mut Vec<Diagnostic>, keep: usize, hidden: &mut Hidden) {
    // Stable: equal positions keep the rule's (deterministic) order.
    diags.sort_by_key(|d| (d.span.file, d.span.start, d.span.end));
    let mut count: BTreeMap<(FileId, &'static str), usize> = BTreeMap::new();
    diags.retain(|d| {
        let n = count.entry((d.span.file, d.code)).or_insert(0);
        *n += 1;
        if *n <= keep {
            return true;
        }
        hidden.add(d.span.file, d.code, 1, d.span);
        false
    });
}

/// The second stage, on the findings about to be shown: at most `limit` per
/// rule per file, and for each (file, rule) with hidden findings a note at
/// the first hidden one. The result is in output order.
pub fn apply(
    mut diags: Vec<Diagnostic>,
    early: &Hidden,
    limit: usize,
    metas: &[RuleMeta],
) -> Vec<Diagnostic> {
    if limit == 0 {
        return diags;
    }
    // Findings dropped early in a file whose shown findings of that rule
    // were all filtered out afterwards (a generated file, an excluded path,
    // a `//lint:file-ignore`, a baseline) went the same way: no note.
    let shown: std::collections::BTreeSet<(FileId, &'static str)> =
        diags.iter().map(|d| (d.span.file, d.code)).collect();
    let mut hidden = Hidden::default();
    for (key, &(n, first)) in &early.0 {
        if shown.contains(key) {
            hidden.add(key.0, key.1, n, first);
        }
    }
    cut(&mut diags, limit, &mut hidden);
    for ((_, code), (n, first)) in hidden.0 {
        let Some(meta) = metas.iter().find(|m| m.code == code) else {
            continue;
        };
        let findings = if n == 1 { "finding" } else { "findings" };
        diags.push(
            Diagnostic::new(
                meta.code,
                meta.name,
                first,
                format!("{n} more {code} {findings} in this file not shown"),
            )
            .with_severity(Severity::Note)
            .with_note(format!(
                "at most {limit} findings of a rule are shown per file; \
                 `--max-findings-per-rule 0` shows them all"
            )),
        );
    }
    sort_diagnostics(&mut diags);
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> RuleMeta {
        golint_rules::registry::all()
            .iter()
            .find(|r| r.meta().code == "GL401")
            .map(|r| r.meta().clone())
            .expect("GL401")
    }

    fn diag(file: u32, start: u32) -> Diagnostic {
        Diagnostic::new(
            "GL401",
            "defer-in-loop",
            Span::new(FileId(file), start, start + 1),
            "x".to_string(),
        )
    }

    #[test]
    fn keeps_the_first_per_file_and_notes_the_rest() {
        // File 0: 5 findings, written in reverse; file 1: 2.
        let mut diags: Vec<Diagnostic> = (0..5).rev().map(|i| diag(0, i * 10)).collect();
        diags.push(diag(1, 0));
        diags.push(diag(1, 5));
        let out = apply(diags, &Hidden::default(), 3, &[meta()]);
        let file0: Vec<(u32, Severity)> = out
            .iter()
            .filter(|d| d.span.file == FileId(0))
            .map(|d| (d.span.start, d.severity))
            .collect();
        assert_eq!(
            file0,
            vec![
                (0, Severity::Warning),
                (10, Severity::Warning),
                (20, Severity::Warning),
                (30, Severity::Note),
            ]
        );
        let note = out.iter().find(|d| d.severity == Severity::Note).unwrap();
        assert_eq!(note.message, "2 more GL401 findings in this file not shown");
        assert_eq!(out.iter().filter(|d| d.span.file == FileId(1)).count(), 2);
    }

    #[test]
    fn the_early_stage_adds_to_the_note() {
        let mut found = early_findings(100);
        found.extend((0..(EARLY_LIMIT as u32 + 7)).rev().map(|i| diag(0, i)));
        let mut hidden = Hidden::default();
        let found = early_finish(found, &mut hidden);
        assert_eq!(found.len(), EARLY_LIMIT);
        let out = apply(found, &hidden, 100, &[meta()]);
        assert_eq!(out.len(), 101);
        let note = &out[100];
        assert_eq!(note.severity, Severity::Note);
        assert_eq!(note.span.start, 100);
        assert!(note
            .message
            .starts_with(&format!("{} more", EARLY_LIMIT + 7 - 100)));
        // Every shown finding filtered out (a generated file): no note.
        assert!(apply(Vec::new(), &hidden, 100, &[meta()]).is_empty());
        // No limit: nothing dropped.
        let mut found = early_findings(0);
        found.extend((0..2000).map(|i| diag(0, i)));
        let found = early_finish(found, &mut Hidden::default());
        assert_eq!(apply(found, &Hidden::default(), 0, &[meta()]).len(), 2000);
    }
}
