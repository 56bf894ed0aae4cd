//! The channel dependency graph of one spawning function and the
//! goroutines it starts, and the circular waits (deadlocks) in it.
//!
//! Nodes are the blocking operations (plain sends and receives, `range`,
//! `sync.Cond.Wait`) on channels and condition variables that only these
//! goroutines touch; a send into a buffered channel is taken not to block. An operation is *reached* once every
//! blocking operation that dominates it in its goroutine has completed (for
//! a started goroutine, also those dominating its `go` statement); it
//! *completes* once a partner in another goroutine is reached (a receive
//! for a send; a send or `close` for a receive; `Signal`/`Broadcast` for a
//! `Wait`). The least fixpoint leaves the operations that never complete;
//! an edge `x → z` says that a partner of stuck `x` waits behind stuck `z`,
//! and a strongly connected component of that graph spanning two
//! goroutines is a circular wait.
//!
//! `Wait` is taken to block the code after the loop that guards it
//! (`for !ready { c.Wait() }`): that is how condition variables are used.
//!
//! A goroutine performs the operations of the functions it calls in place
//! too (up to [`MAX_CALL_DEPTH`] calls deep): a node is an operation with
//! the calls leading to it, ordered at the call in its caller. A callee's
//! operation holds back what follows the call only when the callee passes
//! it on every way to a return (and the call runs that callee for sure);
//! one it may skip is still a partner, which can only let more complete.
//! A channel some callee touches is considered only when every function
//! touching it is followed this way and nothing outside the family calls
//! those callees.

use golint_diagnostics::Span;
use golint_ir::{Callee, Cap, Comm, FuncKind, OpKind, Place, Term, Value};
use petgraph::graph::DiGraph;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::ops::{display, ChanOpKind, OpPos};
use super::paths::Shape;
use super::{FuncRef, Model};

/// The most operations one family's dependency graph is built for.
const MAX_NODES: usize = 256;

/// A goroutine of a [`Deadlock`]: the spawning function itself, or one it
/// starts.
#[derive(Clone, Debug)]
pub struct Goroutine {
    pub func: FuncRef,
    /// Where a started goroutine is started: the `go` keyword, or the
    /// helper that starts it.
    pub spawn: Option<Span>,
}

/// A call on the way from a goroutine's function to an operation it
/// performs through a callee.
#[derive(Clone, Debug)]
pub struct CallStep {
    /// The function making the call.
    pub caller: FuncRef,
    /// The call op in `caller`.
    pub pos: OpPos,
    /// The call expression.
    pub span: Span,
    pub callee: FuncRef,
    /// The callee is the only function the call may run, and runs it in
    /// place: not one of several implementations, nor a func value a
    /// helper of the standard library may run or not (`once.Do(f)`).
    pub only: bool,
}

/// An operation as one goroutine of a [`Deadlock`] performs it: in its own
/// body, or in a function it calls (`calls`, outermost first).
#[derive(Clone, Debug)]
pub struct Blocked {
    /// Index in [`Model::ops`].
    pub op: usize,
    /// Index in [`Deadlock::goroutines`].
    pub goroutine: usize,
    pub calls: Vec<CallStep>,
}

/// A circular wait.
#[derive(Clone, Debug)]
pub struct Deadlock {
    pub goroutines: Vec<Goroutine>,
    /// The blocked operations of the cycle, in source order of the
    /// operations.
    pub ops: Vec<Blocked>,
}

/// How many calls deep the operations a goroutine performs in the
/// functions it calls count in its sequence.
const MAX_CALL_DEPTH: usize = 3;

/// The most function bodies walked for one family (a callee called from
/// several places is walked once per call).
const MAX_WALKS: usize = 256;

/// The circular waits among the goroutines each function starts.
pub fn deadlocks(m: &Model<'_>) -> Vec<Deadlock> {
    let mut by_parent: Vec<FuncRef> = m.funcs.spawns.iter().map(|s| s.from).collect();
    by_parent.sort();
    by_parent.dedup();
    let mut out = Vec::new();
    for f in by_parent {
        if let Some(mut ds) = in_family(m, f) {
            out.append(&mut ds);
        }
    }
    out
}

