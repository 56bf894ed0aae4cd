use golint_analysis::concurrency::{Edge, FuncRef, Model};
use golint_analysis::escape::consts::Consts;
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::Term;

use super::held::{Held, HeldMap, LockAt, LockOp, Locks};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a `return` reached with a mutex still locked, when the
    /// function locked it itself and unlocks it further down: the early
    /// return (an error check between `Lock` and `Unlock`) forgot the
    /// `Unlock`. The lock must be held on every path to that `return` and
    /// some later `Unlock` (in the source) must release it on the other
    /// paths. A function that returns holding the lock on its last
    /// `return` (a "lock if ready" helper; a function that can fall off
    /// its end has no last `return`), a deferred `Unlock`, an unlock
    /// in a function called on the way (`s.unlockAndNotify()`), and a
    /// mutex that a closure of the function unlocks (a one-shot signal) are
    /// not reported; nor is a path that ends in `panic`, `log.Fatal`,
    /// `t.Fatal` or `os.Exit`, nor a `return` that only a constant
    /// condition leads to (`if false { return }`). A function that unlocks the mutex where it
    /// does not hold it (it is called with the lock held, and drops it
    /// around a slow call) returns holding it by contract: not reported.
    ///
    /// Also reported: a loop that locks a mutex on each round and unlocks
    /// it before the next, left by a `break` (or a `return` inside it) with
    /// the lock held, after which nothing unlocks it before the function
    /// returns or falls off its end. A "lock when ready" helper looks the
    /// same: when every exit of the function holds the lock, it is
    /// reported only for a goroutine's body (`go g.bootstrap()`) or when
    /// the package calls it and no caller unlocks the lock; when only some
    /// exits hold it, a function whose name says it locks (`lockIfReady`)
    /// is not reported, nor one that hands the mutex's address out
    /// (`return &c.mu`).
    ///
    /// ## Why is this bad?
    /// The next `Lock` of that mutex, in any goroutine, blocks forever: the
    /// program hangs on the first error that takes the early return.
    ///
    /// ## Example
    /// ```go
    /// func (s *Store) Put(k string, v []byte) error {
    ///     s.mu.Lock()
    ///     if s.closed {
    ///         return ErrClosed // s.mu stays locked
    ///     }
    ///     s.data[k] = v
    ///     s.mu.Unlock()
    ///     return nil
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func (s *Store) Put(k string, v []byte) error {
    ///     s.mu.Lock()
    ///     defer s.mu.Unlock()
    ///     if s.closed {
    ///         return ErrClosed
    ///     }
    ///     s.data[k] = v
    ///     return nil
    /// }
    /// ```
    pub struct LockNotReleased {
        code: "GL203",
        name: "lock-not-released",
        summary: "a `return` leaves a mutex locked that the other paths unlock",
        severity: Error,
        default: true,
    }
}

impl Rule for LockNotReleased {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        let locks = Locks::new(m, cx.index());
        let consts = Consts::new(cx.package);
        for f in m.funcs.all() {
            check_func(m, &locks, &consts, f, out);
        }
    }
}

