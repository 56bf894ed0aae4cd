//! Per-parameter summaries, bottom-up over the package's call graph, and
//! the escapes of every function.
//!
//! A unit is a top-level function or method with its literals. Units are
//! analyzed callees first (petgraph's Tarjan gives the strongly connected
//! components in that order); the units of a recursive component start
//! from "keeps nothing" and are analyzed again while a summary grows, at
//! most [`MAX_ROUNDS`] times (a summary only grows, so this converges; the
//! cap bounds pathological components).

use std::collections::HashMap;

use golint_ir::{FuncKind, OpKind, VarKind};
use petgraph::graph::DiGraph;

use super::graph::{Builder, Graph, LocKind, MAX_STACK_VAR};
use super::solve::{solve, Solution};
use super::{types, AllocKind, Escape, EscapeKind, Reason};
use crate::concurrency::funcs::{FuncRef, Funcs};
use crate::index::PackageIndex;

const MAX_ROUNDS: usize = 4;

/// What a function does with one parameter (the receiver is slot 0 of a
/// method): `heap` is the fewest dereferences after which its value
/// reaches the heap ("leaking param: p" at 0, "leaking param content: p"
/// at 1), `results[i]` the same for result `i`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParamLeak {
    pub heap: Option<i32>,
    pub results: Vec<Option<i32>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub params: Vec<ParamLeak>,
    /// By result: the allocation (`&T{...}`, `new(T)`) the function may
    /// return, when the function is small enough for the compiler to
    /// inline it — the compiler then reports that allocation at each call
    /// too, as escaping or not in the caller.
    pub inlined: Vec<Option<String>>,
}

/// Bodies of at most this many ops, without loops, closures, `go`,
/// `defer`, `select` or calls of other functions, are taken to be inlined
/// (the compiler's budget is 80 nodes; a call costs 57).
const MAX_INLINED_OPS: usize = 8;

/// What each result of `f` may be, as the compiler prints an inlined
/// allocation, when `f` is surely inlined.
fn inlined_results(f: &golint_ir::Func) -> Vec<Option<String>> {
    use golint_ir::{Callee, Term, Value};
    let none = vec![None; f.results.len()];
    let Some(body) = &f.body else { return none };
    if !f.type_params.is_empty() || receiver_is_generic(f) {
        return none;
    }
    let mut ops = 0;
    for b in &body.blocks {
        if b.loop_depth > 0 || matches!(b.term, Term::Select(_)) {
            return none;
        }
        for op in &b.ops {
            ops += 1;
            match &op.kind {
                OpKind::Call { call, .. } => match &call.callee {
                    Callee::Func(n) if matches!(n.as_str(), "len" | "cap" | "make" | "new") => {}
                    _ => return none,
                },
                OpKind::Assign { .. } | OpKind::Use(_) | OpKind::TypeAssert { .. } => {}
                _ => return none,
            }
            let mut closure = false;
            for v in crate::defs::reads(&op.kind) {
                crate::defs::walk_value(v, &mut |x| closure |= matches!(x, Value::FuncLit(_)));
            }
            if closure {
                return none;
            }
        }
    }
    if ops > MAX_INLINED_OPS {
        return none;
    }
    let mut out = none;
    for b in &body.blocks {
        let Term::Return { values, .. } = &b.term else {
            continue;
        };
        for (i, v) in values.iter().enumerate() {
            if let Value::Composite {
                ty,
                addr: true,
                fields,
                ..
            } = v
            {
                if ty.is_empty() || out.get(i).is_some_and(Option::is_some) {
                    continue;
                }
                let body = if fields.is_empty() { "{}" } else { "{...}" };
                if let Some(o) = out.get_mut(i) {
                    *o = Some(format!("&{ty}{body}"));
                }
            }
        }
    }
    out
}

/// Every heap escape of the package, sorted by position.
pub fn analyze_package(index: &PackageIndex) -> Vec<Escape> {
    let funcs = Funcs::new(index);
    // Units and the call graph between them.
    let units: Vec<FuncRef> = funcs
        .all()
        .filter(|r| {
            matches!(
                funcs.func(*r).kind,
                FuncKind::Func | FuncKind::Method { .. } | FuncKind::VarInit
            )
        })
        .collect();
    let unit_of = |r: FuncRef| -> FuncRef {
        let file = funcs.file(r);
        let mut cur = r.func;
        for _ in 0..golint_ir::MAX_DEPTH {
            match file.func(cur).kind {
                FuncKind::Literal { parent } => cur = parent,
                _ => break,
            }
        }
        FuncRef {
            file: r.file,
            func: cur,
        }
    };
    let mut graph: DiGraph<FuncRef, ()> = DiGraph::new();
    let nodes: HashMap<FuncRef, _> = units.iter().map(|&u| (u, graph.add_node(u))).collect();
    for r in funcs.all() {
        let Some(body) = &funcs.func(r).body else {
            continue;
        };
        let Some(&from) = nodes.get(&unit_of(r)) else {
            continue;
        };
        for (_, op) in body.ops() {
            let call = match &op.kind {
                OpKind::Call { call, .. } | OpKind::Defer(call) | OpKind::Spawn(call) => call,
                _ => continue,
            };
            for t in funcs.resolve(r, call) {
                if let Some(&to) = nodes.get(&unit_of(t)) {
                    if to != from {
                        graph.update_edge(from, to, ());
                    }
                }
            }
        }
    }
    let mut summaries: HashMap<FuncRef, Summary> = HashMap::new();
    let mut out = Vec::new();
    for scc in petgraph::algo::tarjan_scc(&graph) {
        let members: Vec<FuncRef> = scc.iter().map(|n| graph[*n]).collect();
        let recursive = members.len() > 1 || graph.find_edge(scc[0], scc[0]).is_some();
        let mut results: Vec<(FuncRef, Graph, Solution)> = Vec::new();
        for _ in 0..MAX_ROUNDS {
            results.clear();
            let mut changed = false;
            for &u in &members {
                let g = Builder::new(&funcs, &summaries, u).build();
                let sol = solve(&g);
                let summary = summarize(&funcs, u, &g, &sol);
                if summaries.get(&u) != Some(&summary) {
                    changed = true;
                    summaries.insert(u, summary);
                }
                results.push((u, g, sol));
            }
            if !recursive || !changed {
                break;
            }
        }
        for (u, g, sol) in results {
            report(&funcs, u, &g, &sol, &mut out);
        }
    }
    out.sort_by_key(|e| (e.span.file, e.span.start, e.kind));
    out.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
    out
}

