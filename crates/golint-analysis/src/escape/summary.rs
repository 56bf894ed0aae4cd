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
use std::sync::Arc;

use golint_ir::{FuncKind, OpKind, VarKind};
use petgraph::graph::DiGraph;

use super::consts::Consts;
use super::graph::{Builder, Graph, LocKind, MAX_STACK_VAR};
use super::inline::{self, Estimator};
use super::solve::{solve, Roots, Solution};
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
    /// The estimated inlining cost when the compiler inlines the function
    /// (`inline.rs`), `None` when it does not.
    pub inline_cost: Option<u32>,
    /// When it is inlined: the allocations each inlined copy makes (its
    /// own and those of what it inlines in turn), which the compiler
    /// reports at the call as escaping or not in the caller.
    pub inlined: Vec<InlinedAlloc>,
    /// The last parameter is `...T`.
    pub variadic: bool,
    /// A method with a pointer receiver.
    pub pointer_recv: bool,
}

/// The summaries of the functions and methods of one package, by name
/// (`Foo`, `T.Foo`), for its importers.
#[derive(Clone, Debug, Default)]
pub struct PackageSummaries {
    pub funcs: HashMap<String, Summary>,
}

/// Where the analysis of a package finds the summaries of the packages it
/// imports (by import path; `None` when the package cannot be read).
pub trait Imports: Sync {
    fn package(&self, path: &str) -> Option<Arc<PackageSummaries>>;
}

/// An allocation of an inlined function, as the caller sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InlinedAlloc {
    /// How the compiler prints it (`&T{...}`, `make([]T, n)`).
    pub what: String,
    /// It reaches the heap whatever the caller does.
    pub heap: bool,
    /// By result: the fewest dereferences with which it reaches the
    /// result (`-1`: its address is returned).
    pub results: Vec<Option<i32>>,
    /// The first reason inside the callee, for the chain.
    pub reason: String,
    /// A variable of the callee (its name is `what`): "moved to heap" at
    /// the call.
    pub var: bool,
}

/// Every heap escape of the package, sorted by position.
pub fn analyze_package(index: &PackageIndex) -> Vec<Escape> {
    analyze_package_with(index, None, true).0
}

/// The summaries of a package's functions, for its importers. The calls
/// it makes into other packages use the standard-library table only (one
/// level of packages is read, not the whole import graph). A function
/// defined in several files (per-platform) is left out: which one is
/// built is not known.
pub fn package_summaries(package: &golint_ir::PackageIr) -> PackageSummaries {
    package_summaries_with(package, None)
}

/// [`package_summaries`], its calls into other packages using `imports`
/// when given.
pub fn package_summaries_with(
    package: &golint_ir::PackageIr,
    imports: Option<&dyn Imports>,
) -> PackageSummaries {
    let index = PackageIndex::new(package);
    let funcs = Funcs::new(&index);
    let (_, summaries) = analyze_package_with(&index, imports, false);
    let mut out: HashMap<String, Summary> = HashMap::new();
    let mut twice: Vec<String> = Vec::new();
    for (r, s) in summaries {
        let f = funcs.func(r);
        if !matches!(f.kind, FuncKind::Func | FuncKind::Method { .. }) {
            continue;
        }
        if out.insert(f.name.clone(), s).is_some() {
            twice.push(f.name.clone());
        }
    }
    for n in twice {
        out.remove(&n);
    }
    PackageSummaries { funcs: out }
}