/// Operation at `a` must complete before the one at `b` is reached, in a
/// body of this shape.
fn before(shape: &Shape, a: OpPos, a_kind: ChanOpKind, b: OpPos) -> bool {
    let (ba, bb) = (a.block(), b.block());
    let idx = |p: OpPos| match p {
        OpPos::Op { index, .. } => index,
        OpPos::Case { .. } => u32::MAX,
    };
    if ba == bb {
        return idx(a) < idx(b);
    }
    if shape.dom.dominates(ba, bb) {
        return true;
    }
    // `for !ready { c.Wait() }` holds back what follows the loop.
    let loops = &shape.loops;
    if a_kind == ChanOpKind::CondWait {
        if let (Some(entry), Some(id)) = (loops.entry_of(ba), loops.of(ba)) {
            return loops.of(bb) != Some(id) && shape.dom.dominates(entry, bb);
        }
    }
    false
}

/// `b` completes `a`. A `range` is taken to wait for a value (a send): the
/// loop body runs only on one, and a `close` alone would skip it.
fn partners(a: ChanOpKind, b: ChanOpKind) -> bool {
    use ChanOpKind::*;
    matches!(
        (a, b),
        (Send, Recv)
            | (Send, Range)
            | (Recv, Send)
            | (Range, Send)
            | (Recv, Close)
            | (CondWait, CondSignal)
    )
}

/// An operation of the family as one of its goroutines performs it.
struct Node {
    op: usize,
    g: usize,
    calls: Vec<CallStep>,
    /// Per call level (0: the goroutine's function, `k`: the callee of
    /// `calls[k - 1]`), whether the position there — the next call, or the
    /// operation at the last level — is passed on every way to a normal
    /// return of that level's function, and the call reaching it runs that
    /// function for sure. Level 0 is always true.
    sure: Vec<bool>,
}

impl Node {
    /// The function and position at call level `k`.
    fn at(&self, m: &Model<'_>, k: usize) -> (FuncRef, OpPos) {
        match self.calls.get(k) {
            Some(step) => (step.caller, step.pos),
            None => (m.ops[self.op].func, m.ops[self.op].pos),
        }
    }

    fn depth(&self) -> usize {
        self.calls.len()
    }

    /// The operation is done once the goroutine is past call level `k`'s
    /// position: every level below it passes its position on every way to
    /// a return.
    fn sure_below(&self, k: usize) -> bool {
        self.sure.iter().skip(k + 1).all(|&b| b)
    }
}

/// Node `a` must complete before its goroutine reaches the point `b`: a
/// path of (function, position) from the goroutine's function down.
fn precedes(m: &Model<'_>, a: &Node, b: &[(FuncRef, OpPos)]) -> bool {
    for (k, &(fb, pb)) in b.iter().enumerate() {
        if k > a.depth() {
            return false;
        }
        let (fa, pa) = a.at(m, k);
        if fa != fb {
            return false;
        }
        if pa == pb {
            continue;
        }
        let Some(shape) = m.shape(fa) else {
            return false;
        };
        // The loop rule of `Wait` applies where the wait itself is.
        let kind = if k == a.depth() {
            m.ops[a.op].kind
        } else {
            ChanOpKind::Send
        };
        return before(shape, pa, kind, pb) && a.sure_below(k);
    }
    false
}

/// The position `pos` of callee `g` (an operation of `kind`, or a call) is
/// passed on every way to a normal return of `g`; false for a function
/// that never returns.
fn on_every_return(m: &Model<'_>, g: FuncRef, pos: OpPos, kind: ChanOpKind) -> bool {
    let (Some(cfg), Some(shape)) = (&m.funcs.func(g).body, m.shape(g)) else {
        return false;
    };
    let mut exits = cfg
        .blocks
        .iter()
        .enumerate()
        .filter(|(b, bl)| {
            matches!(bl.term, Term::Return { .. } | Term::FallOff { .. })
                && shape.dom.reachable(*b as u32)
        })
        .map(|(b, _)| b as u32)
        .peekable();
    exits.peek().is_some()
        && exits.all(|r| {
            let end = OpPos::Op {
                block: r,
                index: u32::MAX,
            };
            before(shape, pos, kind, end)
        })
}

