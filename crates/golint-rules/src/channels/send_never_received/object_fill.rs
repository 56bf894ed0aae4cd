//! GL107's third shape: the buffer of a channel field, filled across calls
//! before anything receives from it.
//!
//! A function builds an object — `x := newCompactor()`, a constructor of
//! the package returning `&Compactor{ch: make(chan struct{}, 1)}` and
//! handing the object to nobody else, or `x := &Compactor{ch: make(…)}`
//! written in place — and then sends on `x.ch`, itself and through the
//! methods and helpers it calls with `x`. Until a goroutine is started, the
//! object or its channel is handed out, or something receives from the
//! channel, nobody can receive: a send that finds the buffer full (any
//! send, when it is unbuffered) blocks forever.
//!
//! The walk is a forward data flow over the function that built the
//! object, keeping the *fewest* values the buffer holds on any way to each
//! point (a send in a branch only does not count), or that some way has
//! passed a point where another goroutine may have the channel. A call
//! handing `x` to a function of the package is followed (at most
//! [`MAX_DEPTH`] calls deep) with the fill level at the call; the callee's
//! sends count where it makes them on every way through it, and a callee
//! send that blocks is reported only when the callee makes it on every way
//! to its return (and each call leading there is made on every way), as
//! GL104 counts callee operations.

use std::collections::HashMap;

use golint_analysis::concurrency::paths::exit_path;
use golint_analysis::concurrency::{ChanOpKind, ClassId, FuncRef, Model, OpPos};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{
    predeclared_type, Callee, Cap, Cfg, Comm, FuncId, FuncKind, OpKind, Place, Term, Value, VarKey,
    VarKind,
};

use super::super::{chan_name, func_display};
use super::{mentions, op_func_lits, SendNeverReceived, MAX_FILL};
use crate::Findings;

/// How many calls deep the walk follows the object.
const MAX_DEPTH: u32 = 3;

/// The most block visits one walk makes: a bound on the cost for huge
/// bodies (the fill level only falls at a join, so few are needed).
const MAX_VISITS: usize = 20_000;

/// What the walk knows at a point of a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    /// No way from the object's creation gets here (yet).
    Unreached,
    /// Some way here passed a point after which another goroutine may
    /// receive from the channel, or the variable may no longer hold the
    /// object: nothing is known.
    Stopped,
    /// Every way here comes from the creation without such a point, and
    /// the buffer holds at least this many values.
    Fill(u64),
}

impl St {
    fn join(self, other: St) -> St {
        match (self, other) {
            (St::Unreached, x) | (x, St::Unreached) => x,
            (St::Stopped, _) | (_, St::Stopped) => St::Stopped,
            (St::Fill(a), St::Fill(b)) => St::Fill(a.min(b)),
        }
    }
}

/// A send found blocked: its index in [`Model::ops`], and the calls that
/// lead to it from the function that built the object (caller, call span).
struct Blocked {
    op: usize,
    calls: Calls,
}

/// Blocked sends found in a walk: index in [`Model::ops`], and the calls
/// leading to each from the function walked.
type Found = Vec<(usize, Calls)>;

/// The calls leading to a send: (caller, call span), outermost first.
type Calls = Vec<(FuncRef, Span)>;

/// Blocked sends found in one body: the position in it (the send, or the
/// call leading to it), the send, and the calls below the body.
type FoundAt = Vec<(OpPos, usize, Calls)>;

/// The channel fields of a built object: class, field name, capacity,
/// and the values its constructor left in the buffer.
type Fields = Vec<(ClassId, String, Cap, u64)>;

/// The channel followed: class, field name and the capacity of the object
/// at hand.
struct Target<'s> {
    class: ClassId,
    field: &'s str,
    cap: u64,
}

/// Where the walk starts: the op of `func` that builds the object into
/// local `obj`.
struct Creation {
    func: FuncRef,
    obj: VarKey,
    at: (u32, u32),
    span: Span,
    /// The constructor called, when the op is a call.
    ctor: Option<FuncRef>,
}

struct Walk<'m, 'a, 's> {
    m: &'m Model<'a>,
    t: Target<'s>,
    memo: HashMap<(FuncRef, VarKey, u64, u32), (St, Found)>,
    /// Per function literal: its body (or a literal inside it) names the
    /// variable.
    lit_refs: HashMap<(FuncId, VarKey), bool>,
    /// The functions on the current chain of calls.
    stack: Vec<FuncRef>,
    /// The values in the buffer right after the creation.
    seed: u64,
    /// `obj.field = make(…)` makes a new, empty channel (walking a
    /// constructor, whose capacity comes from the sites reaching its
    /// return); elsewhere it ends the walk.
    remake: bool,
    /// The state at the end of each returning block of the top walk.
    ends: Vec<(u32, St)>,
}

