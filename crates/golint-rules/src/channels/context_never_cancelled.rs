use std::collections::{BTreeMap, HashMap, HashSet};

use golint_analysis::concurrency::{objects, FuncRef, Model};
use golint_analysis::{reads, walk_value, Defs, FuncView, PackageIndex};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{
    Callee, Comm, FileIr, Func, FuncId, FuncKind, Op, OpKind, Place, Term, Value, VarKey,
};

use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a goroutine waiting for the end of a context that never
    /// ends: made by `context.WithCancel` (or `WithCancelCause`) from
    /// `context.Background()` or `context.TODO()` — no deadline, a parent
    /// that never ends — whose cancel function is never called. Three
    /// forms:
    ///
    /// - **Nothing calls the cancel function**, or only functions nothing
    ///   runs call it (a `stop` that only an uncalled `shutdown` calls: no
    ///   exported function, exported method, `main`, `init`, test or func
    ///   value reaches it). Reported: a blocking receive from `Done()`, and
    ///   a loop whose only ways out are a `case <-ctx.Done():` or a test of
    ///   `ctx.Err()` (`for ctx.Err() == nil { … }`) — in a function
    ///   something runs, when the cancel function has uncalled callers.
    /// - **A caller drops the object that holds it.** A constructor of the
    ///   package stores the cancel function in a field of the object it
    ///   returns (and does nothing else with it), and starts, before it
    ///   returns the object, a goroutine that ends only once the context
    ///   is done (a receive from `Done()` on every path, or a loop as
    ///   above); only methods of the object (`Commit`, `Rollback`, `Close`)
    ///   call the cancel function. A caller that, on some path to a
    ///   `return`, neither calls one of them (`defer tx.Rollback()` counts)
    ///   nor hands the object on leaks the goroutine. Handing on is any use
    ///   but a field access, a nil test, or a call of a method that itself
    ///   neither cancels nor hands its receiver on: returning the object,
    ///   storing it (a map of the object's type counts), passing it,
    ///   capturing it in a closure, logging it. The branch of the
    ///   constructor's error test that reads the error (and of a nil test
    ///   of the object that does not use it) is where no object was made.
    ///   When the constructor takes the parent context, the call must pass
    ///   `context.Background()` or `TODO()`: a caller's context may end.
    ///   Returning from `main` is not a leak.
    ///
    /// Followed in the first form: the context and its cancel function in
    /// locals of the function that makes them, in unexported struct fields
    /// that are only ever given such contexts, and in a parameter that
    /// every call of the package binds to such a context (`go
    /// w.run(ctx)`), of a function no other package can call and that is
    /// never used as a func value. Not reported when the cancel function
    /// is passed to another function, returned, or read other than by a
    /// call (it may be called out of sight), when the field or its type is
    /// exported outside `package main`, or when one call of the function
    /// passes another context. A method with an exported name may be
    /// called through an interface by any package: its calls always count.
    /// `go vet`'s `lostcancel` already reports a cancel function that is
    /// dropped in the function that made it.
    ///
    /// ## Why is this bad?
    /// Every goroutine waiting for the context to end — a worker's loop, a
    /// watcher, the cleanup of a connection — waits forever: it leaks, with
    /// everything it holds, and a shutdown that waits for it hangs.
    ///
    /// ## Example
    /// ```go
    /// type worker struct {
    ///     ctx    context.Context
    ///     cancel context.CancelFunc
    /// }
    ///
    /// func newWorker() *worker {
    ///     ctx, cancel := context.WithCancel(context.Background())
    ///     w := &worker{ctx: ctx, cancel: cancel}
    ///     go w.run()
    ///     return w
    /// }
    ///
    /// func (w *worker) run() {
    ///     <-w.ctx.Done() // nothing calls w.cancel
    ///     w.cleanup()
    /// }
    ///
    /// func (w *worker) stop() {}
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func (w *worker) stop() { w.cancel() }
    /// ```
    ///
    /// A transaction whose goroutine waits for `Commit` or `Rollback`:
    /// ```go
    /// func (db *DB) begin() *Tx {
    ///     ctx, cancel := context.WithCancel(context.Background())
    ///     tx := &Tx{ctx: ctx, cancel: cancel}
    ///     go tx.awaitDone() // <-tx.ctx.Done()
    ///     return tx
    /// }
    ///
    /// func (tx *Tx) Rollback() { tx.cancel() }
    ///
    /// func query(db *DB) error {
    ///     tx := db.begin()
    ///     if err := tx.exec(); err != nil {
    ///         return err // tx is dropped: awaitDone waits forever
    ///     }
    ///     return tx.Commit()
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// tx := db.begin()
    /// defer tx.Rollback()
    /// ```
    pub struct ContextNeverCancelled {
        code: "GL109",
        name: "context-never-cancelled",
        summary: "goroutine waiting for the end of a context that nothing cancels and that has no deadline",
        severity: Warning,
        default: true,
    }
}

