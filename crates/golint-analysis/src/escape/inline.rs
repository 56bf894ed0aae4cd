//! Which functions of the package the compiler inlines, estimated from the
//! IR: the compiler's `hairyVisitor` (`cmd/compile/internal/inline`) charges
//! one unit per IR node, the callee's own cost for a call of an inlinable
//! function and 57 for any other call, and inlines a function whose cost
//! stays within 80. Functions with `go`, `defer`, `select` or `recover`
//! are never inlined.
//!
//! The IR keeps less than the compiler's tree (an arithmetic expression
//! keeps only the places it reads), so the count is completed with the
//! operators it must have had, and a function is taken to be inlined only
//! when the estimate stays under [`SURE_BUDGET`], below the compiler's
//! budget: a function taken to be inlined that is not would put its
//! allocations at calls where the compiler reports nothing (precision
//! first).

use std::collections::HashMap;

use golint_ir::{Callee, Func, OpKind, Place, Term, Value};

use super::consts::Consts;
use super::stdlib;
use super::summary::{Imports, Summary};
use crate::concurrency::funcs::{FuncRef, Funcs};

/// The estimate under which a function is taken to be inlined, below the
/// compiler's budget (`inlineMaxBudget`, 80): over the 27 packages of the
/// benchmark (`GOLINT_ESCAPE_DEBUG_INLINE=1` prints the estimates, against
/// `go build -gcflags=pkg=-m=2`), the compiler inlines 1034 of the 1055
/// functions estimated at most 70 (the others call a function of another
/// package with implicit conversions the IR does not see), and 218 more
/// above it.
pub(super) const SURE_BUDGET: u32 = 70;
/// What a call of a function that is not inlined costs
/// (`inlineExtraCallCost`).
const CALL_COST: u32 = 57;
/// What a call with a `...any` parameter costs beside a plain call.
const VARIADIC_ANY_COST: u32 = 20;
/// A closure (`OCLOSURE`), beside its body.
const CLOSURE_COST: u32 = 15;
/// A caller bigger than this (`inlineBigFunctionNodes`) only inlines
/// callees of at most [`BIG_CALLER_MAX_COST`].
pub(super) const BIG_FUNCTION_NODES: u32 = 5000;
pub(super) const BIG_CALLER_MAX_COST: u32 = 20;

/// Standard-library functions the compiler inlines, with their cost in
/// Go 1.27 (`go build -gcflags=-m=2`: "can inline errors.New with cost 6").
const STDLIB_COSTS: &[(&str, &str, u32)] = &[("errors", "New", 6)];

pub(super) struct Estimator<'f, 'a> {
    pub funcs: &'f Funcs<'a>,
    pub summaries: &'f HashMap<FuncRef, Summary>,
    pub consts: &'f Consts<'a>,
    /// Summaries of the imported packages, when available: the cost of
    /// an inlined function of theirs.
    pub imports: Option<&'f dyn Imports>,
}

impl Estimator<'_, '_> {
    /// The estimated cost of the unit `unit` (a function and its
    /// literals), `None` when something in it forbids inlining. The count
    /// stops past `limit`.
    pub fn cost(&self, unit: FuncRef, limit: u32) -> Option<u32> {
        self.count(unit, limit, false)
    }

    /// The size of the unit as the compiler weighs a caller (is it over
    /// [`BIG_FUNCTION_NODES`]?): its nodes before anything is inlined
    /// into it — a call is a few nodes, not its inlining cost —, whatever
    /// forbids inlining it (a function with a `defer` is not big for
    /// that).
    pub fn size(&self, unit: FuncRef, limit: u32) -> u32 {
        self.count(unit, limit, true).unwrap_or(0)
    }

    /// `lenient`: count what forbids inlining as a call.
    fn count(&self, unit: FuncRef, limit: u32, lenient: bool) -> Option<u32> {
        let file = self.funcs.file(unit);
        let root = file.func(unit.func);
        if !root.type_params.is_empty() && !lenient {
            return None;
        }
        let mut total = 0u32;
        for id in (0..file.funcs.len() as u32).map(golint_ir::FuncId) {
            let r = FuncRef {
                file: unit.file,
                func: id,
            };
            // The compiler charges a literal 15 (`OCLOSURE`) and does not
            // look into its body, a function of its own (`seq` returning
            // a literal of 35 costs 17 in Go 1.27).
            let counted = if lenient {
                self.funcs.encloses(unit.func, r)
            } else {
                id == unit.func
            };
            if !counted {
                continue;
            }
            total = total.saturating_add(self.body(r, file.func(id), lenient)?);
            if total > limit {
                return Some(total);
            }
        }
        Some(total)
    }