/// Reports the sends of the third shape; `seen` holds the spans reported
/// by the other shapes.
pub(super) fn check(m: &Model<'_>, seen: &mut std::collections::HashSet<Span>, out: &mut Findings) {
    let mut ctors: HashMap<(FuncRef, usize), Fields> = HashMap::new();
    for f in m.funcs.all() {
        let Some(cfg) = &m.funcs.func(f).body else {
            continue;
        };
        for (bi, block) in cfg.blocks.iter().enumerate() {
            for (oi, op) in block.ops.iter().enumerate() {
                let at = (bi as u32, oi as u32);
                for (obj, ctor, fields) in creations(m, f, at, &op.kind, op.span, &mut ctors) {
                    let creation = Creation {
                        func: f,
                        obj,
                        at,
                        span: op.span,
                        ctor,
                    };
                    for (class, field, cap, seed) in fields {
                        let cap = match cap {
                            Cap::Zero => 0,
                            Cap::Const(k) if k <= MAX_FILL => k,
                            _ => continue,
                        };
                        // Only a channel something sends on.
                        if !m
                            .ops_on(class)
                            .iter()
                            .any(|&i| m.ops[i].kind == ChanOpKind::Send)
                        {
                            continue;
                        }
                        let mut w = Walk::new(m, class, &field, cap);
                        w.seed = seed;
                        if w.captured_before(f, cfg, obj, at) {
                            continue;
                        }
                        for b in w.top(&creation) {
                            report(m, &w.t, &creation, seed, b, seen, out);
                        }
                    }
                }
            }
        }
    }
}

/// The objects op `at` of `f` builds into a local: the variable, the
/// constructor called (if any), and the channel fields it makes with their
/// capacity.
fn creations(
    m: &Model<'_>,
    f: FuncRef,
    at: (u32, u32),
    kind: &OpKind,
    span: Span,
    ctors: &mut HashMap<(FuncRef, usize), Fields>,
) -> Vec<(VarKey, Option<FuncRef>, Fields)> {
    let own_local = |p: &Place| match p {
        Place::Var(k) if k.func == f.func && m.funcs.file(f).var(*k).kind == VarKind::Local => {
            Some(*k)
        }
        _ => None,
    };
    match kind {
        OpKind::Call { call, dst } => {
            let [g] = m.funcs.resolve(f, call)[..] else {
                return Vec::new();
            };
            if g == f {
                return Vec::new();
            }
            let mut out = Vec::new();
            for (i, d) in dst.iter().enumerate() {
                let Some(x) = own_local(d) else { continue };
                let fields = ctors
                    .entry((g, i))
                    .or_insert_with(|| ctor_fields(m, g, i))
                    .clone();
                if !fields.is_empty() {
                    out.push((x, Some(g), fields));
                }
            }
            out
        }
        OpKind::Assign { dst, src } => {
            let Some(x) = own_local(dst) else {
                return Vec::new();
            };
            let Some(cfg) = &m.funcs.func(f).body else {
                return Vec::new();
            };
            let out: Fields = fresh_fields(m, f, cfg, src)
                .into_iter()
                .filter_map(|(name, c)| {
                    // The capacity of the channel made here, not of any
                    // site: the sites of `f` that come first on every path.
                    let cap = m.made_before(c, f, at.0, span.end)?;
                    Some((c, name.to_string(), cap, 0))
                })
                .collect();
            if out.is_empty() {
                Vec::new()
            } else {
                vec![(x, None, out)]
            }
        }
        _ => Vec::new(),
    }
}

/// The class of `v` when it is a channel made somewhere in the package.
fn chan_class(m: &Model<'_>, f: FuncRef, v: &Value) -> Option<ClassId> {
    let c = m.objects.class_of(&m.funcs, f, v)?;
    let class = m.class(c)?;
    (!class.makes.is_empty() && class.makes.iter().all(|mk| !mk.cond)).then_some(c)
}

/// The channel fields, with their capacity, of the object constructor `g`
/// returns as its result `i`: a composite literal it builds (`return
/// &T{ch: make(chan E, 1)}`, or a local only ever assigned one and
/// returned), whose channels are made in `g`, and which `g` hands to no one
/// else — no goroutine, no closure, no call or store receiving the object
/// or its channels. Empty when `g` is not such a constructor.
fn ctor_fields(m: &Model<'_>, g: FuncRef, i: usize) -> Fields {
    let func = m.funcs.func(g);
    let Some(cfg) = &func.body else {
        return Vec::new();
    };
    if i >= func.results.len() {
        return Vec::new();
    }
    // The returned local, when the object is built into one first.
    let mut obj: Option<VarKey> = None;
    let mut composites: Vec<&Value> = Vec::new();
    let mut returns: Vec<(u32, Span)> = Vec::new();
    for (bi, block) in cfg.blocks.iter().enumerate() {
        let Term::Return { values, span } = &block.term else {
            continue;
        };
        if values.len() != func.results.len() {
            return Vec::new();
        }
        match &values[i] {
            Value::Nil => continue,
            v @ Value::Composite { .. } => composites.push(v),
            Value::Place(Place::Var(k))
                if k.func == g.func && func.vars[k.var as usize].kind == VarKind::Local =>
            {
                if obj.is_some_and(|o| o != *k) {
                    return Vec::new();
                }
                // Returned once: not also as another result.
                if values
                    .iter()
                    .enumerate()
                    .any(|(j, v)| j != i && names_var(v, *k))
                {
                    return Vec::new();
                }
                obj = Some(*k);
            }
            _ => return Vec::new(),
        }
        returns.push((bi as u32, *span));
    }
    if returns.is_empty() {
        return Vec::new();
    }
    match obj {
        None => direct_fields(m, g, cfg, &composites, &returns),
        Some(_) if !composites.is_empty() => Vec::new(),
        Some(o) => local_fields(m, g, cfg, o, &returns),
    }
}

