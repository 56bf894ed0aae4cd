//! Functions passed around as values, and who runs them.
//!
//! A goroutine's body is often not written at its `go` statement: a helper
//! takes a func and starts it (`RunWorker(f)` whose body does `go f()`,
//! `errgroup.Group.Go(f)`, `time.AfterFunc(d, f)`), or runs it in place
//! (`sync.Once.Do(f)`, `withLock(f)`); the func is a literal, a method
//! value (`s.loop`), a func-typed field, or a closure some function
//! returns. This module tells which functions of the package a func value
//! may be and how a call runs the funcs it is given, so that the call
//! graph gets an edge from the caller to the func value itself — as if the
//! helper were inlined at the call: `Spawn` when the helper starts it,
//! `Call` when it runs it in the caller's goroutine.
//!
//! Every link is guarded by a declared type, never by a name alone: a
//! method value by its receiver's type, a field by the type declaring it,
//! a parameter by the function the call resolves to, a returned closure by
//! the call that returns it, the standard library's helpers by import path
//! and receiver type.

use golint_diagnostics::Span;
use golint_ir::{Call, Callee, Cap, FuncKind, OpKind, Place, Term, TypeKind, Value, VarKind};
use rustc_hash::FxHashMap as HashMap;

use super::funcs::{type_base, Edge, FuncRef, Funcs};

/// How deep a func value is followed through variables, returns and calls.
const MAX_VALUE_DEPTH: u32 = 4;

/// A call of the package that is given func values.
pub(super) struct ValueCall {
    pub from: FuncRef,
    pub block: u32,
    pub index: u32,
    /// The op: `go`, `defer` or a plain call.
    pub kind: Edge,
    pub span: Span,
    /// Where the call expression starts: its key in `Funcs::value_runs`.
    pub call_start: u32,
    /// Where the call starts (the helper's name): the label of the
    /// goroutine it starts.
    pub start: Span,
    /// The functions the call resolves to.
    pub callees: Vec<FuncRef>,
    /// Per argument index: the functions of the package it may be.
    pub args: Vec<(usize, Vec<FuncRef>)>,
    /// Per argument index: the func parameter of an enclosing function it
    /// passes on (`start(f)` in `Go(f func())`).
    pub params: Vec<(usize, FuncRef, usize)>,
    /// How a helper of the standard library (or `x/sync/errgroup`) runs its
    /// argument `i`.
    pub known: Option<(usize, Edge)>,
}

impl<'a> Funcs<'a> {
    /// The functions of the package the func value `v`, used in `from`, may
    /// be; empty when it is not known (a parameter, a package variable, a
    /// value from another package, an interface's method value).
    pub fn value_targets(&self, from: FuncRef, v: &Value) -> Vec<FuncRef> {
        let mut out = self.value_targets_depth(from, v, 0).unwrap_or_default();
        out.sort();
        out.dedup();
        out
    }

