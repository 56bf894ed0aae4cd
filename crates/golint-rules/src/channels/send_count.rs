//! GL101's fourth form: a goroutine that can send more values on its
//! channel than the function that started it receives — the missing
//! `return` after `errc <- err`, a second result nobody waits for.
//!
//! Counted per call (or per loop iteration, for a channel made afresh in
//! the loop that starts the goroutine): the most sends one run of the
//! goroutine can make against the fewest receives any way through the
//! spawning function makes, plus the buffer. Only the plain shape is
//! counted, where both numbers are certain: the channel lives in the one
//! function, its receives are plain statements of that function (no
//! `select`, no loop of their own), and its sends are all in the
//! goroutine's body, none on a loop.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use golint_analysis::concurrency::funcs::SpawnSite;
use golint_analysis::concurrency::{ChanOp, ChanOpKind, ClassId, FuncRef, Model, OpPos};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Cap, Cfg, Term};

use super::abandoned_channel::AbandonedChannel;
use super::{chan_name, ends_path, func_display, innermost_loop};
use crate::Findings;

/// Reports the first send of each goroutine that no receive can match;
/// returns the (`go` statement, channel) pairs reported.
pub(super) fn oversent(
    m: &Model<'_>,
    seen: &mut HashSet<Span>,
    out: &mut Findings,
) -> HashSet<(Span, ClassId)> {
    let mut counted = HashSet::new();
    for site in &m.funcs.spawns {
        let f = site.from;
        let g = site.target;
        if f == g || site.helper {
            continue;
        }
        let Some(cfg) = &m.funcs.func(f).body else {
            continue;
        };
        let mut classes: Vec<ClassId> = m
            .ops_in(g)
            .iter()
            .map(|&i| &m.ops[i])
            .filter(|o| o.kind == ChanOpKind::Send)
            .map(|o| o.class)
            .collect();
        classes.sort_unstable();
        classes.dedup();
        for c in classes {
            let Some(d) = check_class(m, cfg, site, c) else {
                continue;
            };
            if seen.insert(d.span) {
                counted.insert((site.span, c));
                out.push(d);
            }
        }
    }
    counted
}

fn check_class(m: &Model<'_>, cfg: &Cfg, site: &SpawnSite, c: ClassId) -> Option<Diagnostic> {
    let (f, g) = (site.from, site.target);
    let class = m.class(c)?;
    if class.open || class.stored || class.makes.is_empty() {
        return None;
    }
    let innermost = innermost_loop;
    // Made by `f`, in the iteration (or the call) that starts `g`.
    if !class
        .makes
        .iter()
        .all(|mk| mk.func == f && innermost(cfg, mk.block) == innermost(cfg, site.block))
    {
        return None;
    }
    let k = match m.capacity_at(c, f, site.block, site.span.start)? {
        Cap::Zero => 0,
        Cap::Const(k) => k,
        Cap::Unknown => return None,
    };
    let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
    let mut recvs = Vec::new();
    let mut sends = Vec::new();
    for op in &ops {
        match (op.kind, op.func == f, op.func == g) {
            (ChanOpKind::Recv, true, _)
                if op.select.is_none()
                    && !op.deferred
                    && innermost(cfg, op.pos.block()) == innermost(cfg, site.block) =>
            {
                recvs.push(*op)
            }
            (ChanOpKind::Send, _, true) if op.select.is_none() && !op.deferred => sends.push(*op),
            // Anything else (a close, a `select`, a receive in a loop or in
            // another function, a send elsewhere) makes the count uncertain.
            _ => return None,
        }
    }
    if recvs.is_empty() || sends.len() < 2 {
        return None;
    }
    // A function `f` calls might receive too: the count would be wrong.
    if calls_touch(m, f, g, c) {
        return None;
    }
    let received = fewest_receives(m, f, cfg, site, &recvs)?;
    // With no receive and no buffer every send blocks: form 1 says where
    // the function leaves without receiving.
    if received + k == 0 {
        return None;
    }
    let gcfg = m.funcs.func(g).body.as_ref()?;
    let shape = m.shape(g)?;
    if sends
        .iter()
        .any(|s| shape.loops.on_loop(s.pos.block()) || !matches!(s.pos, OpPos::Op { .. }))
    {
        return None;
    }
    let before = sends_before(gcfg, &sends);
    let blocked = sends
        .iter()
        .zip(&before)
        .filter(|(_, &n)| n >= received + k)
        .map(|(s, _)| *s)
        .min_by_key(|s| s.span.start)?;
    Some(diagnostic(m, f, site, blocked, &sends, &recvs, received, k))
}

/// Some function `f` calls (or `g` calls) does an operation on `c`.
fn calls_touch(m: &Model<'_>, f: FuncRef, g: FuncRef, c: ClassId) -> bool {
    [f, g].iter().any(|&h| {
        m.funcs
            .same_goroutine(h, golint_analysis::concurrency::GOROUTINE_DEPTH)
            .into_iter()
            .filter(|&x| x != f && x != g)
            .any(|x| m.ops_in(x).iter().any(|&i| m.ops[i].class == c))
    })
}