/// The capacity of class `c`'s channel in the object `g` returns at
/// `returns`: the sites of `g` that reach each return (`None` when one
/// return has none first on every path).
fn returned_cap(m: &Model<'_>, g: FuncRef, c: ClassId, returns: &[(u32, Span)]) -> Option<Cap> {
    let mut cap: Option<Cap> = None;
    for &(b, span) in returns {
        let here = m.made_before(c, g, b, span.end)?;
        cap = Some(match (cap, here) {
            (_, Cap::Unknown) | (Some(Cap::Unknown), _) => Cap::Unknown,
            (None, x) => x,
            (Some(Cap::Zero), x) | (Some(x), Cap::Zero) => x,
            (Some(Cap::Const(a)), Cap::Const(b)) => Cap::Const(a.max(b)),
        });
    }
    cap
}

/// The channel fields `name: make(…)` of a composite literal: made right
/// there, so no one else has the channel yet.
fn fresh_fields<'v>(
    m: &Model<'_>,
    g: FuncRef,
    cfg: &Cfg,
    composite: &'v Value,
) -> Vec<(&'v str, ClassId)> {
    let Value::Composite { fields, .. } = composite else {
        return Vec::new();
    };
    let made = |t: u32| {
        cfg.ops().any(
            |(_, op)| matches!(&op.kind, OpKind::MakeChan { dst: Place::Temp(d), .. } if *d == t),
        )
    };
    fields
        .iter()
        .filter_map(|(name, v)| {
            let name = name.as_deref()?;
            let Value::Place(Place::Temp(t)) = v else {
                return None;
            };
            if !made(*t) {
                return None;
            }
            Some((name, chan_class(m, g, v)?))
        })
        .collect()
}

/// `return &T{ch: make(…)}`: the object is built in the `return`; `g`
/// must not touch its channels otherwise (start, capture, hand them out).
fn direct_fields(
    m: &Model<'_>,
    g: FuncRef,
    cfg: &Cfg,
    composites: &[&Value],
    returns: &[(u32, Span)],
) -> Fields {
    let mut fields: Vec<(String, ClassId)> = Vec::new();
    for v in composites {
        for (name, c) in fresh_fields(m, g, cfg, v) {
            if !fields.iter().any(|(n, _)| n == name) {
                fields.push((name.to_string(), c));
            }
        }
    }
    for (_, op) in cfg.ops() {
        let mut lits = Vec::new();
        op_func_lits(&op.kind, &mut lits);
        if matches!(op.kind, OpKind::Spawn(_)) || !lits.is_empty() {
            return Vec::new();
        }
    }
    let classes: Vec<ClassId> = fields.iter().map(|(_, c)| *c).collect();
    if fields.is_empty() || !ctor_keeps(m, g, None, &classes) {
        return Vec::new();
    }
    fields
        .into_iter()
        .filter_map(|(name, c)| Some((c, name, returned_cap(m, g, c, returns)?, 0)))
        .collect()
}