    /// `None` when some way `v` is defined is not understood: then the
    /// value is taken to be unknown rather than the part that is known.
    fn value_targets_depth(&self, from: FuncRef, v: &Value, depth: u32) -> Option<Vec<FuncRef>> {
        if depth > MAX_VALUE_DEPTH {
            return None;
        }
        match v {
            Value::FuncLit(id) => Some(vec![FuncRef {
                file: from.file,
                func: *id,
            }]),
            Value::FuncName(Callee::Func(name)) => match self.by_name(name) {
                Some(r) => matches!(self.func(r).kind, FuncKind::Func).then(|| vec![r]),
                // A package variable holding a func.
                None => self.global_funcs.get(name).cloned(),
            },
            Value::FuncName(Callee::Method { recv, name }) => self.method_value(from, recv, name),
            Value::Place(Place::Field(base, name)) => self.method_value(from, base, name),
            Value::Place(Place::Deref(x)) => self.value_targets_depth(from, x, depth + 1),
            Value::Place(Place::Global { pkg: None, name }) => match self.by_name(name) {
                // A function named before the lowering saw its declaration.
                Some(r) => matches!(self.func(r).kind, FuncKind::Func).then(|| vec![r]),
                None => self.global_funcs.get(name).cloned(),
            },
            Value::Place(Place::Var(k)) => {
                let owner = FuncRef {
                    file: from.file,
                    func: k.func,
                };
                let info = self.file(from).var_info(*k)?;
                // A parameter is bound at each call: the caller's edge to
                // the value it passes stands for it (see `value_calls`).
                if info.kind != VarKind::Local {
                    return None;
                }
                if k.func != from.func && !self.encloses(k.func, from) {
                    return None;
                }
                let defs = self.view(owner).defs.var(*k);
                if defs.is_empty() {
                    return None;
                }
                let mut out = Vec::new();
                for d in defs {
                    match &d.op.kind {
                        OpKind::Assign { src, .. } => {
                            out.extend(self.value_targets_depth(owner, src, depth + 1)?)
                        }
                        OpKind::Call { call, .. } => {
                            out.extend(self.returned_funcs(owner, call, d.index, depth + 1)?)
                        }
                        _ => return None,
                    }
                }
                Some(out)
            }
            Value::Place(Place::Temp(t)) => {
                let def = self.view(from).defs.temp(*t)?;
                match &def.op.kind {
                    OpKind::Call { call, .. } => {
                        self.returned_funcs(from, call, def.index, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `recv.name` used as a value: the method of `recv`'s declared type
    /// (promoted ones included), or the funcs stored in the field of that
    /// name, keyed by the struct type declaring it.
    fn method_value(&self, from: FuncRef, recv: &Value, name: &str) -> Option<Vec<FuncRef>> {
        let Some(ty) = self.value_type(from, recv) else {
            // A value of unknown type: only a field the package declares
            // once can be meant.
            let owner = self.index.unique_field_owner(name)?;
            return self
                .field_funcs
                .get(&(owner.to_string(), name.to_string()))
                .cloned();
        };
        let base = type_base(&ty);
        if base.contains('.') {
            return None;
        }
        if let Some(owner) = self.field_owner(base, name) {
            return self.field_funcs.get(&(owner, name.to_string())).cloned();
        }
        if let Some(r) = self.by_name(&format!("{base}.{name}")) {
            return Some(vec![r]);
        }
        self.promoted_method(base, name).filter(|v| !v.is_empty())
    }

    /// `base.name` is a method value: `base`'s type is a type of the package
    /// with a method `name` (its own or promoted) and no field of that name.
    pub fn is_method_value(&self, from: FuncRef, base: &Value, name: &str) -> bool {
        let Some(ty) = self.value_type(from, base) else {
            return false;
        };
        let b = type_base(&ty);
        !b.contains('.')
            && self.field_owner(b, name).is_none()
            && (self.by_name(&format!("{b}.{name}")).is_some()
                || self.promoted_method(b, name).is_some_and(|v| !v.is_empty()))
    }

    /// The funcs a call returns as its result `index`: for each function it
    /// resolves to, the func values of every `return`.
    fn returned_funcs(
        &self,
        from: FuncRef,
        call: &Call,
        index: usize,
        depth: u32,
    ) -> Option<Vec<FuncRef>> {
        if super::funcs::is_once_func(call) {
            return self.value_targets_depth(from, call.args.first()?, depth + 1);
        }
        let targets = self.resolve(from, call);
        if targets.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for t in targets {
            let cfg = self.func(t).body.as_ref()?;
            let mut any = false;
            for b in &cfg.blocks {
                if let Term::Return { values, .. } = &b.term {
                    // A bare return of named results is not followed.
                    let v = values.get(index)?;
                    if matches!(v, Value::Nil) {
                        continue;
                    }
                    out.extend(self.value_targets_depth(t, v, depth + 1)?);
                    any = true;
                }
            }
            if !any {
                return None;
            }
        }
        Some(out)
    }

    /// The struct type declaring field `f` of type `ty` (embedded fields
    /// searched), when `ty` is a struct of the package.
    pub fn field_owner(&self, ty: &str, f: &str) -> Option<String> {
        field_owner(self, ty, f, 0)
    }

    /// The func values stored in struct fields anywhere in the package:
    /// `s.onEvent = func() {…}`, `&srv{handle: s.serve}`, keyed by the type
    /// declaring the field.
    pub(super) fn collect_field_funcs(&mut self) {
        // The names of the package's func-typed fields: nothing else can
        // hold a func.
        let func_fields: rustc_hash::FxHashSet<&str> = self
            .package
            .files
            .iter()
            .flat_map(|f| &f.types)
            .filter_map(|t| match &t.kind {
                TypeKind::Struct(fs) => Some(fs),
                _ => None,
            })
            .flatten()
            .filter(|f| !f.embedded && self.is_func_type(&f.ty))
            .map(|f| f.name.as_str())
            .collect();
        if func_fields.is_empty() {
            return;
        }
        let mut out: HashMap<(String, String), Vec<FuncRef>> = HashMap::default();
        for r in self.all() {
            let Some(body) = &self.func(r).body else {
                continue;
            };
            for (_, op) in body.ops() {
                if let OpKind::Assign {
                    dst: Place::Field(base, f),
                    src,
                } = &op.kind
                {
                    let owner = if !func_fields.contains(f.as_str()) {
                        None
                    } else {
                        match self.value_type(r, base) {
                            Some(ty) => self.field_owner(type_base(&ty), f),
                            None => self.index.unique_field_owner(f).map(str::to_string),
                        }
                    };
                    if let Some(owner) = owner {
                        let t = self.value_targets(r, src);
                        if !t.is_empty() {
                            out.entry((owner, f.clone())).or_default().extend(t);
                        }
                    }
                }
                for v in crate::defs::reads(&op.kind) {
                    crate::defs::walk_value(v, &mut |x| {
                        if let Value::Composite { ty, fields, .. } = x {
                            self.composite_funcs(r, ty, fields, &func_fields, &mut out);
                        }
                    });
                }
            }
            for b in &body.blocks {
                if let Term::Return { values, .. } = &b.term {
                    for v in values {
                        crate::defs::walk_value(v, &mut |x| {
                            if let Value::Composite { ty, fields, .. } = x {
                                self.composite_funcs(r, ty, fields, &func_fields, &mut out);
                            }
                        });
                    }
                }
            }
        }
        for v in out.values_mut() {
            v.sort();
            v.dedup();
        }
        self.field_funcs = out;
    }

    /// The func values held by package variables no other package can
    /// assign: `var spawn = func(f func()) { go f() }`, `onStop = s.drain`.
    /// A variable whose address is taken, or that is ever assigned a value
    /// the model cannot follow, is left out (its calls stay unresolved);
    /// so is an exported variable of an importable package.
    pub(super) fn collect_global_funcs(&mut self) {
        let importable = super::objects::importable(self.package);
        let candidates: rustc_hash::FxHashSet<&str> = self
            .package
            .files
            .iter()
            .flat_map(|f| &f.globals)
            .filter(|g| !g.is_const && (!importable || !super::objects::is_exported(&g.name)))
            .map(|g| g.name.as_str())
            .collect();
        if candidates.is_empty() {
            return;
        }
        let mut out: HashMap<String, Vec<FuncRef>> = HashMap::default();
        let mut unknown: rustc_hash::FxHashSet<String> = Default::default();
        for r in self.all() {
            let Some(body) = &self.func(r).body else {
                continue;
            };
            for (_, op) in body.ops() {
                for (i, dst) in crate::defs::writes(&op.kind) {
                    let Place::Global { pkg: None, name } = dst else {
                        continue;
                    };
                    if !candidates.contains(name.as_str()) {
                        continue;
                    }
                    let t = match &op.kind {
                        OpKind::Assign { src, .. } => Some(self.value_targets(r, src)),
                        OpKind::Call { call, .. } => self.returned_funcs(r, call, i, 0),
                        _ => None,
                    };
                    match t {
                        Some(t) if !t.is_empty() => out.entry(name.clone()).or_default().extend(t),
                        _ => {
                            unknown.insert(name.clone());
                        }
                    }
                }
                for v in crate::defs::reads(&op.kind) {
                    crate::defs::walk_value(v, &mut |x| {
                        if let Value::AddrOf(p) = x {
                            if let Place::Global { pkg: None, name } = p.as_ref() {
                                unknown.insert(name.clone());
                            }
                        }
                    });
                }
            }
        }
        out.retain(|name, _| !unknown.contains(name));
        for v in out.values_mut() {
            v.sort();
            v.dedup();
        }
        self.global_funcs = out;
    }

    fn composite_funcs(
        &self,
        r: FuncRef,
        ty: &str,
        fields: &[(Option<String>, Value)],
        func_fields: &rustc_hash::FxHashSet<&str>,
        out: &mut HashMap<(String, String), Vec<FuncRef>>,
    ) {
        let base = type_base(ty);
        let Some(TypeKind::Struct(decl)) = self.index.type_decl(base).map(|t| &t.kind) else {
            return;
        };
        for (i, (name, v)) in fields.iter().enumerate() {
            if !matches!(
                v,
                Value::FuncLit(_) | Value::FuncName(_) | Value::Place(Place::Field(..))
            ) {
                continue;
            }
            let name = match name {
                Some(n) => n.clone(),
                None => match decl.get(i) {
                    Some(f) => f.name.clone(),
                    None => continue,
                },
            };
            if !func_fields.contains(name.as_str()) {
                continue;
            }
            let t = self.value_targets(r, v);
            if !t.is_empty() {
                out.entry((base.to_string(), name)).or_default().extend(t);
            }
        }
    }

    /// The calls of the package given func values (or their own func
    /// parameters), among the calls `resolved` lists with their callees
    /// (`(function, block, op, callees)`): found once, re-read by each
    /// round of [`Funcs::value_edges`]. Only arguments a callee declares
    /// with a func type (or a known helper's func) are looked at.
    pub(super) fn value_calls(
        &self,
        resolved: &[(FuncRef, u32, u32, Vec<FuncRef>)],
    ) -> Vec<ValueCall> {
        let mut out = Vec::new();
        for (from, bi, oi, callees) in resolved {
            let from = *from;
            let Some(op) = self
                .func(from)
                .body
                .as_ref()
                .and_then(|b| b.op_at(*bi, *oi))
            else {
                continue;
            };
            let (call, kind) = match &op.kind {
                OpKind::Call { call, .. } => (call, Edge::Call),
                OpKind::Defer(call) => (call, Edge::Defer),
                OpKind::Spawn(call) => (call, Edge::Spawn),
                _ => continue,
            };
            let known = if callees.is_empty() {
                self.known_helper(from, call)
            } else {
                None
            };
            if callees.is_empty() && known.is_none() {
                continue;
            }
            let takes_func = |i: usize| {
                known.is_some_and(|(k, _)| k == i)
                    || callees.iter().any(|c| {
                        let f = self.func(*c);
                        let p = if f.variadic && i + 1 >= f.params.len() {
                            None
                        } else {
                            f.params.get(i)
                        };
                        p.is_some_and(|p| self.is_func_type(&p.ty))
                    })
            };
            let mut args = Vec::new();
            let mut params = Vec::new();
            for (i, a) in call.args.iter().enumerate() {
                if !maybe_func(a) || !takes_func(i) {
                    continue;
                }
                if let Some(p) = self.func_param(from, a) {
                    params.push((i, p.0, p.1));
                    continue;
                }
                let t = self.value_targets(from, a);
                if !t.is_empty() {
                    args.push((i, t));
                }
            }
            if args.is_empty() && params.is_empty() {
                continue;
            }
            out.push(ValueCall {
                from,
                block: *bi,
                index: *oi,
                kind,
                span: op.span,
                call_start: call.span.start,
                start: helper_name_span(call, op.span, kind),
                callees: callees.clone(),
                args,
                params,
                known,
            });
        }
        out
    }

    /// `v` is parameter `i` of function `w` (the function declaring it,
    /// possibly enclosing `from`), declared with a func type and never
    /// assigned: `(w, i)`.
    fn func_param(&self, from: FuncRef, v: &Value) -> Option<(FuncRef, usize)> {
        let k = v.var()?;
        let file = self.file(from);
        let info = file.var_info(k)?;
        if info.kind != VarKind::Param {
            return None;
        }
        let w = FuncRef {
            file: from.file,
            func: k.func,
        };
        let wf = self.func(w);
        let i = wf.params.iter().position(|p| p.var == Some(k))?;
        if !self.is_func_type(&wf.params[i].ty) || !self.view(w).defs.var(k).is_empty() {
            return None;
        }
        Some((w, i))
    }

    fn is_func_type(&self, ty: &str) -> bool {
        if ty.starts_with("func(") {
            return true;
        }
        matches!(
            self.index.type_decl(type_base(ty)).map(|t| &t.kind),
            Some(TypeKind::Other(t)) if t.starts_with("func(")
        )
    }

    /// How a helper of the standard library (or `x/sync/errgroup`) runs the
    /// func it is given: `time.AfterFunc(d, f)` and `context.AfterFunc(ctx,
    /// f)` start it later in a goroutine of their own, `(*errgroup.Group).Go`
    /// and `(*sync.WaitGroup).Go` start it now, `(*sync.Once).Do` runs it
    /// in the caller's goroutine. A method is recognized by its receiver's
    /// declared type and the file's import of its package.
    fn known_helper(&self, from: FuncRef, call: &Call) -> Option<(usize, Edge)> {
        match &call.callee {
            Callee::Qualified { path, name, .. } => match (path.as_str(), name.as_str()) {
                ("time", "AfterFunc") | ("context", "AfterFunc") => Some((1, Edge::Spawn)),
                _ => None,
            },
            Callee::Method { recv, name }
                if matches!(name.as_str(), "Go" | "Do" | "Cleanup" | "Run") =>
            {
                let ty = self.value_type(from, recv)?;
                let (pkg, tname) = type_base(&ty).split_once('.')?;
                let path = self.file(from).import_path(pkg)?;
                match (path, tname, name.as_str()) {
                    ("golang.org/x/sync/errgroup", "Group", "Go") | ("sync", "WaitGroup", "Go") => {
                        Some((0, Edge::Spawn))
                    }
                    ("sync", "Once", "Do") => Some((0, Edge::Call)),
                    // A subtest runs in a goroutine of its own, but Run
                    // waits for it to finish: to the test, a call. One
                    // that calls t.Parallel runs only after the test
                    // function has returned, which no edge says.
                    ("testing", "T" | "B", "Run") => {
                        let body = self.value_targets(from, call.args.get(1)?);
                        (!body.iter().any(|&f| self.calls_parallel(f))).then_some((1, Edge::Call))
                    }
                    // Cleanup funcs run when the test and its subtests
                    // have finished: a deferred call of the test.
                    ("testing", "T" | "B" | "F" | "TB", "Cleanup") => Some((0, Edge::Defer)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `f` calls `Parallel()` on something (its `*testing.T`).
    fn calls_parallel(&self, f: FuncRef) -> bool {
        self.func(f).body.as_ref().is_some_and(|b| {
            b.ops().any(|(_, op)| {
                matches!(&op.kind, OpKind::Call { call, .. }
                    if matches!(&call.callee, Callee::Method { name, .. } if name == "Parallel"))
            })
        })
    }

    /// For each function, how it runs each of its func parameters (index,
    /// `Call` or `Spawn`), from the current graph: a call through the
    /// parameter in the function's own goroutine (its body, or a literal
    /// it calls) runs it there; in a literal it starts with `go`, or handed
    /// to a helper that starts it, in a new goroutine.
    pub(super) fn param_summaries(
        &self,
        calls: &[ValueCall],
        prev: &HashMap<FuncRef, Vec<(usize, Edge)>>,
    ) -> HashMap<FuncRef, Vec<(usize, Edge)>> {
        let mut out: HashMap<FuncRef, Vec<(usize, Edge)>> = HashMap::default();
        let mut add = |w: FuncRef, i: usize, e: Edge| {
            let v = out.entry(w).or_default();
            // `Spawn` wins: the func may run in another goroutine.
            if let Some(x) = v.iter_mut().find(|x| x.0 == i) {
                if e == Edge::Spawn {
                    x.1 = Edge::Spawn;
                }
            } else {
                v.push((i, e));
            }
        };
        // Direct calls through a func parameter: `f()`, `go f()`, `defer f()`.
        let mut mode_cache: HashMap<(FuncRef, FuncRef), Option<Edge>> = HashMap::default();
        for g in self.all() {
            let Some(body) = &self.func(g).body else {
                continue;
            };
            for (_, op) in body.ops() {
                let (call, kind) = match &op.kind {
                    OpKind::Call { call, .. } => (call, Edge::Call),
                    OpKind::Defer(call) => (call, Edge::Defer),
                    OpKind::Spawn(call) => (call, Edge::Spawn),
                    _ => continue,
                };
                let Callee::Dynamic(v) = &call.callee else {
                    continue;
                };
                let Some((w, i)) = self.func_param(g, v) else {
                    continue;
                };
                let Some(mode) = *mode_cache
                    .entry((w, g))
                    .or_insert_with(|| self.mode_within(w, g))
                else {
                    continue;
                };
                add(w, i, combine(mode, kind));
            }
        }
        // A func parameter handed on to a helper: `start(f)`, `time.AfterFunc(d, f)`.
        for c in calls {
            for &(i, w, pi) in &c.params {
                let Some(mode) = *mode_cache
                    .entry((w, c.from))
                    .or_insert_with(|| self.mode_within(w, c.from))
                else {
                    continue;
                };
                for run in runs_of(c, i, prev) {
                    add(w, pi, combine(mode, combine(c.kind, run)));
                }
            }
        }
        out
    }

    /// How `g` runs relative to `w`'s own goroutine when `g` is `w` or a
    /// literal inside it: `Call` (the same goroutine), `Spawn` (a goroutine
    /// `w` starts), `None` when `w` does not run it (handed elsewhere).
    fn mode_within(&self, w: FuncRef, g: FuncRef) -> Option<Edge> {
        if g == w {
            return Some(Edge::Call);
        }
        if g.file != w.file || !self.encloses(w.func, g) {
            return None;
        }
        // Breadth first over the edges between `w` and its literals.
        let mut seen: HashMap<FuncRef, Edge> = HashMap::default();
        seen.insert(w, Edge::Call);
        let mut work = vec![w];
        while let Some(x) = work.pop() {
            let mx = seen[&x];
            for e in self.graph.edges(self.nodes[&x]) {
                let y = self.graph[petgraph::visit::EdgeRef::target(&e)];
                if y.file != w.file || !self.encloses(w.func, y) {
                    continue;
                }
                let my = combine(mx, *e.weight());
                match seen.get(&y) {
                    Some(&Edge::Spawn) => {}
                    Some(_) if my != Edge::Spawn => {}
                    _ => {
                        seen.insert(y, my);
                        work.push(y);
                    }
                }
            }
        }
        seen.get(&g).copied().map(|e| match e {
            Edge::Defer => Edge::Call,
            e => e,
        })
    }

    /// The edges from callers to the func values they hand to helpers,
    /// given the helpers' summaries: `(from, to, kind, call)`.
    pub(super) fn value_edges<'c>(
        &self,
        calls: &'c [ValueCall],
        summaries: &HashMap<FuncRef, Vec<(usize, Edge)>>,
    ) -> Vec<(FuncRef, FuncRef, Edge, &'c ValueCall)> {
        let mut out = Vec::new();
        for c in calls {
            for (i, targets) in &c.args {
                for run in runs_of(c, *i, summaries) {
                    let kind = combine(c.kind, run);
                    for &t in targets {
                        if !out.iter().any(|x: &(FuncRef, FuncRef, Edge, &ValueCall)| {
                            std::ptr::eq(x.3, c) && x.1 == t && x.2 == kind
                        }) {
                            out.push((c.from, t, kind, c));
                        }
                    }
                }
            }
        }
        out
    }

    /// Per func parameter, the funcs of the package its callers pass,
    /// directly or handing on their own parameter (a few rounds).
    pub(super) fn collect_param_values(
        &self,
        calls: &[ValueCall],
    ) -> HashMap<(FuncRef, usize), Vec<FuncRef>> {
        let mut out: HashMap<(FuncRef, usize), Vec<FuncRef>> = HashMap::default();
        for c in calls {
            for (i, ts) in &c.args {
                for &w in &c.callees {
                    out.entry((w, *i)).or_default().extend(ts.iter().copied());
                }
            }
        }
        for _ in 0..MAX_VALUE_DEPTH {
            let mut changed = false;
            for c in calls {
                for &(i, w0, pi) in &c.params {
                    let Some(ts) = out.get(&(w0, pi)).cloned() else {
                        continue;
                    };
                    for &w in &c.callees {
                        let e = out.entry((w, i)).or_default();
                        for t in &ts {
                            if !e.contains(t) {
                                e.push(*t);
                                changed = true;
                            }
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for v in out.values_mut() {
            v.sort();
        }
        out
    }

    /// The functions of the package a call may run in place, for binding
    /// its arguments: what [`Funcs::resolve`] gives, else the funcs a call
    /// through a func value may be — a method value, a func field, a
    /// returned closure, or a func parameter (every func its callers pass
    /// for it: context-insensitive, as the unification of parameters is).
    pub fn call_targets(&self, from: FuncRef, call: &Call) -> Vec<FuncRef> {
        let direct = self.resolve(from, call);
        if !direct.is_empty() {
            return direct;
        }
        if let Callee::Dynamic(v) = &call.callee {
            if let Some(p) = self.func_param(from, v) {
                return self.param_values.get(&p).cloned().unwrap_or_default();
            }
        }
        self.value_runs(from, call).iter().map(|x| x.0).collect()
    }

    /// The functions handed to a helper of the standard library (or
    /// `x/sync/errgroup`): the call that runs them is not seen, so their
    /// parameters, receiver and results are bound by code the model does
    /// not follow.
    pub fn run_as_value(&self, r: FuncRef) -> bool {
        self.value_run.contains(&r)
    }

    /// What call `call` of `from` runs through the func values it is given
    /// or calls, with how: the edges [`Funcs::resolve`] does not give.
    pub fn value_runs(&self, from: FuncRef, call: &Call) -> &[(FuncRef, Edge)] {
        self.value_runs
            .get(&(from, call.span.start))
            .map_or(&[], Vec::as_slice)
    }

    /// The functions a call runs in the caller's goroutine before it
    /// returns: what it resolves to and the funcs it runs in place (not
    /// those it registers to run later, as `t.Cleanup(f)` does).
    pub fn called_by(&self, from: FuncRef, call: &Call) -> Vec<FuncRef> {
        let mut out = self.resolve(from, call);
        out.extend(
            self.value_runs(from, call)
                .iter()
                .filter(|x| x.1 == Edge::Call)
                .map(|x| x.0),
        );
        out
    }

    /// The func values a call runs when the caller returns: what a
    /// `defer` statement's call runs in place, or what a call registers
    /// (`t.Cleanup(f)`).
    pub fn deferred_by(&self, from: FuncRef, call: &Call) -> Vec<FuncRef> {
        self.value_runs(from, call)
            .iter()
            .filter(|x| x.1 == Edge::Defer)
            .map(|x| x.0)
            .collect()
    }
}

/// How call `c` runs its argument `i`: per callee's summary, or the
/// standard library's helper.
fn runs_of(c: &ValueCall, i: usize, summaries: &HashMap<FuncRef, Vec<(usize, Edge)>>) -> Vec<Edge> {
    let mut out = Vec::new();
    if let Some((k, e)) = c.known {
        if k == i {
            out.push(e);
        }
    }
    for callee in &c.callees {
        if let Some(s) = summaries.get(callee) {
            for &(k, e) in s {
                if k == i && !out.contains(&e) {
                    out.push(e);
                }
            }
        }
    }
    out
}

/// Running something in the way `inner` says, from code that runs the way
/// `outer` says: a goroutine anywhere on the way makes it a goroutine.
pub(super) fn combine(outer: Edge, inner: Edge) -> Edge {
    match (outer, inner) {
        (Edge::Spawn, _) | (_, Edge::Spawn) => Edge::Spawn,
        (Edge::Defer, _) => Edge::Defer,
        (_, e) => e,
    }
}

/// A value that may be a func: a literal, a named function, a name or a
/// selector, a call's result.
fn maybe_func(v: &Value) -> bool {
    matches!(
        v,
        Value::FuncLit(_)
            | Value::FuncName(_)
            | Value::Place(
                Place::Var(_) | Place::Field(..) | Place::Temp(_) | Place::Global { pkg: None, .. }
            )
    )
}

/// The helper's name in a call (`RunWorker`, `time.AfterFunc`, `g.Go`),
/// or the `go` keyword of a `go` statement: where the goroutine starts.
fn helper_name_span(call: &Call, stmt: Span, kind: Edge) -> Span {
    if kind == Edge::Spawn {
        return Span {
            end: stmt.start + 2,
            ..stmt
        };
    }
    let end = call
        .arg_spans
        .first()
        .map_or(call.span.end, |a| a.start.saturating_sub(1))
        .max(call.span.start);
    Span { end, ..call.span }
}

fn field_owner(funcs: &Funcs<'_>, ty: &str, f: &str, depth: u32) -> Option<String> {
    if depth > 3 || ty.contains('.') {
        return None;
    }
    let TypeKind::Struct(fields) = &funcs.index.type_decl(ty)?.kind else {
        return None;
    };
    if fields.iter().any(|x| x.name == f && !x.embedded) {
        return Some(ty.to_string());
    }
    fields
        .iter()
        .filter(|x| x.embedded)
        .find_map(|x| field_owner(funcs, type_base(&x.ty), f, depth + 1))
}

impl<'a> Funcs<'a> {
    /// The capacity of a `make(chan T, size)` of `from`: the lowering's,
    /// or, when `size` names a constant or a parameter, its value — a
    /// package constant (the same literal in every file declaring it), a
    /// local assigned one constant, or a parameter every call of the
    /// package binds to the same constant (and that no other package and
    /// no func value can call).
    pub fn capacity(&self, from: FuncRef, cap: Cap, size: Option<&Value>) -> Cap {
        if cap != Cap::Unknown {
            return cap;
        }
        match size.and_then(|v| self.const_int(from, v, 0)) {
            Some(0) => Cap::Zero,
            Some(n) if n > 0 => Cap::Const(n as u64),
            _ => Cap::Unknown,
        }
    }

    fn const_int(&self, from: FuncRef, v: &Value, depth: u32) -> Option<i64> {
        if depth > 3 {
            return None;
        }
        match v {
            Value::Int(n) => Some(*n),
            Value::Place(Place::Global { pkg: None, name }) => {
                let mut value = None;
                for g in self.package.files.iter().flat_map(|f| &f.globals) {
                    if g.name == *name {
                        if !g.is_const
                            || g.value.is_none()
                            || value.is_some_and(|x| Some(x) != g.value)
                        {
                            return None;
                        }
                        value = g.value;
                    }
                }
                value
            }
            Value::Place(Place::Var(k)) => {
                let info = self.file(from).var_info(*k)?;
                let owner = FuncRef {
                    file: from.file,
                    func: k.func,
                };
                match info.kind {
                    VarKind::Local => match self.view(owner).defs.var(*k) {
                        [d] => match &d.op.kind {
                            OpKind::Assign { src, .. } => self.const_int(owner, src, depth + 1),
                            _ => None,
                        },
                        _ => None,
                    },
                    VarKind::Param => {
                        let f = self.func(owner);
                        let i = f.params.iter().position(|p| p.var == Some(*k))?;
                        if !self.view(owner).defs.var(*k).is_empty() {
                            return None;
                        }
                        self.param_const(owner, i, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The constant every call of `f` passes as argument `i`.
    fn param_const(&self, f: FuncRef, i: usize, depth: u32) -> Option<i64> {
        let func = self.func(f);
        let exported = match &func.kind {
            FuncKind::Func => super::objects::is_exported(&func.name),
            FuncKind::Method { .. } => func
                .name
                .split_once('.')
                .is_some_and(|(_, m)| super::objects::is_exported(m)),
            _ => return None,
        };
        if (exported && super::objects::importable(self.package))
            || func.variadic && i + 1 >= func.params.len()
            || self.value_run.contains(&f)
            || self.used_as_value(f)
        {
            return None;
        }
        let mut value = None;
        for (caller, call) in self.call_sites(f) {
            let v = self.const_int(caller, call.args.get(i)?, depth)?;
            if value.is_some_and(|x| x != v) {
                return None;
            }
            value = Some(v);
        }
        value
    }

    /// The calls of `f` in the package (direct, by resolution).
    fn call_sites(&self, f: FuncRef) -> Vec<(FuncRef, &'a Call)> {
        let mut out = Vec::new();
        for r in self.all() {
            let Some(body) = &self.func(r).body else {
                continue;
            };
            for (_, op) in body.ops() {
                let call = match &op.kind {
                    OpKind::Call { call, .. } | OpKind::Defer(call) | OpKind::Spawn(call) => call,
                    _ => continue,
                };
                if call.callee.name() == self.func(f).name.rsplit('.').next()
                    && self.resolve(r, call).contains(&f)
                {
                    out.push((r, call));
                }
            }
        }
        out
    }

    /// `f` is used as a value somewhere (by name, conservatively): handed
    /// to code that may call it with anything.
    fn used_as_value(&self, f: FuncRef) -> bool {
        let name = self.func(f).name.rsplit('.').next().unwrap_or_default();
        for r in self.all() {
            let Some(body) = &self.func(r).body else {
                continue;
            };
            for (_, op) in body.ops() {
                for v in crate::defs::reads(&op.kind) {
                    let mut hit = false;
                    crate::defs::walk_value(v, &mut |x| match x {
                        Value::FuncName(c) if c.name() == Some(name) => hit = true,
                        Value::Place(Place::Field(_, n)) if n == name => hit = true,
                        _ => {}
                    });
                    if hit {
                        return true;
                    }
                }
            }
        }
        false
    }
}
