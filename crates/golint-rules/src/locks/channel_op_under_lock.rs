use golint_analysis::concurrency::{ChanOp, ChanOpKind, Edge, FuncRef, Model, OpPos};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Cap, OpKind, Place, Value};

use super::held::{lock_call, Held, LockKey, LockOp, Locks};
use crate::channels::{chan_name, func_display};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a send on (or a receive from) an unbuffered channel made
    /// while holding a mutex that every goroutine able to complete the
    /// operation must lock first: the partner locks it before the
    /// operation on every path, or on the loop around it (between two
    /// receives of a receiving loop, in any `select` case of it), or in
    /// another case of the partner's `select` (or its `default`) before
    /// it comes back to the `select` — a monitor whose quit case takes the
    /// lock to mark itself gone and leaves (kubernetes#6632) —, or in
    /// the function that runs the partner operation when every caller
    /// calls it on a loop. A partner that runs when its function returns
    /// (`defer close(done)`, or a close in a deferred literal) needs the
    /// lock when the function runs, on its way out, a loop that takes it:
    /// `Stop` waiting for `<-s.done` with the lock held, while the
    /// worker's loop takes the lock for each job, waits forever once the
    /// worker is waiting for the lock (there, only calls whose receiver's
    /// type is known are followed). The same for `wg.Wait()` with a lock
    /// held, when a goroutine whose deferred `wg.Done()` it waits for may
    /// take the lock before it returns (three calls deep, through typed
    /// calls and through a func parameter to the funcs its callers pass:
    /// a task runner's `defer s.finishTask(); f()`, where `f` starts a
    /// nested task that locks — cockroach#1055): the wait group is named
    /// by where it lives (the field `wg` of any `Server`, a local shared
    /// with the closures that capture it). Locks are followed into the
    /// functions the two sides call (two calls deep on the partner's side,
    /// one on the holder's: a method doing the send called with the lock
    /// held is reported on its send, with the call; a method called on a
    /// value of unknown type is not followed on the holder's side). A
    /// `defer mu.Unlock()` holds the lock until the return.
    ///
    /// Only channels of this package that nothing outside it can reach are
    /// considered, and only when every partner operation of the channel
    /// needs the lock. An operation inside a `select` with another case or
    /// a `default` does not block, and a buffered channel is not reported.
    /// A read lock (`RLock`) held against a partner that only takes a read
    /// lock is not reported. Locks are named by where they live (the field
    /// `mu` of any `Server`), as channels are.
    ///
    /// ## Why is this bad?
    /// The goroutine holding the lock waits for its partner, and the
    /// partner waits for the lock: both block forever, and so does every
    /// other goroutine that needs the lock afterwards. It happens only when
    /// the partner reaches its `Lock` first, so tests pass and production
    /// hangs (kubernetes#10182 is this bug).
    ///
    /// ## Example
    /// ```go
    /// func (m *manager) SetStatus(pod string, s status) {
    ///     m.mu.Lock()
    ///     defer m.mu.Unlock()
    ///     m.statuses[pod] = s
    ///     m.updates <- pod // blocks with the lock held
    /// }
    ///
    /// func (m *manager) syncLoop() {
    ///     for pod := range m.updates {
    ///         m.mu.Lock() // waits for SetStatus's lock
    ///         delete(m.statuses, pod)
    ///         m.mu.Unlock()
    ///     }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func (m *manager) SetStatus(pod string, s status) {
    ///     m.mu.Lock()
    ///     m.statuses[pod] = s
    ///     m.mu.Unlock()
    ///     m.updates <- pod
    /// }
    /// ```
    pub struct ChannelOpUnderLock {
        code: "GL201",
        name: "channel-op-under-lock",
        summary: "a channel operation blocks while holding a lock its partner must take first",
        severity: Warning,
        default: true,
    }
}

