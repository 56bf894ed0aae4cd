//! Suppression directives, in the two conventions Go users already have.
//!
//! - golangci-lint: `//nolint` (every rule), `//nolint:GL601,GL401 // reason`.
//!   It covers the line it is on. Written on the first line of a top-level
//!   declaration, or on its own line directly above one (other comment
//!   lines may sit in between), it covers the whole declaration. On its own
//!   line above anything else it covers the next line, where golangci-lint
//!   would cover the next statement. `// nolint` (with a space) is not a
//!   directive. Names that are not golint-rs codes (`errcheck`) are left to
//!   golangci-lint; `all` and `golint-rs` mean every rule.
//! - staticcheck: `//lint:ignore GL601[,GL602] reason` covers the next line
//!   of code (or its own line when it trails code), `//lint:file-ignore
//!   GL601 reason` the whole file. The reason is required.
//!
//! A directive matches a diagnostic whose primary span starts on a covered
//! line. Lines are turned into byte ranges while the file's text is at hand
//! (see [`scan`]), so that applying directives later needs no text.
//!
//! Directives are checked themselves: a code no rule has is GL001, a
//! directive (or a code in it) that suppressed nothing although its rule
//! ran is GL002, a `//lint:ignore` without codes or reason is GL003.

use std::ops::Range;

use golint_diagnostics::{Diagnostic, FileId, LineIndex, Severity, Span};
use golint_ir::FileIr;
use golint_rules::meta::{MalformedDirective, UnknownRuleInDirective, UnusedDirective};

use crate::select::{Known, Selection};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Nolint,
    LintIgnore,
    LintFileIgnore,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Nolint => "//nolint",
            Kind::LintIgnore => "//lint:ignore",
            Kind::LintFileIgnore => "//lint:file-ignore",
        }
    }
}

/// A golint-rs code written in a directive, with its place for reporting.
#[derive(Clone, Debug)]
pub struct CodeRef {
    /// Upper-cased.
    pub code: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Codes {
    All(All),
    List(Vec<CodeRef>),
}

#[derive(Clone, Debug)]
pub struct Directive {
    pub kind: Kind,
    pub span: Span,
    pub codes: Codes,
    /// Covered byte ranges (whole lines); `None` for the whole file.
    pub covers: Option<Vec<Range<u32>>>,
}

impl Directive {
    fn covers(&self, offset: u32) -> bool {
        match &self.covers {
            None => true,
            Some(ranges) => ranges.iter().any(|r| r.contains(&offset)),
        }
    }
}

/// The directives of one file and the malformed ones (GL003).
#[derive(Clone, Debug, Default)]
pub struct FileDirectives {
    pub directives: Vec<Directive>,
    pub malformed: Vec<(Span, String)>,
}

/// Parses the directives of a lowered file, resolving the lines they cover.
pub fn scan(file: FileId, text: &str, ir: &FileIr) -> FileDirectives {
    let mut out = FileDirectives::default();
    if ir.directives.is_empty() {
        return out;
    }
    let lines = Lines {
        text,
        index: LineIndex::new(text),
    };
    for c in &ir.directives {
        let start = c.span.start;
        let Some(parsed) = parse(&c.text) else {
            continue;
        };
        let span = c.span;
        let code_span = |off: usize, len: usize| {
            let s = start + off as u32;
            Span::new(file, s, s + len as u32)
        };
        let (kind, codes) = match parsed {
            Parsed::Malformed(msg) => {
                out.malformed.push((span, msg));
                continue;
            }
            Parsed::Ok { kind, all, codes } => {
                let codes = if all != All::No {
                    Codes::All(all)
                } else {
                    Codes::List(
                        codes
                            .into_iter()
                            .map(|(off, code)| CodeRef {
                                span: code_span(off, code.len()),
                                code,
                            })
                            .collect(),
                    )
                };
                (kind, codes)
            }
        };
        let covers = match kind {
            Kind::LintFileIgnore => None,
            Kind::LintIgnore => {
                let line = lines.line_of(start);
                let target = if lines.trails_code(line, start) {
                    line
                } else {
                    lines.next_code_line(line, true)
                };
                Some(vec![lines.range(target, target)])
            }
            Kind::Nolint => {
                let line = lines.line_of(start);
                let mut ranges = vec![lines.range(line, line)];
                let target = if lines.trails_code(line, start) {
                    line
                } else {
                    lines.next_code_line(line, false)
                };
                ranges.push(lines.range(target, target));
                for d in &ir.decls {
                    if lines.line_of(d.head.start) == target {
                        ranges.push(
                            lines.range(lines.line_of(d.span.start), lines.line_of(d.span.end)),
                        );
                    }
                }
                Some(ranges)
            }
        };
        out.directives.push(Directive {
            kind,
            span,
            codes,
            covers,
        });
    }
    out
}

struct Lines<'t> {
    text: &'t str,
    index: LineIndex,
}