fn check_func(
    m: &Model<'_>,
    locks: &Locks<'_, '_>,
    consts: &Consts<'_>,
    f: FuncRef,
    out: &mut Findings,
) {
    let Some(cfg) = &m.funcs.func(f).body else {
        return;
    };
    // A `return` only a constant condition leads to (`if false { return }`,
    // `if debug { … }`) is code the compiler drops.
    let dead = consts.dead_blocks(cfg);
    let lock_ops = locks.lock_ops(f);
    // The unlocks written in the function, not deferred.
    let unlocks: Vec<&LockAt> = lock_ops
        .iter()
        .filter(|l| !l.deferred && l.op == LockOp::Release)
        .collect();
    if unlocks.is_empty() {
        return;
    }
    let deferred: Vec<&String> = lock_ops
        .iter()
        .filter(|l| l.deferred && l.op == LockOp::Release)
        .map(|l| &l.key)
        .collect();
    let mut handed = locks.handed_over(f);
    let held = locks.held_in(f, true);
    // A function called with the lock held ("call with lock held") that
    // drops it around a slow call and takes it again returns holding it
    // by contract: an unlock where the function holds nothing says so.
    for u in &unlocks {
        let held_here = held
            .at(u.block, u.index)
            .is_some_and(|h| h.iter().any(|x| x.key == u.key));
        if !held_here {
            handed.push(u.key.clone());
        }
    }
    let returns: Vec<(u32, Span)> = cfg
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(b, bl)| match &bl.term {
            Term::Return { span, .. } => Some((b as u32, *span)),
            _ => None,
        })
        .collect();
    // The last `return` of the function, in the source: a helper that
    // returns holding the lock there does so by contract. A function that
    // can also fall off its end (a callback ending with its `Unlock`) has
    // no such last `return`: each `return` is an early one.
    let falls_off = cfg.blocks.iter().enumerate().any(|(b, bl)| {
        matches!(bl.term, Term::FallOff { .. }) && held.at(b as u32, bl.ops.len() as u32).is_some()
    });
    let last = if falls_off {
        None
    } else {
        returns.iter().map(|r| r.1.start).max()
    };
    let mut reported: Vec<u32> = Vec::new();
    for &(b, span) in &returns {
        if Some(span.start) == last {
            continue;
        }
        let Some(block) = cfg.blocks.get(b as usize) else {
            continue;
        };
        if block.ops.iter().any(|op| m.funcs.ends_flow(f, &op.kind)) {
            continue;
        }
        if dead
            .as_ref()
            .is_some_and(|d| d.get(b as usize).copied().unwrap_or(false))
        {
            continue;
        }
        let Some(h) = held.at(b, block.ops.len() as u32) else {
            continue;
        };
        for lock in h.iter().filter(|x: &&Held| {
            !deferred.contains(&&x.key)
                && !handed.contains(&x.key)
                && x.at.start < span.start
                && unlocks
                    .iter()
                    .any(|u| releases(u, x) && u.span.start > span.end)
        }) {
            // Locked in this function itself, not by a helper's effect.
            let direct = lock_ops
                .iter()
                .any(|l| l.span == lock.at && !l.deferred && l.op.acquires());
            if !direct {
                continue;
            }
            let Some(unlock_at) = unlocks
                .iter()
                .find(|u| releases(u, lock) && u.span.start > span.end)
                .map(|u| u.span)
            else {
                continue;
            };
            reported.push(b);
            out.push(
                Diagnostic::new(
                    LockNotReleased::META.code,
                    LockNotReleased::META.name,
                    span,
                    format!(
                        "this `return` leaves `{}` locked: the next `Lock` of it blocks forever",
                        lock.name
                    ),
                )
                .with_severity(golint_diagnostics::Severity::Error)
                .with_primary_label("returns with the lock held")
                .with_label(lock.at, format!("`{}` is locked here", lock.name))
                .with_label(unlock_at, "the other paths unlock it here")
                .with_help("unlock before returning, or `defer` the unlock right after the `Lock`"),
            );
        }
    }
    let dead = dead.unwrap_or_default();
    // A lock whose address the function hands out (`return …, &c.rlock`)
    // may be unlocked by whoever receives it.
    let addressed = locks.addressed(f);
    let cx = FuncCx {
        locks,
        f,
        held: &held,
        lock_ops: &lock_ops,
        unlocks: &unlocks,
        skip: &|key: &String| {
            deferred.contains(&key) || handed.contains(key) || addressed.contains(key)
        },
        dead: &dead,
    };
    check_loop_exits(&cx, &reported, out);
}

/// What [`check_loop_exits`] knows of the function at hand.
struct FuncCx<'c, 'm, 'a> {
    locks: &'c Locks<'m, 'a>,
    f: FuncRef,
    /// Held before each op, callees' effects applied.
    held: &'c HeldMap,
    lock_ops: &'c [LockAt],
    /// The function's own unlocks, not deferred.
    unlocks: &'c [&'c LockAt],
    /// Locks left out: unlocked by a `defer`, or handed over.
    skip: &'c dyn Fn(&String) -> bool,
    /// Blocks only a constant condition reaches.
    dead: &'c [bool],
}