/// `g` starts goroutines (itself or through a helper): what it then waits
/// for is not modelled, so it is not followed.
fn spawns(m: &Model<'_>, g: FuncRef) -> bool {
    m.funcs.spawns.iter().any(|s| s.from == g)
        || m.funcs.nodes.get(&g).is_some_and(|&n| {
            m.funcs
                .graph
                .edges(n)
                .any(|e| *e.weight() == super::Edge::Spawn)
        })
}

/// The operations goroutine `g` performs, from function `f` at call level
/// `calls.len()`: its own, and those of the functions it calls in place
/// (up to [`MAX_CALL_DEPTH`]), at the call. Functions reached otherwise
/// (deferred, started, called too deep or recursively) go to `unfollowed`.
struct Expansion {
    nodes: Vec<Node>,
    /// Functions whose operations the nodes hold.
    members: HashSet<FuncRef>,
    /// Functions some member reaches in a way the nodes do not follow.
    unfollowed: HashSet<FuncRef>,
    /// Per function: it or a function it calls operates on a channel.
    has_ops: HashMap<FuncRef, bool>,
    /// How many more functions may be walked.
    budget: usize,
}

impl Expansion {
    fn walk(
        &mut self,
        m: &Model<'_>,
        g: usize,
        f: FuncRef,
        calls: &mut Vec<CallStep>,
        sure: &mut Vec<bool>,
    ) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        self.members.insert(f);
        let nested = !calls.is_empty();
        for &i in m.ops_in(f) {
            let op = &m.ops[i];
            let mut s = sure.clone();
            if nested {
                if let Some(last) = s.last_mut() {
                    *last = *last && on_every_return(m, f, op.pos, op.kind);
                }
            }
            self.nodes.push(Node {
                op: i,
                g,
                calls: calls.clone(),
                sure: s,
            });
        }
        let Some(cfg) = &m.funcs.func(f).body else {
            return;
        };
        for (bi, block) in cfg.blocks.iter().enumerate() {
            for (oi, op) in block.ops.iter().enumerate() {
                let pos = OpPos::Op {
                    block: bi as u32,
                    index: oi as u32,
                };
                let call = match &op.kind {
                    OpKind::Call { call, .. } => call,
                    OpKind::Defer(call) => {
                        self.unfollowed.extend(m.funcs.resolve(f, call));
                        self.unfollowed.extend(m.funcs.deferred_by(f, call));
                        continue;
                    }
                    // The goroutines of the spawning function are the
                    // family's own; those started further down are not.
                    OpKind::Spawn(call) => {
                        if nested || g != 0 {
                            self.unfollowed.extend(m.funcs.resolve(f, call));
                            self.unfollowed
                                .extend(m.funcs.value_runs(f, call).iter().map(|x| x.0));
                        }
                        continue;
                    }
                    _ => continue,
                };
                // Registered to run later (`t.Cleanup(f)`), or started by
                // a helper further down than the family's own `go`s.
                self.unfollowed.extend(m.funcs.deferred_by(f, call));
                if nested || g != 0 {
                    self.unfollowed.extend(
                        m.funcs
                            .value_runs(f, call)
                            .iter()
                            .filter(|x| x.1 == super::Edge::Spawn)
                            .map(|x| x.0),
                    );
                }
                let mut callees = m.funcs.called_by(f, call);
                callees.sort();
                callees.dedup();
                // One function, called directly or through a func value
                // the call itself calls (a method value in a local), not a
                // helper that may run the func it is handed.
                let only = callees.len() == 1
                    && (matches!(call.callee, Callee::Dynamic(_))
                        || m.funcs.resolve(f, call).len() == 1);
                for h in callees {
                    // A callee that touches no channel, nor its own
                    // callees, adds nothing to the sequence.
                    let touches = *self.has_ops.entry(h).or_insert_with(|| {
                        m.funcs
                            .same_goroutine(h, super::GOROUTINE_DEPTH)
                            .iter()
                            .any(|&x| !m.ops_in(x).is_empty())
                    });
                    if !touches && !spawns(m, h) {
                        continue;
                    }
                    let recursive = h == f || calls.iter().any(|c| c.caller == h);
                    if recursive
                        || calls.len() >= MAX_CALL_DEPTH
                        || m.funcs.func(h).body.is_none()
                        || spawns(m, h)
                    {
                        self.unfollowed.insert(h);
                        continue;
                    }
                    let here = !nested || on_every_return(m, f, pos, ChanOpKind::Send);
                    let kept = sure.last().copied().unwrap_or(true);
                    if let Some(last) = sure.last_mut() {
                        *last = kept && here;
                    }
                    sure.push(only);
                    calls.push(CallStep {
                        caller: f,
                        pos,
                        span: call.span,
                        callee: h,
                        only,
                    });
                    self.walk(m, g, h, calls, sure);
                    calls.pop();
                    sure.pop();
                    if let Some(last) = sure.last_mut() {
                        *last = kept;
                    }
                }
            }
        }
    }
}