impl Lines<'_> {
    fn line_of(&self, offset: u32) -> usize {
        self.index.line_of(offset)
    }

    fn text_of(&self, line: usize) -> &str {
        let start = self.index.line_start(line) as usize;
        let end = if line + 1 < self.index.line_count() {
            self.index.line_start(line + 1) as usize
        } else {
            self.text.len()
        };
        self.text.get(start..end).unwrap_or("")
    }

    /// True when code precedes `offset` on its line.
    fn trails_code(&self, line: usize, offset: u32) -> bool {
        let start = self.index.line_start(line) as usize;
        self.text
            .get(start..offset as usize)
            .is_some_and(|s| !s.trim().is_empty())
    }

    /// The first line after `line` that is not a comment (nor blank, when
    /// `skip_blank`); `line + 1` past the end.
    fn next_code_line(&self, line: usize, skip_blank: bool) -> usize {
        let mut l = line + 1;
        while l < self.index.line_count() {
            let t = self.text_of(l).trim();
            let skip = t.starts_with("//") || (skip_blank && t.is_empty());
            if !skip {
                return l;
            }
            l += 1;
        }
        line + 1
    }

    /// Bytes of lines `first..=last`.
    fn range(&self, first: usize, last: usize) -> Range<u32> {
        let start = if first < self.index.line_count() {
            self.index.line_start(first)
        } else {
            self.text.len() as u32 + 1
        };
        let end = if last + 1 < self.index.line_count() {
            self.index.line_start(last + 1)
        } else {
            self.text.len() as u32 + 1
        };
        start..end.max(start)
    }
}

/// Whether a directive covers every rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum All {
    /// No: it lists codes.
    No,
    /// `//nolint` or `//nolint:all`: every linter's rules, ours among them.
    /// Shared with golangci-lint's other linters, so it is never reported
    /// as unused: it may be there for them.
    Shared,
    /// `//nolint:golint-rs`: every rule of ours, and only ours.
    Ours,
}

enum Parsed {
    Ok {
        kind: Kind,
        all: All,
        /// Offsets in the comment text and upper-cased golint-rs codes.
        codes: Vec<(usize, String)>,
    },
    Malformed(String),
}