/// A `context.WithCancel(context.Background())` whose results are kept in
/// locals.
struct Origin {
    span: Span,
    ctx: VarKey,
    cancel: VarKey,
}

/// What the package does with an origin's local, or with a field (by
/// name).
#[derive(Default)]
struct Uses {
    /// Called (`cancel()`, `s.cancel()`).
    called: bool,
    /// The functions calling it: (file, function).
    callers: Vec<(usize, FuncId)>,
    /// Read other than by a call, `.Done()`/`.Err()` or a store into a
    /// field: passed, returned, copied — it may be called out of sight.
    read: bool,
    /// A field given something other than an origin's local.
    given_other: bool,
    /// An exported field of an importable package.
    exported: bool,
}

impl Rule for ContextNeverCancelled {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        // Contexts come from package `context`: nothing to do without it.
        let uses_context = cx
            .package
            .files
            .iter()
            .any(|f| f.imports.iter().any(|i| i.path == "context"));
        if !uses_context {
            return;
        }
        let reported = Self::package_wide(cx, out);
        for d in super::context_dropped::check(cx.model(), &reported) {
            out.push(d);
        }
    }
}

impl ContextNeverCancelled {
    /// The package-wide form: origins whose cancel function nothing calls.
    /// Returns the `WithCancel` calls it found never cancelled, which the
    /// per-object form leaves alone.
    fn package_wide(cx: &RuleContext<'_>, out: &mut Findings) -> HashSet<Span> {
        let pkg = cx.package;
        let importable = pkg.name != "main";
        // Origins, by file.
        let mut origins: Vec<(usize, Origin)> = Vec::new();
        for (fi, file) in pkg.files.iter().enumerate() {
            for func in &file.funcs {
                let Some(body) = &func.body else { continue };
                let with_cancel = |op: &Op| match &op.kind {
                    OpKind::Call { call, dst } => {
                        (call.callee.is_qualified("context", "WithCancel")
                            || call.callee.is_qualified("context", "WithCancelCause"))
                            && dst.len() == 2
                    }
                    _ => false,
                };
                // Most functions make no context: look before building defs.
                if !body.ops().any(|(_, op)| with_cancel(op)) {
                    continue;
                }
                let defs = Defs::new(func);
                for (_, op) in body.ops() {
                    if !with_cancel(op) {
                        continue;
                    }
                    let OpKind::Call { call, dst } = &op.kind else {
                        continue;
                    };
                    let root = match call.args.first() {
                        Some(Value::Place(Place::Temp(t))) => defs.temp_call(*t).is_some_and(|c| {
                            c.callee.is_qualified("context", "Background")
                                || c.callee.is_qualified("context", "TODO")
                        }),
                        _ => false,
                    };
                    if let (true, Place::Var(ctx), Place::Var(cancel)) = (root, &dst[0], &dst[1]) {
                        origins.push((
                            fi,
                            Origin {
                                span: call.span,
                                ctx: *ctx,
                                cancel: *cancel,
                            },
                        ));
                    }
                }
            }
        }
        if origins.is_empty() {
            return HashSet::new();
        }
        let origin_vars: HashSet<VarKey> = origins
            .iter()
            .flat_map(|(_, o)| [o.ctx, o.cancel])
            .collect();
        // How each local of an origin and each field is used, package-wide.
        let mut uses = UseMap::default();
        let exported =
            |name: &str| importable && name.starts_with(|c: char| c.is_ascii_uppercase());
        for (fi, file) in pkg.files.iter().enumerate() {
            for (id, func) in file.funcs.iter().enumerate() {
                let Some(body) = &func.body else { continue };
                let view = FuncView::new(cx.index(), file, func);
                let scan = Scan {
                    fi,
                    func: FuncId(id as u32),
                    origin_vars: &origin_vars,
                    exported: &exported,
                    type_of: &|v: &Value| {
                        view.value_type(v)
                            .map(|t| t.trim_start_matches('*').to_string())
                    },
                };
                for (_, op) in body.ops() {
                    scan.op(&op.kind, &mut uses);
                }
                for block in &body.blocks {
                    if let Term::Return { values, .. } = &block.term {
                        for v in values {
                            scan.read(v, &mut uses);
                        }
                    }
                }
            }
        }
        // The functions something outside or a live function may run,
        // computed when some cancel function is called at all.
        let reached = std::cell::OnceCell::new();
        let reached = || reached.get_or_init(|| reachable(cx.model()));
        // Called from code that runs: every call in a function nothing
        // live reaches (a `Close` nobody calls) does not count.
        let called = |u: &Uses| u.called && u.callers.iter().any(|c| reached().contains(c));
        let mut live: Vec<Live> = Vec::new();
        for (fi, origin) in &origins {
            let file = &pkg.files[*fi];
            let (kx, kc) = (&origin.cancel, &origin.ctx);
            let cancel = uses.vars.get(&(*fi, *kx));
            if cancel.is_some_and(|u| u.read || called(u)) {
                continue;
            }
            let mut dead_callers = cancel.is_some_and(|u| u.called);
            // The cancel function went into fields: each must be closed to
            // the outside and never called.
            let cancel_fields = uses.stores.get(&(*fi, *kx)).cloned().unwrap_or_default();
            if cancel_fields.is_empty() && cancel.is_none() {
                // Dropped where it was made: `go vet` (lostcancel) says so.
                continue;
            }
            if cancel_fields.iter().any(|f| {
                let u = uses.field(f);
                dead_callers |= u.called;
                u.read || u.exported || called(&u)
            }) {
                continue;
            }
            // Where the context went: its local, and fields only ever given
            // never-ending contexts.
            let mut ctx_fields = uses.stores.get(&(*fi, *kc)).cloned().unwrap_or_default();
            ctx_fields.retain(|f| {
                let u = uses.field(f);
                !u.given_other && !u.exported
            });
            let cancel_name = cancel_fields
                .first()
                .map(|(t, f)| format!("`{t}.{f}`"))
                .unwrap_or_else(|| format!("`{}`", file.var(*kx).name));
            live.push(Live {
                fi: *fi,
                ctx: *kc,
                ctx_fields,
                cancel_name,
                made: origin.span,
                dead_callers,
            });
        }
        if live.is_empty() {
            return HashSet::new();
        }
        let params = live_params(cx, &live);
        // One pass over every function for the `Done()` receives.
        for (gi, g) in pkg.files.iter().enumerate() {
            for (id, func) in g.funcs.iter().enumerate() {
                let which = |view: &FuncView<'_>, v: &Value| {
                    if let Some(k) = v.var() {
                        if let Some(&(_, i)) = params.iter().find(|(p, _)| *p == (gi, k)) {
                            return Some(i);
                        }
                    }
                    live.iter().position(|l| match v {
                        Value::Place(Place::Var(k)) => gi == l.fi && *k == l.ctx,
                        Value::Place(Place::Field(base, f)) => {
                            l.ctx_fields.iter().any(|(ft, ff)| {
                                ff == f
                                    && view
                                        .value_type(base)
                                        .is_none_or(|t| t.trim_start_matches('*') == ft)
                            })
                        }
                        _ => false,
                    })
                };
                let blocking = done_receives(cx.index(), g, func, &which);
                // A loop that ends only when the context is done, in a
                // function with no blocking receive reported already.
                let loops = if blocking.is_empty() {
                    endless_loops(cx, gi, id, &which)
                } else {
                    Vec::new()
                };
                for (span, what, i) in blocking.into_iter().chain(loops) {
                    let l = &live[i];
                    if l.dead_callers && !reached().contains(&(gi, FuncId(id as u32))) {
                        continue;
                    }
                    let cancel_name = &l.cancel_name;
                    let why = if l.dead_callers {
                        format!("its cancel function {cancel_name} is called only from functions nothing runs (no exported function, `main`, `init` or test reaches them)")
                    } else {
                        format!("nothing in the package calls its cancel function {cancel_name}")
                    };
                    out.push(
                        Diagnostic::new(
                            Self::META.code,
                            Self::META.name,
                            span,
                            format!("{what}: the context has no deadline and {why}"),
                        )
                        .with_primary_label("never done")
                        .with_label(l.made, "made here, from a context that never ends")
                        .with_help(format!(
                            "call {cancel_name} where the work should stop (a `Stop` or `Close` method), or give the context a deadline"
                        )),
                    );
                }
            }
        }
        live.iter().map(|l| l.made).collect()
    }
}