/// The escapes of a package (when `report`) and the summaries of its
/// functions; calls into other packages use `imports` when given.
pub fn analyze_package_with(
    index: &PackageIndex,
    imports: Option<&dyn Imports>,
    report_escapes: bool,
) -> (Vec<Escape>, HashMap<FuncRef, Summary>) {
    let funcs = Funcs::new(index);
    let consts = Consts::new(index.package);
    // Units and the call graph between them.
    let units: Vec<FuncRef> = funcs
        .all()
        .filter(|r| match funcs.func(*r).kind {
            FuncKind::Func | FuncKind::Method { .. } => true,
            // Nobody calls an initializer: only its report needs it (the
            // tables of an imported package are most of its text).
            FuncKind::VarInit => report_escapes,
            FuncKind::Literal { .. } => false,
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
    let debug_inline = std::env::var_os("GOLINT_ESCAPE_DEBUG_INLINE").is_some();
    let debug_summary = std::env::var_os("GOLINT_ESCAPE_DEBUG_SUMMARY").is_some();
    // A function defined in several files (per-platform files, read all)
    // may be the other one in the build: its cost is unknown.
    let mut defined: HashMap<&str, usize> = HashMap::new();
    for &u in &units {
        *defined.entry(funcs.func(u).name.as_str()).or_default() += 1;
    }
    for scc in petgraph::algo::tarjan_scc(&graph) {
        let members: Vec<FuncRef> = scc.iter().map(|n| graph[*n]).collect();
        let recursive = members.len() > 1 || graph.find_edge(scc[0], scc[0]).is_some();
        // The compiler inlines no call inside a recursive cycle; the
        // others cost what their body costs, callees first.
        let costs: Vec<(Option<u32>, u32)> = members
            .iter()
            .map(|&u| {
                let est = Estimator {
                    funcs: &funcs,
                    summaries: &summaries,
                    consts: &consts,
                    imports,
                };
                let twice = defined
                    .get(funcs.func(u).name.as_str())
                    .is_some_and(|&n| n > 1);
                let cost = est.cost(u, u32::MAX).filter(|_| !twice);
                let size = est.size(u, inline::BIG_FUNCTION_NODES + 1);
                if debug_inline {
                    eprintln!(
                        "inline-cost {} {} {}",
                        index.package.import_path,
                        funcs.func(u).name,
                        cost.map_or("-".to_string(), |c| c.to_string())
                    );
                }
                (cost, size)
            })
            .collect();
        let mut results: Vec<(FuncRef, Graph, Solution)> = Vec::new();
        for _ in 0..MAX_ROUNDS {
            results.clear();
            let mut changed = false;
            for (&u, &(cost, size)) in members.iter().zip(&costs) {
                let mut b = Builder::new(&funcs, &summaries, imports, &consts, u);
                // A big caller inlines only tiny callees (a function the
                // compiler does not inline is not big for that).
                b.big = size > inline::BIG_FUNCTION_NODES;
                let g = b.build();
                let sol = solve(&g, Roots::All);
                let inline_cost = cost.filter(|&c| !recursive && c <= inline::SURE_BUDGET);
                let summary = summarize(&funcs, u, &g, &sol, inline_cost);
                if debug_summary {
                    let leaks: Vec<String> = summary
                        .params
                        .iter()
                        .map(|p| format!("heap={:?} results={:?}", p.heap, p.results))
                        .collect();
                    eprintln!(
                        "summary {} {} [{}]",
                        index.package.import_path,
                        funcs.func(u).name,
                        leaks.join("; ")
                    );
                }
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
        if report_escapes {
            for (u, g, sol) in results {
                report(&funcs, u, &g, &sol, &mut out);
            }
        }
    }
    out.sort_by_key(|e| (e.span.file, e.span.start, e.kind));
    // An inlined call makes several allocations at one position: the same
    // position is one escape only for the same allocation.
    out.dedup_by(|a, b| a.span == b.span && a.kind == b.kind && a.what == b.what);
    (out, summaries)
}

fn summarize(
    funcs: &Funcs,
    unit: FuncRef,
    g: &Graph,
    sol: &Solution,
    inline_cost: Option<u32>,
) -> Summary {
    let root = funcs.func(unit);
    let generic = !root.type_params.is_empty() || receiver_is_generic(root);
    let inlined = match inline_cost {
        Some(_) if !generic => inlined_allocs(funcs.file(unit), g, sol),
        _ => Vec::new(),
    };
    Summary {
        inline_cost: inline_cost.filter(|_| !generic),
        inlined,
        variadic: root.variadic,
        pointer_recv: matches!(root.kind, FuncKind::Method { pointer: true, .. }),
        params: (0..g.params)
            .map(|i| ParamLeak {
                heap: sol.param_heap[i],
                results: sol.param_results[i].clone(),
            })
            .collect(),
    }
}

/// The allocations of an inlined copy of the unit, and where they go: to
/// the heap whatever the caller does (a walk from the heap alone, without
/// the results as roots), or to a result.
fn inlined_allocs(file: &golint_ir::FileIr, g: &Graph, sol: &Solution) -> Vec<InlinedAlloc> {
    let heap_only = solve(g, Roots::HeapOnly);
    let mut out = Vec::new();
    for (i, l) in g.locs.iter().enumerate() {
        // What the function itself makes (a literal's body is a function
        // of its own: its allocations stay where they are written).
        if l.func != g.root && !g.in_place.contains(&l.func) {
            continue;
        }
        let (text, var) = match &l.kind {
            LocKind::Alloc {
                kind,
                text: Some(text),
                reported: true,
                ..
            } => (text, *kind == AllocKind::Var),
            // The inlined copy's parameters and locals are variables of
            // the caller: moved to the heap there too.
            LocKind::Var(k) if k.func == g.root && file.var(*k).name != "_" => {
                (&file.var(*k).name, true)
            }
            _ => continue,
        };
        let heap = heap_only.escapes[i];
        let results = sol.alloc_results.get(&i).cloned().unwrap_or_default();
        if !heap && results.iter().all(Option::is_none) {
            // Stays in the frame of the copy whatever the caller does.
            continue;
        }
        let why = if heap { &heap_only.why[i] } else { &sol.why[i] };
        out.push(InlinedAlloc {
            what: text.clone(),
            heap,
            results,
            reason: why.first().map(|r| r.text.clone()).unwrap_or_default(),
            var,
        });
    }
    out
}

fn report(funcs: &Funcs, unit: FuncRef, g: &Graph, sol: &Solution, out: &mut Vec<Escape>) {
    let file = funcs.file(unit);
    let root = file.func(unit.func);
    // Package initializers are static data or run once: the compiler
    // reports nothing there (but in their literals). A generic function
    // is reported per instantiation, elsewhere.
    let generic = !root.type_params.is_empty() || receiver_is_generic(root);
    if generic {
        return;
    }
    let init = root.kind == FuncKind::VarInit;
    let in_loop = |depth: u32| depth > 0;
    for (i, l) in g.locs.iter().enumerate() {
        if !sol.escapes[i] || in_place(funcs, unit, g, l.func) {
            continue;
        }
        // The literals of a package initializer are functions of their
        // own (`sync.Pool{New: func() any { return new(T) }}`): their
        // allocations are reported, the initializer's are not.
        if init && l.func == unit.func {
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
            // A variable of an inlined callee.
            LocKind::Alloc {
                kind: AllocKind::Var,
                span,
                what: Some(name),
                reported: true,
                ..
            } => (
                EscapeKind::MovedToHeap,
                AllocKind::Var,
                *span,
                Some(name.clone()),
                None,
            ),
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
    if init {
        return;
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

/// [`package_escapes`], with the summaries of the imported packages.
pub fn package_escapes_with(package: &golint_ir::PackageIr, imports: &dyn Imports) -> Vec<Escape> {
    let index = PackageIndex::new(package);
    analyze_package_with(&index, Some(imports), true).0
}
