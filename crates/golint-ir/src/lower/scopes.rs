//! Lexical scopes: which declaration a name refers to.
//!
//! A stack of maps (one per block) costs a lookup per enclosing scope, and
//! generated code nests thousands (`else if` chains, deep blocks): lookups
//! became quadratic. Here each name has its own stack of bindings, and each
//! scope remembers the names it declared to undo them when it closes, so a
//! lookup is one hash probe at any depth.

use rustc_hash::FxHashMap as HashMap;

use crate::ir::VarKey;

#[derive(Default)]
pub(crate) struct Scopes<'s> {
    /// Name → its visible bindings, innermost last, each with the index of
    /// the scope that declared it.
    bindings: HashMap<&'s str, Vec<(u32, VarKey)>>,
    /// Per open scope, innermost last: the names it declared.
    declared: Vec<Vec<&'s str>>,
}

impl<'s> Scopes<'s> {
    pub(crate) fn push(&mut self) {
        self.declared.push(Vec::new());
    }

    pub(crate) fn pop(&mut self) {
        let Some(names) = self.declared.pop() else {
            return;
        };
        for name in names {
            if let Some(stack) = self.bindings.get_mut(name) {
                stack.pop();
                if stack.is_empty() {
                    self.bindings.remove(name);
                }
            }
        }
    }

    /// Declares `name` in the innermost scope (replacing a declaration of
    /// the same name there); nothing when no scope is open.
    pub(crate) fn insert(&mut self, name: &'s str, key: VarKey) {
        let Some(current) = self.declared.len().checked_sub(1) else {
            return;
        };
        let current = current as u32;
        let stack = self.bindings.entry(name).or_default();
        match stack.last_mut() {
            Some((scope, k)) if *scope == current => *k = key,
            _ => {
                stack.push((current, key));
                self.declared[current as usize].push(name);
            }
        }
    }

    /// The declaration `name` refers to.
    pub(crate) fn lookup(&self, name: &str) -> Option<VarKey> {
        self.bindings.get(name)?.last().map(|&(_, k)| k)
    }

    /// The declaration of `name` in the innermost scope itself.
    pub(crate) fn in_innermost(&self, name: &str) -> Option<VarKey> {
        let current = self.declared.len().checked_sub(1)? as u32;
        match self.bindings.get(name)?.last()? {
            &(scope, k) if scope == current => Some(k),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Scopes;
    use crate::ir::{FuncId, VarKey};

    fn key(var: u32) -> VarKey {
        VarKey {
            func: FuncId(0),
            var,
        }
    }

    #[test]
    fn shadowing_and_closing() {
        let mut s = Scopes::default();
        s.insert("x", key(9)); // no scope open: ignored
        assert_eq!(s.lookup("x"), None);
        s.push();
        s.insert("x", key(0));
        s.push();
        assert_eq!(s.lookup("x"), Some(key(0)));
        assert_eq!(s.in_innermost("x"), None);
        s.insert("x", key(1));
        s.insert("x", key(2)); // redeclared in the same scope
        assert_eq!(s.in_innermost("x"), Some(key(2)));
        s.pop();
        assert_eq!(s.lookup("x"), Some(key(0)));
        s.pop();
        assert_eq!(s.lookup("x"), None);
        s.pop(); // more pops than pushes: nothing
    }
}