/// The context parameters every call of the package binds to the local
/// of a live origin (`go w.run(ctx)`): (file, parameter) and the origin.
/// The function must be one no other package can call and that is never
/// used as a func value, so that the calls seen are all its calls.
fn live_params(cx: &RuleContext<'_>, live: &[Live]) -> Vec<((usize, VarKey), usize)> {
    let m = cx.model();
    let pkg = cx.package;
    let importable = objects::importable(pkg);
    // Per (function, argument index): the live origin each call passes,
    // or None when one call passes something else.
    let mut bound: BTreeMap<(FuncRef, usize), Option<usize>> = BTreeMap::new();
    // Names used as values, not called: such a function has callers out
    // of sight.
    let mut as_values: HashSet<&str> = HashSet::new();
    for r in m.funcs.all() {
        let Some(body) = &m.funcs.func(r).body else {
            continue;
        };
        for (_, op) in body.ops() {
            for v in reads(&op.kind) {
                walk_value(v, &mut |x| match x {
                    Value::FuncName(Callee::Func(n)) => {
                        as_values.insert(n.as_str());
                    }
                    Value::FuncName(Callee::Method { name, .. })
                    | Value::Place(Place::Field(_, name)) => {
                        as_values.insert(name.as_str());
                    }
                    Value::Place(Place::Global { pkg: None, name }) => {
                        as_values.insert(name.as_str());
                    }
                    _ => {}
                });
            }
            let call = match &op.kind {
                OpKind::Call { call, .. } | OpKind::Spawn(call) | OpKind::Defer(call) => call,
                _ => continue,
            };
            let targets = m.funcs.resolve(r, call);
            let [t] = targets.as_slice() else {
                continue;
            };
            for (i, a) in call.args.iter().enumerate() {
                let origin = a.var().and_then(|k| {
                    live.iter()
                        .position(|l| l.fi == r.file as usize && l.ctx == k)
                });
                let e = bound.entry((*t, i)).or_insert(origin);
                if origin.is_none() {
                    *e = None;
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((t, i), origin) in bound {
        let Some(origin) = origin else { continue };
        let f = m.funcs.func(t);
        let short = f.name.rsplit('.').next().unwrap_or(&f.name);
        if (importable && objects::is_exported(short)) || as_values.contains(short) || f.variadic {
            continue;
        }
        let Some(k) = f.params.get(i).and_then(|p| p.var) else {
            continue;
        };
        // Reassigned in the body: it may hold another context by then.
        if !m.funcs.view(t).defs.var(k).is_empty() {
            continue;
        }
        out.push(((t.file as usize, k), origin));
    }
    out
}

/// The functions of the package that may run: those another package,
/// the runtime or a test can call (exported functions of an importable
/// package, exported methods of any type — interfaces reach them —,
/// `main`, `init`, tests), those used as values, and, from them, what
/// they call by name (a method call reaches every method of that name)
/// and the literals they create (one assigned to a local nothing reads
/// never runs). A least fixpoint: a `Close` called only from a `Stop`
/// nothing calls is not reached.
/// Puts the functions called `name` on the work list, the first time only.
fn by_name<'a>(
    table: &HashMap<&'a str, Vec<(usize, FuncId)>>,
    done: &mut HashSet<&'a str>,
    name: &str,
    work: &mut Vec<(usize, FuncId)>,
) {
    if let Some((&key, targets)) = table.get_key_value(name) {
        if done.insert(key) {
            work.extend(targets.iter().copied());
        }
    }
}

fn reachable(m: &Model<'_>) -> HashSet<(usize, FuncId)> {
    let pkg = m.funcs.package;
    let importable = objects::importable(pkg);
    let mut funcs: HashMap<&str, Vec<(usize, FuncId)>> = HashMap::new();
    let mut methods: HashMap<&str, Vec<(usize, FuncId)>> = HashMap::new();
    let mut work: Vec<(usize, FuncId)> = Vec::new();
    for (fi, file) in pkg.files.iter().enumerate() {
        for (id, f) in file.funcs.iter().enumerate() {
            let key = (fi, FuncId(id as u32));
            let short = f.name.rsplit('.').next().unwrap_or(&f.name);
            let root = match &f.kind {
                FuncKind::Func => {
                    funcs.entry(f.name.as_str()).or_default().push(key);
                    (importable && objects::is_exported(short))
                        || f.name == "main"
                        || f.name == "init"
                        || (file.is_test
                            && ["Test", "Benchmark", "Fuzz", "Example"]
                                .iter()
                                .any(|p| f.name.starts_with(p)))
                }
                FuncKind::Method { .. } => {
                    methods.entry(short).or_default().push(key);
                    objects::is_exported(short)
                }
                FuncKind::VarInit => true,
                FuncKind::Literal { .. } => false,
            };
            if root {
                work.push(key);
            }
        }
    }
    // A name's functions go on the work list once: a package reads some
    // field names and calls some method names thousands of times.
    let mut funcs_done: HashSet<&str> = HashSet::new();
    let mut methods_done: HashSet<&str> = HashSet::new();
    // Names used as values (`f := worker`, `s.loop` as a method value, a
    // field read that may be one): their callers are out of sight.
    for file in &pkg.files {
        for f in &file.funcs {
            let Some(body) = &f.body else { continue };
            for (_, op) in body.ops() {
                for v in reads(&op.kind) {
                    walk_value(v, &mut |x| match x {
                        Value::FuncName(Callee::Func(n))
                        | Value::Place(Place::Global { pkg: None, name: n }) => {
                            by_name(&funcs, &mut funcs_done, n, &mut work);
                        }
                        Value::FuncName(Callee::Method { name, .. })
                        | Value::Place(Place::Field(_, name)) => {
                            by_name(&methods, &mut methods_done, name, &mut work);
                        }
                        _ => {}
                    });
                }
            }
        }
    }
    let mut seen: HashSet<(usize, FuncId)> = HashSet::new();
    while let Some(key) = work.pop() {
        if !seen.insert(key) {
            continue;
        }
        let file = &pkg.files[key.0];
        let Some(body) = file
            .funcs
            .get(key.1 .0 as usize)
            .and_then(|f| f.body.as_ref())
        else {
            continue;
        };
        for (_, op) in body.ops() {
            let call = match &op.kind {
                OpKind::Call { call, .. } | OpKind::Spawn(call) | OpKind::Defer(call) => Some(call),
                _ => None,
            };
            if let Some(call) = call {
                let from = FuncRef {
                    file: key.0 as u32,
                    func: key.1,
                };
                match &call.callee {
                    Callee::Func(n) => by_name(&funcs, &mut funcs_done, n, &mut work),
                    // By the receiver's type when the model knows it, else
                    // every method of that name.
                    Callee::Method { name, .. } => match m.funcs.resolve(from, call).as_slice() {
                        [] => by_name(&methods, &mut methods_done, name, &mut work),
                        targets => work.extend(targets.iter().map(|t| (t.file as usize, t.func))),
                    },
                    Callee::Literal(id) => work.push((key.0, *id)),
                    _ => {}
                }
            }
            // A literal assigned to a local runs only if something reads
            // the local (calls it, passes it on).
            let assigned = match &op.kind {
                OpKind::Assign {
                    dst: Place::Var(k),
                    src: Value::FuncLit(id),
                } => Some((*k, *id)),
                _ => None,
            };
            for v in reads(&op.kind) {
                walk_value(v, &mut |x| {
                    if let Value::FuncLit(id) = x {
                        match assigned {
                            Some((k, lit)) if lit == *id && !var_read(file, k) => {}
                            _ => work.push((key.0, *id)),
                        }
                    }
                });
            }
        }
        for block in &body.blocks {
            if let Term::Return { values, .. } = &block.term {
                for v in values {
                    walk_value(v, &mut |x| {
                        if let Value::FuncLit(id) = x {
                            work.push((key.0, *id));
                        }
                    });
                }
            }
        }
    }
    seen
}

/// Some function of `file` reads local `k` (calls it, passes it...).
fn var_read(file: &FileIr, k: VarKey) -> bool {
    file.funcs
        .iter()
        .filter_map(|f| f.body.as_ref())
        .any(|body| {
            body.ops().any(|(_, op)| {
                let mut found = false;
                for v in reads(&op.kind) {
                    walk_value(v, &mut |x| found |= x.var() == Some(k));
                }
                found
            }) || body.blocks.iter().any(|b| match &b.term {
                Term::Return { values, .. } => values.iter().any(|v| {
                    let mut found = false;
                    walk_value(v, &mut |x| found |= x.var() == Some(k));
                    found
                }),
                _ => false,
            })
        })
}

/// An origin whose cancel function nothing calls.
struct Live {
    fi: usize,
    /// The context's local.
    ctx: VarKey,
    /// Fields only ever given never-ending contexts, this one among them.
    ctx_fields: Vec<FieldKey>,
    cancel_name: String,
    made: Span,
    /// The cancel function is called, but only in functions nothing live
    /// reaches: a receive is reported only where something live reaches.
    dead_callers: bool,
}

/// A field: the type declaring it (empty when unknown) and its name.
type FieldKey = (String, String);

#[derive(Default)]
struct UseMap {
    /// The locals of origins, by file.
    vars: BTreeMap<(usize, VarKey), Uses>,
    fields: BTreeMap<FieldKey, Uses>,
    /// The fields each origin local is stored into.
    stores: BTreeMap<(usize, VarKey), Vec<FieldKey>>,
}

impl UseMap {
    /// What is known of field `key`, with what was seen of a field of that
    /// name on a value of unknown type.
    fn field(&self, key: &FieldKey) -> Uses {
        let mut u = Uses::default();
        let unknown = (String::new(), key.1.clone());
        for k in [key, &unknown] {
            if let Some(x) = self.fields.get(k) {
                u.called |= x.called;
                u.callers.extend_from_slice(&x.callers);
                u.read |= x.read;
                u.given_other |= x.given_other;
                u.exported |= x.exported;
            }
        }
        u
    }
}

/// One function's view for recording uses.
struct Scan<'s> {
    fi: usize,
    func: FuncId,
    origin_vars: &'s HashSet<VarKey>,
    exported: &'s dyn Fn(&str) -> bool,
    type_of: &'s dyn Fn(&Value) -> Option<String>,
}

impl Scan<'_> {
    fn key(&self, base: &Value, name: &str) -> FieldKey {
        ((self.type_of)(base).unwrap_or_default(), name.to_string())
    }

    fn op(&self, kind: &OpKind, uses: &mut UseMap) {
        // Calls of a local or a field: `cancel()`, `s.cancel()`; `.Done()`
        // and `.Err()` on a context keep it followed.
        let call = match kind {
            OpKind::Call { call, .. } | OpKind::Defer(call) | OpKind::Spawn(call) => Some(call),
            _ => None,
        };
        let mut skip: Option<&Value> = None;
        if let Some(call) = call {
            match &call.callee {
                Callee::Dynamic(f) => match f.as_ref() {
                    Value::Place(Place::Var(k)) => {
                        let u = uses.vars.entry((self.fi, *k)).or_default();
                        u.called = true;
                        u.callers.push((self.fi, self.func));
                        skip = Some(f);
                    }
                    Value::Place(Place::Field(base, name)) => {
                        let key = self.key(base, name);
                        let u = uses.fields.entry(key).or_default();
                        u.called = true;
                        u.callers.push((self.fi, self.func));
                        skip = Some(f);
                    }
                    _ => {}
                },
                Callee::Method { recv, name } => {
                    // `s.cancel()` lowers as a method call on `s`.
                    let key = self.key(recv, name);
                    let u = uses.fields.entry(key).or_default();
                    u.called = true;
                    u.callers.push((self.fi, self.func));
                    if name == "Done" || name == "Err" {
                        skip = Some(recv);
                    }
                }
                _ => {}
            }
        }
        // Stores into fields.
        let mut stored = |key: FieldKey, v: &Value| {
            let origin = v.var().filter(|k| self.origin_vars.contains(k));
            let u = uses.fields.entry(key.clone()).or_default();
            u.exported |= (self.exported)(&key.1);
            u.given_other |= origin.is_none();
            if let Some(k) = origin {
                uses.stores.entry((self.fi, k)).or_default().push(key);
            }
        };
        if let OpKind::Assign {
            dst: Place::Field(base, f),
            src,
        } = kind
        {
            stored(self.key(base, f), src);
        }
        for v in reads(kind) {
            walk_value(v, &mut |x| {
                if let Value::Composite { ty, fields, .. } = x {
                    let ty = ty.trim_start_matches('&').trim_start_matches('*');
                    for (name, val) in fields {
                        if let Some(f) = name {
                            stored((ty.to_string(), f.clone()), val);
                        }
                    }
                }
            });
        }
        // Any other read of an origin local or of a field: it may be
        // called out of sight.
        let assigns_field = matches!(
            kind,
            OpKind::Assign {
                dst: Place::Field(..),
                ..
            }
        );
        for v in reads(kind) {
            if skip.is_some_and(|s| std::ptr::eq(s, v)) || matches!(v, Value::Composite { .. }) {
                continue;
            }
            if assigns_field && v.var().is_some() {
                continue;
            }
            self.read(v, uses);
        }
    }

    fn read(&self, v: &Value, uses: &mut UseMap) {
        match v {
            Value::Place(Place::Var(k)) => uses.vars.entry((self.fi, *k)).or_default().read = true,
            Value::Place(Place::Field(base, f)) => {
                let key = self.key(base, f);
                uses.fields.entry(key).or_default().read = true;
            }
            Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
                for p in v.operands() {
                    self.read(p, uses);
                }
            }
            _ => {}
        }
    }
}

