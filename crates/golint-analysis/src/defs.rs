//! Where the temporaries and local variables of one function are written.
//!
//! The IR flattens expressions: `log.Printf("%v", time.Since(t))` is a
//! `Call` of `time.Since` writing a temp, then the `Printf` call reading it.
//! [`Defs`] answers "which op wrote this temp" and "which ops assign this
//! variable", so a rule can follow a value back to the call that made it.

use std::collections::HashMap;

use golint_ir::{BlockId, Func, Op, OpKind, Place, Value, VarKey};

/// An op that writes a variable: the op, its block, and which of the op's
/// destinations is the variable (`1` for `ok` in `v, ok := m[k]`-like ops
/// with several destinations).
#[derive(Clone, Copy, Debug)]
pub struct Def<'a> {
    pub op: &'a Op,
    pub block: BlockId,
    pub index: usize,
}

/// The writes of one function body.
#[derive(Debug, Default)]
pub struct Defs<'a> {
    temps: Vec<Option<Def<'a>>>,
    vars: HashMap<VarKey, Vec<Def<'a>>>,
}

impl<'a> Defs<'a> {
    /// Indexes the writes in `func`'s body. Writes made by function literals
    /// nested in `func` (closures assigning a captured variable) are in the
    /// literal's own body, not here.
    pub fn new(func: &'a Func) -> Self {
        let mut defs = Defs {
            temps: vec![None; func.temps.len()],
            vars: HashMap::new(),
        };
        let Some(body) = &func.body else {
            return defs;
        };
        for (i, block) in body.blocks.iter().enumerate() {
            for op in &block.ops {
                for (index, place) in writes(&op.kind) {
                    let def = Def {
                        op,
                        block: BlockId(i as u32),
                        index,
                    };
                    match place {
                        Place::Temp(t) => {
                            if let Some(slot) = defs.temps.get_mut(*t as usize) {
                                slot.get_or_insert(def);
                            }
                        }
                        Place::Var(k) => defs.vars.entry(*k).or_default().push(def),
                        _ => {}
                    }
                }
            }
        }
        defs
    }

    /// The op that wrote temp `t`.
    pub fn temp(&self, t: u32) -> Option<Def<'a>> {
        self.temps.get(t as usize).copied().flatten()
    }

    /// The ops of this body that assign variable `k`, in block order (not
    /// program order).
    pub fn var(&self, k: VarKey) -> &[Def<'a>] {
        self.vars.get(&k).map_or(&[], |v| v.as_slice())
    }

    /// The call that wrote temp `t`, if a call did.
    pub fn temp_call(&self, t: u32) -> Option<&'a golint_ir::Call> {
        match &self.temp(t)?.op.kind {
            OpKind::Call { call, .. } => Some(call),
            _ => None,
        }
    }
}

/// The places an op writes, with their position among the op's destinations.
/// Reads are not listed; `Update` (`x += 1`) counts as a write.
pub fn writes(kind: &OpKind) -> Vec<(usize, &Place)> {
    match kind {
        OpKind::Assign { dst, .. } | OpKind::Update { dst, .. } | OpKind::MakeChan { dst, .. } => {
            vec![(0, dst)]
        }
        OpKind::Call { dst, .. }
        | OpKind::Recv { dst, .. }
        | OpKind::RangeChan { dst, .. }
        | OpKind::Range { dst, .. }
        | OpKind::TypeAssert { dst, .. } => dst.iter().enumerate().collect(),
        _ => Vec::new(),
    }
}