    fn body(&self, r: FuncRef, f: &Func, lenient: bool) -> Option<u32> {
        let Some(body) = &f.body else {
            // Assembly or linkname: never inlined.
            return if lenient { Some(0) } else { None };
        };
        let dead = self.consts.dead_blocks(body);
        let mut n = 0u32;
        for (i, b) in body.blocks.iter().enumerate() {
            if dead.as_ref().is_some_and(|d| d[i]) {
                continue;
            }
            // A branch a constant decides costs nothing, nor does its
            // condition (the last op).
            let decided = self.consts.kept_successors(b).is_some();
            let ops = match (decided, b.ops.split_last()) {
                (true, Some((last, rest))) if matches!(last.kind, OpKind::Use(_)) => rest,
                _ => &b.ops[..],
            };
            for op in ops {
                n = n.saturating_add(self.op(r, &op.kind, lenient)?);
            }
            if decided {
                continue;
            }
            n = n.saturating_add(match &b.term {
                Term::Goto(_) | Term::Unreachable | Term::FallOff { .. } => 0,
                // `if` (the condition is a `Use` op), a `switch` case each.
                Term::Branch(bs) => bs.len().saturating_sub(1).max(1) as u32,
                Term::Select(s) if lenient => 1 + s.cases.len() as u32,
                Term::Select(_) => return None,
                Term::Return { values, .. } => 1 + values.iter().map(value).sum::<u32>(),
                Term::Panic { .. } => 1,
            });
        }
        Some(n)
    }

    fn op(&self, r: FuncRef, op: &OpKind, lenient: bool) -> Option<u32> {
        Some(match op {
            OpKind::Spawn(c) | OpKind::Defer(c) if lenient => 1 + self.call(r, c, lenient)?,
            OpKind::Spawn(_) | OpKind::Defer(_) => return None,
            OpKind::Call { call, dst } => {
                let assign = if dst.is_empty() {
                    0
                } else {
                    1 + dst.iter().map(place).sum::<u32>()
                };
                assign + self.call(r, call, lenient)?
            }
            OpKind::MakeChan { dst, .. } => 2 + place(dst),
            OpKind::Send { ch, value } => 1 + value_of(ch) + value_of(value),
            OpKind::Recv { ch, dst, .. } | OpKind::RangeChan { ch, dst } => {
                2 + value_of(ch) + dst.iter().map(place).sum::<u32>()
            }
            OpKind::Close { ch } => 2 + value_of(ch),
            OpKind::Range { x, dst } => 2 + value_of(x) + dst.iter().map(place).sum::<u32>(),
            OpKind::Assign { dst, src } => 1 + place(dst) + value_of(src),
            OpKind::Update { dst, src } => 2 + place(dst) + value_of(src),
            OpKind::TypeAssert { x, dst, .. } => {
                2 + value_of(x) + dst.iter().map(place).sum::<u32>()
            }
            OpKind::TypeSwitch { x, cases } => {
                2 + value_of(x) + cases.iter().map(|c| c.len().max(1) as u32).sum::<u32>()
            }
            OpKind::Use(v) => value_of(v),
        })
    }