fn in_family(m: &Model<'_>, f: FuncRef) -> Option<Vec<Deadlock>> {
    let mut goroutines = vec![Goroutine {
        func: f,
        spawn: None,
    }];
    // Where each started goroutine is started in `f`: its op and span.
    let mut spawn_at: Vec<Option<(OpPos, Span)>> = vec![None];
    for s in m.funcs.spawns.iter().filter(|s| s.from == f) {
        if s.target == f || goroutines.iter().any(|g| g.func == s.target) {
            return None;
        }
        goroutines.push(Goroutine {
            func: s.target,
            spawn: Some(s.start),
        });
        spawn_at.push(Some((
            OpPos::Op {
                block: s.block,
                index: s.index,
            },
            s.span,
        )));
    }
    let funcs: Vec<FuncRef> = goroutines.iter().map(|g| g.func).collect();
    let mut ex = Expansion {
        nodes: Vec::new(),
        members: HashSet::default(),
        unfollowed: HashSet::default(),
        has_ops: HashMap::default(),
        budget: MAX_WALKS,
    };
    for (g, &r) in funcs.iter().enumerate() {
        ex.walk(m, g, r, &mut Vec::new(), &mut vec![true]);
        // Too much to follow (generated code, huge call trees): left alone.
        if ex.budget == 0 || ex.nodes.len() > MAX_NODES * 4 {
            return None;
        }
    }
    // A callee of the family that something else calls may do its
    // operation for that caller too, a partner the nodes do not hold.
    let called_outside = |h: FuncRef| {
        !funcs.contains(&h)
            && m.funcs.nodes.get(&h).is_some_and(|&n| {
                m.funcs
                    .graph
                    .neighbors_directed(n, petgraph::Direction::Incoming)
                    .any(|p| !ex.members.contains(&m.funcs.graph[p]))
            })
    };
    // Classes that only the family touches, through the nodes, in two of
    // its goroutines at least.
    let mut classes: Vec<u32> = ex.nodes.iter().map(|n| m.ops[n.op].class).collect();
    classes.sort_unstable();
    classes.dedup();
    let relevant: Vec<u32> = classes
        .into_iter()
        .filter(|&c| {
            let Some(class) = m.class(c) else {
                return false;
            };
            if class.open || class.makes.is_empty() {
                return false;
            }
            let followed = m.ops_on(c).iter().all(|&i| {
                let h = m.ops[i].func;
                ex.members.contains(&h) && !ex.unfollowed.contains(&h) && !called_outside(h)
            });
            if !followed {
                return false;
            }
            let mut gs: Vec<usize> = ex
                .nodes
                .iter()
                .filter(|n| m.ops[n.op].class == c)
                .map(|n| n.g)
                .collect();
            gs.sort_unstable();
            gs.dedup();
            gs.len() >= 2
        })
        .collect();
    if relevant.is_empty() {
        return None;
    }
    let nodes: Vec<Node> = ex
        .nodes
        .into_iter()
        .filter(|n| relevant.binary_search(&m.ops[n.op].class).is_ok())
        .collect();
    // The graph is quadratic in its nodes: a family with hundreds of
    // operations (generated code) is left alone rather than slowing the run.
    if nodes.len() > MAX_NODES {
        return None;
    }
    // A send into a buffer is taken not to block (the buffer has room: the
    // count is not followed); a receive from it still waits for a send. The
    // buffer is that of the channel at hand: made in the function doing the
    // send, in a caller on the way, or before the `go` statement starting
    // the goroutine, when one of them makes it first on every path.
    let capacity = |n: &Node| {
        let op = &m.ops[n.op];
        let c = op.class;
        m.made_before(c, op.func, op.pos.block(), op.span.start)
            .or_else(|| {
                n.calls
                    .iter()
                    .rev()
                    .find_map(|s| m.made_before(c, s.caller, s.pos.block(), s.span.start))
            })
            .or_else(|| {
                let (pos, span) = spawn_at[n.g]?;
                m.made_before(c, f, pos.block(), span.start)
            })
            .or_else(|| m.class(c)?.capacity())
    };
    let blocking: Vec<bool> = nodes
        .iter()
        .map(|n| {
            let op = &m.ops[n.op];
            op.blocks() && (op.kind != ChanOpKind::Send || capacity(n) == Some(Cap::Zero))
        })
        .collect();
    let path =
        |n: &Node| -> Vec<(FuncRef, OpPos)> { (0..=n.depth()).map(|k| n.at(m, k)).collect() };
    let paths: Vec<Vec<(FuncRef, OpPos)>> = nodes.iter().map(path).collect();
    // What each node waits behind in its goroutine (and, for a started
    // goroutine, behind its `go` statement).
    let deps: Vec<Vec<usize>> = nodes
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let mut d: Vec<usize> = nodes
                .iter()
                .enumerate()
                .filter(|&(j, o)| j != k && o.g == n.g && blocking[j] && precedes(m, o, &paths[k]))
                .map(|(j, _)| j)
                .collect();
            if let Some((sp, _)) = spawn_at[n.g] {
                let at = [(f, sp)];
                d.extend(
                    nodes
                        .iter()
                        .enumerate()
                        .filter(|&(j, o)| o.g == 0 && blocking[j] && precedes(m, o, &at))
                        .map(|(j, _)| j),
                );
            }
            d
        })
        .collect();
    let partner_of: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            let op = &m.ops[n.op];
            nodes
                .iter()
                .enumerate()
                .filter(|&(_, o)| {
                    o.g != n.g
                        && m.ops[o.op].class == op.class
                        && partners(op.kind, m.ops[o.op].kind)
                })
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    let n = nodes.len();
    let mut done: Vec<bool> = blocking.iter().map(|&b| !b).collect();
    loop {
        let mut changed = false;
        for k in 0..n {
            if done[k] || !deps[k].iter().all(|&d| done[d]) {
                continue;
            }
            if partner_of[k]
                .iter()
                .any(|&p| deps[p].iter().all(|&d| done[d]))
            {
                done[k] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let reached = |k: usize| deps[k].iter().all(|&d| done[d]);
    let stuck: Vec<usize> = (0..n)
        .filter(|&k| !done[k] && reached(k) && !partner_of[k].is_empty())
        .collect();
    if stuck.len() < 2 {
        return Some(Vec::new());
    }
    let mut g = DiGraph::<usize, ()>::new();
    let idx: HashMap<usize, petgraph::graph::NodeIndex> =
        stuck.iter().map(|&k| (k, g.add_node(k))).collect();
    for &k in &stuck {
        for &p in &partner_of[k] {
            for &z in &deps[p] {
                if let Some(&t) = idx.get(&z) {
                    g.add_edge(idx[&k], t, ());
                }
            }
        }
    }
    let mut out = Vec::new();
    for scc in petgraph::algo::tarjan_scc(&g) {
        let mut ks: Vec<usize> = scc.iter().map(|&x| g[x]).collect();
        let mut gs: Vec<usize> = ks.iter().map(|&k| nodes[k].g).collect();
        gs.sort_unstable();
        gs.dedup();
        if ks.len() < 2 || gs.len() < 2 {
            continue;
        }
        ks.sort_by_key(|&k| {
            let s = m.ops[nodes[k].op].span;
            (s.file, s.start, k)
        });
        out.push(Deadlock {
            goroutines: goroutines.clone(),
            ops: ks
                .iter()
                .map(|&k| Blocked {
                    op: nodes[k].op,
                    goroutine: nodes[k].g,
                    calls: nodes[k].calls.clone(),
                })
                .collect(),
        });
    }
    Some(out)
}

impl Blocked {
    /// The channel as the goroutine's own function names it: a helper's
    /// parameter (or a method's receiver) is replaced by what each call on
    /// the way passes for it — `recvKey(keyc)` doing `<-ch` receives from
    /// `keyc`, `s.readHello()` doing `<-c.hello` from `s.hello`. Where a
    /// name cannot be carried further up, the innermost function's own;
    /// empty when the channel is not a name.
    pub fn caller_name(&self, m: &Model<'_>) -> String {
        let op = &m.ops[self.op];
        let Some(v) = chan_value(m, op.func, op.pos) else {
            return op.name.clone();
        };
        rename(m, op.func, v, &self.calls, 0).unwrap_or_else(|| op.name.clone())
    }
}

/// The channel operand of the operation at `pos` of `f`.
fn chan_value<'a>(m: &Model<'a>, f: FuncRef, pos: OpPos) -> Option<&'a Value> {
    let cfg = m.funcs.func(f).body.as_ref()?;
    match pos {
        OpPos::Op { block, index } => match &cfg.op_at(block, index)?.kind {
            OpKind::Send { ch, .. }
            | OpKind::Recv { ch, .. }
            | OpKind::Close { ch }
            | OpKind::RangeChan { ch, .. } => Some(ch),
            OpKind::Range { x, .. } => Some(x),
            OpKind::Call { call, .. } | OpKind::Defer(call) | OpKind::Spawn(call) => {
                match &call.callee {
                    Callee::Method { recv, .. } => Some(recv),
                    _ => call.args.first(),
                }
            }
            _ => None,
        },
        OpPos::Case { block, case } => match &cfg.blocks.get(block as usize)?.term {
            Term::Select(sel) => match &sel.cases.get(case as usize)?.comm {
                Comm::Send { ch, .. } | Comm::Recv { ch, .. } => Some(ch),
            },
            _ => None,
        },
    }
}