/// Blocking receives from `x.Done()` where `which(x)` names a live origin:
/// the receive, what blocks, and the origin.
fn done_receives<'a>(
    index: &'a PackageIndex<'a>,
    file: &'a FileIr,
    func: &'a Func,
    which: &impl Fn(&FuncView<'a>, &Value) -> Option<usize>,
) -> Vec<(Span, String, usize)> {
    let mut out = Vec::new();
    let Some(body) = &func.body else { return out };
    // Cheap test first: most functions receive from no `Done()` at all.
    let receives = body.blocks.iter().any(|b| {
        b.ops
            .iter()
            .any(|op| matches!(op.kind, OpKind::Recv { .. }))
            || matches!(&b.term, Term::Select(sel) if sel.cases.len() == 1 && sel.default.is_none())
    });
    if !receives {
        return out;
    }
    let view = FuncView::new(index, file, func);
    let done_of = |ch: &Value| -> Option<(String, usize)> {
        let Value::Place(Place::Temp(t)) = ch else {
            return None;
        };
        let call = view.defs.temp_call(*t)?;
        match &call.callee {
            Callee::Method { recv, name } if name == "Done" => {
                which(&view, recv).map(|i| (display(file, recv), i))
            }
            _ => None,
        }
    };
    for block in &body.blocks {
        for op in &block.ops {
            if let OpKind::Recv { ch, .. } = &op.kind {
                if let Some((via, i)) = done_of(ch) {
                    out.push((op.span, format!("`<-{via}.Done()` blocks forever"), i));
                }
            }
        }
        if let Term::Select(sel) = &block.term {
            if sel.cases.len() == 1 && sel.default.is_none() {
                if let Comm::Recv { ch, .. } = &sel.cases[0].comm {
                    if let Some((via, i)) = done_of(ch) {
                        out.push((
                            sel.cases[0].span,
                            format!("`<-{via}.Done()` blocks forever"),
                            i,
                        ));
                    }
                }
            }
        }
    }
    out
}

