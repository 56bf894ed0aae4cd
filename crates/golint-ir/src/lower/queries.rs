//! The tree-sitter queries of `queries/*.scm`, compiled once per process.

use std::sync::OnceLock;

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator};

const DIRECTIVES: &str = include_str!("../../../../queries/directives.scm");
const IMPORTS: &str = include_str!("../../../../queries/imports.scm");

pub(crate) struct Queries {
    pub directives: Query,
    pub imports: Query,
}

/// The compiled queries. They are part of the binary, so a failure to
/// compile is a bug caught by the tests, not an input problem; `None` keeps
/// the lowering infallible anyway.
pub(crate) fn queries() -> Option<&'static Queries> {
    static QUERIES: OnceLock<Option<Queries>> = OnceLock::new();
    QUERIES
        .get_or_init(|| {
            let lang = golint_syntax::language();
            Some(Queries {
                directives: Query::new(&lang, DIRECTIVES).ok()?,
                imports: Query::new(&lang, IMPORTS).ok()?,
            })
        })
        .as_ref()
}

/// Runs `query` over `node` and calls `f` with each match's captures
/// as (capture name, node).
pub(crate) fn for_each_match<'t>(
    query: &Query,
    node: Node<'t>,
    text: &[u8],
    f: impl FnMut(&[(&str, Node<'t>)]),
) {
    run(query, QueryCursor::new(), node, text, f);
}

/// Like [`for_each_match`], restricted to a byte range.
pub(crate) fn for_each_match_in<'t>(
    query: &Query,
    node: Node<'t>,
    text: &[u8],
    range: std::ops::Range<usize>,
    f: impl FnMut(&[(&str, Node<'t>)]),
) {
    let mut cursor = QueryCursor::new();
    cursor.set_byte_range(range);
    run(query, cursor, node, text, f);
}

fn run<'t>(
    query: &Query,
    mut cursor: QueryCursor,
    node: Node<'t>,
    text: &[u8],
    mut f: impl FnMut(&[(&str, Node<'t>)]),
) {
    let names = query.capture_names();
    let mut matches = cursor.matches(query, node, text);
    let mut caps: Vec<(&str, Node<'t>)> = Vec::new();
    while let Some(m) = matches.next() {
        caps.clear();
        for c in m.captures {
            caps.push((names[c.index as usize], c.node));
        }
        f(&caps);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn queries_compile() {
        assert!(super::queries().is_some());
    }
}