/// `v` of function `f`, named in the outermost caller of `calls` that the
/// names can be carried to.
fn rename(m: &Model<'_>, f: FuncRef, v: &Value, calls: &[CallStep], depth: u32) -> Option<String> {
    if depth > 8 {
        return None;
    }
    let own = || Some(display(&m.funcs, f, v)).filter(|s| !s.is_empty());
    let Some((step, outer)) = calls.split_last() else {
        return own();
    };
    match v {
        Value::Place(Place::Field(base, field)) => {
            let b = rename(m, f, base, calls, depth + 1)?;
            Some(format!("{b}.{field}"))
        }
        Value::Place(Place::Deref(x)) => rename(m, f, x, calls, depth + 1),
        Value::Place(Place::Var(k)) => {
            let func = m.funcs.func(f);
            let call = match m
                .funcs
                .func(step.caller)
                .body
                .as_ref()
                .and_then(|cfg| cfg.op_at(step.pos.block(), op_index(step.pos)))
                .map(|op| &op.kind)
            {
                Some(OpKind::Call { call, .. }) => call,
                _ => return own(),
            };
            let passed = match (&func.kind, &call.callee) {
                (FuncKind::Method { recv: Some(r), .. }, Callee::Method { recv, .. }) if r == k => {
                    Some(&**recv)
                }
                _ => func
                    .params
                    .iter()
                    .position(|p| p.var == Some(*k))
                    .filter(|&i| !(func.variadic && i + 1 == func.params.len()))
                    .and_then(|i| call.args.get(i)),
            };
            match passed {
                Some(a) => rename(m, step.caller, a, outer, depth + 1),
                None => own(),
            }
        }
        _ => own(),
    }
}

fn op_index(p: OpPos) -> u32 {
    match p {
        OpPos::Op { index, .. } => index,
        OpPos::Case { .. } => u32::MAX,
    }
}
