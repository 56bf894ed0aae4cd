//! The terminal rendering, through codespan-reporting: a header
//! `warning[GL601]: message`, the snippet with every label, then the notes,
//! `help: …` and `fix: …`.

use std::collections::HashMap;
use std::io::{self, Write};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, SimpleFiles};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::resolve::Resolver;
use crate::{Diagnostic, FileId, Severity, Span};

pub(super) fn render(
    w: &mut dyn Write,
    diags: &[Diagnostic],
    files: &Resolver,
    color: bool,
) -> io::Result<()> {
    let mut ansi;
    let mut plain;
    let out: &mut dyn WriteColor = if color {
        ansi = Ansi::new(w);
        &mut ansi
    } else {
        plain = NoColor::new(w);
        &mut plain
    };
    let db = Database::new(files, diags);
    let config = Config::default();
    for d in diags {
        let diagnostic = db.convert(d);
        match term::emit(out, &config, &db.files, &diagnostic) {
            Ok(()) => {}
            Err(FilesError::Io(e)) => return Err(e),
            // Spans are clamped, so this is not expected; print what we can
            // rather than lose the finding.
            Err(_) => write_fallback(out, d, files)?,
        }
    }
    out.flush()
}

/// The codespan file database of the files that could be read again.
struct Database<'r> {
    files: SimpleFiles<&'r str, &'r str>,
    ids: HashMap<FileId, usize>,
    resolver: &'r Resolver<'r>,
}

impl<'r> Database<'r> {
    fn new(resolver: &'r Resolver<'r>, diags: &[Diagnostic]) -> Self {
        let mut db = Database {
            files: SimpleFiles::new(),
            ids: HashMap::new(),
            resolver,
        };
        for d in diags {
            for span in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
                if db.ids.contains_key(&span.file) {
                    continue;
                }
                if let Some(text) = resolver.text(span.file) {
                    let id = db.files.add(resolver.rel(span.file), text);
                    db.ids.insert(span.file, id);
                }
            }
        }
        db
    }

    /// A codespan label for `span`, or `None` if its file is unreadable.
    fn label(&self, style: cs::LabelStyle, span: Span, message: &str) -> Option<cs::Label<usize>> {
        let id = *self.ids.get(&span.file)?;
        let range = self.resolver.clamped_range(span)?;
        Some(cs::Label::new(style, id, range).with_message(message))
    }

    fn convert(&self, d: &Diagnostic) -> cs::Diagnostic<usize> {
        let mut labels = Vec::new();
        let mut notes = Vec::new();
        match self.label(cs::LabelStyle::Primary, d.span, &d.primary_label) {
            Some(l) => labels.push(l),
            None => notes.push(format!(
                "at {}:1:1 (source unavailable)",
                self.resolver.rel(d.span.file)
            )),
        }
        for l in &d.labels {
            match self.label(cs::LabelStyle::Secondary, l.span, &l.message) {
                Some(label) => labels.push(label),
                None => notes.push(format!(
                    "related: {}:1:1: {}",
                    self.resolver.rel(l.span.file),
                    l.message
                )),
            }
        }
        notes.extend(d.notes.iter().cloned());
        notes.extend(d.help.iter().map(|h| format!("help: {h}")));
        notes.extend(d.fix.iter().map(|f| format!("fix: {}", f.message)));
        cs::Diagnostic::new(severity(d.severity))
            .with_code(d.code)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes)
    }
}

fn severity(s: Severity) -> cs::Severity {
    match s {
        Severity::Note => cs::Severity::Note,
        Severity::Warning => cs::Severity::Warning,
        Severity::Error => cs::Severity::Error,
    }
}

fn write_fallback(out: &mut dyn WriteColor, d: &Diagnostic, files: &Resolver) -> io::Result<()> {
    let loc = files.locate(d.span);
    writeln!(
        out,
        "{}[{}]: {}\n  --> {}:{}:{}\n",
        d.severity.as_str(),
        d.code,
        d.message,
        loc.rel,
        loc.start.line,
        loc.start.col
    )
}