/// The fewest receives on any way from the `go` statement to the end of
/// `f` (or around the loop, back to the `go`). Ways that fail the test or
/// end the program do not count; `None` when no way counts.
fn fewest_receives(
    m: &Model<'_>,
    f: FuncRef,
    cfg: &Cfg,
    site: &SpawnSite,
    recvs: &[&ChanOp],
) -> Option<u64> {
    let at: HashSet<(u32, u32)> = recvs
        .iter()
        .filter_map(|r| match r.pos {
            OpPos::Op { block, index } => Some((block, index)),
            OpPos::Case { .. } => None,
        })
        .collect();
    // The receives of block `b` from op `from`, or `None` when a call
    // there ends the way (t.Fatal, os.Exit, panic helpers).
    let cost = |b: u32, from: u32| -> Option<u64> {
        let block = cfg.blocks.get(b as usize)?;
        let mut n = 0;
        for (i, op) in block.ops.iter().enumerate().skip(from as usize) {
            if ends_path(m, f, &op.kind) {
                return None;
            }
            n += u64::from(at.contains(&(b, i as u32)));
        }
        Some(n)
    };
    let mut best = vec![u64::MAX; cfg.blocks.len()];
    let mut heap = BinaryHeap::new();
    let first = cost(site.block, site.index + 1)?;
    heap.push(Reverse((first, site.block, true)));
    let mut answer: Option<u64> = None;
    while let Some(Reverse((d, b, is_start))) = heap.pop() {
        if !is_start {
            if best.get(b as usize).is_none_or(|&x| x <= d) {
                continue;
            }
            best[b as usize] = d;
        }
        let Some(block) = cfg.blocks.get(b as usize) else {
            continue;
        };
        match &block.term {
            Term::Return { .. } | Term::FallOff { .. } => {
                answer = Some(answer.map_or(d, |a| a.min(d)));
                continue;
            }
            Term::Panic { .. } | Term::Unreachable => continue,
            _ => {}
        }
        for t in block.term.successors() {
            // Back at the `go` statement: the next iteration, with a new
            // channel, begins.
            if t.0 == site.block {
                answer = Some(answer.map_or(d, |a| a.min(d)));
                continue;
            }
            if let Some(w) = cost(t.0, 0) {
                heap.push(Reverse((d + w, t.0, false)));
            }
        }
    }
    answer
}

/// For each send, the most sends of the goroutine before it on one path.
fn sends_before(cfg: &Cfg, sends: &[&ChanOp]) -> Vec<u64> {
    let n = cfg.blocks.len();
    let mut per_block = vec![0u64; n];
    for s in sends {
        if let Some(x) = per_block.get_mut(s.pos.block() as usize) {
            *x += 1;
        }
    }
    let mut preds: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (b, block) in cfg.blocks.iter().enumerate() {
        for t in block.term.successors() {
            if let Some(p) = preds.get_mut(t.0 as usize) {
                p.push(b as u32);
            }
        }
    }
    // The most sends on a path from the entry into block `b` (its own
    // excluded), iteratively over a depth-first order; a block met again
    // while open (a loop without sends) counts what is known so far.
    let mut into: Vec<Option<u64>> = vec![None; n];
    for start in 0..n {
        if into[start].is_some() {
            continue;
        }
        let mut stack = vec![(start, false)];
        let mut open = vec![false; n];
        while let Some((b, done)) = stack.pop() {
            if done {
                let v = preds[b]
                    .iter()
                    .map(|&p| into[p as usize].unwrap_or(0) + per_block[p as usize])
                    .max()
                    .unwrap_or(0);
                into[b] = Some(v);
                continue;
            }
            if into[b].is_some() || open[b] {
                continue;
            }
            open[b] = true;
            stack.push((b, true));
            for &p in &preds[b] {
                if into[p as usize].is_none() && !open[p as usize] {
                    stack.push((p as usize, false));
                }
            }
        }
    }
    sends
        .iter()
        .map(|s| {
            let OpPos::Op { block, index } = s.pos else {
                return 0;
            };
            let earlier_here = sends
                .iter()
                .filter(|o| matches!(o.pos, OpPos::Op { block: b, index: i } if b == block && i < index))
                .count() as u64;
            into.get(block as usize).copied().flatten().unwrap_or(0) + earlier_here
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn diagnostic(
    m: &Model<'_>,
    f: FuncRef,
    site: &SpawnSite,
    blocked: &ChanOp,
    sends: &[&ChanOp],
    recvs: &[&ChanOp],
    received: u64,
    k: u64,
) -> Diagnostic {
    let ch = chan_name(blocked);
    let fname = func_display(m, f);
    let times = |n: u64| match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    let buffer = if k > 0 {
        format!(", and its buffer holds {k}")
    } else {
        String::new()
    };
    let partner = if received == 0 {
        format!("{fname} can return without receiving from it")
    } else {
        format!("{fname} receives from it only {}", times(received))
    };
    let mut d = Diagnostic::new(
        AbandonedChannel::META.code,
        AbandonedChannel::META.name,
        blocked.span,
        format!("goroutine blocks forever on this send on {ch}: {partner}{buffer}"),
    )
    .with_primary_label("no receive is left for this send")
    .with_label(site.start, "the goroutine is started here");
    for s in sends.iter().filter(|s| s.span.start < blocked.span.start) {
        d = d.with_label(s.span, "an earlier send on the same path");
    }
    for r in recvs {
        d = d.with_label(r.span, format!("{fname} receives here"));
    }
    d.with_help("return after the earlier send (a missing `return` after sending an error?), or receive once per send")
}
