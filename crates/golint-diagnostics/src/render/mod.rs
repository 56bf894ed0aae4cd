//! Renderers: text (codespan-reporting), JSON, SARIF 2.1.0, GitHub workflow commands.
//!
//! Every renderer takes the sorted diagnostics, the source map (to re-read
//! the files that have findings) and writes bytes; the output depends on
//! nothing else, so it is the same whatever the thread count.
//!
//! **Invariant:** rendering never panics on bad spans or unreadable files: a
//! file that cannot be read again is shown at line 1, column 1, without a
//! snippet. Columns are 1-based and count Unicode characters everywhere.

mod github;
mod json;
mod resolve;
mod sarif;
mod text;

use crate::{Diagnostic, RuleMeta, SourceMap};

/// Everything a renderer needs besides the diagnostics.
pub struct RenderContext<'a> {
    pub sources: &'a SourceMap,
    /// Metadata of every rule known to the run (SARIF rules[] lists them all, sorted by code).
    pub rules: &'a [RuleMeta],
    pub tool_version: &'a str,
    /// Colour the text output (ANSI escapes); ignored by the other formats.
    pub color: bool,
    /// SARIF `automationDetails.id` is `<category>/`: code scanning keeps
    /// one set of alerts per category (`golint-rs` when `None`).
    pub sarif_category: Option<&'a str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 4] = [Format::Text, Format::Json, Format::Sarif, Format::Github];

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Writes `diags` (already sorted, see [`crate::sort_diagnostics`]) in `format`.
pub fn render(
    format: Format,
    w: &mut dyn std::io::Write,
    diags: &[Diagnostic],
    cx: &RenderContext,
) -> std::io::Result<()> {
    let files = resolve::Resolver::new(cx.sources, diags);
    match format {
        Format::Text => text::render(w, diags, &files, cx.color),
        Format::Json => json::render(w, diags, &files, cx),
        Format::Sarif => sarif::render(w, diags, &files, cx),
        Format::Github => github::render(w, diags, &files),
    }
}