impl Rule for ChannelOpUnderLock {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        if m.ops.is_empty() {
            return;
        }
        let locks = Locks::new(m, cx.index());
        // Functions that lock something themselves: only they and their
        // callers can hold a lock.
        let lockers: Vec<FuncRef> = m
            .funcs
            .all()
            .filter(|&f| has_lock_call(&locks, f))
            .collect();
        if lockers.is_empty() {
            return;
        }
        let mut reported: Vec<Span> = Vec::new();
        for f in m.funcs.all() {
            let Some(cfg) = &m.funcs.func(f).body else {
                continue;
            };
            let calls_locker = |call: &golint_ir::Call| {
                m.funcs.resolve(f, call).iter().any(|g| lockers.contains(g))
            };
            let relevant =
                lockers.contains(&f)
                    || cfg.blocks.iter().flat_map(|b| &b.ops).any(
                        |op| matches!(&op.kind, OpKind::Call { call, .. } if calls_locker(call)),
                    );
            if !relevant {
                continue;
            }
            let held = locks.held_in(f, true);
            // The function's own operations.
            for &i in m.ops_in(f) {
                let op = &m.ops[i];
                let (b, idx) = op.pos.point(cfg);
                let Some(h) = held.at(b, idx) else { continue };
                if let Some(d) = check_op(m, &locks, op, &h, None) {
                    if !reported.contains(&op.span) {
                        reported.push(op.span);
                        out.push(d);
                    }
                }
            }
            // The calls it makes with a lock held.
            for (b, block) in cfg.blocks.iter().enumerate() {
                for (i, o) in block.ops.iter().enumerate() {
                    let OpKind::Call { call, .. } = &o.kind else {
                        continue;
                    };
                    if lock_call(m, locks.index, f, call).is_some() {
                        continue;
                    }
                    let Some(h) = held.at(b as u32, i as u32).filter(|h| !h.is_empty()) else {
                        continue;
                    };
                    // `wg.Wait()`, for goroutines that need the lock.
                    if let Some((group, GroupOp::Wait, shown)) = group_call(m, f, call) {
                        if !reported.contains(&o.span) {
                            if let Some(d) = check_group_wait(&locks, f, o.span, &group, &shown, &h)
                            {
                                reported.push(o.span);
                                out.push(d);
                            }
                        }
                        continue;
                    }
                    // Operations of the functions it calls.
                    for g in typed_targets(m, f, call) {
                        if g == f {
                            continue;
                        }
                        let effect = locks.effect(g);
                        let h: Vec<Held> = h
                            .iter()
                            .filter(|x| !effect.releases.contains(&x.key))
                            .cloned()
                            .collect();
                        for &j in m.ops_in(g) {
                            let op = &m.ops[j];
                            if reported.contains(&op.span) {
                                continue;
                            }
                            if let Some(d) = check_op(m, &locks, op, &h, Some((o.span, g))) {
                                reported.push(op.span);
                                out.push(d);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `f` calls `Lock` or `RLock` on a mutex the model names.
fn has_lock_call(locks: &Locks<'_, '_>, f: FuncRef) -> bool {
    locks
        .lock_ops(f)
        .iter()
        .any(|l| !l.deferred && l.op.acquires())
}

/// The finding for blocking operation `op` run with `held` held (through
/// the call `via` of function `g`, when `op` is in a callee), when every
/// partner of its channel needs one of those locks first.
fn check_op(
    m: &Model<'_>,
    locks: &Locks<'_, '_>,
    op: &ChanOp,
    held: &[Held],
    via: Option<(Span, FuncRef)>,
) -> Option<Diagnostic> {
    if held.is_empty() || !op.blocks() {
        return None;
    }
    let sends = match op.kind {
        ChanOpKind::Send => true,
        ChanOpKind::Recv | ChanOpKind::Range => false,
        _ => return None,
    };
    let class = m.class(op.class)?;
    if class.open {
        return None;
    }
    if m.capacity_at(op.class, op.func, op.pos.block(), op.span.start) != Some(Cap::Zero) {
        return None;
    }
    let partners: Vec<&ChanOp> = m
        .ops_on(op.class)
        .iter()
        .map(|&i| &m.ops[i])
        .filter(|p| {
            if sends {
                p.kind.receives()
            } else {
                matches!(p.kind, ChanOpKind::Send | ChanOpKind::Close)
            }
        })
        .collect();
    if partners.is_empty() {
        return None;
    }
    for h in held {
        let needs: Option<Vec<Need>> = partners
            .iter()
            .map(|p| needs_lock(m, locks, p, &h.key, h.write))
            .collect();
        let Some(needs) = needs else { continue };
        let first = &needs[0];
        let p = partners[0];
        let what = if sends {
            format!("send on {}", chan_name(op))
        } else {
            format!("receive from {}", chan_name(op))
        };
        let (role, partner_what) = if sends {
            ("receiver", "receives")
        } else if p.kind == ChanOpKind::Close {
            ("closer", "closes it")
        } else {
            ("sender", "sends")
        };
        let mut d = Diagnostic::new(
            ChannelOpUnderLock::META.code,
            ChannelOpUnderLock::META.name,
            op.span,
            format!(
                "{what} while holding `{}`: its {role}, {}, takes the lock before it {partner_what}{}, so each waits for the other",
                h.name,
                func_display(m, p.func),
                if first.again { " again" } else { "" },
            ),
        )
        .with_primary_label("blocks with the lock held")
        .with_label(h.at, format!("`{}` is locked here", h.name));
        if let Some((call, g)) = via {
            d = d.with_label(
                call,
                format!("{} is called here with the lock held", func_display(m, g)),
            );
        }
        d = d
            .with_label(
                first.lock,
                if first.direct {
                    format!(
                        "{} waits for `{}` here",
                        func_display(m, first.func),
                        h.name
                    )
                } else {
                    format!(
                        "{} takes `{}` in this call",
                        func_display(m, first.func),
                        h.name
                    )
                },
            )
            .with_label(
                p.span,
                format!("the partner operation, reached only {}", first.how),
            );
        let help = if sends {
            "unlock before the send (copy what it needs first), or send from a goroutine that holds no lock"
        } else {
            "unlock before the receive, or receive in a goroutine that holds no lock"
        };
        return Some(d.with_help(help));
    }
    None
}

/// Where a partner takes the lock, and when.
struct Need {
    func: FuncRef,
    lock: Span,
    /// `lock` is the `Lock` call itself, not a call of a function taking it.
    direct: bool,
    how: &'static str,
    /// The lock comes between two partner operations.
    again: bool,
}

/// Partner `p` takes lock `key` (for writing, unless `held_write`) before
/// it can complete the operation again.
fn needs_lock(
    m: &Model<'_>,
    locks: &Locks<'_, '_>,
    p: &ChanOp,
    key: &LockKey,
    held_write: bool,
) -> Option<Need> {
    let g = p.func;
    let cfg = m.funcs.func(g).body.as_ref()?;
    let shape = m.shape(g)?;
    let pb = p.pos.block();
    let p_index = match p.pos {
        OpPos::Op { index, .. } => index,
        OpPos::Case { .. } => u32::MAX,
    };
    // A channel the partner's function makes itself before the operation
    // (a reply channel made per call) exists only from its make on: a lock
    // taken before that is taken before anyone else can have the channel.
    let fresh: Vec<(u32, u32)> = if m.made_before(p.class, g, pb, p.span.start).is_some() {
        m.class(p.class)?
            .makes
            .iter()
            .filter(|mk| mk.func == g && !mk.cond)
            .map(|mk| (mk.block, mk.span.start))
            .collect()
    } else {
        Vec::new()
    };
    let after_make = |f: FuncRef, b: u32, at: u32| {
        f != g
            || fresh.is_empty()
            || fresh.iter().any(|&(mb, start)| {
                if mb == b {
                    start < at
                } else {
                    shape.dom.dominates(mb, b)
                }
            })
    };
    let take_in = |f: FuncRef, b: u32, before: u32| -> Option<(Span, bool)> {
        let block = m.funcs.func(f).body.as_ref()?.blocks.get(b as usize)?;
        block.ops.iter().take(before as usize).find_map(|op| {
            if !after_make(f, b, op.span.start) {
                return None;
            }
            let OpKind::Call { call, .. } = &op.kind else {
                return None;
            };
            match lock_call(m, locks.index, f, call) {
                Some((k, LockOp::Acquire { write }, _)) if &k == key && (write || held_write) => {
                    Some((op.span, true))
                }
                Some(_) => None,
                None => m
                    .funcs
                    .resolve(f, call)
                    .into_iter()
                    .filter(|&c| c != f)
                    .any(|c| {
                        locks
                            .effect(c)
                            .takes
                            .iter()
                            .any(|t| &t.0 == key && (t.1 || held_write))
                    })
                    .then_some((op.span, false)),
            }
        })
    };
    // On the loop around the operation.
    if let Some(lp) = shape.loops.of(pb) {
        for b in 0..cfg.blocks.len() as u32 {
            if shape.loops.of(b) == Some(lp) {
                if let Some((lock, direct)) = take_in(g, b, u32::MAX) {
                    return Some(Need {
                        func: g,
                        lock,
                        direct,
                        how: "after the lock, on the loop around it",
                        again: true,
                    });
                }
            }
        }
    }
    // Instead of it: another case of its `select` (or the `default`) that
    // takes the lock before the partner can come back to the `select` —
    // a monitor whose quit case takes the lock to close up and leave. The
    // partner chooses that case while the holder waits, then waits for
    // the lock. The cases that come back to the `select` are on the loop
    // around it, above; this finds those that leave it.
    if let (OpPos::Case { case, .. }, Some(golint_ir::Term::Select(sel))) =
        (p.pos, cfg.blocks.get(pb as usize).map(|bl| &bl.term))
    {
        let others = sel
            .cases
            .iter()
            .enumerate()
            .filter(|&(i, _)| i as u32 != case)
            .map(|(_, c)| c.target.0)
            .chain(sel.default.iter().map(|(b, _)| b.0));
        let mut seen = vec![false; cfg.blocks.len()];
        let mut work: Vec<u32> = others.collect();
        while let Some(b) = work.pop() {
            if b == pb {
                continue;
            }
            match seen.get_mut(b as usize) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            if let Some((lock, direct)) = take_in(g, b, u32::MAX) {
                return Some(Need {
                    func: g,
                    lock,
                    direct,
                    how: "after the lock, in another case of its `select`",
                    again: false,
                });
            }
            if let Some(bl) = cfg.blocks.get(b as usize) {
                work.extend(bl.term.successors().into_iter().map(|s| s.0));
            }
        }
    }
    // Before it, on every path.
    if let Some((lock, direct)) = take_in(g, pb, p_index) {
        return Some(Need {
            func: g,
            lock,
            direct,
            how: "after the lock",
            again: false,
        });
    }
    for b in 0..cfg.blocks.len() as u32 {
        if b != pb && shape.dom.dominates(b, pb) {
            if let Some((lock, direct)) = take_in(g, b, u32::MAX) {
                return Some(Need {
                    func: g,
                    lock,
                    direct,
                    how: "after the lock",
                    again: false,
                });
            }
        }
    }
    // A partner that runs when its function returns — `defer close(done)`,
    // or a close in a literal the function defers — comes after every loop
    // the function runs on its way out. A loop that takes the lock (in any
    // iteration, as for the loop around an operation) may be waiting for
    // it when the holder starts to wait, and then the deferred partner
    // never runs: `Stop` holding the lock while it waits for the worker
    // whose loop takes it.
    let callers = m.funcs.callers(g);
    let registrations: Vec<(FuncRef, u32)> = if p.deferred {
        vec![(g, pb)]
    } else if !callers.is_empty() && callers.iter().all(|(_, e)| *e == Edge::Defer) {
        callers
            .iter()
            .flat_map(|&(c, _)| defer_sites(m, c, g).into_iter().map(move |(b, _)| (c, b)))
            .collect()
    } else {
        Vec::new()
    };
    if !registrations.is_empty() {
        let mut found = None;
        for &(c, b) in &registrations {
            match take_after(locks, c, b, After::OnLoop, key, held_write) {
                Some((lock, direct)) => {
                    found.get_or_insert(Need {
                        func: c,
                        lock,
                        direct,
                        how: "when its function returns, after a loop that takes the lock",
                        again: false,
                    });
                }
                None => {
                    found = None;
                    break;
                }
            }
        }
        if found.is_some() {
            return found;
        }
    }
    // Its function runs again only after the lock: every caller calls it
    // on a loop that takes the lock (the call itself, when the function
    // takes it after the operation).
    if !fresh.is_empty() || callers.is_empty() || callers.iter().any(|(_, e)| *e != Edge::Call) {
        return None;
    }
    let mut need = None;
    for (c, _) in callers {
        let ccfg = m.funcs.func(c).body.as_ref()?;
        let cshape = m.shape(c)?;
        let sites: Vec<u32> = ccfg
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, bl)| {
                bl.ops.iter().any(|op| match &op.kind {
                    OpKind::Call { call, .. } => m.funcs.resolve(c, call).contains(&g),
                    _ => false,
                })
            })
            .map(|(b, _)| b as u32)
            .collect();
        if sites.is_empty() {
            return None;
        }
        for s in sites {
            let lp = cshape.loops.of(s)?;
            let (lock, direct) = (0..ccfg.blocks.len() as u32)
                .filter(|&b| cshape.loops.of(b) == Some(lp))
                .find_map(|b| take_in(c, b, u32::MAX))?;
            need.get_or_insert(Need {
                func: c,
                lock,
                direct,
                how: "after the lock, on the loop that calls it",
                again: true,
            });
        }
    }
    need
}

/// Where `c` defers function `g` (a literal, or a method it defers):
/// (block, op index).
fn defer_sites(m: &Model<'_>, c: FuncRef, g: FuncRef) -> Vec<(u32, u32)> {
    let Some(cfg) = m.funcs.func(c).body.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (b, block) in cfg.blocks.iter().enumerate() {
        for (i, op) in block.ops.iter().enumerate() {
            if matches!(&op.kind, OpKind::Defer(call) if m.funcs.resolve(c, call).contains(&g)) {
                out.push((b as u32, i as u32));
            }
        }
    }
    out
}

/// The functions a call runs, as far as the call's own types tell: the
/// model resolves a method called on a value of unknown type to every
/// method of that name in the package (`tmpdb.Close()` on a `*bolt.DB`
/// would be `backend.Close`). Those guesses are left out here, where a lock
/// taken in the wrong function makes a deadlock that is not there.
fn typed_targets(m: &Model<'_>, f: FuncRef, call: &golint_ir::Call) -> Vec<FuncRef> {
    if let golint_ir::Callee::Method { recv, .. } = &call.callee {
        if m.funcs.value_type(f, recv).is_none() {
            return Vec::new();
        }
    }
    m.funcs.resolve(f, call)
}

/// How far [`takes`] follows calls looking for the lock.
#[derive(Clone, Copy)]
enum Reach {
    /// Two calls deep, through typed calls only.
    Typed,
    /// Three calls deep, through typed calls and through a func parameter
    /// to the funcs its callers pass (a task runner's `f()`): what a
    /// goroutine may do before its deferred `Done` runs.
    UntilDone,
}

impl Reach {
    fn depth(self) -> usize {
        match self {
            Reach::Typed => 2,
            Reach::UntilDone => 3,
        }
    }
}

/// The call `call` of `f` takes lock `key` (for writing, unless
/// `held_write`): a `Lock` call itself, or a call of a function that
/// takes it, as far as `reach` follows calls.
fn takes(
    locks: &Locks<'_, '_>,
    f: FuncRef,
    call: &golint_ir::Call,
    key: &LockKey,
    held_write: bool,
    reach: Reach,
    depth: usize,
) -> bool {
    let m = locks.m;
    match lock_call(m, locks.index, f, call) {
        Some((k, LockOp::Acquire { write }, _)) => &k == key && (write || held_write),
        Some(_) => false,
        None if depth < reach.depth() => {
            let mut targets = typed_targets(m, f, call);
            if targets.is_empty()
                && matches!(reach, Reach::UntilDone)
                && matches!(call.callee, golint_ir::Callee::Dynamic(_))
            {
                targets = m.funcs.call_targets(f, call);
            }
            targets.into_iter().any(|g| {
                g != f
                    && m.funcs.func(g).body.as_ref().is_some_and(|cfg| {
                        cfg.blocks.iter().flat_map(|b| &b.ops).any(|op| {
                            matches!(&op.kind, OpKind::Call { call, .. }
                                if takes(locks, g, call, key, held_write, reach, depth + 1))
                        })
                    })
            })
        }
        None => false,
    }
}

/// Where [`take_after`] looks for a call that takes the lock.
#[derive(Clone, Copy)]
enum After {
    /// On a loop of `f`, in the blocks reachable from block `b` (a
    /// registering block on a loop is reached again through the loop):
    /// `f` may be on that loop, waiting for the lock, when an operation
    /// `f` deferred in `b` is still to come. Typed calls only.
    OnLoop,
    /// Anywhere after op `i` of block `b`, where `f` defers its `Done`:
    /// until `f` returns, the `Done` has not run, and `f` may be waiting
    /// for the lock.
    Op(u32),
}

/// A call of `f` after block `b` (as `after` says) that takes lock `key`
/// (for writing, unless `held_write`): the call's span, and whether it is
/// the `Lock` itself.
fn take_after(
    locks: &Locks<'_, '_>,
    f: FuncRef,
    b: u32,
    after: After,
    key: &LockKey,
    held_write: bool,
) -> Option<(Span, bool)> {
    let m = locks.m;
    let cfg = m.funcs.func(f).body.as_ref()?;
    let (reach, on_loop) = match after {
        After::OnLoop => (Reach::Typed, Some(&m.shape(f)?.loops)),
        After::Op(_) => (Reach::UntilDone, None),
    };
    let take = |block: &golint_ir::Block, skip: usize| {
        block.ops.iter().skip(skip).find_map(|op| match &op.kind {
            OpKind::Call { call, .. } if takes(locks, f, call, key, held_write, reach, 0) => {
                Some((op.span, lock_call(m, locks.index, f, call).is_some()))
            }
            _ => None,
        })
    };
    let first = cfg.blocks.get(b as usize)?;
    if let After::Op(i) = after {
        if let Some(found) = take(first, i as usize + 1) {
            return Some(found);
        }
    }
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = golint_analysis::cfg::successors(&first.term);
    while let Some(x) = work.pop() {
        match seen.get_mut(x) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let Some(block) = cfg.blocks.get(x) else {
            continue;
        };
        if on_loop.is_none_or(|loops| loops.of(x as u32).is_some()) {
            if let Some(found) = take(block, 0) {
                return Some(found);
            }
        }
        work.extend(golint_analysis::cfg::successors(&block.term));
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupOp {
    Wait,
    Done,
}

/// `g.Wait()` or `g.Done()` on a `sync.WaitGroup` named by where it lives,
/// as locks are (`Server.wg`, a local shared with the closures that
/// capture it, a package variable): the key, the call and the group as the
/// code names it.
fn group_call(
    m: &Model<'_>,
    f: FuncRef,
    call: &golint_ir::Call,
) -> Option<(String, GroupOp, String)> {
    let golint_ir::Callee::Method { recv, name } = &call.callee else {
        return None;
    };
    let op = match name.as_str() {
        "Wait" => GroupOp::Wait,
        "Done" => GroupOp::Done,
        _ => return None,
    };
    let ty = m.funcs.value_type(f, recv)?;
    if ty.trim_start_matches('*') != "sync.WaitGroup" {
        return None;
    }
    let key = match recv.as_ref() {
        Value::Place(Place::Field(owner, field)) => {
            let owner_ty = m.funcs.value_type(f, owner)?;
            format!(
                "{}.{field}",
                golint_analysis::concurrency::funcs::type_base(&owner_ty)
            )
        }
        Value::Place(Place::Var(k)) => format!("var:{}:{}:{}", f.file, k.func.0, k.var),
        Value::Place(Place::Global { pkg: None, name }) => format!("global:{name}"),
        _ => return None,
    };
    let shown = golint_analysis::concurrency::ops::display(&m.funcs, f, recv);
    Some((key, op, shown))
}

/// The finding for `group.Wait()` at `at` in `f`, run with `held` held,
/// when a goroutine whose `Done` it waits for takes one of those locks on
/// a loop before its deferred `Done` runs: that goroutine may be waiting
/// for the lock, and the `Wait` for it. Only `defer g.Done()` (or a `Done`
/// in a deferred literal) in a function started as a goroutine counts.
fn check_group_wait(
    locks: &Locks<'_, '_>,
    f: FuncRef,
    at: Span,
    group: &str,
    shown: &str,
    held: &[Held],
) -> Option<Diagnostic> {
    let m = locks.m;
    // Where each goroutine registers its `Done`: (function, block, op
    // index, span of the `Done`).
    let mut sites: Vec<(FuncRef, u32, u32, Span)> = Vec::new();
    for g in m.funcs.all() {
        if g == f {
            continue;
        }
        let Some(cfg) = m.funcs.func(g).body.as_ref() else {
            continue;
        };
        for (b, block) in cfg.blocks.iter().enumerate() {
            for (i, op) in block.ops.iter().enumerate() {
                let (call, deferred) = match &op.kind {
                    OpKind::Call { call, .. } => (call, false),
                    OpKind::Defer(call) => (call, true),
                    _ => continue,
                };
                if !matches!(group_call(m, g, call), Some((k, GroupOp::Done, _)) if k == group) {
                    continue;
                }
                if deferred {
                    sites.push((g, b as u32, i as u32, op.span));
                } else {
                    let callers = m.funcs.callers(g);
                    if !callers.is_empty() && callers.iter().all(|(_, e)| *e == Edge::Defer) {
                        for (c, _) in callers {
                            if c == f {
                                continue;
                            }
                            for (cb, ci) in defer_sites(m, c, g) {
                                sites.push((c, cb, ci, op.span));
                            }
                        }
                    }
                }
            }
        }
    }
    // A mutex used as a signal (`mu.Lock(); go func() { …; mu.Unlock()
    // }()`) is given to the goroutine that unlocks it: the waiter does not
    // hold it while it waits.
    let handed = locks.handed_over(f);
    for h in held.iter().filter(|h| !handed.contains(&h.key)) {
        for &(g, b, i, done) in &sites {
            // A goroutine: the `Wait` is not in its own call chain.
            if !m.funcs.callers(g).iter().any(|(_, e)| *e == Edge::Spawn) {
                continue;
            }
            let Some((lock, direct)) = take_after(locks, g, b, After::Op(i), &h.key, h.write)
            else {
                continue;
            };
            let d = Diagnostic::new(
                ChannelOpUnderLock::META.code,
                ChannelOpUnderLock::META.name,
                at,
                format!(
                    "`{shown}.Wait()` while holding `{}`: {}, whose `Done` it waits for, may take the lock before its deferred `Done` runs, so each waits for the other",
                    h.name,
                    func_display(m, g),
                ),
            )
            .with_primary_label("waits with the lock held")
            .with_label(h.at, format!("`{}` is locked here", h.name))
            .with_label(
                lock,
                if direct {
                    format!("{} waits for `{}` here", func_display(m, g), h.name)
                } else {
                    format!("{} takes `{}` in this call", func_display(m, g), h.name)
                },
            )
            .with_label(done, "the `Done` that runs only when it returns")
            .with_help("unlock before `Wait`, or have the goroutines finish without the lock");
            return Some(d);
        }
    }
    None
}