    fn call(&self, r: FuncRef, call: &golint_ir::Call, lenient: bool) -> Option<u32> {
        let args: u32 = call.args.iter().map(value_of).sum();
        if lenient {
            // The size of a caller is counted in nodes before anything is
            // inlined into it (`isBigFunc`): a call is its callee
            // expression and its arguments, whatever it costs to inline.
            let callee = match &call.callee {
                Callee::Method { recv, .. } => 1 + value_of(recv),
                Callee::Dynamic(f) => value_of(f),
                _ => 1,
            };
            return Some(1 + callee + args);
        }
        let callee = match &call.callee {
            Callee::Func(name) if self.funcs.by_name(name).is_none() => match name.as_str() {
                "recover" if !lenient => return None,
                // The type operand of `new(T)`, `make(T, n)` is no node.
                "new" | "make" => {
                    let ty = match call.args.first() {
                        Some(Value::Composite { fields, .. }) if fields.is_empty() => 1,
                        _ => 0,
                    };
                    return Some(1 + args - ty);
                }
                "panic" => 2,
                _ => 1,
            },
            Callee::Conversion(_) => 1,
            Callee::Literal(_) => CALL_COST,
            // A `...any` call (`fmt.Errorf`) converts each argument and
            // builds the implicit slice: over the benchmark's packages the
            // compiler charges such a call some 20 more than a plain one.
            // `unsafe.String`, `unsafe.Pointer(p)`…: operators, not calls.
            Callee::Qualified { path, .. } if path == "unsafe" => 1,
            Callee::Qualified { path, name, .. } => match stdlib::func(path, name) {
                Some(stdlib::Keeps::VariadicAny(from)) => {
                    CALL_COST + VARIADIC_ANY_COST + 2 * call.args.len().saturating_sub(from) as u32
                }
                _ => STDLIB_COSTS
                    .iter()
                    .find(|(p, n, _)| p == path && n == name)
                    .map(|(_, _, c)| *c)
                    .or_else(|| self.imported_cost(r, call))
                    .map_or(CALL_COST, |c| c + 1),
            },
            Callee::Method { recv, .. } => {
                value_of(recv)
                    + match self.imported_cost(r, call) {
                        Some(c) => c,
                        None => self.package_callee(r, call),
                    }
            }
            Callee::Func(_) => 1 + self.package_callee(r, call),
            // `(*T)(p)`: a conversion to a pointer type (calling through
            // a dereferenced function pointer is all but unheard of).
            Callee::Dynamic(f) if matches!(f.as_ref(), Value::Place(Place::Deref(_))) => 1,
            Callee::Dynamic(f) => value_of(f) + CALL_COST,
        };
        Some(1 + callee + args)
    }

    /// The cost of an inlined function of another package: `pkg.F(x)`,
    /// or `v.M(x)` on a value of a type `pkg.T`; `None` when it is not
    /// inlined or not known.
    fn imported_cost(&self, r: FuncRef, call: &golint_ir::Call) -> Option<u32> {
        let imports = self.imports?;
        let (path, key) = match &call.callee {
            Callee::Qualified { path, name, .. } => (path.clone(), name.clone()),
            Callee::Method { recv, name } => {
                let ty = self.funcs.view(r).value_type(recv)?;
                let (pkg, tname) = ty.trim_start_matches('*').split_once('.')?;
                if tname.contains(['[', '.', ' ']) {
                    return None;
                }
                let file = self.funcs.file(r);
                let path = file.imports.iter().find(|i| i.name == pkg)?;
                (path.path.clone(), format!("{tname}.{name}"))
            }
            _ => return None,
        };
        imports.package(&path)?.funcs.get(&key)?.inline_cost
    }

    /// A call of a function of the package: its own cost when it is
    /// inlined, else the cost of a call.
    fn package_callee(&self, r: FuncRef, call: &golint_ir::Call) -> u32 {
        match self.funcs.resolve(r, call).as_slice() {
            [t] => self
                .summaries
                .get(t)
                .and_then(|s| s.inline_cost)
                .unwrap_or(CALL_COST),
            _ => CALL_COST,
        }
    }
}

fn place(p: &Place) -> u32 {
    match p {
        Place::Var(_) | Place::Global { .. } => 1,
        // A flattened call's result: the call is its own op.
        Place::Temp(_) | Place::Blank => 0,
        Place::Field(b, _) | Place::Deref(b) => 1 + value_of(b),
        // The index expression is not kept: one node at least.
        Place::Index(b) => 2 + value_of(b),
    }
}

fn value_of(v: &Value) -> u32 {
    value(v)
}

fn value(v: &Value) -> u32 {
    match v {
        Value::Place(p) => place(p),
        Value::AddrOf(p) => 1 + place(p),
        Value::FuncLit(_) => CLOSURE_COST,
        Value::FuncName(_) | Value::Str(_) | Value::Int(_) | Value::Nil => 1,
        Value::Composite { fields, .. } => {
            1 + fields
                .iter()
                .map(|(k, v)| u32::from(k.is_some()) + value(v))
                .sum::<u32>()
        }
        // An operator between each two operands at least.
        Value::Expr(parts) => {
            let inner: u32 = parts.iter().map(value).sum();
            inner + (parts.len() as u32).saturating_sub(1).max(1)
        }
        Value::Not(x) => value(x) + 1,
        Value::Logic { operands, .. } => operands.iter().map(value).sum::<u32>() + 1,
    }
}
