//! Parsing with tree-sitter-go: one parser per thread, reused.

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The Go grammar.
pub fn language() -> tree_sitter::Language {
    tree_sitter_go::LANGUAGE.into()
}

/// Parses Go source. `None` only if tree-sitter gives up (it does not on
/// syntax errors, which become ERROR and MISSING nodes).
pub fn parse(text: &str) -> Option<Tree> {
    with_parser(|parser| {
        let tree = parser.parse(text, None);
        parser.reset();
        tree
    })
}

/// Runs `f` with this thread's parser, made on first use.
fn with_parser<T>(f: impl FnOnce(&mut Parser) -> Option<T>) -> Option<T> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&language()).ok()?;
            *slot = Some(parser);
        }
        f(slot.as_mut()?)
    })
}

/// Parses only the byte `ranges` of `text` (sorted, disjoint), with node
/// positions in `text`: a part of a big file, with its header.
pub fn parse_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Option<Tree> {
    // The ranges are sorted: count lines from the last point, not from the
    // start of the file (a big file is parsed in dozens of parts).
    let bytes = text.as_bytes();
    let (mut at, mut row, mut line_start) = (0usize, 0usize, 0usize);
    let mut line_col = |byte: usize| {
        let byte = byte.min(bytes.len());
        if byte < at {
            (at, row, line_start) = (0, 0, 0);
        }
        for (i, &b) in bytes[at..byte].iter().enumerate() {
            if b == b'\n' {
                row += 1;
                line_start = at + i + 1;
            }
        }
        at = byte;
        tree_sitter::Point::new(row, byte - line_start)
    };
    let mut points = Vec::with_capacity(ranges.len());
    for r in ranges.iter().filter(|r| r.start < r.end) {
        let start_point = line_col(r.start);
        let end_point = line_col(r.end);
        points.push(tree_sitter::Range {
            start_byte: r.start,
            end_byte: r.end,
            start_point,
            end_point,
        });
    }
    let ranges = points;
    with_parser(|parser| {
        parser.set_included_ranges(&ranges).ok()?;
        let tree = parser.parse(text, None);
        parser.reset();
        // The next file is parsed whole.
        let _ = parser.set_included_ranges(&[]);
        tree
    })
}

/// Splits Go source into parts of about `target` bytes at top-level
/// declarations: a line that starts with `func`, `type`, `var` or `const`
/// outside any bracket, string or comment. Parsed apart (each with the
/// package clause and imports), the parts give the trees of those
/// declarations. A file without such lines stays one part.
pub fn top_level_parts(text: &str, target: usize) -> Vec<std::ops::Range<usize>> {
    // Most files are smaller than one part: no need to scan them.
    if text.len() < target {
        return std::iter::once(0..text.len()).collect();
    }
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth: i64 = 0;
    let mut i = 0;
    let mut line_start = true;
    let skip_to = |from: usize, end: u8| {
        // Past the closing `end` of a string or rune literal (escapes
        // skipped), or at the end of the line for a broken one.
        let mut j = from;
        while j < b.len() {
            match b[j] {
                b'\\' if end != b'`' => j += 2,
                c if c == end => return j + 1,
                b'\n' if end != b'`' => return j,
                _ => j += 1,
            }
        }
        b.len()
    };
    while i < b.len() {
        if line_start && depth == 0 && i - start >= target {
            let rest = &b[i..];
            let decl = [&b"func "[..], b"type ", b"var ", b"const "]
                .iter()
                .any(|k| rest.starts_with(k));
            if decl {
                parts.push(start..i);
                start = i;
            }
        }
        line_start = false;
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth -= 1;
                i += 1;
            }
            q @ (b'"' | b'\'' | b'`') => i = skip_to(i + 1, q),
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = b[i + 2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(b.len(), |p| i + 2 + p + 2);
            }
            _ => i += 1,
        }
    }
    parts.push(start..b.len());
    parts
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_go() {
        let tree = super::parse("package p\nfunc f() {}\n").unwrap();
        assert_eq!(tree.root_node().kind(), "source_file");
        assert!(!tree.root_node().has_error());
    }

    #[test]
    fn parts_split_at_top_level_declarations_only() {
        let text = "package p\n\nimport \"fmt\"\n\nfunc a() {\n\tfmt.Println(`\nfunc not() {}\n`)\n}\n\n// doc\nfunc b() {\n\t/*\nfunc c() {}\n*/\n}\nvar s = \"}\"\nfunc d() {}\n";
        let parts = super::top_level_parts(text, 1);
        let starts: Vec<&str> = parts
            .iter()
            .map(|r| text[r.clone()].lines().next().unwrap_or(""))
            .collect();
        assert_eq!(
            starts,
            vec![
                "package p",
                "func a() {",
                "func b() {",
                "var s = \"}\"",
                "func d() {}"
            ]
        );
        assert_eq!(parts.last().map(|r| r.end), Some(text.len()));
        // Big parts: one.
        assert_eq!(super::top_level_parts(text, 1 << 20).len(), 1);
        // A part parsed with the header keeps its positions in the file.
        let header = 0..text.find("func a").unwrap();
        let tree = super::parse_ranges(text, &[header, parts[3].clone()]).unwrap();
        assert!(!tree.root_node().has_error());
        let var = tree.root_node().named_child(2).unwrap();
        assert_eq!(var.kind(), "var_declaration");
        assert_eq!(var.start_byte(), parts[3].start);
        // The thread's parser parses whole files again afterwards.
        assert!(!super::parse(text).unwrap().root_node().has_error());
    }
}
