//! Positions in source files.

/// Index of a file in a [`crate::SourceMap`]. Stable for one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range in one file. Offsets are bytes from the start of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: u32, end: u32) -> Self {
        Span {
            file,
            start,
            end: end.max(start),
        }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A 1-based line and column. Columns count bytes (`col`) and UTF-16 code
/// units (`col_utf16`, for LSP); `col_char` counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    /// 1-based column in Unicode characters, as SARIF and GitHub expect.
    pub col: u32,
    /// 0-based column in UTF-16 code units, as LSP expects.
    pub col_utf16: u32,
}

/// Maps byte offsets to lines and columns.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex { starts }
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn line_start(&self, line0: usize) -> u32 {
        self.starts.get(line0).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Line and column of `offset` in `text` (the text this index was built from).
    /// Offsets past the end or inside a UTF-8 sequence are clamped.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = (offset as usize).min(text.len());
        let line0 = self.line_of(offset as u32);
        let start = self.line_start(line0) as usize;
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = text.get(start..end).unwrap_or("");
        LineCol {
            line: line0 as u32 + 1,
            col: prefix.chars().count() as u32 + 1,
            col_utf16: prefix.encode_utf16().count() as u32,
        }
    }

    /// Byte offset of a 0-based line and UTF-16 column (LSP positions).
    pub fn offset_utf16(&self, text: &str, line0: u32, col_utf16: u32) -> u32 {
        let Some(&start) = self.starts.get(line0 as usize) else {
            return text.len() as u32;
        };
        // An index built from another text must not make slicing panic.
        let Some(rest) = text.get(start as usize..) else {
            return text.len() as u32;
        };
        let mut units = 0u32;
        for (i, ch) in rest.char_indices() {
            if units >= col_utf16 || ch == '\n' {
                return start + i as u32;
            }
            units += ch.len_utf16() as u32;
        }
        text.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_utf16() {
        let text = "ab\nxé😀z\n";
        let idx = LineIndex::new(text);
        let z = text.find('z').unwrap() as u32;
        let lc = idx.line_col(text, z);
        assert_eq!((lc.line, lc.col, lc.col_utf16), (2, 4, 4));
        assert_eq!(idx.offset_utf16(text, 1, 4), z);
        assert_eq!(idx.line_col(text, 0).col, 1);
    }
}
