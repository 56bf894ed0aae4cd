//! The functions of a package, call resolution and the call graph.
//!
//! Calls are resolved without type checking: a package function by name, a
//! method by the receiver's declared or inferred type, a method of an
//! interface (or of a value whose type is unknown) over every type of the
//! package that has a method of that name (class-hierarchy analysis, capped),
//! a function literal called directly or through a local variable that only
//! ever holds it. Calls into other packages are not resolved: the model
//! treats what they receive as leaving the package.

use std::cell::OnceCell;

use golint_ir::{
    Call, Callee, FileIr, Func, FuncId, FuncKind, OpKind, PackageIr, Place, TypeKind, Value,
};

use super::func_values::ValueCall;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap as HashMap;

use crate::index::{FuncView, PackageIndex};

/// A function of the package: its file (index in [`PackageIr::files`]) and
/// its id in that file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncRef {
    pub file: u32,
    pub func: FuncId,
}

/// How a function reaches another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// A call: the callee runs in the caller's goroutine.
    Call,
    /// A `defer`: the callee runs in the caller's goroutine, at its exit.
    Defer,
    /// A `go` statement: the callee runs in a new goroutine.
    Spawn,
}

/// Interface calls resolved to more implementations than this are left
/// unresolved: the answer would say nothing.
const MAX_CHA_TARGETS: usize = 4;

/// Rounds of the fixpoint over helpers that hand their func parameter on
/// to another helper (`Go(f)` calling `start(f)`).
const MAX_VALUE_ROUNDS: usize = 4;

/// Every function of a package with its type-inference view, and the call
/// graph between them.
pub struct Funcs<'a> {
    pub index: &'a PackageIndex<'a>,
    pub package: &'a PackageIr,
    views: Vec<Vec<OnceCell<FuncView<'a>>>>,
    /// `Foo` and `T.Foo`, as in [`Func::name`].
    by_name: HashMap<&'a str, FuncRef>,
    /// Method name → the methods of the package's types with that name.
    methods: HashMap<&'a str, Vec<FuncRef>>,
    pub graph: DiGraph<FuncRef, Edge>,
    pub(super) nodes: HashMap<FuncRef, NodeIndex>,
    /// Every `go` statement: the spawning function, the statement, and the
    /// function it starts (one entry per resolved target).
    pub spawns: Vec<SpawnSite>,
    /// The functions that never return normally, on first use.
    never_returns: OnceCell<rustc_hash::FxHashSet<FuncRef>>,
    /// Func values stored in struct fields, by (declaring type, field).
    pub(super) field_funcs: HashMap<(String, String), Vec<FuncRef>>,
    /// Func values held by package variables only this package assigns.
    pub(super) global_funcs: HashMap<String, Vec<FuncRef>>,
    /// Per call (function, call span start): the func values it runs and
    /// how, beyond what [`Funcs::resolve`] gives.
    pub(super) value_runs: HashMap<(FuncRef, u32), Vec<(FuncRef, Edge)>>,
    /// Functions run through a func value: their parameters are bound by
    /// code the model does not follow.
    pub(super) value_run: rustc_hash::FxHashSet<FuncRef>,
    /// Per func parameter (function, index): the functions of the package
    /// its callers pass for it.
    pub(super) param_values: HashMap<(FuncRef, usize), Vec<FuncRef>>,
}

#[derive(Clone, Copy, Debug)]
pub struct SpawnSite {
    pub from: FuncRef,
    pub block: u32,
    pub index: u32,
    pub span: golint_diagnostics::Span,
    pub target: FuncRef,
    /// Where the goroutine is started, for a label: the `go` keyword, or
    /// the name of the helper that starts it (`RunWorker`, `g.Go`).
    pub start: golint_diagnostics::Span,
    /// Started by a helper the op calls (`RunWorker(f)`), not a `go`
    /// statement: the helper's own body runs at the op too, after the
    /// goroutine starts (a partner operation it does counts).
    pub helper: bool,
}

