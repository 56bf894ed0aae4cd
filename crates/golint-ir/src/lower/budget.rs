//! The nesting budget: how deep the lowering recurses, and what it does
//! with what lies deeper.
//!
//! Statements and expressions are lowered by recursive descent, and the IR's
//! [`Value`]s are trees that every analysis walks recursively. Generated Go
//! reaches depths no stack survives (100,000 nested blocks, a 3,000-term
//! `||`), so recursion depth is bounded here, once, for the whole pipeline:
//!
//! - the shapes that are long rather than deep are lowered iteratively: the
//!   operands of a tree of binary operators ([`Lowerer::binary`]), chains of
//!   unary operators and of receives, parentheses, `else if` chains;
//! - every other level of nesting (a statement in a block, an operand of an
//!   expression, an element of a composite literal) costs one unit of
//!   [`MAX_DEPTH`]. What lies deeper is *opaque*: a statement or
//!   expression is lowered as a call to an unknown function whose
//!   arguments are the names it mentions ([`Lowerer::opaque`]), so that the
//!   variables it touches escape (the rules stay silent on them) rather
//!   than look unused. The file's [`FileIr::too_deep`] names the first such
//!   place, for a warning.
//!
//! A value built by the lowering is therefore at most about `MAX_DEPTH`
//! levels deep, and so is any recursion over it. [`STACK_SIZE`] is the stack
//! a thread needs to lower and analyze a file at that depth with a wide
//! margin; the binary gives it to every thread that does so.

use rustc_hash::FxHashSet as HashSet;
use tree_sitter::Node;

use super::fields::NodeExt;
use super::Lowerer;
use crate::ir::*;

/// Deepest nesting of statements and expressions lowered; deeper ones are
/// opaque. Hand-written Go stays far below (the Go 1.27 standard library
/// nests 36 levels at most); 460 nested function literals still fit.
pub const MAX_DEPTH: u32 = 1000;

/// The stack for a thread that lowers or analyzes files. Lowering
/// `MAX_DEPTH` levels takes up to 6 MiB in a release build and 12 MiB in a
/// debug build (nested function literals and calls, the costliest levels,
/// measured); the rayon default of 2 MiB overflowed at about 400 nested
/// literals. Only what is touched is committed.
pub const STACK_SIZE: usize = 64 << 20;

/// Binary and unary operator chains keep their nested shape (what the rules
/// read: `a && b` is two operands, `!ok` one) up to this depth; below it,
/// the operands are flattened into one [`Value::Expr`].
pub(crate) const MAX_OPERATOR_NESTING: u32 = 32;

impl<'s> Lowerer<'s> {
    /// Enters one level of nesting; false (and nothing entered) when the
    /// budget is spent.
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        self.depth += 1;
        true
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Lowers a statement or expression past the budget: a call to an
    /// unknown function taking every name `node` mentions, whose result is
    /// the expression's value. Walks the subtree with a cursor, so at any
    /// depth.
    pub(crate) fn opaque(&mut self, node: Node) -> Value {
        self.note_too_deep(node);
        if self.builders.is_empty() {
            return Value::Expr(Vec::new());
        }
        let mut seen: HashSet<&'s str> = HashSet::default();
        let mut args = Vec::new();
        let mut arg_spans = Vec::new();
        let mut cursor = node.walk();
        'walk: loop {
            let n = cursor.node();
            if n.k() == "identifier" {
                let name = self.text(n);
                if seen.insert(name) {
                    if let Some(v) = self.mentioned(name) {
                        args.push(v);
                        arg_spans.push(self.span(n));
                    }
                }
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() || cursor.node().id() == node.id() {
                    break 'walk;
                }
            }
        }
        let span = self.span(node);
        let callee = Callee::Dynamic(Box::new(Value::Expr(Vec::new())));
        let t = self.new_temp(
            span,
            TempOrigin::Call {
                callee: callee.clone(),
                index: 0,
            },
        );
        self.emit(
            OpKind::Call {
                call: Call {
                    callee,
                    args,
                    ellipsis: false,
                    span,
                    arg_spans,
                },
                dst: vec![t.clone()],
            },
            span,
        );
        Value::Place(t)
    }

    /// What a name in opaque code may refer to: a variable in scope or a
    /// package-level name (imported package names and predeclared
    /// constants are nothing to hand over).
    fn mentioned(&self, name: &str) -> Option<Value> {
        if let Some(k) = self.lookup(name) {
            return Some(Value::Place(Place::Var(k)));
        }
        if matches!(name, "_" | "true" | "false" | "nil" | "iota")
            || self.imports.contains_key(name)
        {
            return None;
        }
        Some(Value::Place(Place::Global {
            pkg: None,
            name: name.to_string(),
        }))
    }

    fn note_too_deep(&mut self, node: Node) {
        let span = self.span(node);
        match &mut self.ir.too_deep {
            Some(d) => d.count += 1,
            None => {
                // From the text, not the tree: a big file is parsed in
                // parts, and a part's rows need not be the file's.
                let line = self.ir.line_of(span.start);
                self.ir.too_deep = Some(TooDeep {
                    span,
                    line,
                    count: 1,
                });
            }
        }
    }
}
