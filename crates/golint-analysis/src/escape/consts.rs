//! Constant conditions, folded as the Go compiler folds them before it
//! inlines anything or analyzes escapes.
//!
//! The compiler's front end (`staticBool` and `switchStmt` in
//! `cmd/compile/internal/noder/writer.go`, Go 1.27) drops the branch an
//! `if` or `for` condition rules out when the condition is a constant or
//! is decided by one (`if debug && x != nil` with `const debug = false`),
//! and the other clauses of a tagless `switch` whose clauses are constant
//! up to the first true one (`switch { case true: … }`); what follows a
//! statement that then always returns goes with them. Such code allocates
//! nothing, costs nothing to inline and passes nothing on: `if debugResolve
//! { r.trace(…) }` keeps `go/parser`'s `openScope` inlinable, and the
//! allocations of its inlined `ast.NewScope` are reported at every call.
//!
//! The constants are the package's own `const` declarations of a boolean
//! made of literals, other such constants, `!`, `&&` and `||`
//! (`GlobalVar::bool_value`); a name declared in several files (per-platform
//! files are all read) with different values is unknown, as is anything
//! else: a branch that may run is kept.

use std::collections::HashMap;

use golint_ir::{Block, BoolExpr, BranchCond, Cfg, PackageIr, Term};

/// How deep constants may refer to constants before the chain is taken
/// for unknown (a cycle is a compile error, but the input may be broken).
const MAX_CONST_DEPTH: u32 = 8;

pub struct Consts<'a> {
    /// A boolean constant of the package by name; `None` when the files
    /// declare it with different values.
    bools: HashMap<&'a str, Option<&'a BoolExpr>>,
    /// Package-level names that are not such constants (a variable, a
    /// constant of another type): a condition naming one is not constant.
    others: std::collections::HashSet<&'a str>,
}

impl<'a> Consts<'a> {
    pub fn new(package: &'a PackageIr) -> Self {
        let mut bools: HashMap<&'a str, Option<&'a BoolExpr>> = HashMap::new();
        let mut others = std::collections::HashSet::new();
        for file in &package.files {
            for g in &file.globals {
                match (&g.bool_value, g.is_const) {
                    (Some(b), true) => {
                        bools
                            .entry(g.name.as_str())
                            .and_modify(|prev| {
                                if prev.is_some_and(|p| p != b) {
                                    *prev = None;
                                }
                            })
                            .or_insert(Some(b));
                    }
                    _ => {
                        others.insert(g.name.as_str());
                    }
                }
            }
        }
        Consts { bools, others }
    }

    /// The constant value of `e`, as the type checker computes it: only
    /// literals and constants, combined by operators.
    fn value(&self, e: &BoolExpr, depth: u32) -> Option<bool> {
        if depth > MAX_CONST_DEPTH {
            return None;
        }
        match e {
            BoolExpr::Lit(b) => Some(*b),
            BoolExpr::Name { pkg: None, name } => {
                if self.others.contains(name.as_str()) {
                    return None;
                }
                let def = (*self.bools.get(name.as_str())?)?;
                self.value(def, depth + 1)
            }
            BoolExpr::Name { .. } | BoolExpr::Other => None,
            BoolExpr::Not(x) => self.value(x, depth + 1).map(|b| !b),
            BoolExpr::And(x, y) => Some(self.value(x, depth + 1)? && self.value(y, depth + 1)?),
            BoolExpr::Or(x, y) => Some(self.value(x, depth + 1)? || self.value(y, depth + 1)?),
        }
    }

    /// The compiler's `staticBool`: `Some(true)` when `e` always holds,
    /// `Some(false)` when it never does, `None` when it is decided at run
    /// time. `x && false` never holds even though it is no constant; a
    /// negation is folded only when its operand is a constant.
    fn static_bool(&self, e: &BoolExpr, depth: u32) -> Option<bool> {
        if let Some(v) = self.value(e, 0) {
            return Some(v);
        }
        if depth > MAX_CONST_DEPTH {
            return None;
        }
        match e {
            BoolExpr::And(x, y) => {
                let x = self.static_bool(x, depth + 1);
                if x == Some(false) {
                    return x;
                }
                let y = self.static_bool(y, depth + 1);
                (x == Some(true) || y == Some(false)).then_some(y).flatten()
            }
            BoolExpr::Or(x, y) => {
                let x = self.static_bool(x, depth + 1);
                if x == Some(true) {
                    return x;
                }
                let y = self.static_bool(y, depth + 1);
                (x == Some(false) || y == Some(true)).then_some(y).flatten()
            }
            _ => None,
        }
    }

    /// The successors of `block` the compiler keeps, `None` when it keeps
    /// them all.
    pub fn kept_successors(&self, block: &Block) -> Option<Vec<usize>> {
        let (Term::Branch(succ), Some(cond)) = (&block.term, &block.cond) else {
            return None;
        };
        match cond.as_ref() {
            BranchCond::If(c) if succ.len() == 2 => {
                let holds = self.static_bool(c, 0)?;
                Some(vec![if holds { 0 } else { 1 }])
            }
            BranchCond::If(_) => None,
            BranchCond::Switch(clauses) => {
                let has_default = clauses.iter().any(|(c, _)| c.is_none());
                if succ.len() != clauses.len() + usize::from(!has_default) {
                    return None;
                }
                // The first clause with a true case, else `default`; any
                // case that is not a constant before it keeps them all.
                let mut target = None;
                'clauses: for (i, (cases, _)) in clauses.iter().enumerate() {
                    let Some(cases) = cases else {
                        target = Some(i);
                        continue;
                    };
                    for c in cases {
                        if self.value(c, 0)? {
                            target = Some(i);
                            break 'clauses;
                        }
                    }
                }
                match target {
                    // `fallthrough` out of the one clause left: kept whole.
                    Some(t) if clauses[t].1 => None,
                    Some(t) => Some(vec![t]),
                    // No clause runs: past the switch.
                    None => Some(vec![clauses.len()]),
                }
            }
        }
    }

    /// Per block of `cfg`, whether the compiler drops it: reached from the
    /// entry, but only through a branch a constant rules out. (Blocks that
    /// nothing reaches at all — code after a `return` — are left as they
    /// are.) `None` when nothing is dropped.
    pub fn dead_blocks(&self, cfg: &Cfg) -> Option<Vec<bool>> {
        let kept: Vec<Option<Vec<usize>>> =
            cfg.blocks.iter().map(|b| self.kept_successors(b)).collect();
        if kept.iter().all(Option::is_none) {
            return None;
        }
        let reach = |pruned: bool| {
            let mut seen = vec![false; cfg.blocks.len()];
            let mut stack = vec![0usize];
            while let Some(i) = stack.pop() {
                if i >= seen.len() || std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                let succ = cfg.blocks[i].term.successors();
                match (&kept[i], pruned) {
                    (Some(k), true) => {
                        stack.extend(k.iter().filter_map(|&j| succ.get(j)).map(|b| b.0 as usize))
                    }
                    _ => stack.extend(succ.iter().map(|b| b.0 as usize)),
                }
            }
            seen
        };
        let all = reach(false);
        let live = reach(true);
        let dead: Vec<bool> = all.iter().zip(&live).map(|(a, l)| *a && !*l).collect();
        dead.iter().any(|d| *d).then_some(dead)
    }
}