impl<'a> Funcs<'a> {
    pub fn new(index: &'a PackageIndex<'a>) -> Self {
        let package = index.package;
        let mut by_name = HashMap::default();
        let mut methods: HashMap<&str, Vec<FuncRef>> = HashMap::default();
        let mut graph = DiGraph::new();
        let mut nodes = HashMap::default();
        let mut views = Vec::with_capacity(package.files.len());
        for (fi, file) in package.files.iter().enumerate() {
            views.push((0..file.funcs.len()).map(|_| OnceCell::new()).collect());
            for (i, f) in file.funcs.iter().enumerate() {
                let r = FuncRef {
                    file: fi as u32,
                    func: FuncId(i as u32),
                };
                nodes.insert(r, graph.add_node(r));
                match &f.kind {
                    FuncKind::Func => {
                        by_name.entry(f.name.as_str()).or_insert(r);
                    }
                    FuncKind::Method { .. } => {
                        by_name.entry(f.name.as_str()).or_insert(r);
                        if let Some((_, m)) = f.name.split_once('.') {
                            methods.entry(m).or_default().push(r);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut funcs = Funcs {
            index,
            package,
            views,
            by_name,
            methods,
            graph,
            nodes,
            spawns: Vec::new(),
            never_returns: OnceCell::new(),
            field_funcs: HashMap::default(),
            global_funcs: HashMap::default(),
            value_runs: HashMap::default(),
            value_run: Default::default(),
            param_values: HashMap::default(),
        };
        funcs.collect_field_funcs();
        funcs.collect_global_funcs();
        funcs.build_graph();
        funcs
    }

    fn build_graph(&mut self) {
        let mut edges = Vec::new();
        let mut spawns = Vec::new();
        // Calls with arguments and what they resolve to, for the calls
        // given func values below.
        let mut resolved: Vec<(FuncRef, u32, u32, Vec<FuncRef>)> = Vec::new();
        let all: Vec<FuncRef> = self.all().collect();
        for r in all {
            let Some(body) = &self.func(r).body else {
                continue;
            };
            for (bi, block) in body.blocks.iter().enumerate() {
                for (oi, op) in block.ops.iter().enumerate() {
                    let (call, kind) = match &op.kind {
                        OpKind::Call { call, .. } => (call, Edge::Call),
                        OpKind::Defer(call) => (call, Edge::Defer),
                        OpKind::Spawn(call) => (call, Edge::Spawn),
                        _ => continue,
                    };
                    let mut targets = self.resolve(r, call);
                    if targets.is_empty() {
                        // A call through a func value: a method value, a
                        // func-typed field, a returned closure.
                        let value = match &call.callee {
                            Callee::Dynamic(v) => Some(v.as_ref().clone()),
                            Callee::Method { recv, name } => {
                                Some(Value::Place(Place::Field(recv.clone(), name.clone())))
                            }
                            _ => None,
                        };
                        if let Some(v) = value {
                            targets = self.value_targets(r, &v);
                            for &t in &targets {
                                self.value_runs
                                    .entry((r, call.span.start))
                                    .or_default()
                                    .push((t, kind));
                            }
                        }
                    }
                    if !call.args.is_empty()
                        && (!targets.is_empty()
                            || matches!(
                                call.callee,
                                Callee::Qualified { .. } | Callee::Method { .. }
                            ))
                    {
                        resolved.push((r, bi as u32, oi as u32, targets.clone()));
                    }
                    for callee in targets {
                        edges.push((r, callee, kind));
                        if kind == Edge::Spawn {
                            spawns.push(SpawnSite {
                                from: r,
                                block: bi as u32,
                                index: oi as u32,
                                span: op.span,
                                target: callee,
                                start: golint_diagnostics::Span {
                                    end: op.span.start + 2,
                                    ..op.span
                                },
                                helper: false,
                            });
                        }
                    }
                }
            }
        }
        self.set_edges(&edges);
        // Funcs handed to helpers that run or start them: an edge from the
        // caller to the func, as if the helper were inlined. Helpers that
        // pass their func parameter on are summarized round by round.
        let calls = self.value_calls(&resolved);
        if !calls.is_empty() {
            let mut summaries = HashMap::default();
            let mut value_edges = Vec::new();
            for _ in 0..MAX_VALUE_ROUNDS {
                let next = self.param_summaries(&calls, &summaries);
                let changed = next != summaries;
                summaries = next;
                value_edges = self.value_edges(&calls, &summaries);
                let mut all = edges.clone();
                all.extend(value_edges.iter().map(|&(a, b, k, _)| (a, b, k)));
                self.set_edges(&all);
                if !changed {
                    break;
                }
            }
            self.param_values = self.collect_param_values(&calls);
            for (from, to, kind, c) in value_edges {
                // A helper of the package calls its parameter, binding
                // the arguments (`param_values`); the standard library's
                // helpers are not seen calling it.
                if c.known
                    .is_some_and(|(k, _)| c.args.iter().any(|(i, ts)| *i == k && ts.contains(&to)))
                {
                    self.value_run.insert(to);
                }
                self.value_runs
                    .entry((from, c_span_key(c)))
                    .or_default()
                    .push((to, kind));
                if kind == Edge::Spawn {
                    spawns.push(SpawnSite {
                        from,
                        block: c.block,
                        index: c.index,
                        span: c.span,
                        target: to,
                        start: c.start,
                        helper: c.kind != Edge::Spawn,
                    });
                }
            }
        }
        spawns.sort_by_key(|s| (s.from, s.block, s.index, s.target));
        spawns.dedup_by_key(|s| (s.from, s.block, s.index, s.target));
        self.spawns = spawns;
    }

    /// Replaces the graph's edges.
    fn set_edges(&mut self, edges: &[(FuncRef, FuncRef, Edge)]) {
        self.graph.clear_edges();
        for &(a, b, kind) in edges {
            let (na, nb) = (self.nodes[&a], self.nodes[&b]);
            self.graph.add_edge(na, nb, kind);
        }
    }

    /// Every function of the package, in file then declaration order.
    pub fn all(&self) -> impl Iterator<Item = FuncRef> + '_ {
        self.package.files.iter().enumerate().flat_map(|(fi, f)| {
            (0..f.funcs.len()).map(move |i| FuncRef {
                file: fi as u32,
                func: FuncId(i as u32),
            })
        })
    }

    pub fn file(&self, r: FuncRef) -> &'a FileIr {
        &self.package.files[r.file as usize]
    }

    pub fn func(&self, r: FuncRef) -> &'a Func {
        self.file(r).func(r.func)
    }

    /// The type-inference view of a function, built on first use.
    pub fn view(&self, r: FuncRef) -> &FuncView<'a> {
        self.views[r.file as usize][r.func.0 as usize]
            .get_or_init(|| FuncView::with_id(self.index, self.file(r), r.func))
    }

    /// A package-level function or method (`Foo`, `T.Foo`) by name.
    pub fn by_name(&self, name: &str) -> Option<FuncRef> {
        self.by_name.get(name).copied()
    }

    /// The functions of this package a call may run.
    pub fn resolve(&self, from: FuncRef, call: &Call) -> Vec<FuncRef> {
        match &call.callee {
            Callee::Func(name) => match self.by_name(name) {
                Some(r) => vec![r],
                None => self.global_func(name).into_iter().collect(),
            },
            Callee::Literal(id) => vec![FuncRef {
                file: from.file,
                func: *id,
            }],
            Callee::Method { recv, name } => self.resolve_method(from, recv, name),
            Callee::Dynamic(v) => self.resolve_dynamic(from, v).into_iter().collect(),
            Callee::Qualified { .. } | Callee::Conversion(_) => Vec::new(),
        }
    }

    fn resolve_method(&self, from: FuncRef, recv: &Value, name: &str) -> Vec<FuncRef> {
        if let Value::Place(Place::Global { .. }) = recv {
            // `pkg.Func` of a package the file does not import by that
            // name, or a method on a package variable: the latter resolves
            // through its type below.
            if self.value_type(from, recv).is_none() {
                return Vec::new();
            }
        }
        let ty = self.value_type(from, recv);
        if let Some(ty) = &ty {
            let base = type_base(ty);
            if base.contains('.') {
                return Vec::new();
            }
            if let Some(r) = self.by_name(&format!("{base}.{name}")) {
                return vec![r];
            }
            if let Some(r) = self.promoted_method(base, name) {
                return r;
            }
            let is_interface = matches!(
                self.index.type_decl(base).map(|t| &t.kind),
                Some(TypeKind::Interface { .. })
            );
            if !is_interface {
                return Vec::new();
            }
        }
        match self.methods.get(name) {
            Some(ms) if ms.len() <= MAX_CHA_TARGETS => ms.clone(),
            _ => Vec::new(),
        }
    }

    /// The method `name` promoted to struct type `base` through its
    /// embedded fields (`type server struct{ *conn }` has `conn`'s methods),
    /// searched depth by depth as Go does: the shallowest embedded type of
    /// the package declaring it. A field of that name at a shallower depth
    /// shadows it; an embedded interface of the package contributes the
    /// implementations of its method (at most [`MAX_CHA_TARGETS`]). An
    /// embedded type of another package may hold the method itself: the
    /// search stops at its depth (`None`: not resolved in this package).
    pub(super) fn promoted_method(&self, base: &str, name: &str) -> Option<Vec<FuncRef>> {
        let mut level: Vec<&str> = vec![base];
        for _ in 0..4 {
            let mut next = Vec::new();
            let mut found: Vec<FuncRef> = Vec::new();
            // An embedded type of another package at this depth may have
            // the method: deeper ones are then shadowed, or not, unseen.
            let mut external = false;
            for ty in level {
                let Some(TypeKind::Struct(fields)) = self.index.type_decl(ty).map(|t| &t.kind)
                else {
                    continue;
                };
                if fields.iter().any(|f| f.name == name && !f.embedded) {
                    // A field of that name at this depth: not a method.
                    return Some(Vec::new());
                }
                for f in fields.iter().filter(|f| f.embedded) {
                    let inner = type_base(&f.ty);
                    if inner.contains('.') {
                        external = true;
                        continue;
                    }
                    if let Some(r) = self.by_name(&format!("{inner}.{name}")) {
                        found.push(r);
                        continue;
                    }
                    match self.index.type_decl(inner).map(|t| &t.kind) {
                        Some(TypeKind::Interface { methods, .. })
                            if methods.iter().any(|m| m == name) =>
                        {
                            match self.methods.get(name) {
                                Some(ms) if ms.len() <= MAX_CHA_TARGETS => {
                                    found.extend(ms.iter().copied())
                                }
                                _ => return Some(Vec::new()),
                            }
                        }
                        Some(TypeKind::Struct(_)) => next.push(inner),
                        _ => {}
                    }
                }
            }
            if !found.is_empty() {
                // Two embedded types at one depth with the method: the
                // selector is ambiguous and does not compile; take both.
                found.sort();
                found.dedup();
                return Some(found);
            }
            if next.is_empty() || external {
                return None;
            }
            level = next;
        }
        None
    }

    /// A call through a local variable that is only ever assigned one
    /// function literal or package function.
    fn resolve_dynamic(&self, from: FuncRef, v: &Value) -> Option<FuncRef> {
        if let Value::Place(Place::Global { pkg: None, name }) = v {
            return self.global_func(name);
        }
        let key = v.var()?;
        if key.func != from.func && !self.encloses(key.func, from) {
            return None;
        }
        let owner = FuncRef {
            file: from.file,
            func: key.func,
        };
        let defs = self.view(owner).defs.var(key);
        let mut target = None;
        for d in defs {
            let t = match &d.op.kind {
                OpKind::Assign {
                    src: Value::FuncLit(id),
                    ..
                } => FuncRef {
                    file: from.file,
                    func: *id,
                },
                OpKind::Assign {
                    src: Value::FuncName(Callee::Func(name)),
                    ..
                } => self.by_name(name)?,
                // `run := sync.OnceFunc(f)`: calling run runs f. Only a
                // literal or a named function is followed here: a value
                // defined by any other call may be defined by itself
                // (`state = state()`), which must not recurse.
                OpKind::Call { call, .. } if is_once_func(call) => match call.args.first()? {
                    Value::FuncLit(id) => FuncRef {
                        file: from.file,
                        func: *id,
                    },
                    Value::FuncName(Callee::Func(name)) => self.by_name(name)?,
                    _ => return None,
                },
                _ => return None,
            };
            if target.is_some_and(|x| x != t) {
                return None;
            }
            target = Some(t);
        }
        target
    }

    /// The one function package variable `name` may hold (a call through a
    /// variable that may hold several stays unresolved, as a local's does).
    fn global_func(&self, name: &str) -> Option<FuncRef> {
        match self.global_funcs.get(name)?.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// True when `outer` is `inner` or one of the functions whose literal
    /// contains it.
    pub fn encloses(&self, outer: FuncId, inner: FuncRef) -> bool {
        let file = self.file(inner);
        let mut cur = inner.func;
        for _ in 0..64 {
            if cur == outer {
                return true;
            }
            match &file.func(cur).kind {
                FuncKind::Literal { parent } => cur = *parent,
                _ => return false,
            }
        }
        false
    }

    /// The functions `r` reaches by calls and defers (same goroutine),
    /// `r` first, breadth first, at most `limit` of them.
    pub fn same_goroutine(&self, r: FuncRef, limit: usize) -> Vec<FuncRef> {
        let mut out = vec![r];
        let mut i = 0;
        while i < out.len() && out.len() < limit {
            let n = self.nodes[&out[i]];
            let mut next: Vec<FuncRef> = self
                .graph
                .edges(n)
                .filter(|e| *e.weight() != Edge::Spawn)
                .map(|e| self.graph[petgraph::visit::EdgeRef::target(&e)])
                .collect();
            next.sort();
            for x in next {
                if !out.contains(&x) && out.len() < limit {
                    out.push(x);
                }
            }
            i += 1;
        }
        out
    }

    /// Functions some `go` statement of the package starts.
    pub fn spawned(&self) -> Vec<FuncRef> {
        let mut out: Vec<FuncRef> = self
            .graph
            .edge_indices()
            .filter(|e| self.graph[*e] == Edge::Spawn)
            .filter_map(|e| self.graph.edge_endpoints(e))
            .map(|(_, b)| self.graph[b])
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The op ends its goroutine's normal flow: a call of `t.Fatal`,
    /// `FailNow`, `Skip…` (which call `runtime.Goexit`), `runtime.Goexit`,
    /// or of a function of the package that never returns (every path of
    /// its body ends in one of these, `panic`, `os.Exit` or `log.Fatal`,
    /// or loops forever). Computed package-wide, once.
    pub fn ends_flow(&self, from: FuncRef, kind: &OpKind) -> bool {
        let OpKind::Call { call, .. } = kind else {
            return false;
        };
        if exits_directly(call) {
            return true;
        }
        let set = self
            .never_returns
            .get_or_init(|| self.compute_never_returns());
        if set.is_empty() {
            return false;
        }
        let targets = self.resolve(from, call);
        !targets.is_empty() && targets.iter().all(|t| set.contains(t))
    }

    /// Least fixpoint: a function never returns when no `return` or end of
    /// body is reachable once paths stop at calls that end the flow.
    fn compute_never_returns(&self) -> rustc_hash::FxHashSet<FuncRef> {
        let mut set: rustc_hash::FxHashSet<FuncRef> = Default::default();
        // Each round adds the callers of the previous round's functions; a
        // chain of helpers deeper than this is not followed.
        for _ in 0..8 {
            let mut added = false;
            for r in self.all() {
                if set.contains(&r) {
                    continue;
                }
                let Some(cfg) = &self.func(r).body else {
                    continue;
                };
                let ends = |kind: &OpKind| {
                    let OpKind::Call { call, .. } = kind else {
                        return false;
                    };
                    if exits_directly(call) {
                        return true;
                    }
                    let targets = self.resolve(r, call);
                    !targets.is_empty() && targets.iter().all(|t| set.contains(t))
                };
                if !returns(cfg, ends) {
                    set.insert(r);
                    added = true;
                }
            }
            if !added {
                break;
            }
        }
        set
    }

    /// The type of `v` in function `r` when it is known. A value rooted at
    /// a variable `r` captures from an enclosing function (`other :=
    /// pc.partner; once.Do(func() { <-other.done })`) is typed in that
    /// function, where the variable's assignments are: the literal's own
    /// view knows only declared types of captured variables.
    pub fn value_type(&self, r: FuncRef, v: &Value) -> Option<golint_ir::TypeText> {
        fn root(v: &Value) -> Option<golint_ir::VarKey> {
            match v {
                Value::Place(Place::Var(k)) => Some(*k),
                Value::Place(Place::Field(base, _)) => root(base),
                Value::Place(Place::Deref(x)) => root(x),
                Value::AddrOf(p) => match p.as_ref() {
                    Place::Var(k) => Some(*k),
                    Place::Field(base, _) => root(base),
                    _ => None,
                },
                _ => None,
            }
        }
        match root(v) {
            Some(k) if k.func != r.func && self.encloses(k.func, r) => self
                .view(FuncRef {
                    file: r.file,
                    func: k.func,
                })
                .value_type(v),
            _ => self.view(r).value_type(v),
        }
    }

    /// Every call, defer or `go` statement edge into `r`: the function it
    /// is in and how it reaches `r`, in a stable order.
    pub fn callers(&self, r: FuncRef) -> Vec<(FuncRef, Edge)> {
        let Some(&n) = self.nodes.get(&r) else {
            return Vec::new();
        };
        let mut out: Vec<(FuncRef, Edge)> = self
            .graph
            .edges_directed(n, petgraph::Direction::Incoming)
            .map(|e| {
                use petgraph::visit::EdgeRef;
                (self.graph[e.source()], *e.weight())
            })
            .collect();
        out.sort_by_key(|x| (x.0, x.1 as u8));
        out.dedup();
        out
    }

    /// True when some call, defer or `go` statement of the package reaches `r`.
    pub fn has_callers(&self, r: FuncRef) -> bool {
        self.graph
            .neighbors_directed(self.nodes[&r], petgraph::Direction::Incoming)
            .next()
            .is_some()
    }
}

/// A call that does not return to its caller: `t.Fatal…`, `FailNow`,
/// `Skip…` (by method name: `testing` values and loggers whose `Fatal`
/// exits alike), `runtime.Goexit`.
fn exits_directly(call: &Call) -> bool {
    match &call.callee {
        Callee::Method { name, .. } => matches!(
            name.as_str(),
            "Fatal" | "Fatalf" | "FailNow" | "Skip" | "Skipf" | "SkipNow"
        ),
        Callee::Qualified { path, name, .. } => path == "runtime" && name == "Goexit",
        _ => false,
    }
}

/// A `return` or the end of the body is reachable from the entry, paths
/// stopping at ops for which `ends` holds.
fn returns(cfg: &golint_ir::Cfg, ends: impl Fn(&OpKind) -> bool) -> bool {
    if cfg.blocks.is_empty() {
        return true;
    }
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = vec![0usize];
    while let Some(b) = work.pop() {
        match seen.get_mut(b) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let block = &cfg.blocks[b];
        if block.ops.iter().any(|op| ends(&op.kind)) {
            continue;
        }
        match &block.term {
            golint_ir::Term::Return { .. } | golint_ir::Term::FallOff { .. } => return true,
            t => work.extend(t.successors().into_iter().map(|s| s.0 as usize)),
        }
    }
    false
}

/// `T` of `*T`, `T[int]`, `pkg.T`.
pub fn type_base(ty: &str) -> &str {
    let t = ty.trim_start_matches('*');
    t.split('[').next().unwrap_or(t)
}

/// The key of a call in [`Funcs::value_runs`]: where its call expression
/// starts.
fn c_span_key(c: &ValueCall) -> u32 {
    c.call_start
}

/// `sync.OnceFunc(f)`, `sync.OnceValue(f)`, `sync.OnceValues(f)`: a func
/// that runs `f` the first time it is called.
pub(super) fn is_once_func(call: &Call) -> bool {
    matches!(&call.callee, Callee::Qualified { path, name, .. }
        if path == "sync" && matches!(name.as_str(), "OnceFunc" | "OnceValue" | "OnceValues"))
}
