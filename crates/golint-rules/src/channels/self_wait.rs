//! GL105's interprocedural half: a goroutine that waits, in its own body or
//! in a function it calls, for a channel that only it closes — later, or
//! in a `defer` that runs when it returns. `run` does `defer close(s.done)`
//! and, on a fatal request, calls `s.Stop()`, which waits on `<-s.done`.

use std::collections::HashSet;

use golint_analysis::concurrency::paths;
use golint_analysis::concurrency::{ChanOp, ChanOpKind, ClassId, Edge, FuncRef, Model, OpPos};
use golint_diagnostics::Span;
use golint_ir::{Callee, Comm, FuncKind, OpKind, Place, Term, Value, VarKey};

/// Calls followed from the closing function to the wait.
const MAX_DEPTH: usize = 6;

/// What a function holds of the closed channel: the channel itself in a
/// variable, or a variable whose field it is (`s` of `s.done`), so that a
/// wait in a callee is known to be on the same object, not merely on the
/// same field of another value of the type.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Track<'a> {
    Chan(VarKey),
    Owner(VarKey, &'a str),
}

/// The calls from the closing function down to a wait: (span of the call,
/// callee).
type Chain = Vec<(Span, FuncRef)>;

/// A wait found from the closing function: the op, the calls leading to
/// it, and its position in the closing function (the wait itself, or the
/// first call of the chain).
type Found<'m> = (&'m ChanOp, Chain, (u32, u32));

/// A wait that only its own goroutine could end.
pub(super) struct SelfWait<'m> {
    pub wait: &'m ChanOp,
    /// The close that would end it.
    pub close: &'m ChanOp,
    /// The function the close belongs to: the close's own, or the one
    /// that defers the literal holding it.
    pub closer: FuncRef,
    /// The close runs when `closer` returns.
    pub deferred: bool,
    /// Where `closer` defers the literal holding the close
    /// (`t.Cleanup(…)`), when the close is in one.
    pub registered: Option<Span>,
    pub chain: Chain,
}

/// Every wait on a channel whose only closes (and no send) are in one
/// function, reached from that function before the close runs.
pub(super) fn self_waits<'m>(m: &'m Model<'_>) -> Vec<SelfWait<'m>> {
    let mut out = Vec::new();
    let mut reported: HashSet<Span> = HashSet::new();
    for c in m.classes_with_ops() {
        let Some(class) = m.class(c) else { continue };
        if class.open || class.makes.is_empty() {
            continue;
        }
        let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
        if ops.iter().any(|o| o.kind == ChanOpKind::Send) {
            continue;
        }
        let all: Vec<Close> = ops
            .iter()
            .copied()
            .filter(|o| o.kind == ChanOpKind::Close)
            .map(|o| as_seen(m, o))
            .collect();
        let mut closers: Vec<FuncRef> = all.iter().map(|o| o.func).collect();
        closers.sort();
        closers.dedup();
        for closer in closers {
            // Closes elsewhere of channels made elsewhere belong to other
            // objects the model merged with this one (two tests handing
            // their own channel to one function); any other close may be
            // this object's.
            let (closes, others): (Vec<Close>, Vec<Close>) =
                all.iter().partition(|o| o.func == closer);
            if !others.iter().all(|o| made_elsewhere(m, o.op, closer)) {
                continue;
            }
            self_waits_of(m, c, closer, &closes, &mut reported, &mut out);
        }
    }
    out
}

/// The waits `closer` reaches before one of `closes`, its closes of class
/// `c`, runs.
fn self_waits_of<'m>(
    m: &'m Model<'_>,
    c: ClassId,
    closer: FuncRef,
    closes: &[Close<'m>],
    reported: &mut HashSet<Span>,
    out: &mut Vec<SelfWait<'m>>,
) {
    // Each close names the channel the same way, or nothing is tracked.
    let tracks: Vec<Track> = closes.iter().filter_map(|o| track_of(m, o.op)).collect();
    if tracks.is_empty()
        || tracks.len() != closes.len()
        || tracks.iter().any(|t| *t != tracks[0])
        || !single_valued(m, closer, tracks[0])
    {
        return;
    }
    for (wait, chain, at) in waits_from(m, c, closer, tracks[0]) {
        if !closes_after(m, closer, closes, at) || !reported.insert(wait.span) {
            continue;
        }
        let close = closes.iter().find(|o| o.deferred).unwrap_or(&closes[0]);
        out.push(SelfWait {
            wait,
            close: close.op,
            closer,
            deferred: close.deferred,
            registered: close.registered,
            chain,
        });
    }
}

