//! Findings as LSP diagnostics: UTF-16 positions, related information,
//! a link to the rule's documentation, fixes as workspace edits.

use std::collections::HashMap;
use std::sync::Arc;

use golint_diagnostics::{Diagnostic, FileId, LineIndex, Severity, SourceMap, Span};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, TextEdit, Url, WorkspaceEdit,
};

/// Where the documentation of each rule lives (as in SARIF's `helpUri`).
const DOCS: &str = "https://github.com/golint-rs/golint-rs/blob/main/docs/rules.md";

/// Turns byte spans into LSP locations, reading each file once.
pub struct Positions<'s> {
    sources: &'s SourceMap,
    files: HashMap<FileId, Option<(Arc<str>, LineIndex, Url)>>,
}

impl<'s> Positions<'s> {
    pub fn new(sources: &'s SourceMap) -> Self {
        Positions {
            sources,
            files: HashMap::new(),
        }
    }

    pub fn uri(&mut self, file: FileId) -> Option<Url> {
        self.file(file).map(|(_, _, u)| u.clone())
    }

    fn file(&mut self, file: FileId) -> Option<&(Arc<str>, LineIndex, Url)> {
        let sources = self.sources;
        self.files
            .entry(file)
            .or_insert_with(|| {
                let text = sources.text(file)?;
                let path = &sources.get(file)?.path;
                let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                let uri = Url::from_file_path(&path).ok()?;
                let index = LineIndex::new(&text);
                Some((text, index, uri))
            })
            .as_ref()
    }

    pub fn location(&mut self, span: Span) -> Option<Location> {
        let (text, index, uri) = self.file(span.file)?;
        let a = index.line_col(text, span.start);
        let b = index.line_col(text, span.end);
        Some(Location {
            uri: uri.clone(),
            range: Range {
                start: Position::new(a.line - 1, a.col_utf16),
                end: Position::new(b.line - 1, b.col_utf16),
            },
        })
    }
}

/// One finding for the editor, with its quick fix if the rule offers one.
pub struct Converted {
    pub uri: Url,
    pub diagnostic: lsp_types::Diagnostic,
    pub fix: Option<(String, WorkspaceEdit)>,
}

pub fn convert(d: &Diagnostic, pos: &mut Positions<'_>) -> Option<Converted> {
    let at = pos.location(d.span)?;
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: pos.location(l.span)?,
                message: l.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    if !d.primary_label.is_empty() {
        message.push_str(": ");
        message.push_str(&d.primary_label);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let href = Url::parse(&format!("{DOCS}#{}", d.code.to_lowercase())).ok();
    let diagnostic = lsp_types::Diagnostic {
        range: at.range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("golint-rs".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    };
    let fix = d.fix.as_ref().and_then(|f| {
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for e in &f.edits {
            let loc = pos.location(e.span)?;
            changes.entry(loc.uri).or_default().push(TextEdit {
                range: loc.range,
                new_text: e.replacement.clone(),
            });
        }
        Some((
            f.message.clone(),
            WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            },
        ))
    });
    Some(Converted {
        uri: at.uri,
        diagnostic,
        fix,
    })
}
