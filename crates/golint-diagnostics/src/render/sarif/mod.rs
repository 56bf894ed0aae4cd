//! SARIF 2.1.0, as GitHub code scanning takes it: one run, every rule in
//! `tool.driver.rules`, URIs relative to `%SRCROOT%`, 1-based columns in
//! Unicode characters, fingerprints that survive edits above a finding.

mod fingerprint;
mod rules;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::resolve::{Location, Resolver};
use super::RenderContext;
use crate::{Diagnostic, Fix, Severity, Span};
use fingerprint::Fingerprints;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails,
    original_uri_base_ids: BTreeMap<&'static str, RootLocation>,
    /// SARIF counts UTF-16 code units unless told otherwise; we count characters.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: &'static str,
    rules: Vec<rules::Descriptor<'a>>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
struct RootLocation {
    uri: String,
}

#[derive(Serialize)]
struct Message<'a> {
    text: Cow<'a, str>,
}

impl<'a> Message<'a> {
    fn text(s: &'a str) -> Self {
        Message {
            text: Cow::Borrowed(s),
        }
    }

    fn owned(s: String) -> Self {
        Message {
            text: Cow::Owned(s),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message<'a>,
    locations: [ResultLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<ResultLocation<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    code_flows: Vec<CodeFlow<'a>>,
}

/// SARIF §3.36: a deadlock's story, one thread flow per goroutine.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeFlow<'a> {
    message: Message<'a>,
    thread_flows: Vec<SarifThreadFlow<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifThreadFlow<'a> {
    message: Message<'a>,
    locations: Vec<ThreadFlowLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThreadFlowLocation<'a> {
    location: ResultLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Message<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
struct ArtifactChange<'a> {
    #[serde(rename = "artifactLocation")]
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Message<'a>,
}

pub(super) fn render(
    w: &mut dyn Write,
    diags: &[Diagnostic],
    files: &Resolver,
    cx: &RenderContext,
) -> io::Result<()> {
    let rules = rules::sorted(cx.rules);
    let mut fingerprints = Fingerprints::default();
    let results = diags
        .iter()
        .map(|d| {
            let rule_index = rules.binary_search_by_key(&d.code, |r| r.code).ok();
            result(d, rule_index, files, &mut fingerprints)
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "golint-rs",
                    version: cx.tool_version,
                    semantic_version: cx.tool_version,
                    information_uri: "https://github.com/golint-rs/golint-rs",
                    rules: rules.into_iter().map(rules::descriptor).collect(),
                },
            },
            // The category: code scanning keeps one set of alerts per id.
            automation_details: AutomationDetails {
                id: format!("{}/", cx.sarif_category.unwrap_or("golint-rs")),
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                RootLocation {
                    uri: root_uri(files.sources().root()),
                },
            )]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

fn result<'a>(
    d: &'a Diagnostic,
    rule_index: Option<usize>,
    files: &Resolver<'a>,
    fingerprints: &mut Fingerprints,
) -> SarifResult<'a> {
    let loc = files.locate(d.span);
    let line = files.line_text(d.span.file, loc.start.line).unwrap_or("");
    let hash = fingerprints.next(d.code, loc.rel, line, &d.message);
    SarifResult {
        rule_id: d.code,
        rule_index,
        level: level(d.severity),
        message: result_message(d),
        locations: [ResultLocation {
            id: None,
            physical_location: physical(loc),
            message: None,
        }],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| ResultLocation {
                id: Some(i + 1),
                physical_location: physical(files.locate(l.span)),
                message: Some(Message::text(&l.message)),
            })
            .collect(),
        partial_fingerprints: BTreeMap::from([("primaryLocationLineHash", hash)]),
        fixes: d.fix.iter().map(|f| fix(f, files)).collect(),
        code_flows: code_flows(d, files),
    }
}

fn code_flows<'a>(d: &'a Diagnostic, files: &Resolver<'a>) -> Vec<CodeFlow<'a>> {
    if d.flows.is_empty() {
        return Vec::new();
    }
    vec![CodeFlow {
        message: Message::text(&d.message),
        thread_flows: d
            .flows
            .iter()
            .map(|t| SarifThreadFlow {
                message: Message::text(&t.name),
                locations: t
                    .steps
                    .iter()
                    .map(|s| ThreadFlowLocation {
                        location: ResultLocation {
                            id: None,
                            physical_location: physical(files.locate(s.span)),
                            message: Some(Message::text(&s.message)),
                        },
                    })
                    .collect(),
            })
            .collect(),
    }]
}

/// The message, followed by a link to each related location: GitHub code
/// scanning shows related locations only where the message links to them
/// (SARIF §3.11.6, `[text](id)`).
fn result_message(d: &Diagnostic) -> Message<'_> {
    if d.labels.is_empty() {
        return Message::text(&d.message);
    }
    let mut text = d.message.clone();
    for (i, l) in d.labels.iter().enumerate() {
        let label = l
            .message
            .replace('\\', "\\\\")
            .replace('[', "\\[")
            .replace(']', "\\]");
        text.push_str(&format!("\n- [{label}]({})", i + 1));
    }
    Message::owned(text)
}

/// Edits grouped by file, in the order their files first appear.
fn fix<'a>(f: &'a Fix, files: &Resolver<'a>) -> SarifFix<'a> {
    let mut changes: Vec<(Span, ArtifactChange<'a>)> = Vec::new();
    for e in &f.edits {
        let loc = files.locate(e.span);
        let replacement = Replacement {
            deleted_region: region(loc),
            inserted_content: Message::text(&e.replacement),
        };
        match changes.iter_mut().find(|(s, _)| s.file == e.span.file) {
            Some((_, change)) => change.replacements.push(replacement),
            None => changes.push((
                e.span,
                ArtifactChange {
                    artifact_location: artifact(loc.rel),
                    replacements: vec![replacement],
                },
            )),
        }
    }
    SarifFix {
        description: Message::text(&f.message),
        artifact_changes: changes.into_iter().map(|(_, c)| c).collect(),
    }
}

pub(super) fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn physical(loc: Location) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact(loc.rel),
        region: region(loc),
    }
}

fn artifact(rel: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: encode_path(rel),
        uri_base_id: SRCROOT,
    }
}

fn region(loc: Location) -> Region {
    Region {
        start_line: loc.start.line,
        start_column: loc.start.col,
        end_line: loc.end.line,
        end_column: loc.end.col,
    }
}

/// `file:///abs/root/`: absolute, `/`-separated, with the final `/` that
/// makes relative URIs resolve inside the directory.
fn root_uri(root: &Path) -> String {
    let abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut path = abs.to_string_lossy().replace('\\', "/");
    if !path.starts_with('/') {
        // A Windows drive path: `C:/src` becomes `/C:/src`.
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", encode_path(&path).replace("%3A", ":"))
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986),
/// so that spaces, `#` or `%` in file names make valid URIs.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_path("a b/c#d%.go"), "a%20b/c%23d%25.go");
        assert_eq!(encode_path("é.go"), "%C3%A9.go");
        assert_eq!(
            root_uri(Path::new("/scan/my root")),
            "file:///scan/my%20root/"
        );
        assert_eq!(root_uri(Path::new("/scan/root/")), "file:///scan/root/");
    }
}
