//! The diagnostic model: what every rule produces and every renderer consumes.

use crate::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "note" | "info" => Some(Severity::Note),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A secondary location that makes the case: the goroutine spawn, the early
/// return, the `defer` statement...
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One text replacement of a suggested fix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Rule code, such as `GL101`.
    pub code: &'static str,
    /// Rule name in kebab case, such as `abandoned-channel`.
    pub rule_name: &'static str,
    pub severity: Severity,
    /// One line, lowercase, no final period.
    pub message: String,
    /// Where the primary label goes: the operation that blocks, the bad call.
    pub span: Span,
    /// Message of the primary label (may be empty).
    pub primary_label: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// For a deadlock, the blocked steps of each goroutine involved (SARIF
    /// `codeFlows`, one thread flow per goroutine).
    pub flows: Vec<ThreadFlow>,
}

/// The steps one goroutine takes in a finding's story, in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ThreadFlow {
    /// `goroutine running `fetch``.
    pub name: String,
    pub steps: Vec<Label>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        rule_name: &'static str,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            rule_name,
            severity: Severity::Warning,
            message: message.into(),
            span,
            primary_label: String::new(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
            flows: Vec::new(),
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_primary_label(mut self, message: impl Into<String>) -> Self {
        self.primary_label = message.into();
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// The deterministic order of output: file, position, code, then message.
    pub fn sort_key(&self) -> (u32, u32, u32, &'static str, &str) {
        (
            self.span.file.0,
            self.span.start,
            self.span.end,
            self.code,
            &self.message,
        )
    }
}

/// Sorts diagnostics by file path, position, code and message and drops exact
/// duplicates. File ids are assigned in sorted path order by the source map,
/// so sorting by id is sorting by path.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.labels.cmp(&b.labels))
    });
    diags.dedup();
}
