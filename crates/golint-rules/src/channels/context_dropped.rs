//! GL109's per-object form: an object whose constructor starts a goroutine
//! waiting for the object's context, and whose cancel function only the
//! object's methods call (`Rollback`, `Commit`, `Close`), is leaked by a
//! caller that lets go of it on some path without calling one of them.
//!
//! The object is followed in the caller only while nothing else can reach
//! it: any use other than a field access, a nil test or a call of a method
//! that neither calls the cancel function nor lets its receiver go (a
//! *keeping* method) hands it on, and the path stops there — the object is
//! returned, stored, passed, captured or released, and someone else may
//! end it. The goroutine leaks only when the context has no other way to
//! end: it is made by `context.WithCancel` from `context.Background()` or
//! `TODO()`, directly in the constructor or as the argument of this call.

use std::collections::{HashMap, HashSet, VecDeque};

use golint_analysis::concurrency::{paths, FuncRef, Model};
use golint_analysis::{reads, walk_value, writes};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{
    Call, Callee, Comm, FileIr, FuncId, FuncKind, OpKind, Place, Term, TypeKind, Value, VarKey,
};

/// Where the constructor's context comes from.
#[derive(Clone, Copy)]
enum Parent {
    /// `context.Background()` or `TODO()` in the constructor.
    Root,
    /// The constructor's parameter at this index: the caller's argument
    /// decides.
    Param(usize),
}

/// A function that makes an object holding a cancel function and starts
/// a goroutine waiting for that context.
struct Ctor {
    func: FuncRef,
    /// The object's type.
    ty: String,
    cancel_field: String,
    /// The result holding the object, and the others (an `error`).
    result: usize,
    parent: Parent,
    /// The `WithCancel` call.
    made: Span,
    /// The goroutine's blocking receive from `Done()`, and the name of
    /// the function it runs.
    wait: Span,
    waiter: String,
    /// The methods that call the cancel function, directly or through
    /// another method of the type.
    releasers: Vec<String>,
}