/// Loops of function `id` of file `gi` whose only ways out are tests of
/// `x.Err()` and `case <-x.Done():` cases, `x` a live origin: they run
/// until the context is done, which never happens. The first test or
/// case, what never ends, and the origin.
fn endless_loops<'a>(
    cx: &RuleContext<'a>,
    gi: usize,
    id: usize,
    which: &impl Fn(&FuncView<'a>, &Value) -> Option<usize>,
) -> Vec<(Span, String, usize)> {
    let file = &cx.package.files[gi];
    let func = &file.funcs[id];
    let mut out = Vec::new();
    let Some(body) = &func.body else { return out };
    // Cheap test first: a call of `Err` or a select.
    let polls = body.blocks.iter().any(|b| {
        matches!(b.term, Term::Select(_))
            || b.ops.iter().any(|op| {
                matches!(&op.kind, OpKind::Call { call, .. }
                    if matches!(&call.callee, Callee::Method { name, .. } if name == "Err"))
            })
    });
    if !polls {
        return out;
    }
    let m = cx.model();
    let r = FuncRef {
        file: gi as u32,
        func: FuncId(id as u32),
    };
    let view = m.funcs.view(r);
    let Some(shape) = m.shape(r) else { return out };
    let is_ctx = |v: &Value| which(view, v).is_some();
    let gates =
        super::context_dropped::ends_by_context(file, body, &shape.loops, &view.defs, &is_ctx);
    let mut done_loops: HashSet<usize> = HashSet::new();
    for g in &gates {
        let Some(l) = shape.loops.of(g.block) else {
            continue;
        };
        if !done_loops.insert(l) {
            continue;
        }
        // Any way out of the loop other than through a gate: a return, a
        // panic, a call that ends the goroutine.
        let gated = |b: u32, t: u32| gates.iter().any(|g| (g.block, g.out) == (b, t));
        let mut seen = vec![false; body.blocks.len()];
        let mut work = vec![g.block];
        let mut exits = false;
        while let Some(b) = work.pop() {
            if std::mem::replace(&mut seen[b as usize], true) {
                continue;
            }
            let block = &body.blocks[b as usize];
            if block.ops.iter().any(|op| m.funcs.ends_flow(r, &op.kind))
                || matches!(
                    block.term,
                    Term::Return { .. } | Term::FallOff { .. } | Term::Panic { .. }
                )
            {
                exits = true;
                break;
            }
            work.extend(
                block
                    .term
                    .successors()
                    .iter()
                    .map(|s| s.0)
                    .filter(|&t| !gated(b, t)),
            );
        }
        let Some(i) = which(view, &g.recv) else {
            continue;
        };
        if !exits {
            let at = body.blocks[g.block as usize]
                .loop_span
                .map(|s| format!(" at line {}", file.line_of(s.start)))
                .unwrap_or_default();
            out.push((
                g.span,
                format!(
                    "the loop{at} ends only when `{}` is done, which never happens",
                    g.via
                ),
                i,
            ));
        }
    }
    out
}

fn display(file: &FileIr, v: &Value) -> String {
    match v {
        Value::Place(Place::Var(k)) => file.var(*k).name.clone(),
        Value::Place(Place::Field(base, f)) => format!("{}.{f}", display(file, base)),
        _ => "ctx".to_string(),
    }
}
