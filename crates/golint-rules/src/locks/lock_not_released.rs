use golint_analysis::concurrency::{FuncRef, Model};
use golint_analysis::escape::consts::Consts;
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::Term;

use super::held::{Held, LockAt, LockOp, Locks};
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
}

/// `u` releases `lock` as it was taken: `Unlock` for `Lock`, `RUnlock` for
/// `RLock` (a later `RUnlock` of a read lock taken in between says nothing
/// of the write lock: syscall's `acquireForkLock`).
fn releases(u: &LockAt, lock: &Held) -> bool {
    u.key == lock.key && u.read_release != lock.write
}