/// Findings of the per-object form. `skip` holds the `WithCancel` calls
/// the package-wide form reported already.
pub(super) fn check(m: &Model<'_>, skip: &HashSet<Span>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut types: HashMap<String, Option<TypeFacts>> = HashMap::new();
    let mut ctors = Vec::new();
    for r in m.funcs.all() {
        if let Some(c) = constructor(m, r, &mut types) {
            if !skip.contains(&c.made) {
                ctors.push(c);
            }
        }
    }
    if ctors.is_empty() {
        return out;
    }
    for r in m.funcs.all() {
        let Some(body) = &m.funcs.func(r).body else {
            continue;
        };
        for (b, block) in body.blocks.iter().enumerate() {
            for (i, op) in block.ops.iter().enumerate() {
                let OpKind::Call { call, dst } = &op.kind else {
                    continue;
                };
                let targets = m.funcs.resolve(r, call);
                let [t] = targets.as_slice() else { continue };
                let Some(c) = ctors.iter().find(|c| c.func == *t) else {
                    continue;
                };
                let Some(facts) = types.get(&c.ty).and_then(|f| f.as_ref()) else {
                    continue;
                };
                if let Some(d) = caller(m, r, (b as u32, i as u32), call, dst, c, facts) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// A branch or select case through which a loop ends once a context is
/// done: a test of `x.Err()` (in the block that calls it, one successor
/// staying on the loop and one leaving it), or a `case <-x.Done():`.
pub(super) struct Gate {
    pub block: u32,
    /// The successor taken when the context is done.
    pub out: u32,
    /// The `Err` call or the case.
    pub span: Span,
    /// The context as written.
    pub via: String,
    pub recv: Value,
}

/// The gates of `body` on the contexts `is_ctx` accepts.
pub(super) fn ends_by_context(
    file: &FileIr,
    body: &golint_ir::Cfg,
    loops: &paths::Loops,
    defs: &golint_analysis::Defs<'_>,
    is_ctx: &impl Fn(&Value) -> bool,
) -> Vec<Gate> {
    let mut out = Vec::new();
    for (b, block) in body.blocks.iter().enumerate() {
        let b = b as u32;
        match &block.term {
            Term::Branch(succ) if succ.len() == 2 => {
                let Some(golint_ir::Op {
                    kind: OpKind::Use(cond),
                    ..
                }) = block.ops.last()
                else {
                    continue;
                };
                let err = block.ops.iter().find_map(|op| match &op.kind {
                    OpKind::Call { call, dst } => match (&call.callee, dst.as_slice()) {
                        (Callee::Method { recv, name }, [p]) if name == "Err" && is_ctx(recv) => {
                            let read = match p {
                                Place::Temp(t) => cond_reads(
                                    cond,
                                    |x| matches!(x, Value::Place(Place::Temp(u)) if u == t),
                                ),
                                Place::Var(k) => cond_reads(cond, |x| x.var() == Some(*k)),
                                _ => false,
                            };
                            read.then(|| (call.span, recv.as_ref().clone()))
                        }
                        _ => None,
                    },
                    _ => None,
                });
                let Some((span, recv)) = err else { continue };
                let Some(l) = loops.of(b) else { continue };
                let on: Vec<bool> = succ.iter().map(|s| loops.of(s.0) == Some(l)).collect();
                let out_succ = match on.as_slice() {
                    [true, false] => succ[1].0,
                    [false, true] => succ[0].0,
                    _ => continue,
                };
                out.push(Gate {
                    block: b,
                    out: out_succ,
                    span,
                    via: display(file, &recv),
                    recv,
                });
            }
            Term::Select(sel) => {
                for case in &sel.cases {
                    let Comm::Recv {
                        ch: Value::Place(Place::Temp(t)),
                        ..
                    } = &case.comm
                    else {
                        continue;
                    };
                    let Some(call) = defs.temp_call(*t) else {
                        continue;
                    };
                    if let Callee::Method { recv, name } = &call.callee {
                        if name == "Done" && is_ctx(recv) {
                            out.push(Gate {
                                block: b,
                                out: case.target.0,
                                span: case.span,
                                via: display(file, recv),
                                recv: recv.as_ref().clone(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn cond_reads(v: &Value, pred: impl Fn(&Value) -> bool) -> bool {
    let mut found = false;
    walk_value(v, &mut |x| found |= pred(x));
    found
}

/// What the methods of a type do with their receiver.
struct TypeFacts {
    /// Method name → it keeps its receiver: calls no cancel function,
    /// hands the receiver to nothing, starts nothing with it.
    keeps: HashMap<String, bool>,
}

fn is_root_ctx(call: &Call) -> bool {
    call.callee.is_qualified("context", "Background") || call.callee.is_qualified("context", "TODO")
}

/// `r` as a constructor: it calls `context.WithCancel`, stores the cancel
/// function (and nothing else is done with it) in a field of one object
/// it returns, and starts, before any return of the object, a goroutine
/// that blocks on the context's `Done()` on every path.
fn constructor(
    m: &Model<'_>,
    r: FuncRef,
    types: &mut HashMap<String, Option<TypeFacts>>,
) -> Option<Ctor> {
    let func = m.funcs.func(r);
    if matches!(func.kind, FuncKind::Literal { .. }) {
        return None;
    }
    let body = func.body.as_ref()?;
    let file = m.funcs.file(r);
    // Cheap test first: most functions make no context.
    let makes = |op: &golint_ir::Op| {
        matches!(&op.kind, OpKind::Call { call, .. }
            if call.callee.is_qualified("context", "WithCancel")
                || call.callee.is_qualified("context", "WithCancelCause"))
    };
    if !body.ops().any(|(_, op)| makes(op)) {
        return None;
    }
    let view = m.funcs.view(r);
    let (made, parent, ctx, cancel) = body.ops().find_map(|(_, op)| {
        let OpKind::Call { call, dst } = &op.kind else {
            return None;
        };
        if !(call.callee.is_qualified("context", "WithCancel")
            || call.callee.is_qualified("context", "WithCancelCause"))
        {
            return None;
        }
        let [Place::Var(ctx), Place::Var(cancel)] = dst.as_slice() else {
            return None;
        };
        let parent = match call.args.first()? {
            Value::Place(Place::Temp(t)) if view.defs.temp_call(*t).is_some_and(is_root_ctx) => {
                Parent::Root
            }
            Value::Place(Place::Var(p)) if view.defs.var(*p).is_empty() => {
                Parent::Param(func.params.iter().position(|x| x.var == Some(*p))?)
            }
            _ => return None,
        };
        Some((call.span, parent, *ctx, *cancel))
    })?;
    // Where the cancel function and the context go: fields of one object.
    let mut obj: Option<VarKey> = None;
    let mut ty = String::new();
    let mut cancel_field: Option<String> = None;
    let mut ctx_fields: Vec<String> = Vec::new();
    for (_, op) in body.ops() {
        match &op.kind {
            OpKind::Assign {
                dst: Place::Var(o),
                src: Value::Composite { ty: t, fields, .. },
            } => {
                for (name, v) in fields {
                    let Some(name) = name else { continue };
                    if v.var() == Some(cancel) {
                        if obj.is_some() {
                            return None;
                        }
                        obj = Some(*o);
                        ty = t
                            .trim_start_matches('&')
                            .trim_start_matches('*')
                            .to_string();
                        cancel_field = Some(name.clone());
                    }
                    if v.var() == Some(ctx) {
                        ctx_fields.push(name.clone());
                    }
                }
            }
            OpKind::Assign {
                dst: Place::Field(base, name),
                src,
            } if src.var() == Some(cancel) || src.var() == Some(ctx) => {
                let o = base.var()?;
                if src.var() == Some(cancel) {
                    if obj.is_some_and(|x| x != o) || cancel_field.is_some() {
                        return None;
                    }
                    obj = Some(o);
                    ty = view.value_type(base)?.trim_start_matches('*').to_string();
                    cancel_field = Some(name.clone());
                } else {
                    ctx_fields.push(name.clone());
                }
            }
            _ => {}
        }
    }
    let (obj, cancel_field) = (obj?, cancel_field?);
    if view.defs.var(obj).len() != 1 || view.defs.var(cancel).len() != 1 {
        return None;
    }
    // The cancel function is read once, by that store, in the whole file
    // (closures of the constructor included): nothing else can call it.
    let mut cancel_reads = 0;
    for f in &file.funcs {
        if let Some(b) = &f.body {
            for_each_value(b, &mut |v| {
                if v.var() == Some(cancel) {
                    cancel_reads += 1;
                }
            });
        }
    }
    if cancel_reads != 1 {
        return None;
    }
    // A struct of the package, whose methods are known.
    let decl = m.funcs.index.type_decl(&ty)?;
    if !matches!(decl.kind, TypeKind::Struct(_)) {
        return None;
    }
    if !types.contains_key(&ty) {
        let facts = type_facts(m, &ty, &cancel_field);
        types.insert(ty.clone(), facts);
    }
    let facts = types.get(&ty)?.as_ref()?;
    if map_keyed(m, &ty) {
        return None;
    }
    let releasers = releasers(m, &ty, &cancel_field);
    if releasers.is_empty() {
        // Nothing calls it: the package-wide form's case.
        return None;
    }
    // The object's result: every return gives it or nil there.
    let mut result = None;
    let mut returns = Vec::new();
    for (b, block) in body.blocks.iter().enumerate() {
        let Term::Return { values, .. } = &block.term else {
            continue;
        };
        if values.len() != func.results.len() {
            return None;
        }
        for (i, v) in values.iter().enumerate() {
            if v.var() == Some(obj) {
                if result.is_some_and(|x| x != i) {
                    return None;
                }
                result = Some(i);
                returns.push(b as u32);
            } else if mentions(v, obj) {
                return None;
            }
        }
    }
    let result = result?;
    // The goroutine that waits: the one `go` statement that reaches the
    // object or the context.
    let uses = ObjUse {
        file,
        vars: HashSet::from([obj]),
        cancel_field: &cancel_field,
        keeps: &facts.keeps,
    };
    let mut spawn: Option<(u32, u32, &Call)> = None;
    for (b, block) in body.blocks.iter().enumerate() {
        for (i, op) in block.ops.iter().enumerate() {
            if let OpKind::Spawn(call) = &op.kind {
                if call_mentions(file, call, &[obj, ctx]) {
                    if spawn.is_some() {
                        return None;
                    }
                    spawn = Some((b as u32, i as u32, call));
                }
                continue;
            }
            // Anything else done with the object here hands it on.
            if uses.op_stops(&op.kind) {
                return None;
            }
        }
        if let Term::Select(_) = &block.term {
            if uses.term_stops(&block.term) {
                return None;
            }
        }
    }
    let (sb, _, call) = spawn?;
    // Every return of the object comes after the `go` statement.
    if returns_before(body, sb, &returns) {
        return None;
    }
    let (wait, waiter) = waiter(m, r, call, obj, ctx, &ctx_fields, &cancel_field, facts)?;
    Some(Ctor {
        func: r,
        ty,
        cancel_field,
        result,
        parent,
        made,
        wait,
        waiter,
        releasers,
    })
}

/// Some return in `returns` is reachable from the entry without passing
/// block `spawn` (whose `go` statement then did not run).
fn returns_before(body: &golint_ir::Cfg, spawn: u32, returns: &[u32]) -> bool {
    let mut seen = vec![false; body.blocks.len()];
    let mut work = vec![0u32];
    while let Some(b) = work.pop() {
        if b == spawn || std::mem::replace(&mut seen[b as usize], true) {
            continue;
        }
        if returns.contains(&b) {
            return true;
        }
        work.extend(
            body.blocks[b as usize]
                .term
                .successors()
                .iter()
                .map(|s| s.0),
        );
    }
    false
}

/// The goroutine started by `call` (in constructor `r`): its blocking
/// receive from `Done()` of the object's context, which every path of
/// its body passes, with nothing before it that calls the cancel function
/// or hands the object on. The receive and the goroutine's name.
#[allow(clippy::too_many_arguments)]
fn waiter(
    m: &Model<'_>,
    r: FuncRef,
    call: &Call,
    obj: VarKey,
    ctx: VarKey,
    ctx_fields: &[String],
    cancel_field: &str,
    facts: &TypeFacts,
) -> Option<(Span, String)> {
    let targets = m.funcs.resolve(r, call);
    let [w] = targets.as_slice() else {
        return None;
    };
    let wf = m.funcs.func(*w);
    let body = wf.body.as_ref()?;
    let wview = m.funcs.view(*w);
    // The object and the context as the goroutine names them.
    let mut objs: HashSet<VarKey> = HashSet::new();
    let mut ctxs: HashSet<VarKey> = HashSet::new();
    match &call.callee {
        Callee::Literal(_) => {
            objs.insert(obj);
            ctxs.insert(ctx);
        }
        Callee::Method { recv, .. } if recv.var() == Some(obj) => {
            if let FuncKind::Method { recv: Some(k), .. } = wf.kind {
                objs.insert(k);
            }
        }
        Callee::Func(_) | Callee::Method { .. } => {}
        _ => return None,
    }
    if !matches!(call.callee, Callee::Literal(_)) {
        if wf.variadic {
            return None;
        }
        for (i, a) in call.args.iter().enumerate() {
            let Some(k) = wf.params.get(i).and_then(|p| p.var) else {
                continue;
            };
            if a.var() == Some(obj) {
                objs.insert(k);
            } else if a.var() == Some(ctx) {
                ctxs.insert(k);
            }
        }
    }
    for k in objs.iter().chain(&ctxs) {
        if k.func == w.func && !wview.defs.var(*k).is_empty() {
            return None;
        }
    }
    let is_ctx = |v: &Value| match v {
        Value::Place(Place::Var(k)) => ctxs.contains(k),
        Value::Place(Place::Field(base, f)) => {
            base.var().is_some_and(|k| objs.contains(&k)) && ctx_fields.contains(f)
        }
        _ => false,
    };
    let done_of = |ch: &Value| {
        let Value::Place(Place::Temp(t)) = ch else {
            return false;
        };
        wview.defs.temp_call(*t).is_some_and(|c| {
            matches!(&c.callee, Callee::Method { recv, name } if name == "Done" && is_ctx(recv))
        })
    };
    // The receives from `Done()` (ops), and the ways a loop ends once
    // the context is done (`case <-ctx.Done():`, a test of `ctx.Err()`).
    let shape = m.shape(*w)?;
    let mut recvs: Vec<(u32, u32)> = Vec::new();
    let mut span: Option<Span> = None;
    for (b, block) in body.blocks.iter().enumerate() {
        for (i, op) in block.ops.iter().enumerate() {
            if let OpKind::Recv { ch, .. } = &op.kind {
                if done_of(ch) {
                    recvs.push((b as u32, i as u32));
                    span.get_or_insert(op.span);
                }
            }
        }
    }
    let file = m.funcs.file(*w);
    let gates = ends_by_context(file, body, &shape.loops, &wview.defs, &is_ctx);
    // A single-case select blocks like a receive: its case is a gate.
    let span = span.or_else(|| gates.first().map(|g| g.span))?;
    // Every way out of the goroutine passes a receive from `Done()` or a
    // gate: it ends only once the context is done.
    let stop_op = |b: u32, i: u32| recvs.contains(&(b, i));
    let gated = |b: u32, t: u32| gates.iter().any(|g| (g.block, g.out) == (b, t));
    if paths::exit_path(body, (0, 0), stop_op, |_, _| false, gated, false).is_some() {
        return None;
    }
    if !recvs
        .iter()
        .map(|r| r.0)
        .chain(gates.iter().map(|g| g.block))
        .any(|b| shape.dom.reachable(b))
    {
        return None;
    }
    // Nothing the goroutine does before the context is done releases the
    // object or hands it on (what it does afterwards cannot matter).
    let uses = ObjUse {
        file,
        vars: objs.clone(),
        cancel_field,
        keeps: &facts.keeps,
    };
    // Op `i` of block `b` (`None`: its terminator) runs only after the
    // context is done.
    let after = |b: u32, i: Option<u32>| {
        recvs.iter().any(|&(rb, ri)| {
            if b == rb {
                i.is_none_or(|i| i > ri)
            } else {
                shape.dom.dominates(rb, b)
            }
        }) || gates.iter().any(|g| shape.dom.dominates(g.out, b))
    };
    for (b, block) in body.blocks.iter().enumerate() {
        let b = b as u32;
        for (i, op) in block.ops.iter().enumerate() {
            if !after(b, Some(i as u32)) && uses.op_stops(&op.kind) {
                return None;
            }
        }
        if !after(b, None) && uses.term_stops(&block.term) {
            return None;
        }
    }
    let name = wf.name.clone();
    Some((span, name))
}

/// The methods of `ty`, with whether each keeps its receiver (greatest
/// fixpoint: a method calling only keeping methods on its receiver keeps
/// it). `None` when the type has no methods.
fn type_facts(m: &Model<'_>, ty: &str, cancel_field: &str) -> Option<TypeFacts> {
    let methods = methods_of(m, ty);
    let mut keeps: HashMap<String, bool> = methods.iter().map(|(n, _)| (n.clone(), true)).collect();
    loop {
        let mut changed = false;
        for (name, r) in &methods {
            if !keeps[name] {
                continue;
            }
            let func = m.funcs.func(*r);
            let FuncKind::Method { recv: Some(k), .. } = func.kind else {
                continue;
            };
            let uses = ObjUse {
                file: m.funcs.file(*r),
                vars: HashSet::from([k]),
                cancel_field,
                keeps: &keeps,
            };
            if uses.body_stops(func.body.as_ref()) {
                keeps.insert(name.clone(), false);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Some(TypeFacts { keeps })
}

/// Some map of the package is keyed by `ty` or `*ty`: the lowering keeps
/// no trace of a variable used as an index (`s.conns[c] = struct{}{}`),
/// so an object stored as a key would look dropped.
fn map_keyed(m: &Model<'_>, ty: &str) -> bool {
    let keys = [format!("map[*{ty}]"), format!("map[{ty}]")];
    let hit = |t: &str| keys.iter().any(|k| t.contains(k.as_str()));
    for file in &m.funcs.package.files {
        for d in &file.types {
            let found = match &d.kind {
                TypeKind::Struct(fields) => fields.iter().any(|f| hit(&f.ty)),
                TypeKind::Other(t) => hit(t),
                TypeKind::Interface { .. } => false,
            };
            if found {
                return true;
            }
        }
        if file
            .globals
            .iter()
            .any(|g| g.ty.as_deref().is_some_and(hit))
        {
            return true;
        }
        for f in &file.funcs {
            if f.vars.iter().any(|v| v.ty.as_deref().is_some_and(hit))
                || f.results.iter().any(|p| hit(&p.ty))
            {
                return true;
            }
            if let Some(body) = &f.body {
                let mut found = false;
                for_each_value(body, &mut |v| {
                    if let Value::Composite { ty, .. } = v {
                        found |= hit(ty);
                    }
                });
                if found {
                    return true;
                }
            }
        }
    }
    false
}

/// The methods of `ty` by name.
fn methods_of(m: &Model<'_>, ty: &str) -> Vec<(String, FuncRef)> {
    m.funcs
        .all()
        .filter_map(|r| {
            let f = m.funcs.func(r);
            match &f.kind {
                FuncKind::Method { recv_type, .. } if recv_type == ty => {
                    let short = f.name.rsplit('.').next().unwrap_or(&f.name);
                    Some((short.to_string(), r))
                }
                _ => None,
            }
        })
        .collect()
}

/// The methods of `ty` that call the cancel field on their receiver, or a
/// method that does (least fixpoint), sorted.
fn releasers(m: &Model<'_>, ty: &str, cancel_field: &str) -> Vec<String> {
    let methods = methods_of(m, ty);
    let mut rel: HashSet<String> = HashSet::new();
    loop {
        let mut changed = false;
        for (name, r) in &methods {
            if rel.contains(name) {
                continue;
            }
            let func = m.funcs.func(*r);
            let (FuncKind::Method { recv: Some(k), .. }, Some(body)) = (&func.kind, &func.body)
            else {
                continue;
            };
            let calls = body.ops().any(|(_, op)| {
                let call = match &op.kind {
                    OpKind::Call { call, .. } | OpKind::Defer(call) | OpKind::Spawn(call) => call,
                    _ => return false,
                };
                match &call.callee {
                    Callee::Method { recv, name } if recv.var() == Some(*k) => {
                        name == cancel_field || rel.contains(name)
                    }
                    Callee::Dynamic(f) => matches!(f.as_ref(),
                        Value::Place(Place::Field(base, f)) if base.var() == Some(*k) && f == cancel_field),
                    _ => false,
                }
            });
            if calls {
                rel.insert(name.clone());
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut out: Vec<String> = rel.into_iter().collect();
    out.sort();
    out
}

/// A call of constructor `c` at `at` in `r`: a path on which the caller
/// lets go of the object without releasing it or handing it on.
fn caller(
    m: &Model<'_>,
    r: FuncRef,
    at: (u32, u32),
    call: &Call,
    dst: &[Place],
    c: &Ctor,
    facts: &TypeFacts,
) -> Option<Diagnostic> {
    let file = m.funcs.file(r);
    // Returning from `main` ends the program and its goroutines.
    if file.package == "main" && m.funcs.func(r).name == "main" {
        return None;
    }
    let view = m.funcs.view(r);
    let body = m.funcs.func(r).body.as_ref()?;
    // The parent: this call's argument when the constructor takes it.
    let parent = match c.parent {
        Parent::Root => "context.Background()".to_string(),
        Parent::Param(i) => {
            let root = match call.args.get(i)? {
                Value::Place(Place::Temp(t)) => view.defs.temp_call(*t).filter(|c| is_root_ctx(c)),
                Value::Place(Place::Var(k)) => match view.defs.var(*k) {
                    [d] => match &d.op.kind {
                        OpKind::Call { call, .. } => Some(call).filter(|c| is_root_ctx(c)),
                        OpKind::Assign {
                            src: Value::Place(Place::Temp(t)),
                            ..
                        } => view.defs.temp_call(*t).filter(|c| is_root_ctx(c)),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            };
            let root = root?;
            format!("context.{}()", root.callee.name().unwrap_or("Background"))
        }
    };
    let ctor_name = match &call.callee {
        Callee::Method { recv, name } => match recv.as_ref() {
            Value::Place(Place::Var(_) | Place::Field(..)) => {
                format!("{}.{name}", display(file, recv))
            }
            _ => name.clone(),
        },
        Callee::Func(n) => n.clone(),
        _ => return None,
    };
    let releasers = or_list(&c.releasers);
    let head = |what: String| {
        Diagnostic::new(
            super::ContextNeverCancelled::META.code,
            super::ContextNeverCancelled::META.name,
            call.span,
            format!(
                "{what}: the goroutine `{}` started by `{ctor_name}` waits for the object's context, derived from `{parent}`, which is cancelled only by {releasers}",
                c.waiter
            ),
        )
        .with_label(c.wait, "waits here forever")
        .with_label(c.made, "cancelled only through the object")
    };
    let x = match dst.get(c.result) {
        None | Some(Place::Blank) => {
            return Some(
                head(format!("the result of `{ctor_name}` is dropped"))
                    .with_primary_label("dropped here")
                    .with_help(format!(
                        "keep the object and call one of {releasers} when done (`defer x.{}()`)",
                        c.releasers[0]
                    )),
            );
        }
        Some(Place::Var(k)) => *k,
        Some(_) => return None,
    };
    let info = file.var_info(x)?;
    if info.kind != golint_ir::VarKind::Local || x.func != r.func || view.defs.var(x).len() != 1 {
        return None;
    }
    // The other results written to locals: an `error` whose test tells
    // the branch where the object was not made.
    let errs: Vec<VarKey> = dst
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != c.result)
        .filter_map(|(_, p)| match p {
            Place::Var(k) => Some(*k),
            _ => None,
        })
        .collect();
    let uses = ObjUse {
        file,
        vars: HashSet::from([x]),
        cancel_field: &c.cancel_field,
        keeps: &facts.keeps,
    };
    let exit = leak_path(m, r, body, at, &uses, &errs)?;
    let name = &info.name;
    let line = file.line_of(exit.start);
    Some(
        head(format!(
            "`{name}` from `{ctor_name}` is dropped on the path returning at line {line} without a call of {releasers}"
        ))
        .with_primary_label("made here")
        .with_label(exit, "returns here: the object is lost")
        .with_help(format!(
            "call one of {releasers} on every path (`defer {name}.{}()` right after the error check)",
            c.releasers[0]
        )),
    )
}

/// A normal exit of `body` reachable from just after op `at` on which no
/// op uses the object other than by keeping it, and that does not return
/// it; the branch of a test of `errs` (still the constructor's) where the
/// error is read is not taken, nor either branch when that is unclear.
fn leak_path(
    m: &Model<'_>,
    r: FuncRef,
    body: &golint_ir::Cfg,
    (cb, ci): (u32, u32),
    uses: &ObjUse<'_>,
    errs: &[VarKey],
) -> Option<Span> {
    let n = body.blocks.len();
    // (block, first op, error redefined since the call)
    let mut seen = vec![[false; 2]; n];
    let mut queue = VecDeque::from([(cb, ci + 1, false)]);
    let mut first = true;
    while let Some((b, from, redef)) = queue.pop_front() {
        if !first {
            let slot = &mut seen[b as usize][usize::from(redef)];
            if *slot {
                continue;
            }
            *slot = true;
        }
        first = false;
        let block = body.blocks.get(b as usize)?;
        let mut redef = redef;
        let mut stopped = false;
        for i in from..block.ops.len() as u32 {
            if b == cb && i == ci {
                // Around a loop, back at the call: silent.
                stopped = true;
                break;
            }
            let op = &block.ops[i as usize];
            if uses.op_stops(&op.kind)
                || m.funcs.ends_flow(r, &op.kind)
                || keyed_store(m, r, &op.kind)
            {
                stopped = true;
                break;
            }
            if writes(&op.kind)
                .iter()
                .any(|(_, p)| matches!(p, Place::Var(k) if errs.contains(k)))
            {
                redef = true;
            }
        }
        if stopped || uses.term_stops(&block.term) {
            continue;
        }
        match &block.term {
            Term::Return { span, .. } | Term::FallOff { span } => return Some(*span),
            Term::Panic { .. } | Term::Unreachable => {}
            term => {
                let succ = term.successors();
                // A test of the constructor's error, or of the object
                // against nil: the branch where the error is read, or
                // where the object is not, is where there was no object.
                let tested = |vars: &[VarKey]| {
                    succ.len() == 2
                        && matches!(block.ops.last(), Some(op) if matches!(&op.kind,
                            OpKind::Use(v) if vars.iter().any(|e| mentions(v, *e))))
                };
                let obj: Vec<VarKey> = uses.vars.iter().copied().collect();
                let skip = if !redef && tested(errs) {
                    let live: Vec<bool> =
                        succ.iter().map(|s| err_read(body, s.0, b, errs)).collect();
                    match live.as_slice() {
                        [true, false] => vec![succ[0].0],
                        [false, true] => vec![succ[1].0],
                        _ => succ.iter().map(|s| s.0).collect(),
                    }
                } else if tested(&obj) {
                    let used: Vec<bool> =
                        succ.iter().map(|s| err_read(body, s.0, b, &obj)).collect();
                    match used.as_slice() {
                        [true, false] => vec![succ[1].0],
                        [false, true] => vec![succ[0].0],
                        _ => succ.iter().map(|s| s.0).collect(),
                    }
                } else {
                    Vec::new()
                };
                for s in succ {
                    if !skip.contains(&s.0) {
                        queue.push_back((s.0, 0, redef));
                    }
                }
            }
        }
    }
    None
}

/// The op stores into a map whose key may be the object: the lowering
/// drops a variable used as an index, so `m[x] = v` may hand `x` on.
/// Maps keyed by basic types, and slices, cannot hold it.
fn keyed_store(m: &Model<'_>, r: FuncRef, kind: &OpKind) -> bool {
    writes(kind).iter().any(|(_, p)| {
        let Place::Index(base) = p else { return false };
        match m.funcs.value_type(r, base) {
            None => true,
            Some(t) => match t.strip_prefix("map[") {
                Some(rest) => {
                    let key = rest.split(']').next().unwrap_or("");
                    !golint_ir::predeclared_type(key)
                        .is_some_and(|_| key != "any" && key != "error")
                }
                None => false,
            },
        }
    })
}

/// Some path from block `start` (not through `test`) reads one of `errs`
/// before writing it: the branch that handles the error (or, for the
/// object, the branch that has one).
fn err_read(body: &golint_ir::Cfg, start: u32, test: u32, errs: &[VarKey]) -> bool {
    let mut seen = vec![false; body.blocks.len()];
    let mut work = vec![start];
    while let Some(b) = work.pop() {
        if b == test || std::mem::replace(&mut seen[b as usize], true) {
            continue;
        }
        let block = &body.blocks[b as usize];
        let mut written = false;
        for op in &block.ops {
            let mut read = false;
            for v in reads(&op.kind) {
                walk_value(v, &mut |x| {
                    read |= matches!(x.var(), Some(k) if errs.contains(&k))
                });
            }
            if read {
                return true;
            }
            if writes(&op.kind)
                .iter()
                .any(|(_, p)| matches!(p, Place::Var(k) if errs.contains(k)))
            {
                written = true;
                break;
            }
        }
        if written {
            continue;
        }
        if let Term::Return { values, .. } = &block.term {
            if values.iter().any(|v| errs.iter().any(|e| mentions(v, *e))) {
                return true;
            }
        }
        work.extend(block.term.successors().iter().map(|s| s.0));
    }
    false
}

/// What a function does with an object held in `vars`: whether an op
/// releases it or lets it go (a *stop*), or keeps it.
struct ObjUse<'a> {
    file: &'a FileIr,
    vars: HashSet<VarKey>,
    cancel_field: &'a str,
    /// The object type's methods: whether each keeps its receiver.
    keeps: &'a HashMap<String, bool>,
}

impl ObjUse<'_> {
    fn is_obj(&self, v: &Value) -> bool {
        v.var().is_some_and(|k| self.vars.contains(&k))
    }

    fn body_stops(&self, body: Option<&golint_ir::Cfg>) -> bool {
        let Some(body) = body else { return false };
        body.blocks
            .iter()
            .any(|b| b.ops.iter().any(|op| self.op_stops(&op.kind)) || self.term_stops(&b.term))
    }

    /// The value reads the object other than through a field, a nil test
    /// or a keeping method: it may be handed on.
    fn value_stops(&self, v: &Value) -> bool {
        match v {
            Value::Place(p) => self.place_stops(p),
            Value::AddrOf(p) => self.place_stops(p),
            Value::Composite { fields, .. } => fields.iter().any(|(_, x)| self.value_stops(x)),
            // A comparison (`x == nil`) does not hand the object on.
            Value::Expr(parts) => parts.iter().any(|x| !self.is_obj(x) && self.value_stops(x)),
            Value::Not(x) => self.value_stops(x),
            Value::Logic { operands, .. } => operands.iter().any(|x| self.value_stops(x)),
            Value::FuncLit(id) => self.literal_mentions(*id),
            Value::FuncName(Callee::Method { recv, .. }) => {
                self.is_obj(recv) || self.value_stops(recv)
            }
            _ => false,
        }
    }

    fn place_stops(&self, p: &Place) -> bool {
        match p {
            Place::Var(k) => self.vars.contains(k),
            // The cancel field read, or a method value (`x.Rollback`).
            Place::Field(base, f) if self.is_obj(base) => {
                f == self.cancel_field || self.keeps.contains_key(f)
            }
            Place::Field(x, _) | Place::Index(x) | Place::Deref(x) => self.value_stops(x),
            _ => false,
        }
    }

    fn dst_stops(&self, p: &Place) -> bool {
        match p {
            Place::Var(_) | Place::Temp(_) | Place::Blank | Place::Global { .. } => false,
            Place::Field(base, _) if self.is_obj(base) => false,
            Place::Field(x, _) | Place::Index(x) | Place::Deref(x) => self.value_stops(x),
        }
    }

    fn call_stops(&self, c: &Call) -> bool {
        let callee = match &c.callee {
            Callee::Method { recv, name } if self.is_obj(recv) => {
                !self.keeps.get(name).copied().unwrap_or(false)
            }
            Callee::Method { recv, .. } => self.value_stops(recv),
            Callee::Dynamic(f) => self.value_stops(f),
            Callee::Literal(id) => self.literal_mentions(*id),
            _ => false,
        };
        callee || c.args.iter().any(|a| self.value_stops(a))
    }

    fn op_stops(&self, kind: &OpKind) -> bool {
        match kind {
            OpKind::Call { call, dst } => {
                self.call_stops(call) || dst.iter().any(|p| self.dst_stops(p))
            }
            OpKind::Spawn(call) | OpKind::Defer(call) => self.call_stops(call),
            OpKind::Send { ch, value } => self.value_stops(ch) || self.value_stops(value),
            OpKind::Assign { dst, src } | OpKind::Update { dst, src } => {
                self.value_stops(src) || self.dst_stops(dst)
            }
            OpKind::MakeChan { dst, .. } => self.dst_stops(dst),
            OpKind::Recv { ch: x, dst, .. }
            | OpKind::RangeChan { ch: x, dst }
            | OpKind::Range { x, dst }
            | OpKind::TypeAssert { x, dst, .. } => {
                self.value_stops(x) || dst.iter().any(|p| self.dst_stops(p))
            }
            OpKind::Close { ch: x } | OpKind::TypeSwitch { x, .. } | OpKind::Use(x) => {
                self.value_stops(x)
            }
        }
    }

    fn term_stops(&self, term: &Term) -> bool {
        match term {
            Term::Return { values, .. } => values.iter().any(|v| self.value_stops(v)),
            Term::Select(sel) => sel.cases.iter().any(|c| match &c.comm {
                Comm::Send { ch, value } => self.value_stops(ch) || self.value_stops(value),
                Comm::Recv { ch, dst, .. } => {
                    self.value_stops(ch) || dst.iter().any(|p| self.dst_stops(p))
                }
            }),
            _ => false,
        }
    }

    /// Literal `id` (or one nested in it) names the object: it captures it.
    fn literal_mentions(&self, id: FuncId) -> bool {
        let vars: Vec<VarKey> = self.vars.iter().copied().collect();
        literal_mentions(self.file, id, &vars)
    }
}

fn literal_mentions(file: &FileIr, id: FuncId, vars: &[VarKey]) -> bool {
    let Some(f) = file.funcs.get(id.0 as usize) else {
        return true;
    };
    let mut found = false;
    if let Some(body) = &f.body {
        for_each_value(body, &mut |v| {
            found |= v.var().is_some_and(|k| vars.contains(&k))
        });
    }
    found
        || file.funcs.iter().enumerate().any(|(i, g)| {
            matches!(g.kind, FuncKind::Literal { parent } if parent == id)
                && literal_mentions(file, FuncId(i as u32), vars)
        })
}

fn call_mentions(file: &FileIr, call: &Call, vars: &[VarKey]) -> bool {
    let mut found = false;
    let mut check = |v: &Value| {
        walk_value(v, &mut |x| match x {
            Value::Place(Place::Var(k)) => found |= vars.contains(k),
            Value::FuncLit(id) => found |= literal_mentions(file, *id, vars),
            _ => {}
        })
    };
    match &call.callee {
        Callee::Method { recv, .. } => check(recv),
        Callee::Dynamic(f) => check(f),
        Callee::Literal(id) if literal_mentions(file, *id, vars) => return true,
        _ => {}
    }
    for a in &call.args {
        check(a);
    }
    found
}

/// Every value an op or terminator of `body` reads, nested ones included.
fn for_each_value<'v>(body: &'v golint_ir::Cfg, f: &mut impl FnMut(&'v Value)) {
    for block in &body.blocks {
        for op in &block.ops {
            for v in reads(&op.kind) {
                walk_value(v, f);
            }
        }
        match &block.term {
            Term::Return { values, .. } => {
                for v in values {
                    walk_value(v, f);
                }
            }
            Term::Select(sel) => {
                for c in &sel.cases {
                    match &c.comm {
                        Comm::Send { ch, value } => {
                            walk_value(ch, f);
                            walk_value(value, f);
                        }
                        Comm::Recv { ch, .. } => walk_value(ch, f),
                    }
                }
            }
            _ => {}
        }
    }
}

fn mentions(v: &Value, k: VarKey) -> bool {
    let mut found = false;
    walk_value(v, &mut |x| found |= x.var() == Some(k));
    found
}

/// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``.
fn or_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

fn display(file: &FileIr, v: &Value) -> String {
    match v {
        Value::Place(Place::Var(k)) => file.var(*k).name.clone(),
        Value::Place(Place::Field(base, f)) => format!("{}.{f}", display(file, base)),
        _ => "ctx".to_string(),
    }
}