/// True for the shape of a golint-rs code, `GL` and digits (any case).
fn is_our_code(s: &str) -> bool {
    s.len() > 2 && s[..2].eq_ignore_ascii_case("GL") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Parses a comment. `None` when it is not a directive for golint-rs (not a
/// directive at all, or one naming only other linters' checks).
fn parse(comment: &str) -> Option<Parsed> {
    if let Some(rest) = comment.strip_prefix("//nolint") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Some(Parsed::Ok {
                kind: Kind::Nolint,
                all: All::Shared,
                codes: Vec::new(),
            });
        }
        let list = rest.strip_prefix(':')?;
        // golangci-lint accepts `//nolint: a, b // reason`: the list ends at
        // the first space that is not next to a comma.
        let lead = list.len() - list.trim_start().len();
        let body = &list[lead..];
        let end = body
            .char_indices()
            .find(|&(i, c)| {
                c.is_whitespace()
                    && !body[..i].trim_end().ends_with(',')
                    && !body[i..].trim_start().starts_with(',')
            })
            .map_or(body.len(), |(i, _)| i);
        let mut all = if body[..end].trim().is_empty() {
            All::Shared
        } else {
            All::No
        };
        let mut codes = Vec::new();
        let base = "//nolint:".len() + lead;
        let mut off = 0;
        for name in body[..end].split(',') {
            let n = name.trim();
            let n_off = off + (name.len() - name.trim_start().len());
            if n.eq_ignore_ascii_case("all") {
                all = All::Shared;
            } else if n.eq_ignore_ascii_case("golint-rs") {
                all = All::Ours;
            } else if is_our_code(n) {
                codes.push((base + n_off, n.to_ascii_uppercase()));
            }
            off += name.len() + 1;
        }
        if all == All::No && codes.is_empty() {
            return None;
        }
        return Some(Parsed::Ok {
            kind: Kind::Nolint,
            all,
            codes,
        });
    }
    let (kind, rest) = if let Some(rest) = comment.strip_prefix("//lint:ignore") {
        (Kind::LintIgnore, rest)
    } else if let Some(rest) = comment.strip_prefix("//lint:file-ignore") {
        (Kind::LintFileIgnore, rest)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let base = comment.len() - rest.len();
    let trimmed = rest.trim_start();
    let list_off = base + (rest.len() - trimmed.len());
    let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
    let list = &trimmed[..end];
    let reason = trimmed[end..].trim();
    if list.is_empty() {
        return Some(Parsed::Malformed(format!(
            "`{}` directive without codes: write `{} GL601 reason`",
            kind.name(),
            kind.name()
        )));
    }
    let mut codes = Vec::new();
    let mut off = 0;
    for name in list.split(',') {
        if is_our_code(name) {
            codes.push((list_off + off, name.to_ascii_uppercase()));
        }
        off += name.len() + 1;
    }
    if codes.is_empty() {
        return None;
    }
    if reason.is_empty() {
        return Some(Parsed::Malformed(format!(
            "`{}` directive without a reason: write why after the codes",
            kind.name()
        )));
    }
    Some(Parsed::Ok {
        kind,
        all: All::No,
        codes,
    })
}

/// Applies the directives of each file (indexed by file id) to `diags`:
/// returns the diagnostics left, followed by the findings about the
/// directives themselves (GL001, GL002, GL003) as far as they are selected.
pub fn apply(
    diags: Vec<Diagnostic>,
    files: &[FileDirectives],
    known: &Known,
    selection: &Selection,
) -> Vec<Diagnostic> {
    // used[file][directive][code] (one slot for `All`).
    let mut used: Vec<Vec<Vec<bool>>> = files
        .iter()
        .map(|f| {
            f.directives
                .iter()
                .map(|d| match &d.codes {
                    Codes::All(_) => vec![false],
                    Codes::List(l) => vec![false; l.len()],
                })
                .collect()
        })
        .collect();
    let mut kept = Vec::with_capacity(diags.len());
    for diag in diags {
        let file = diag.span.file.0 as usize;
        let mut suppressed = false;
        if let Some(fd) = files.get(file) {
            for (i, d) in fd.directives.iter().enumerate() {
                if !d.covers(diag.span.start) {
                    continue;
                }
                match &d.codes {
                    Codes::All(_) => {
                        used[file][i][0] = true;
                        suppressed = true;
                    }
                    Codes::List(list) => {
                        for (j, c) in list.iter().enumerate() {
                            if c.code == diag.code {
                                used[file][i][j] = true;
                                suppressed = true;
                            }
                        }
                    }
                }
            }
        }
        if !suppressed {
            kept.push(diag);
        }
    }

    let report_unknown = selection.is_selected(UnknownRuleInDirective::META.code);
    let report_unused = selection.is_selected(UnusedDirective::META.code);
    let report_malformed = selection.is_selected(MalformedDirective::META.code);
    let any_rule_ran = known
        .metas
        .iter()
        .any(|m| suppressible(m.code) && selection.is_selected(m.code));
    for (fd, used) in files.iter().zip(&used) {
        if report_malformed {
            for (span, msg) in &fd.malformed {
                kept.push(meta_diag(&MalformedDirective::META, *span, msg.clone()));
            }
        }
        for (d, used) in fd.directives.iter().zip(used) {
            match &d.codes {
                Codes::All(all) => {
                    if report_unused && *all == All::Ours && any_rule_ran && !used[0] {
                        let msg = format!("`{}` directive suppresses nothing", d.kind.name());
                        kept.push(
                            meta_diag(&UnusedDirective::META, d.span, msg)
                                .with_help("remove the directive"),
                        );
                    }
                }
                Codes::List(list) => {
                    for (c, used) in list.iter().zip(used) {
                        if known.get(&c.code).is_none() {
                            if report_unknown {
                                kept.push(unknown_code(d, c, known));
                            }
                        } else if report_unused
                            && !used
                            && suppressible(&c.code)
                            && selection.is_selected(&c.code)
                        {
                            let msg = format!(
                                "`{}` directive for `{}` suppresses nothing",
                                d.kind.name(),
                                c.code
                            );
                            let help = if list.len() > 1 {
                                format!("remove `{}` from the directive", c.code)
                            } else {
                                "remove the directive".to_string()
                            };
                            kept.push(
                                meta_diag(&UnusedDirective::META, c.span, msg).with_help(help),
                            );
                        }
                    }
                }
            }
        }
    }
    kept
}

/// The findings about directives cannot themselves be suppressed.
fn suppressible(code: &str) -> bool {
    ![
        UnknownRuleInDirective::META.code,
        UnusedDirective::META.code,
        MalformedDirective::META.code,
    ]
    .contains(&code)
}

fn unknown_code(d: &Directive, c: &CodeRef, known: &Known) -> Diagnostic {
    let msg = format!(
        "`{}` directive names unknown rule `{}`",
        d.kind.name(),
        c.code
    );
    let help = match known.suggest(&c.code) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "`golint-rs rules` lists the rules".to_string(),
    };
    meta_diag(&UnknownRuleInDirective::META, c.span, msg).with_help(help)
}