/// A loop that takes a lock on each round and unlocks it before going
/// round, left with the lock held: a `break` (or a `return` inside it)
/// taken with the lock still locked, after which nothing unlocks it before
/// the function returns or falls off its end (cockroach#584: `for {
/// g.mu.Lock(); if g.closed { break }; …; g.mu.Unlock() }`). The `return`s
/// the first form reported (`reported`) are not reported again.
///
/// A "lock when ready" helper looks the same (`for { mu.Lock(); if ready {
/// break }; mu.Unlock(); wait() }`) and returns holding the lock by
/// contract. A lock whose address the function takes (`return &c.rlock`)
/// is handed to its caller. When every exit of the function holds the lock, it is
/// reported only when nothing can unlock it after the function: the
/// function is a goroutine's body (`go g.bootstrap()`), or the package
/// calls it and no caller unlocks the lock or hands it on. When only some
/// exits hold it, a function whose name says it locks (`lockIfReady`,
/// `acquire`) is taken to do so by contract.
fn check_loop_exits(cx: &FuncCx<'_, '_, '_>, reported: &[u32], out: &mut Findings) {
    let (m, f) = (cx.locks.m, cx.f);
    let Some(cfg) = &m.funcs.func(f).body else {
        return;
    };
    let Some(shape) = m.shape(f) else {
        return;
    };
    let ends = |b: usize| {
        cfg.blocks[b]
            .ops
            .iter()
            .any(|op| m.funcs.ends_flow(f, &op.kind))
    };
    // The lock calls taking a lock inside a loop that the same loop also
    // unlocks (as taken): a lock per round.
    let per_round = |h: &Held| -> Option<usize> {
        let l = cx
            .lock_ops
            .iter()
            .find(|l| l.span == h.at && !l.deferred && l.op.acquires())?;
        let k = shape.loops.of(l.block)?;
        cx.unlocks
            .iter()
            .any(|u| releases(u, h) && shape.loops.of(u.block) == Some(k))
            .then_some(k)
    };
    let mut done: Vec<Span> = Vec::new();
    for (p, block) in cfg.blocks.iter().enumerate() {
        let Some(k) = shape.loops.of(p as u32) else {
            continue;
        };
        if cx.dead.get(p).copied().unwrap_or(false) || ends(p) {
            continue;
        }
        let Some(h) = cx.held.at(p as u32, block.ops.len() as u32) else {
            continue;
        };
        for lock in &h {
            if (cx.skip)(&lock.key) || done.contains(&lock.at) || per_round(lock) != Some(k) {
                continue;
            }
            // Where the function leaves with the lock: a `return` in the
            // loop, or the exit a path from a `break` reaches, unlocking
            // nothing on the way.
            let exit = match &block.term {
                Term::Return { span, .. } => (!reported.contains(&(p as u32))).then_some(*span),
                t => t
                    .successors()
                    .into_iter()
                    .filter(|s| shape.loops.of(s.0) != Some(k))
                    .find_map(|s| leaves_holding(cx, s.0, &lock.key, &ends)),
            };
            let Some(exit) = exit else {
                continue;
            };
            if !unlocked_by_nobody_else(cx, lock) {
                continue;
            }
            done.push(lock.at);
            let unlock_at = cx
                .unlocks
                .iter()
                .find(|u| releases(u, lock) && shape.loops.of(u.block) == Some(k))
                .map(|u| u.span);
            let mut d = Diagnostic::new(
                LockNotReleased::META.code,
                LockNotReleased::META.name,
                lock.at,
                format!(
                    "`{}` is locked on each round of this loop and unlocked before the next, but a way out of the loop keeps it locked: the function returns holding it, and the next `Lock` of it blocks forever",
                    lock.name
                ),
            )
            .with_severity(golint_diagnostics::Severity::Error)
            .with_primary_label("locked on each round")
            .with_label(exit, format!("returns here with `{}` still locked", lock.name));
            if let Some(at) = unlock_at {
                d = d.with_label(at, "the rounds that go on unlock it here");
            }
            out.push(d.with_help(
                "unlock before leaving the loop (`break`, `return`), or `defer` the unlock in a function run on each round",
            ));
        }
    }
}

/// From block `s` (just out of the loop), the function reaches a `return`
/// or its end, and no path from `s` unlocks `key`: the exit reached.
fn leaves_holding(
    cx: &FuncCx<'_, '_, '_>,
    s: u32,
    key: &str,
    ends: &dyn Fn(usize) -> bool,
) -> Option<Span> {
    let cfg = cx.locks.m.funcs.func(cx.f).body.as_ref()?;
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = vec![s as usize];
    let mut exit = None;
    while let Some(b) = work.pop() {
        match seen.get_mut(b) {
            Some(x) if !*x => *x = true,
            _ => continue,
        }
        let block = &cfg.blocks[b];
        if block
            .ops
            .iter()
            .any(|op| cx.locks.op_releases(cx.f, &op.kind, key))
        {
            return None;
        }
        if ends(b) || cx.dead.get(b).copied().unwrap_or(false) {
            continue;
        }
        match &block.term {
            Term::Return { span, .. } | Term::FallOff { span } => {
                exit.get_or_insert(*span);
            }
            t => work.extend(t.successors().into_iter().map(|x| x.0 as usize)),
        }
    }
    exit
}

/// Nothing unlocks `lock` once the function has returned holding it,
/// unless the function is a "lock when ready" helper: see
/// [`check_loop_exits`].
fn unlocked_by_nobody_else(cx: &FuncCx<'_, '_, '_>, lock: &Held) -> bool {
    let (m, f) = (cx.locks.m, cx.f);
    let Some(cfg) = &m.funcs.func(f).body else {
        return false;
    };
    let holds_everywhere = cfg.blocks.iter().enumerate().all(|(b, bl)| {
        !matches!(bl.term, Term::Return { .. } | Term::FallOff { .. })
            || cx
                .held
                .at(b as u32, bl.ops.len() as u32)
                .is_none_or(|h| h.iter().any(|x| x.key == lock.key))
    });
    if !holds_everywhere {
        let name = m.funcs.func(f).name.to_ascii_lowercase();
        let short = name.rsplit('.').next().unwrap_or(&name);
        return !(short.contains("lock") || short.contains("acquire"));
    }
    let callers = m.funcs.callers(f);
    if callers.iter().any(|(_, e)| *e == Edge::Spawn) {
        return true;
    }
    !callers.is_empty()
        && callers.iter().all(|&(g, _)| {
            let unlocks = cx
                .locks
                .lock_ops(g)
                .iter()
                .any(|l| l.key == lock.key && l.op == LockOp::Release);
            let hands_on = cx.locks.effect(g).acquires.iter().any(|a| a.0 == lock.key);
            !unlocks && !hands_on
        })
}

/// `u` releases `lock` as it was taken: `Unlock` for `Lock`, `RUnlock` for
/// `RLock` (a later `RUnlock` of a read lock taken in between says nothing
/// of the write lock: syscall's `acquireForkLock`).
fn releases(u: &LockAt, lock: &Held) -> bool {
    u.key == lock.key && u.read_release != lock.write
}