/// The values an op reads, at the top level (nested values are reached
/// with [`walk_value`]). The places an op writes are not listed, except the
/// values inside them (`m[k] = v` reads `m`).
pub fn reads(kind: &OpKind) -> Vec<&Value> {
    fn call_values<'v>(c: &'v golint_ir::Call, out: &mut Vec<&'v Value>) {
        match &c.callee {
            golint_ir::Callee::Method { recv, .. } => out.push(recv.as_ref()),
            golint_ir::Callee::Dynamic(f) => out.push(f.as_ref()),
            _ => {}
        }
        out.extend(c.args.iter());
    }
    let mut out = Vec::new();
    match kind {
        OpKind::Spawn(c) | OpKind::Defer(c) => call_values(c, &mut out),
        OpKind::Call { call, .. } => call_values(call, &mut out),
        OpKind::Send { ch, value } => {
            out.push(ch);
            out.push(value);
        }
        OpKind::Recv { ch, .. } | OpKind::Close { ch } | OpKind::RangeChan { ch, .. } => {
            out.push(ch)
        }
        OpKind::Range { x, .. } | OpKind::TypeAssert { x, .. } | OpKind::TypeSwitch { x, .. } => {
            out.push(x)
        }
        OpKind::Assign { src, .. } | OpKind::Update { src, .. } => out.push(src),
        OpKind::Use(v) => out.push(v),
        OpKind::MakeChan { .. } => {}
    }
    for (_, place) in writes(kind) {
        match place {
            Place::Field(v, _) | Place::Index(v) | Place::Deref(v) => out.push(v.as_ref()),
            _ => {}
        }
    }
    out
}

/// Calls `f` on `v` and on every value nested in it (fields, operands,
/// composite elements); function literals are not entered.
pub fn walk_value<'v>(v: &'v Value, f: &mut impl FnMut(&'v Value)) {
    f(v);
    match v {
        Value::Place(p) => walk_place(p, f),
        Value::AddrOf(p) => walk_place(p, f),
        Value::Composite { fields, .. } => {
            for (_, x) in fields {
                walk_value(x, f);
            }
        }
        Value::Expr(parts) => {
            for x in parts {
                walk_value(x, f);
            }
        }
        Value::Not(x) => walk_value(x, f),
        Value::Logic { operands, .. } => operands.iter().for_each(|x| walk_value(x, f)),
        Value::FuncName(golint_ir::Callee::Method { recv, .. }) => walk_value(recv, f),
        _ => {}
    }
}

fn walk_place<'v>(p: &'v Place, f: &mut impl FnMut(&'v Value)) {
    match p {
        Place::Field(v, _) | Place::Index(v) | Place::Deref(v) => walk_value(v, f),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use golint_diagnostics::FileId;
    use golint_ir::{lower_file, Callee, FileIr};

    fn lower(src: &str) -> FileIr {
        let tree = golint_syntax::parse(src).expect("parse");
        lower_file(FileId(0), src, &tree)
    }

    #[test]
    fn follows_temps_and_variables_to_their_calls() {
        let ir = lower(
            r#"package p

import (
	"log"
	"strconv"
	"time"
)

func f(start time.Time) {
	n, err := strconv.Atoi("1")
	err = g()
	defer log.Printf("%v %d", time.Since(start).Seconds(), n)
	_ = err
}
"#,
        );
        let f = &ir.funcs[0];
        let defs = Defs::new(f);
        let err = f.vars.iter().position(|v| v.name == "err").unwrap();
        let err = VarKey {
            func: golint_ir::FuncId(0),
            var: err as u32,
        };
        let callees: Vec<(String, usize)> = defs
            .var(err)
            .iter()
            .map(|d| match &d.op.kind {
                OpKind::Call { call, .. } => (call.callee.name().unwrap().to_string(), d.index),
                _ => panic!(),
            })
            .collect();
        assert!(callees.contains(&("Atoi".into(), 1)));
        assert!(callees.contains(&("g".into(), 0)));
        let body = f.body.as_ref().unwrap();
        let printf = body
            .ops()
            .find_map(|(_, op)| match &op.kind {
                OpKind::Defer(c) => Some(c),
                _ => None,
            })
            .unwrap();
        let Value::Place(Place::Temp(t)) = &printf.args[1] else {
            panic!()
        };
        let seconds = defs.temp_call(*t).unwrap();
        let Callee::Method { recv, name } = &seconds.callee else {
            panic!()
        };
        assert_eq!(name, "Seconds");
        let Value::Place(Place::Temp(t2)) = recv.as_ref() else {
            panic!()
        };
        assert!(defs
            .temp_call(*t2)
            .unwrap()
            .callee
            .is_qualified("time", "Since"));
        assert!(defs.temp(9999).is_none());
    }
}