/// `s := &T{ch: make(…)}; …; return s`: the constructor is walked like
/// the function that built the object, from the composite literal to its
/// returns; what it sends on the channel (itself or through the methods
/// it calls on `s`) is in the buffer when the caller gets the object, and
/// anything that may hand the object out makes the caller's walk end.
fn local_fields(
    m: &Model<'_>,
    g: FuncRef,
    cfg: &Cfg,
    obj: VarKey,
    returns: &[(u32, Span)],
) -> Fields {
    // Built once, by a composite literal.
    let mut creation: Option<((u32, u32), &Value)> = None;
    for (bi, block) in cfg.blocks.iter().enumerate() {
        for (oi, op) in block.ops.iter().enumerate() {
            if !op_dsts(&op.kind)
                .into_iter()
                .any(|d| matches!(d, Place::Var(k) if *k == obj))
            {
                continue;
            }
            match &op.kind {
                OpKind::Assign { src, .. }
                    if matches!(src, Value::Composite { .. }) && creation.is_none() =>
                {
                    creation = Some(((bi as u32, oi as u32), src));
                }
                _ => return Vec::new(),
            }
        }
    }
    let Some((at, composite)) = creation else {
        return Vec::new();
    };
    let mut fields: Vec<(String, ClassId)> = fresh_fields(m, g, cfg, composite)
        .into_iter()
        .map(|(n, c)| (n.to_string(), c))
        .collect();
    // `s.ch = make(…)` after the literal.
    for (_, op) in cfg.ops() {
        if let OpKind::MakeChan {
            dst: dst @ Place::Field(base, name),
            ..
        } = &op.kind
        {
            if base.var() == Some(obj) && !fields.iter().any(|(n, _)| n == name) {
                if let Some(c) = chan_class(m, g, &Value::Place(dst.clone())) {
                    fields.push((name.clone(), c));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (name, c) in fields {
        let Some(cap) = returned_cap(m, g, c, returns) else {
            continue;
        };
        let k = match cap {
            Cap::Zero => 0,
            Cap::Const(k) if k <= MAX_FILL => k,
            _ => continue,
        };
        let mut w = Walk::new(m, c, &name, k);
        w.remake = true;
        if w.captured_before(g, cfg, obj, at) {
            continue;
        }
        w.stack.push(g);
        // A callee of the caller: its defers run before the caller goes on.
        w.body(g, obj, Some(at), 0, 1);
        let mut state = St::Unreached;
        for &(b, end) in &w.ends {
            if returns.iter().any(|&(r, _)| r == b) {
                state = state.join(end);
            }
        }
        if let St::Fill(n) = state {
            out.push((c, name, cap, n));
        }
    }
    out
}

/// Constructor `g` hands neither the object (local `obj`) nor a channel of
/// `classes` to anyone: no operation on the channels, no call, `defer`,
/// send or store outside the object receiving them.
fn ctor_keeps(m: &Model<'_>, g: FuncRef, obj: Option<VarKey>, classes: &[ClassId]) -> bool {
    if m.ops_in(g)
        .iter()
        .any(|&i| classes.contains(&m.ops[i].class))
    {
        return false;
    }
    let Some(cfg) = &m.funcs.func(g).body else {
        return false;
    };
    let carries = |v: &Value| {
        obj.is_some_and(|o| names_var(v, o)) || classes.iter().any(|&c| mentions(m, g, v, c))
    };
    let own = |p: &Place| match p {
        Place::Var(k) => Some(*k) == obj,
        Place::Field(base, _) => obj.is_some_and(|o| names_var(base, o)),
        Place::Temp(_) | Place::Blank => true,
        _ => false,
    };
    cfg.ops().all(|(_, op)| match &op.kind {
        OpKind::Call { call, .. } | OpKind::Defer(call) => {
            let recv = match &call.callee {
                Callee::Method { recv, .. } => Some(recv.as_ref()),
                Callee::Dynamic(v) => Some(v.as_ref()),
                _ => None,
            };
            !recv.into_iter().chain(&call.args).any(carries)
        }
        OpKind::Assign { dst, src } | OpKind::Update { dst, src } => !carries(src) || own(dst),
        OpKind::Send { value, .. } => !carries(value),
        OpKind::Use(_) | OpKind::MakeChan { .. } => true,
        OpKind::TypeAssert { x, dst, .. } => !carries(x) || dst.iter().all(own),
        OpKind::Range { x, .. } => !carries(x),
        _ => true,
    })
}

/// `v` names variable `k` anywhere in it (a field of it, its address, an
/// operand, a field of a composite).
fn names_var(v: &Value, k: VarKey) -> bool {
    match v {
        Value::Place(p) => place_names_var(p, k),
        Value::AddrOf(p) => place_names_var(p, k),
        Value::Composite { fields, .. } => fields.iter().any(|(_, x)| names_var(x, k)),
        Value::FuncName(Callee::Method { recv, .. }) => names_var(recv, k),
        Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
            v.operands().iter().any(|x| names_var(x, k))
        }
        _ => false,
    }
}

fn place_names_var(p: &Place, k: VarKey) -> bool {
    match p {
        Place::Var(v) => *v == k,
        Place::Field(base, _) | Place::Index(base) | Place::Deref(base) => names_var(base, k),
        _ => false,
    }
}

/// The values an op reads or writes through (calls: callee and arguments).
fn op_values(kind: &OpKind) -> Vec<&Value> {
    fn call_values<'k>(call: &'k golint_ir::Call, out: &mut Vec<&'k Value>) {
        match &call.callee {
            Callee::Method { recv, .. } => out.push(recv.as_ref()),
            Callee::Dynamic(v) => out.push(v.as_ref()),
            _ => {}
        }
        out.extend(call.args.iter());
    }
    let mut out = Vec::new();
    match kind {
        OpKind::Spawn(call) | OpKind::Defer(call) => call_values(call, &mut out),
        OpKind::Call { call, .. } => call_values(call, &mut out),
        OpKind::MakeChan { size, .. } => out.extend(size.iter()),
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
    }
    out
}

/// The places an op writes.
fn op_dsts(kind: &OpKind) -> Vec<&Place> {
    match kind {
        OpKind::Call { dst, .. }
        | OpKind::Recv { dst, .. }
        | OpKind::RangeChan { dst, .. }
        | OpKind::Range { dst, .. }
        | OpKind::TypeAssert { dst, .. } => dst.iter().collect(),
        OpKind::MakeChan { dst, .. } | OpKind::Assign { dst, .. } | OpKind::Update { dst, .. } => {
            vec![dst]
        }
        _ => Vec::new(),
    }
}

impl<'m, 'a, 's> Walk<'m, 'a, 's> {
    fn new(m: &'m Model<'a>, class: ClassId, field: &'s str, cap: u64) -> Self {
        Walk {
            m,
            t: Target { class, field, cap },
            memo: HashMap::new(),
            lit_refs: HashMap::new(),
            stack: Vec::new(),
            seed: 0,
            remake: false,
            ends: Vec::new(),
        }
    }

    /// The function literal `lit` (of `g`'s file), or one inside it, names
    /// variable `k`: a closure that may use the object whenever it runs.
    fn lit_refs(&mut self, g: FuncRef, lit: FuncId, k: VarKey) -> bool {
        if let Some(&r) = self.lit_refs.get(&(lit, k)) {
            return r;
        }
        let m = self.m;
        let file = m.funcs.file(g);
        let r = (0..file.funcs.len()).any(|i| {
            let inner = FuncRef {
                file: g.file,
                func: FuncId(i as u32),
            };
            m.funcs.encloses(lit, inner)
                && file.funcs[i].body.as_ref().is_some_and(|cfg| {
                    cfg.ops().any(|(_, op)| {
                        op_values(&op.kind).into_iter().any(|v| names_var(v, k))
                            || op_dsts(&op.kind).into_iter().any(|p| place_names_var(p, k))
                    }) || cfg.blocks.iter().any(|b| match &b.term {
                        Term::Return { values, .. } => values.iter().any(|v| names_var(v, k)),
                        Term::Select(sel) => sel.cases.iter().any(|c| match &c.comm {
                            Comm::Send { ch, value } => names_var(ch, k) || names_var(value, k),
                            Comm::Recv { ch, .. } => names_var(ch, k),
                        }),
                        _ => false,
                    })
                })
        });
        self.lit_refs.insert((lit, k), r);
        r
    }

    /// A closure naming the object's variable is created before its
    /// creation on some path: it may use the new object later.
    fn captured_before(&mut self, f: FuncRef, cfg: &Cfg, obj: VarKey, at: (u32, u32)) -> bool {
        super::literal_before(cfg, at, |l| self.lit_refs(f, l, obj))
    }

    /// `v` hands the object (variable `obj`) or a channel of the class to
    /// whoever receives it: names the variable other than through a read
    /// of a field holding a plain value (`x.name`, `x.cfg.limit`), holds
    /// the channel, or is a closure naming the variable.
    fn carries(&mut self, g: FuncRef, v: &Value, obj: VarKey) -> bool {
        if mentions(self.m, g, v, self.t.class) {
            return true;
        }
        let place = match v {
            Value::Place(p) => Some(p),
            Value::AddrOf(p) => Some(p.as_ref()),
            _ => None,
        };
        match v {
            Value::Place(_) | Value::AddrOf(_) => match place.unwrap_or(&Place::Blank) {
                Place::Var(k) => *k == obj,
                Place::Field(base, _) | Place::Index(base) | Place::Deref(base) => {
                    !self.plain(g, v) && self.carries(g, base, obj)
                }
                _ => false,
            },
            Value::Composite { fields, .. } => fields.iter().any(|(_, x)| self.carries(g, x, obj)),
            Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
                v.operands().iter().any(|x| self.carries(g, x, obj))
            }
            Value::FuncLit(id) => self.lit_refs(g, *id, obj),
            Value::FuncName(Callee::Method { recv, .. }) => self.carries(g, recv, obj),
            _ => false,
        }
    }

    /// A field of the object that cannot lead back to it or its channel:
    /// of a predeclared non-interface type (a copy), or of a named type
    /// of another package (`s.wg`, `s.mu`, `s.log`), whose methods see
    /// only that value — the object and its channel are never stored in
    /// one, since a store of either ends the walk (or disqualifies the
    /// constructor).
    fn plain(&self, g: FuncRef, v: &Value) -> bool {
        let Some(t) = self.m.funcs.value_type(g, v) else {
            return false;
        };
        let base = t.trim_start_matches('*');
        if let Some(p) = predeclared_type(base) {
            return !matches!(v, Value::AddrOf(_))
                && base.len() == t.len()
                && !matches!(p, "any" | "comparable" | "error");
        }
        base.split_once('.').is_some_and(|(pkg, name)| {
            !pkg.is_empty()
                && pkg.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
                && name.starts_with(|ch: char| ch.is_ascii_uppercase())
                && name.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
        })
    }

    /// `ch` is the followed field of the object: `obj.field`.
    fn is_field(&self, ch: &Value, obj: VarKey) -> bool {
        matches!(ch, Value::Place(Place::Field(base, name)) if name == self.t.field && base.var() == Some(obj))
    }

    /// The walk from the creation: the blocked sends.
    fn top(&mut self, cr: &Creation) -> Vec<Blocked> {
        self.stack.push(cr.func);
        let (_, blocked) = self.body(cr.func, cr.obj, Some(cr.at), 0, 0);
        self.stack.pop();
        blocked
            .into_iter()
            .map(|(op, calls)| Blocked { op, calls })
            .collect()
    }

    /// The walk of function `g` holding the object in `obj`: from the
    /// creation op `start` (the top level), or from its entry with the
    /// buffer holding `fill` values (a callee `depth` calls deep). Returns
    /// the state at its normal returns and the blocked sends.
    fn body(
        &mut self,
        g: FuncRef,
        obj: VarKey,
        start: Option<(u32, u32)>,
        fill: u64,
        depth: u32,
    ) -> (St, Found) {
        let m = self.m;
        let Some(cfg) = &m.funcs.func(g).body else {
            return (St::Stopped, Vec::new());
        };
        let n = cfg.blocks.len();
        let mut at_entry = vec![St::Unreached; n];
        let mut work: Vec<u32> = Vec::new();
        match start {
            Some((b, _)) => work.push(b),
            None => {
                if n == 0 {
                    return (St::Stopped, Vec::new());
                }
                at_entry[0] = St::Fill(fill);
                work.push(0);
            }
        }
        let mut visits = 0;
        while let Some(b) = work.pop() {
            visits += 1;
            if visits > MAX_VISITS {
                return (St::Stopped, Vec::new());
            }
            let (succ, _, _) =
                self.block(g, cfg, obj, start, b, at_entry[b as usize], depth, false);
            for (s, st) in succ {
                let Some(slot) = at_entry.get_mut(s as usize) else {
                    continue;
                };
                let joined = slot.join(st);
                if joined != *slot {
                    *slot = joined;
                    if !work.contains(&s) {
                        work.push(s);
                    }
                }
            }
        }
        // The final states are known: collect the blocked sends and the
        // state at the returns.
        let mut out = St::Unreached;
        let mut blocked = Vec::new();
        for b in 0..n as u32 {
            let entry = at_entry[b as usize];
            let is_start = start.is_some_and(|(sb, _)| sb == b);
            if entry == St::Unreached && !is_start {
                continue;
            }
            let (_, end, found) = self.block(g, cfg, obj, start, b, entry, depth, true);
            if matches!(
                cfg.blocks[b as usize].term,
                Term::Return { .. } | Term::FallOff { .. }
            ) {
                out = out.join(end);
                if start.is_some() {
                    self.ends.push((b, end));
                }
            }
            for (pos, op, calls) in found {
                // In a callee, only what it does on every way to a return.
                if start.is_none() && !on_every_path(cfg, pos) {
                    continue;
                }
                blocked.push((op, calls));
            }
        }
        (out, blocked)
    }

    /// One block of `g` entered in state `st`: the states of its
    /// successors, its state at the end (before the terminator), and, when
    /// `collect`, the sends found blocked (position, op, calls below `g`).
    #[allow(clippy::too_many_arguments)]
    fn block(
        &mut self,
        g: FuncRef,
        cfg: &Cfg,
        obj: VarKey,
        start: Option<(u32, u32)>,
        b: u32,
        mut st: St,
        depth: u32,
        collect: bool,
    ) -> (Vec<(u32, St)>, St, FoundAt) {
        let m = self.m;
        let mut found = Vec::new();
        let block = &cfg.blocks[b as usize];
        for (i, op) in block.ops.iter().enumerate() {
            let i = i as u32;
            if start == Some((b, i)) {
                st = St::Fill(self.seed);
                continue;
            }
            let St::Fill(fill) = st else {
                continue;
            };
            let pos = OpPos::Op { block: b, index: i };
            st = self.op(g, obj, pos, &op.kind, fill, depth, collect, &mut found);
        }
        let end = st;
        let succ = match (&block.term, st) {
            (_, St::Unreached) => Vec::new(),
            (Term::Select(sel), St::Fill(fill)) => {
                let alone = sel.cases.len() == 1 && sel.default.is_none();
                let mut succ = Vec::new();
                for (ci, case) in sel.cases.iter().enumerate() {
                    let pos = OpPos::Case {
                        block: b,
                        case: ci as u32,
                    };
                    let on_class = chan_op(m, g, pos, self.t.class);
                    let next = match (&case.comm, on_class) {
                        (_, None) => {
                            let carried = match &case.comm {
                                Comm::Send { value, .. } => self.carries(g, value, obj),
                                Comm::Recv { .. } => false,
                            };
                            if carried {
                                St::Stopped
                            } else {
                                St::Fill(fill)
                            }
                        }
                        (Comm::Send { ch, value }, Some(o)) if self.is_field(ch, obj) => {
                            if self.carries(g, value, obj) {
                                St::Stopped
                            } else if fill >= self.t.cap {
                                // Full: a lone case blocks, a case with
                                // others is not taken.
                                if alone && collect {
                                    found.push((pos, o, Vec::new()));
                                }
                                continue;
                            } else {
                                St::Fill(fill + 1)
                            }
                        }
                        _ => St::Stopped,
                    };
                    succ.push((case.target.0, next));
                }
                if let Some((t, _)) = &sel.default {
                    succ.push((t.0, St::Fill(fill)));
                }
                succ
            }
            (term, st) => term.successors().into_iter().map(|s| (s.0, st)).collect(),
        };
        (succ, end, found)
    }

    /// The state after op `kind` at `pos` of `g`, entered with `fill`.
    #[allow(clippy::too_many_arguments)]
    fn op(
        &mut self,
        g: FuncRef,
        obj: VarKey,
        pos: OpPos,
        kind: &OpKind,
        fill: u64,
        depth: u32,
        collect: bool,
        found: &mut FoundAt,
    ) -> St {
        let m = self.m;
        if m.funcs.ends_flow(g, kind) {
            return St::Unreached;
        }
        if self.remake {
            if let OpKind::MakeChan {
                dst: Place::Field(base, name),
                ..
            } = kind
            {
                if name == self.t.field && base.var() == Some(obj) {
                    return St::Fill(0);
                }
            }
        }
        // The variable no longer holds the object, or its channel is
        // replaced.
        if op_dsts(kind).into_iter().any(|p| match p {
            Place::Var(k) => *k == obj,
            Place::Field(base, name) => name == self.t.field && base.var() == Some(obj),
            _ => false,
        }) {
            return St::Stopped;
        }
        if let Some(o) = chan_op(m, g, pos, self.t.class) {
            return match (m.ops[o].kind, kind) {
                (ChanOpKind::Send, OpKind::Send { ch, value }) if self.is_field(ch, obj) => {
                    if self.carries(g, value, obj) {
                        St::Stopped
                    } else if fill >= self.t.cap {
                        if collect {
                            found.push((pos, o, Vec::new()));
                        }
                        St::Unreached
                    } else {
                        St::Fill(fill + 1)
                    }
                }
                // A `defer close` at the top level runs after everything.
                (ChanOpKind::Close, OpKind::Defer(_)) if depth == 0 => St::Fill(fill),
                // A receive, a close, or a send on another object of the
                // class: someone may drain the buffer, or the object is
                // not the only one around.
                _ => St::Stopped,
            };
        }
        match kind {
            OpKind::Spawn(_) => St::Stopped,
            OpKind::Defer(call) => {
                // At the top level a deferred call runs once the walk is
                // over; in a callee it runs when the callee returns.
                if depth == 0 {
                    return St::Fill(fill);
                }
                let recv = match &call.callee {
                    Callee::Method { recv, .. } => Some(recv.as_ref()),
                    Callee::Dynamic(v) => Some(v.as_ref()),
                    _ => None,
                };
                let carried = recv
                    .into_iter()
                    .chain(&call.args)
                    .any(|v| self.carries(g, v, obj))
                    || matches!(call.callee, Callee::Literal(l) if self.lit_refs(g, l, obj));
                if carried {
                    St::Stopped
                } else {
                    St::Fill(fill)
                }
            }
            OpKind::Call { call, .. } => self.call(g, obj, pos, call, fill, depth, collect, found),
            OpKind::Assign { dst, src } | OpKind::Update { dst, src } => {
                if matches!(dst, Place::Blank) || !self.carries(g, src, obj) {
                    St::Fill(fill)
                } else {
                    St::Stopped
                }
            }
            OpKind::Send { value, .. } => {
                if self.carries(g, value, obj) {
                    St::Stopped
                } else {
                    St::Fill(fill)
                }
            }
            OpKind::TypeAssert { x, dst, .. } => {
                if dst.iter().all(|d| matches!(d, Place::Blank)) || !self.carries(g, x, obj) {
                    St::Fill(fill)
                } else {
                    St::Stopped
                }
            }
            _ => St::Fill(fill),
        }
    }

    /// A call in `g` entered with `fill`: passes when it is not given the
    /// object, the channel or a closure using them; a call of one function
    /// of the package given the object itself is followed; anything else
    /// may hand the channel to a receiver.
    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        g: FuncRef,
        obj: VarKey,
        pos: OpPos,
        call: &golint_ir::Call,
        fill: u64,
        depth: u32,
        collect: bool,
        found: &mut FoundAt,
    ) -> St {
        let m = self.m;
        if matches!(&call.callee, Callee::Func(n) if matches!(n.as_str(), "len" | "cap"))
            && m.funcs.by_name("len").is_none()
            && m.funcs.by_name("cap").is_none()
        {
            return St::Fill(fill);
        }
        let recv = match &call.callee {
            Callee::Method { recv, .. } => Some(recv.as_ref()),
            Callee::Dynamic(v) => Some(v.as_ref()),
            _ => None,
        };
        let lit = matches!(call.callee, Callee::Literal(l) if self.lit_refs(g, l, obj));
        // Which operand carries the object: `None` for the receiver.
        let mut carriers: Vec<Option<usize>> = Vec::new();
        if recv.is_some_and(|r| self.carries(g, r, obj)) {
            carriers.push(None);
        }
        for (i, a) in call.args.iter().enumerate() {
            if self.carries(g, a, obj) {
                carriers.push(Some(i));
            }
        }
        if carriers.is_empty() && !lit {
            return St::Fill(fill);
        }
        // One function of the package, given the object itself once.
        let [h] = m.funcs.resolve(g, call)[..] else {
            return St::Stopped;
        };
        if lit
            || carriers.len() != 1
            || depth >= MAX_DEPTH
            || self.stack.contains(&h)
            || !m.funcs.value_runs(g, call).is_empty()
        {
            return St::Stopped;
        }
        let hf = m.funcs.func(h);
        let operand = match carriers[0] {
            None => recv,
            Some(i) => call.args.get(i),
        };
        let is_obj = |v: &Value| match v {
            Value::Place(Place::Var(k)) => *k == obj,
            Value::AddrOf(p) => matches!(p.as_ref(), Place::Var(k) if *k == obj),
            _ => false,
        };
        if !operand.is_some_and(is_obj) {
            return St::Stopped;
        }
        let param = match carriers[0] {
            None => match &hf.kind {
                FuncKind::Method { recv, .. } => *recv,
                _ => return St::Stopped,
            },
            Some(i) => {
                if (hf.variadic && i + 1 >= hf.params.len()) || call.ellipsis {
                    return St::Stopped;
                }
                match hf.params.get(i) {
                    Some(p) => p.var,
                    None => return St::Stopped,
                }
            }
        };
        // A parameter without a name: the callee cannot use the object.
        let Some(p) = param else {
            return St::Fill(fill);
        };
        // A parameter the callee assigns no longer names the object.
        let Some(hcfg) = &hf.body else {
            return St::Stopped;
        };
        if hcfg.ops().any(|(_, op)| {
            op_dsts(&op.kind)
                .into_iter()
                .any(|d| matches!(d, Place::Var(k) if *k == p))
        }) {
            return St::Stopped;
        }
        let key = (h, p, fill, depth + 1);
        if !self.memo.contains_key(&key) {
            self.stack.push(h);
            let r = self.body(h, p, None, fill, depth + 1);
            self.stack.pop();
            self.memo.insert(key, r);
        }
        let (after, blocked) = &self.memo[&key];
        if collect {
            let span = call.span;
            for (op, calls) in blocked {
                let mut chain = vec![(g, span)];
                chain.extend(calls.iter().copied());
                found.push((pos, *op, chain));
            }
        }
        *after
    }
}