/// The close `o` is of a local that only a `make` defines, in a function
/// that neither is nor encloses `closer`: a channel `closer` cannot hold.
fn made_elsewhere(m: &Model<'_>, o: &ChanOp, closer: FuncRef) -> bool {
    let Some(Value::Place(Place::Var(k))) = chan_value(m, o) else {
        return false;
    };
    let owner = FuncRef {
        file: o.func.file,
        func: k.func,
    };
    if owner == closer || (owner.file == closer.file && m.funcs.encloses(k.func, closer)) {
        return false;
    }
    let defs = m.funcs.view(owner).defs.var(*k);
    !defs.is_empty()
        && defs
            .iter()
            .all(|d| matches!(d.op.kind, OpKind::MakeChan { .. }))
}

/// A close as the function that runs it sees it.
#[derive(Clone, Copy)]
struct Close<'m> {
    op: &'m ChanOp,
    func: FuncRef,
    pos: OpPos,
    deferred: bool,
    registered: Option<Span>,
}

/// A close in a literal that its enclosing function defers —
/// `defer func() { close(ch) }()`, `t.Cleanup(func() { close(ch) })` — is
/// a deferred close of that function, registered at the defer.
fn as_seen<'m>(m: &Model<'_>, o: &'m ChanOp) -> Close<'m> {
    let own = Close {
        op: o,
        func: o.func,
        pos: o.pos,
        deferred: o.deferred,
        registered: None,
    };
    let FuncKind::Literal { parent } = m.funcs.func(o.func).kind else {
        return own;
    };
    let g = FuncRef {
        file: o.func.file,
        func: parent,
    };
    let Some(cfg) = &m.funcs.func(g).body else {
        return own;
    };
    let is_lit = |v: &Value| matches!(v, Value::FuncLit(id) if *id == o.func.func);
    for (bi, block) in cfg.blocks.iter().enumerate() {
        for (oi, op) in block.ops.iter().enumerate() {
            let deferred = match &op.kind {
                OpKind::Defer(call) => {
                    matches!(call.callee, Callee::Literal(id) if id == o.func.func)
                }
                OpKind::Call { call, .. } => {
                    call.args.iter().any(is_lit)
                        && m.funcs
                            .value_runs(g, call)
                            .iter()
                            .any(|&(r, e)| r == o.func && e == Edge::Defer)
                }
                _ => false,
            };
            if deferred {
                return Close {
                    op: o,
                    func: g,
                    pos: OpPos::Op {
                        block: bi as u32,
                        index: oi as u32,
                    },
                    deferred: true,
                    registered: Some(op.span),
                };
            }
        }
    }
    own
}

/// The wait at position `at` of the closing function comes before a close
/// this same call performs, and no close can come before it: a `defer
/// close` registered on the way to `at`, or a close `at` leads to. Another
/// call of the function (the other branch of a duplicate-suppressing
/// cache: a hit waits, a miss closes) is another goroutine's, so a close
/// that is not pending at `at` proves nothing.
fn closes_after(m: &Model<'_>, f: FuncRef, closes: &[Close<'_>], at: (u32, u32)) -> bool {
    let (Some(cfg), Some(shape)) = (&m.funcs.func(f).body, m.shape(f)) else {
        return false;
    };
    if !shape.dom.reachable(at.0) {
        return false;
    }
    let mut pending = false;
    for o in closes {
        let OpPos::Op { block, index } = o.pos else {
            return false;
        };
        let reaches_wait = paths::reaches(cfg, (block, index), at, |_, _| false);
        if o.deferred {
            pending |= reaches_wait;
        } else if (block, index) == at || reaches_wait {
            return false;
        } else {
            pending |= paths::reaches(cfg, at, (block, index), |_, _| false);
        }
    }
    pending
}

/// The tracked variable names one value in the closing function: a
/// parameter, a receiver or a variable assigned once. A variable assigned
/// on two branches (`v` from a cache, or a new `v`) may hold another
/// object at the wait than at the close.
fn single_valued(m: &Model<'_>, f: FuncRef, t: Track<'_>) -> bool {
    let (Track::Chan(k) | Track::Owner(k, _)) = t;
    let owner = FuncRef {
        file: f.file,
        func: k.func,
    };
    m.funcs.view(owner).defs.var(k).len() <= 1
}