fn meta_diag(meta: &golint_diagnostics::RuleMeta, span: Span, msg: String) -> Diagnostic {
    let sev: Severity = meta.default_severity;
    Diagnostic::new(meta.code, meta.name, span, msg).with_severity(sev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::CodeSet;
    use golint_ir::{Comment, Decl};

    /// A file with directives found by a naive search (enough for tests: no
    /// `//` inside strings) and one declaration per line starting with `func`.
    fn file(text: &str) -> FileDirectives {
        let mut ir = FileIr::default();
        for (i, _) in text.match_indices("//") {
            let end = text[i..].find('\n').map_or(text.len(), |e| i + e);
            let t = &text[i..end];
            if t.starts_with("//nolint") || t.starts_with("//lint:") {
                ir.directives.push(Comment {
                    span: Span::new(FileId(0), i as u32, end as u32),
                    text: t.to_string(),
                });
            }
        }
        let mut off = 0;
        for line in text.split_inclusive('\n') {
            if line.starts_with("func") {
                let end = text[off..]
                    .find("\n}\n")
                    .map_or(text.len(), |e| off + e + 2);
                let head = Span::new(FileId(0), off as u32, (off + line.len()) as u32);
                ir.decls.push(Decl {
                    span: Span::new(FileId(0), off as u32, end as u32),
                    head,
                });
            }
            off += line.len();
        }
        scan(FileId(0), text, &ir)
    }

    /// Runs a GL000 finding on each line marked `X` (the marker is the
    /// offset), and returns the lines (1-based) still reported, with codes.
    fn check(text: &str, select: &[&str]) -> Vec<(u32, &'static str, String)> {
        let fd = file(text);
        let idx = LineIndex::new(text);
        let diags = text
            .match_indices('X')
            .map(|(i, _)| {
                Diagnostic::new(
                    "GL000",
                    "syntax-error",
                    Span::new(FileId(0), i as u32, i as u32 + 1),
                    "x",
                )
            })
            .collect();
        let known = Known::load();
        let sel = Selection::new(
            (!select.is_empty()).then(|| CodeSet::parse(select, &known).unwrap()),
            CodeSet::default(),
            CodeSet::default(),
        );
        let mut out: Vec<_> = apply(diags, &[fd], &known, &sel)
            .into_iter()
            .map(|d| (idx.line_of(d.span.start) as u32 + 1, d.code, d.message))
            .collect();
        out.sort();
        out
    }

    fn lines(v: &[(u32, &'static str, String)]) -> Vec<(u32, &'static str)> {
        v.iter().map(|(l, c, _)| (*l, *c)).collect()
    }

    #[test]
    fn nolint_on_the_line() {
        let r = check(
            "a X //nolint\nb X //nolint:GL000 // why\nc X // nolint\nd X //nolint:errcheck\n",
            &[],
        );
        assert_eq!(lines(&r), [(3, "GL000"), (4, "GL000")]);
    }

    #[test]
    fn nolint_on_a_declaration() {
        let text = "//nolint:GL000\nfunc f() {\n\tX\n}\n\nfunc g() { //nolint:GL000\n\tX\n}\n\nfunc h() {\n\tX\n}\n";
        assert_eq!(lines(&check(text, &[])), [(11, "GL000")]);
        let text = "// f does.\n//nolint:GL000 // reason\n// More doc.\nfunc f() {\n\tX\n}\n";
        assert_eq!(lines(&check(text, &[])), []);
    }

    #[test]
    fn nolint_above_a_statement_covers_the_next_line() {
        let text = "\t//nolint:GL000\n\tX\n\tX\n";
        assert_eq!(lines(&check(text, &[])), [(3, "GL000")]);
    }

    #[test]
    fn lint_ignore_covers_the_next_line_or_its_own() {
        let text = "//lint:ignore GL000 reason\n\nX\nX\nX //lint:ignore GL000 trailing\n";
        assert_eq!(lines(&check(text, &[])), [(4, "GL000")]);
    }

    #[test]
    fn lint_file_ignore_covers_the_file() {
        let text = "X\n//lint:file-ignore GL000 generated elsewhere\nX\n";
        assert_eq!(lines(&check(text, &[])), []);
    }

    #[test]
    fn directives_shared_with_other_linters_are_never_unused() {
        // A bare `//nolint` or `//nolint:all` may be there for golangci-lint's
        // other linters; `//nolint: unconvert` names only theirs.
        let text = "a //nolint\nb //nolint:all\nc //nolint: unconvert // dev is uint32 on bsd\nd //nolint: errcheck, GL000\n";
        let r = check(text, &[]);
        assert_eq!(lines(&r), [(4, "GL002")]);
    }

    #[test]
    fn unused_unknown_and_malformed_directives_are_reported() {
        let text = "a //nolint:GL000\nb //nolint:golint-rs\nc //nolint:GL999,GL00\nd //lint:ignore GL000\ne //lint:ignore\nf //lint:ignore SA1000\n";
        let r = check(text, &[]);
        assert_eq!(
            lines(&r),
            [
                (1, "GL002"),
                (2, "GL002"),
                (3, "GL001"),
                (3, "GL001"),
                (4, "GL003"),
                (5, "GL003")
            ],
            "{r:?}"
        );
        assert!(r[2].2.contains("`GL00`") || r[3].2.contains("`GL00`"));
    }

    #[test]
    fn unused_is_only_reported_for_rules_that_ran() {
        let text = "a //nolint:GL000\n";
        assert_eq!(lines(&check(text, &["GL002"])), []);
        assert_eq!(lines(&check(text, &["GL000"])), []);
        assert_eq!(lines(&check(text, &["GL000", "GL002"])), [(1, "GL002")]);
    }

    #[test]
    fn unused_code_in_a_list_is_pointed_at() {
        let text = "X //nolint:GL000,GL001\n";
        let fd = file(text);
        let Codes::List(l) = &fd.directives[0].codes else {
            panic!()
        };
        assert_eq!(&text[l[1].span.range()], "GL001");
        // GL001 names a rule, but findings about directives are never suppressed:
        // not reported as unused either.
        assert_eq!(lines(&check(text, &[])), []);
    }

    #[test]
    fn lint_ignore_code_spans() {
        let text = "//lint:ignore  GL000,GL999 reason\n";
        let fd = file(text);
        let Codes::List(l) = &fd.directives[0].codes else {
            panic!()
        };
        assert_eq!(&text[l[0].span.range()], "GL000");
        assert_eq!(&text[l[1].span.range()], "GL999");
    }
}