fn summarize(funcs: &Funcs, unit: FuncRef, g: &Graph, sol: &Solution) -> Summary {
    Summary {
        inlined: inlined_results(funcs.func(unit)),
        params: (0..g.params)
            .map(|i| ParamLeak {
                heap: sol.param_heap[i],
                results: sol.param_results[i].clone(),
            })
            .collect(),
    }
}

fn report(funcs: &Funcs, unit: FuncRef, g: &Graph, sol: &Solution, out: &mut Vec<Escape>) {
    let file = funcs.file(unit);
    let root = file.func(unit.func);
    // Package initializers are static data or run once: the compiler
    // reports nothing there. A generic function is reported per
    // instantiation, elsewhere.
    let generic = !root.type_params.is_empty() || receiver_is_generic(root);
    if root.kind == FuncKind::VarInit || generic {
        return;
    }
    let in_loop = |depth: u32| depth > 0;
    for (i, l) in g.locs.iter().enumerate() {
        if !sol.escapes[i] || in_place(funcs, unit, g, l.func) {
            continue;
        }
        let (kind, alloc, span, var, what) = match &l.kind {
            LocKind::Var(k) => {
                let info = file.var(*k);
                if info.name == "_" {
                    continue;
                }
                (
                    EscapeKind::MovedToHeap,
                    AllocKind::Var,
                    info.span,
                    Some(info.name.clone()),
                    None,
                )
            }
            LocKind::Alloc {
                kind,
                span,
                what,
                reported: true,
                ..
            } => (EscapeKind::EscapesToHeap, *kind, *span, None, what.clone()),
            _ => continue,
        };
        out.push(Escape {
            kind,
            alloc,
            span,
            var,
            what,
            func: file.func(l.func).name.clone(),
            func_id: l.func,
            reasons: sol.why[i].clone(),
            in_loop: in_loop(l.loop_depth),
        });
    }
    // Declared variables too large for the stack.
    for id in (0..file.funcs.len() as u32).map(golint_ir::FuncId) {
        if !funcs.encloses(
            unit.func,
            FuncRef {
                file: unit.file,
                func: id,
            },
        ) {
            continue;
        }
        let f = file.func(id);
        for v in &f.vars {
            if v.kind != VarKind::Local {
                continue;
            }
            let Some(ty) = &v.ty else { continue };
            if !ty.starts_with('[') || ty.starts_with("[]") {
                continue;
            }
            if types::size(funcs.index, ty, 0).is_some_and(|s| s > MAX_STACK_VAR) {
                out.push(Escape {
                    kind: EscapeKind::MovedToHeap,
                    alloc: AllocKind::Var,
                    span: v.span,
                    var: Some(v.name.clone()),
                    what: None,
                    func: f.name.clone(),
                    func_id: id,
                    reasons: vec![Reason {
                        span: v.span,
                        text: format!("too large for the stack (`{ty}`)"),
                    }],
                    in_loop: false,
                });
            }
        }
    }
}

/// A method of a generic type (`func (s *Set[T]) Add`).
fn receiver_is_generic(f: &golint_ir::Func) -> bool {
    match &f.kind {
        FuncKind::Method { recv: Some(k), .. } => f
            .vars
            .get(k.var as usize)
            .and_then(|v| v.ty.as_deref())
            .is_some_and(|t| t.contains('[')),
        _ => false,
    }
}

/// `func_id` is, or is inside, a literal called in place.
fn in_place(funcs: &Funcs, unit: FuncRef, g: &Graph, func_id: golint_ir::FuncId) -> bool {
    let file = funcs.file(unit);
    let mut cur = func_id;
    for _ in 0..golint_ir::MAX_DEPTH {
        if g.in_place.contains(&cur) {
            return true;
        }
        match file.func(cur).kind {
            FuncKind::Literal { parent } => cur = parent,
            _ => return false,
        }
    }
    false
}

/// The escapes of one package, for callers that hold only the package.
pub fn package_escapes(package: &golint_ir::PackageIr) -> Vec<Escape> {
    let index = PackageIndex::new(package);
    analyze_package(&index)
}
