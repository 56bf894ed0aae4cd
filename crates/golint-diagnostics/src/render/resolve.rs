//! Turns spans into paths, lines and columns for the renderers.
//!
//! Texts are not kept by the pipeline, so each file that has a finding is
//! read again here, once per render, with its line index.

use std::collections::HashMap;
use std::sync::Arc;

use crate::{Diagnostic, FileId, LineCol, LineIndex, SourceMap, Span};

/// Where a span lands: the path relative to the scan root and 1-based
/// positions (`end` is exclusive, as in SARIF).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Location<'a> {
    pub rel: &'a str,
    pub start: LineCol,
    pub end: LineCol,
}

struct Loaded {
    text: Arc<str>,
    index: LineIndex,
}

pub(crate) struct Resolver<'a> {
    sources: &'a SourceMap,
    /// `None` for files that could not be read again: they degrade to line 1
    /// column 1 and no snippet.
    files: HashMap<FileId, Option<Loaded>>,
}

/// The position every span of an unreadable file maps to.
const FIRST: LineCol = LineCol {
    line: 1,
    col: 1,
    col_utf16: 0,
};

impl<'a> Resolver<'a> {
    /// Loads every file that one of `diags` points into (primary span,
    /// labels, fix edits), and only those.
    pub fn new(sources: &'a SourceMap, diags: &[Diagnostic]) -> Self {
        let mut files = HashMap::new();
        for d in diags {
            let spans = std::iter::once(d.span)
                .chain(d.labels.iter().map(|l| l.span))
                .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)));
            for span in spans {
                files.entry(span.file).or_insert_with(|| {
                    sources.text(span.file).map(|text| Loaded {
                        index: LineIndex::new(&text),
                        text,
                    })
                });
            }
        }
        Resolver { sources, files }
    }

    pub fn sources(&self) -> &'a SourceMap {
        self.sources
    }

    pub fn rel(&self, file: FileId) -> &'a str {
        self.sources.rel(file)
    }

    pub fn text(&self, file: FileId) -> Option<&str> {
        self.loaded(file).map(|l| &*l.text)
    }

    pub fn locate(&self, span: Span) -> Location<'a> {
        let (start, end) = match self.loaded(span.file) {
            Some(l) => (
                l.index.line_col(&l.text, span.start),
                l.index.line_col(&l.text, span.end),
            ),
            None => (FIRST, FIRST),
        };
        Location {
            rel: self.rel(span.file),
            start,
            end,
        }
    }

    /// The span's byte range clamped to the text and to character
    /// boundaries, so that slicing with it cannot panic; `None` if the file
    /// could not be read.
    pub fn clamped_range(&self, span: Span) -> Option<std::ops::Range<usize>> {
        let text = self.text(span.file)?;
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start as usize);
        Some(start..floor(span.end as usize).max(start))
    }

    /// Text of a 1-based line without its line ending, if the file was read.
    pub fn line_text(&self, file: FileId, line: u32) -> Option<&str> {
        let l = self.loaded(file)?;
        let line0 = (line as usize).checked_sub(1)?;
        if line0 >= l.index.line_count() {
            return None;
        }
        let start = l.index.line_start(line0) as usize;
        let rest = l.text.get(start..)?;
        let line = rest.split('\n').next().unwrap_or("");
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    fn loaded(&self, file: FileId) -> Option<&Loaded> {
        self.files.get(&file).and_then(Option::as_ref)
    }
}
