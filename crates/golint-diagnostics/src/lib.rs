//! The diagnostic model of golint-rs and its renderers.
//!
//! This is the bottom layer: it knows spans, files and diagnostics, and how
//! to print them for a terminal, as JSON, as SARIF 2.1.0 and as GitHub
//! workflow commands. It knows nothing of Go, tree-sitter or the rules.

mod diagnostic;
pub mod render;
mod sources;
mod span;

pub use diagnostic::{sort_diagnostics, Diagnostic, Edit, Fix, Label, Severity, ThreadFlow};
pub use sources::{SourceFile, SourceMap};
pub use span::{FileId, LineCol, LineIndex, Span};

/// What renderers need to know of a rule (SARIF `rules[]`, help links).
#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    /// The rule's whole documentation, in Markdown.
    pub doc: &'static str,
    pub default_severity: Severity,
    /// On in the default set (what runs without `--select`). Opinionated
    /// rules are opt-in: `--extend-select CODE` or `--select ALL` run them.
    pub default_enabled: bool,
}
