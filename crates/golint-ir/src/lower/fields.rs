//! Field lookups by id. `Node::child_by_field_name` resolves the name with a
//! linear string scan on every call, which showed up in profiles as a tenth
//! of the lowering; the ids are resolved once here.

use std::sync::OnceLock;

use tree_sitter::{Node, TreeCursor};

const NAMES: [&str; 29] = [
    "type",
    "name",
    "value",
    "operand",
    "arguments",
    "left",
    "initializer",
    "function",
    "field",
    "body",
    "right",
    "operator",
    "condition",
    "communication",
    "update",
    "type_parameters",
    "result",
    "receiver",
    "parameters",
    "label",
    "key",
    "consequence",
    "alternative",
    "alias",
    "channel",
    "index",
    "start",
    "end",
    "capacity",
];

fn id(name: &str) -> u16 {
    static IDS: OnceLock<[u16; NAMES.len()]> = OnceLock::new();
    let ids = IDS.get_or_init(|| {
        let lang = golint_syntax::language();
        NAMES.map(|n| lang.field_id_for_name(n).map_or(0, |id| id.get()))
    });
    // Names are literals of this crate; an unknown one is a bug that the
    // lowering tests catch (it finds no child, it does not crash).
    let pos = NAMES.iter().position(|n| *n == name);
    debug_assert!(pos.is_some(), "field `{name}` missing from NAMES");
    pos.map_or(0, |i| ids[i])
}

/// Node kind names by kind id. `Node::kind` goes through a C string
/// (`strlen` and UTF-8 validation) on every call; the lowering asks for the
/// kind of most nodes several times.
fn kind_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let lang = golint_syntax::language();
        (0..lang.node_kind_count() as u16)
            .map(|id| lang.node_kind_for_id(id).unwrap_or(""))
            .collect()
    })
}

pub(crate) trait NodeExt<'t> {
    /// The node's kind, as `Node::kind` but from a table.
    fn k(&self) -> &'static str;
    /// The child in field `name`.
    fn f(&self, name: &str) -> Option<Node<'t>>;
    /// All children in field `name`.
    fn fs<'c>(
        &self,
        name: &str,
        cursor: &'c mut TreeCursor<'t>,
    ) -> impl Iterator<Item = Node<'t>> + 'c;
}

impl<'t> NodeExt<'t> for Node<'t> {
    fn k(&self) -> &'static str {
        let names = kind_names();
        names
            .get(self.kind_id() as usize)
            .copied()
            .unwrap_or_else(|| self.kind())
    }

    fn f(&self, name: &str) -> Option<Node<'t>> {
        match id(name) {
            0 => None,
            i => self.child_by_field_id(i),
        }
    }

    fn fs<'c>(
        &self,
        name: &str,
        cursor: &'c mut TreeCursor<'t>,
    ) -> impl Iterator<Item = Node<'t>> + 'c {
        let i = id(name);
        let ok = i != 0;
        self.children_by_field_id(
            std::num::NonZeroU16::new(i).unwrap_or(std::num::NonZeroU16::MIN),
            cursor,
        )
        .filter(move |_| ok)
    }
}
