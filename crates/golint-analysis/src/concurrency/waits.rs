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

use golint_diagnostics::Span;
use golint_ir::Cap;
use petgraph::graph::DiGraph;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::ops::{ChanOpKind, OpPos};
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

/// A circular wait.
#[derive(Clone, Debug)]
pub struct Deadlock {
    pub goroutines: Vec<Goroutine>,
    /// Indices in [`Model::ops`] of the blocked operations of the cycle, with
    /// the index of their goroutine in `goroutines`; in source order.
    pub ops: Vec<(usize, usize)>,
}

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

fn in_family(m: &Model<'_>, f: FuncRef) -> Option<Vec<Deadlock>> {
    let mut goroutines = vec![Goroutine {
        func: f,
        spawn: None,
    }];
    let mut spawn_pos: Vec<Option<OpPos>> = vec![None];
    for s in m.funcs.spawns.iter().filter(|s| s.from == f) {
        if s.target == f || goroutines.iter().any(|g| g.func == s.target) {
            return None;
        }
        goroutines.push(Goroutine {
            func: s.target,
            spawn: Some(s.start),
        });
        spawn_pos.push(Some(OpPos::Op {
            block: s.block,
            index: s.index,
        }));
    }
    let funcs: Vec<FuncRef> = goroutines.iter().map(|g| g.func).collect();
    let gor_of = |r: FuncRef| funcs.iter().position(|&x| x == r);
    // Classes touched by two of the goroutines and by nothing else.
    let mut classes: HashSet<u32> = HashSet::default();
    for &r in &funcs {
        for &i in m.ops_in(r) {
            classes.insert(m.ops[i].class);
        }
    }
    let mut relevant: Vec<u32> = classes
        .into_iter()
        .filter(|&c| {
            let Some(class) = m.class(c) else {
                return false;
            };
            if class.open || class.makes.is_empty() {
                return false;
            }
            let ops = m.ops_on(c);
            let mut gs: Vec<usize> = Vec::new();
            for &i in ops {
                match gor_of(m.ops[i].func) {
                    Some(g) => gs.push(g),
                    None => return false,
                }
            }
            gs.sort_unstable();
            gs.dedup();
            gs.len() >= 2
        })
        .collect();
    relevant.sort_unstable();
    if relevant.is_empty() {
        return None;
    }
    let bodies: Vec<&Shape> = funcs
        .iter()
        .map(|&r| m.shape(r))
        .collect::<Option<Vec<_>>>()?;
    // The operations of the family on relevant classes, with goroutine.
    let mut nodes: Vec<(usize, usize)> = Vec::new();
    for (g, &r) in funcs.iter().enumerate() {
        for &i in m.ops_in(r) {
            if relevant.contains(&m.ops[i].class) {
                nodes.push((i, g));
            }
        }
    }
    nodes.sort_unstable();
    // The graph is quadratic in its nodes: a family with hundreds of
    // operations (generated code) is left alone rather than slowing the run.
    if nodes.len() > MAX_NODES {
        return None;
    }
    // A send into a buffer is taken not to block (the buffer has room: the
    // count is not followed); a receive from it still waits for a send.
    let unbuffered = |i: usize| {
        m.class(m.ops[i].class)
            .is_some_and(|c| c.capacity() == Some(Cap::Zero))
    };
    let blocking = |i: usize| {
        let op = &m.ops[i];
        op.blocks() && (op.kind != ChanOpKind::Send || unbuffered(i))
    };
    // What each node waits behind in its goroutine (and, for a started
    // goroutine, behind its `go` statement).
    let deps: Vec<Vec<usize>> = nodes
        .iter()
        .map(|&(i, g)| {
            let op = &m.ops[i];
            let mut d: Vec<usize> = nodes
                .iter()
                .enumerate()
                .filter(|&(_, &(j, h))| {
                    h == g
                        && j != i
                        && blocking(j)
                        && before(bodies[g], m.ops[j].pos, m.ops[j].kind, op.pos)
                })
                .map(|(k, _)| k)
                .collect();
            if let Some(sp) = spawn_pos[g] {
                d.extend(
                    nodes
                        .iter()
                        .enumerate()
                        .filter(|&(_, &(j, h))| {
                            h == 0
                                && blocking(j)
                                && before(bodies[0], m.ops[j].pos, m.ops[j].kind, sp)
                        })
                        .map(|(k, _)| k),
                );
            }
            d
        })
        .collect();
    let partner_of: Vec<Vec<usize>> = nodes
        .iter()
        .map(|&(i, g)| {
            nodes
                .iter()
                .enumerate()
                .filter(|&(_, &(j, h))| {
                    h != g
                        && m.ops[j].class == m.ops[i].class
                        && partners(m.ops[i].kind, m.ops[j].kind)
                })
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    let n = nodes.len();
    let mut done: Vec<bool> = nodes.iter().map(|&(i, _)| !blocking(i)).collect();
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
        let mut gs: Vec<usize> = ks.iter().map(|&k| nodes[k].1).collect();
        gs.sort_unstable();
        gs.dedup();
        if ks.len() < 2 || gs.len() < 2 {
            continue;
        }
        ks.sort_by_key(|&k| {
            let s = m.ops[nodes[k].0].span;
            (s.file, s.start)
        });
        out.push(Deadlock {
            goroutines: goroutines.clone(),
            ops: ks.iter().map(|&k| nodes[k]).collect(),
        });
    }
    Some(out)
}
