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
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&language()).ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        let tree = parser.parse(text, None);
        parser.reset();
        tree
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_go() {
        let tree = super::parse("package p\nfunc f() {}\n").unwrap();
        assert_eq!(tree.root_node().kind(), "source_file");
        assert!(!tree.root_node().has_error());
    }
}