/// The operation on class `c` of the model at `pos` of `g`: its index in
/// [`Model::ops`].
fn chan_op(m: &Model<'_>, g: FuncRef, pos: OpPos, c: ClassId) -> Option<usize> {
    m.ops_in(g)
        .iter()
        .copied()
        .find(|&i| m.ops[i].pos == pos && m.ops[i].class == c)
}

/// Every way from the entry of `cfg` to a normal return passes `pos`.
fn on_every_path(cfg: &Cfg, pos: OpPos) -> bool {
    let (stop_op, stop_case) = match pos {
        OpPos::Op { block, index } => ((block, index), (u32::MAX, u32::MAX)),
        OpPos::Case { block, case } => ((u32::MAX, u32::MAX), (block, case)),
    };
    exit_path(
        cfg,
        (0, 0),
        |b, i| (b, i) == stop_op,
        |b, c| (b, c) == stop_case,
        |_, _| false,
        false,
    )
    .is_none()
}

fn report(
    m: &Model<'_>,
    t: &Target<'_>,
    cr: &Creation,
    seed: u64,
    b: Blocked,
    seen: &mut std::collections::HashSet<Span>,
    out: &mut Findings,
) {
    let op = &m.ops[b.op];
    if !seen.insert(op.span) {
        return;
    }
    let file = m.funcs.file(cr.func);
    let obj = &file.var(cr.obj).name;
    let ch = chan_name(op);
    let msg = if t.cap == 0 {
        format!(
            "send on {ch} blocks forever: nothing receives from `{obj}`'s unbuffered channel yet"
        )
    } else {
        format!(
            "send on {ch} blocks forever: `{obj}`'s buffer of {} is already full and nothing receives from it yet",
            t.cap
        )
    };
    let mut d = Diagnostic::new(
        SendNeverReceived::META.code,
        SendNeverReceived::META.name,
        op.span,
        msg,
    )
    .with_primary_label(format!("{} blocks here forever", func_display(m, op.func)));
    let made = match cr.ctor {
        Some(g) if seed > 0 => format!(
            "`{obj}` is built here by {}, which puts {seed} value{} in the buffer",
            func_display(m, g),
            if seed == 1 { "" } else { "s" }
        ),
        Some(g) => format!("`{obj}` is built here by {}", func_display(m, g)),
        None => format!("`{obj}` is built here"),
    };
    d = d.with_label(cr.span, made);
    let maker = cr.ctor.unwrap_or(cr.func);
    if let Some(class) = m.class(t.class) {
        for mk in class.makes.iter().filter(|mk| mk.func == maker) {
            d = d.with_label(mk.span, "the channel is made here");
        }
    }
    let full = if t.cap == 0 {
        "before anything receives"
    } else {
        "with the buffer full"
    };
    for (caller, span) in &b.calls {
        d = d.with_label(
            *span,
            format!("called here by {}, {full}", func_display(m, *caller)),
        );
    }
    out.push(d.with_help(
        "start the goroutine that receives before sending, give the channel room for every send made before it starts, or send in a `select` with a `default`",
    ));
}