/// The blocking waits on class `c` reached from `closer` through calls that
/// hand down the tracked variable, with the call chain and the position in
/// `closer` (the wait itself, or the first call of the chain).
fn waits_from<'m>(
    m: &'m Model<'_>,
    c: ClassId,
    closer: FuncRef,
    track: Track<'m>,
) -> Vec<Found<'m>> {
    let mut out = Vec::new();
    let mut seen: HashSet<(FuncRef, Track)> = HashSet::new();
    // (function, what it holds, chain so far, position in closer)
    type Step<'t> = (FuncRef, Track<'t>, Chain, Option<(u32, u32)>);
    let mut work: Vec<Step> = vec![(closer, track, Vec::new(), None)];
    while let Some((f, t, chain, at)) = work.pop() {
        if !seen.insert((f, t)) || chain.len() > MAX_DEPTH {
            continue;
        }
        for &i in m.ops_in(f) {
            let op = &m.ops[i];
            if op.class != c || !op.kind.receives() || !op.blocks() {
                continue;
            }
            if chan_value(m, op).is_some_and(|v| holds(v, t)) {
                let pos = match op.pos {
                    OpPos::Op { block, index } => (block, index),
                    OpPos::Case { block, .. } => (block, u32::MAX),
                };
                out.push((op, chain.clone(), at.unwrap_or(pos)));
            }
        }
        let Some(cfg) = &m.funcs.func(f).body else {
            continue;
        };
        for (bi, block) in cfg.blocks.iter().enumerate() {
            for (oi, op) in block.ops.iter().enumerate() {
                let OpKind::Call { call, .. } = &op.kind else {
                    continue;
                };
                if call.ellipsis {
                    continue;
                }
                let here = at.or(Some((bi as u32, oi as u32)));
                let targets = m.funcs.resolve(f, call);
                if let [callee] = targets.as_slice() {
                    if let Some(next) = handed_down(m, *callee, &call.callee, &call.args, t) {
                        let mut chain = chain.clone();
                        chain.push((op.span, *callee));
                        work.push((*callee, next, chain, here));
                    }
                }
                // A literal run in place (`once.Do(func() { … })`, called
                // directly) that the tracked variable's function encloses
                // captures that very variable: it holds what `f` holds.
                let key = match t {
                    Track::Chan(k) | Track::Owner(k, _) => k,
                };
                for lit in m.funcs.called_by(f, call) {
                    if lit.file != f.file
                        || targets.contains(&lit)
                        || !matches!(m.funcs.func(lit).kind, FuncKind::Literal { .. })
                        || !m.funcs.encloses(key.func, lit)
                    {
                        continue;
                    }
                    let mut chain = chain.clone();
                    chain.push((op.span, lit));
                    work.push((lit, t, chain, here));
                }
            }
        }
    }
    out.sort_by_key(|(op, _, _)| op.span.start);
    out
}

/// What `callee` holds of the tracked channel when the call passes the
/// tracked variable as its receiver or as an argument.
fn handed_down<'m>(
    m: &'m Model<'_>,
    callee: FuncRef,
    how: &Callee,
    args: &[Value],
    t: Track<'m>,
) -> Option<Track<'m>> {
    let key = match t {
        Track::Chan(k) | Track::Owner(k, _) => k,
    };
    let is_key = |v: &Value| var_of(v) == Some(key);
    let func = m.funcs.func(callee);
    let bound = if let (Callee::Method { recv, .. }, FuncKind::Method { recv: r, .. }) =
        (how, &func.kind)
    {
        if is_key(recv) {
            *r
        } else {
            None
        }
    } else {
        None
    };
    let bound = bound.or_else(|| {
        let i = args.iter().position(is_key)?;
        func.params.get(i)?.var
    })?;
    Some(match t {
        Track::Chan(_) => Track::Chan(bound),
        Track::Owner(_, field) => Track::Owner(bound, field),
    })
}

/// The variable `v` names: `x`, `&x` or `*x`.
fn var_of(v: &Value) -> Option<VarKey> {
    match v {
        Value::AddrOf(p) => match p.as_ref() {
            Place::Var(k) => Some(*k),
            _ => None,
        },
        Value::Place(Place::Deref(inner)) => inner.var(),
        _ => v.var(),
    }
}

/// The channel value `v` is the tracked one.
fn holds(v: &Value, t: Track<'_>) -> bool {
    match (t, v) {
        (Track::Chan(k), _) => v.var() == Some(k),
        (Track::Owner(k, field), Value::Place(Place::Field(base, f))) => {
            f == field && var_of(base) == Some(k)
        }
        _ => false,
    }
}

fn track_of<'m>(m: &'m Model<'_>, close: &ChanOp) -> Option<Track<'m>> {
    match chan_value(m, close)? {
        Value::Place(Place::Var(k)) => Some(Track::Chan(*k)),
        Value::Place(Place::Field(base, f)) => Some(Track::Owner(var_of(base)?, f.as_str())),
        _ => None,
    }
}

/// The channel operand of an operation, from the IR.
fn chan_value<'m>(m: &'m Model<'_>, op: &ChanOp) -> Option<&'m Value> {
    let cfg = m.funcs.func(op.func).body.as_ref()?;
    match op.pos {
        OpPos::Op { block, index } => match &cfg.op_at(block, index)?.kind {
            OpKind::Recv { ch, .. } | OpKind::Close { ch } | OpKind::RangeChan { ch, .. } => {
                Some(ch)
            }
            OpKind::Range { x, .. } => Some(x),
            OpKind::Defer(call) | OpKind::Spawn(call) => call.args.first(),
            _ => None,
        },
        OpPos::Case { block, case } => match &cfg.blocks.get(block as usize)?.term {
            Term::Select(sel) => match &sel.cases.get(case as usize)?.comm {
                Comm::Recv { ch, .. } => Some(ch),
                Comm::Send { .. } => None,
            },
            _ => None,
        },
    }
}
