use golint_analysis::concurrency::{FuncRef, Model};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Callee, FuncKind, OpKind, Place, Term, Value};

use super::held::{lock_call, Held, LockOp, Locks};
use crate::channels::func_display;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a `Lock` (or `RLock`) of a mutex the goroutine already
    /// holds on every path to it: locked earlier in the same function and
    /// not unlocked since (a `defer mu.Unlock()` holds it to the return),
    /// or held by the caller of a method that locks it on entry, called on
    /// the same receiver (`s.mu.Lock(); s.flush()` where `flush` starts
    /// with `s.mu.Lock()`). A write lock under a read lock (an "upgrade")
    /// and any lock under a write lock are reported; a read lock taken
    /// again under a read lock (a recursive read lock) is reported when
    /// the package write-locks that mutex somewhere: Go's `RWMutex` lets
    /// no new reader in once a writer waits, so a `Lock` called between
    /// the two `RLock`s blocks both goroutines. The mutex must be named the same way both times (the same
    /// variable and fields), so two objects of one type are not confused.
    /// A callee's lock counts only when it runs on every way through the
    /// callee (`if !locked { s.mu.Lock() }` is not reported). A `Lock` on
    /// a loop is also reported when a way around the loop (a `continue`
    /// after a failed call) reaches it again with the lock held on every
    /// path to where it goes round, while the round itself unlocks it
    /// before going round; the mutex must be the same on every round (not
    /// `s.mu` of a range variable `s`). A value
    /// formatted by `fmt` or `log` (`log.Printf("%s", c)`) counts as a call
    /// of its `String` (or `Error`) method.
    ///
    /// ## Why is this bad?
    /// `sync.Mutex` and `sync.RWMutex` are not reentrant: the second `Lock`
    /// waits for an `Unlock` that only the waiting goroutine would make.
    /// The goroutine blocks forever, and every other goroutine needing the
    /// lock after it.
    ///
    /// ## Example
    /// ```go
    /// func (c *cache) Refresh() {
    ///     c.mu.Lock()
    ///     defer c.mu.Unlock()
    ///     c.evict() // locks c.mu again
    /// }
    ///
    /// func (c *cache) evict() {
    ///     c.mu.Lock()
    ///     defer c.mu.Unlock()
    ///     c.items = nil
    /// }
    /// ```
    ///
    /// Use instead: a variant that expects the lock held.
    /// ```go
    /// func (c *cache) Refresh() {
    ///     c.mu.Lock()
    ///     defer c.mu.Unlock()
    ///     c.evictLocked()
    /// }
    ///
    /// func (c *cache) evictLocked() { c.items = nil }
    /// ```
    pub struct LockAlreadyHeld {
        code: "GL202",
        name: "lock-already-held",
        summary: "a goroutine locks a mutex it already holds: Go's mutexes are not reentrant",
        severity: Error,
        default: true,
    }
}

impl Rule for LockAlreadyHeld {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        let locks = Locks::new(m, cx.index());
        // The mutexes the package write-locks somewhere: a read lock taken
        // again under a read lock of one of these blocks once a writer
        // waits in between.
        let written: std::collections::HashSet<String> = m
            .funcs
            .all()
            .flat_map(|f| locks.lock_ops(f))
            .filter(|l| l.op == LockOp::Acquire { write: true })
            .map(|l| l.key)
            .collect();
        for f in m.funcs.all() {
            let Some(cfg) = &m.funcs.func(f).body else {
                continue;
            };
            let locks_anything = locks
                .lock_ops(f)
                .iter()
                .any(|l| !l.deferred && l.op.acquires());
            if !locks_anything {
                continue;
            }
            let held = locks.held_in(f, false);
            let handed = locks.handed_over(f);
            let mut reported: Vec<Span> = Vec::new();
            for (b, block) in cfg.blocks.iter().enumerate() {
                for (i, op) in block.ops.iter().enumerate() {
                    let OpKind::Call { call, .. } = &op.kind else {
                        continue;
                    };
                    let Some(mut h) = held.at(b as u32, i as u32).filter(|h| !h.is_empty()) else {
                        continue;
                    };
                    h.retain(|x| !handed.contains(&x.key));
                    if let Some((key, LockOp::Acquire { write }, name)) =
                        lock_call(m, locks.index, f, call)
                    {
                        if let Some(first) = h.iter().find(|x| x.key == key && x.name == name) {
                            if write || first.write || written.contains(&key) {
                                reported.push(op.span);
                                out.push(report(first, write, op.span, None, m));
                            }
                        }
                        continue;
                    }
                    // A method of the same receiver that locks on entry:
                    // called, or called by `fmt` on a value it formats.
                    let calls: Vec<(&Value, Vec<FuncRef>)> = match &call.callee {
                        Callee::Method { recv, .. } => vec![(recv, m.funcs.resolve(f, call))],
                        _ => formatted_methods(m, f, call),
                    };
                    'calls: for (recv, targets) in calls {
                        let recv_name =
                            golint_analysis::concurrency::ops::display(&m.funcs, f, recv);
                        if recv_name.is_empty() {
                            continue;
                        }
                        for g in targets {
                            if g == f {
                                continue;
                            }
                            if let Some((first, write, at)) =
                                entry_lock(m, &locks, g, &recv_name, &h, &written)
                            {
                                reported.push(op.span);
                                out.push(report(first, write, op.span, Some((g, at)), m));
                                break 'calls;
                            }
                        }
                    }
                }
            }
            next_round(&locks, f, &handed, &written, &reported, out);
        }
    }
}

/// A `Lock` on a loop that a way around the loop reaches again with the
/// lock still held: the round takes the lock and unlocks it before going
/// round, but some path (a `continue` after a failed operation, moby#7559)
/// goes round without the unlock, and the next round's `Lock` waits
/// forever.
///
/// Path-sensitive where the held sets are not: a path leaves block `p`
/// for `s`, both on the loop, with the lock held on every path to the end
/// of `p` (taken on this round); from `s` no path on the loop unlocks it
/// (directly or in a callee) before a `Lock` of it, and one reaches that
/// `Lock`. Requiring the lock held on *every* path to `p` keeps out locks
/// taken and released under correlated conditions (`if shared {
/// mu.Lock() }` … `if shared { mu.Unlock() }`), and requiring that no
/// path from `s` unlocks it keeps out every edge inside the round.
fn next_round(
    locks: &Locks<'_, '_>,
    f: FuncRef,
    handed: &[String],
    written: &std::collections::HashSet<String>,
    reported: &[Span],
    out: &mut Findings,
) {
    let m = locks.m;
    let Some(cfg) = &m.funcs.func(f).body else {
        return;
    };
    let Some(shape) = m.shape(f) else {
        return;
    };
    let lock_ops = locks.lock_ops(f);
    if !lock_ops
        .iter()
        .any(|l| !l.deferred && l.op.acquires() && shape.loops.on_loop(l.block))
    {
        return;
    }
    let held = locks.held_in(f, true);
    let mut done: Vec<Span> = reported.to_vec();
    for (p, block) in cfg.blocks.iter().enumerate() {
        let p = p as u32;
        let Some(k) = shape.loops.of(p) else {
            continue;
        };
        if block.ops.iter().any(|op| m.funcs.ends_flow(f, &op.kind)) {
            continue;
        }
        let Some(h) = held.at(p, block.ops.len() as u32) else {
            continue;
        };
        for first in &h {
            if handed.contains(&first.key) {
                continue;
            }
            // Taken on this round, by a `Lock` of the function on the loop,
            // of a mutex the rounds share (not `s.mu` of a range variable
            // `s`: each round locks another), which the loop unlocks
            // before going round (a deferred unlock runs at the return:
            // `defer mu.Unlock()` on a loop holds one lock per round).
            let Some(taken) = lock_ops.iter().find(|l| {
                l.span == first.at
                    && !l.deferred
                    && l.op.acquires()
                    && shape.loops.of(l.block) == Some(k)
            }) else {
                continue;
            };
            let unlocks_on_round = lock_ops.iter().any(|l| {
                l.key == first.key
                    && l.op == LockOp::Release
                    && !l.deferred
                    && shape.loops.of(l.block) == Some(k)
            });
            if !unlocks_on_round || !same_each_round(m, f, cfg, taken, k) {
                continue;
            }
            for s in block.term.successors() {
                if shape.loops.of(s.0) != Some(k) {
                    continue;
                }
                let Some((b, i)) = relock_before_unlock(locks, f, s.0, k, first) else {
                    continue;
                };
                let op = &cfg.blocks[b as usize].ops[i as usize];
                if done.contains(&op.span) {
                    continue;
                }
                let OpKind::Call { call, .. } = &op.kind else {
                    continue;
                };
                let Some((_, LockOp::Acquire { write }, _)) = lock_call(m, locks.index, f, call)
                else {
                    continue;
                };
                if !(write || first.write || written.contains(&first.key)) {
                    continue;
                }
                done.push(op.span);
                let mut d = Diagnostic::new(
                    LockAlreadyHeld::META.code,
                    LockAlreadyHeld::META.name,
                    op.span,
                    format!(
                        "`{}` is locked again on the loop's next round, and a way around the loop keeps it locked: this blocks forever",
                        first.name
                    ),
                )
                .with_severity(golint_diagnostics::Severity::Error)
                .with_primary_label("waits for an unlock that never comes")
                .with_label(
                    first.at,
                    format!("`{}` is locked here, on the round before", first.name),
                );
                if let Some(last) = block.ops.last() {
                    d = d.with_label(
                        last.span,
                        format!(
                            "this path goes round the loop with `{}` still locked",
                            first.name
                        ),
                    );
                }
                if let Some(u) = lock_ops.iter().find(|l| {
                    l.key == first.key
                        && l.op == LockOp::Release
                        && !l.deferred
                        && shape.loops.of(l.block) == Some(k)
                }) {
                    d = d.with_label(u.span, "the unlock it skips");
                }
                out.push(d.with_help(
                    "unlock before `continue`, or `defer` the unlock in a function run on each round",
                ));
            }
        }
    }
}

/// The mutex `taken` locks is the same object on every round of loop `k`:
/// its receiver is rooted at a package variable or at a variable no op of
/// the loop assigns (the receiver `s` of `s.mu`, not a range variable),
/// through fields and dereferences only (not a map or slice element, nor
/// a call's result).
fn same_each_round(
    m: &Model<'_>,
    f: FuncRef,
    cfg: &golint_ir::Cfg,
    taken: &super::held::LockAt,
    k: usize,
) -> bool {
    let Some(shape) = m.shape(f) else {
        return false;
    };
    let Some(OpKind::Call { call, .. }) = cfg
        .blocks
        .get(taken.block as usize)
        .and_then(|b| b.ops.get(taken.index as usize))
        .map(|op| &op.kind)
    else {
        return false;
    };
    let Callee::Method { recv, .. } = &call.callee else {
        return false;
    };
    let mut v: &Value = recv;
    let root = loop {
        match v {
            Value::Place(Place::Field(x, _)) | Value::Place(Place::Deref(x)) => v = x,
            Value::AddrOf(p) => match &**p {
                Place::Field(x, _) | Place::Deref(x) => v = x,
                Place::Var(key) => break Some(*key),
                Place::Global { .. } => break None,
                _ => return false,
            },
            Value::Place(Place::Var(key)) => break Some(*key),
            Value::Place(Place::Global { .. }) => break None,
            _ => return false,
        }
    };
    let Some(root) = root else {
        return true;
    };
    !cfg.blocks.iter().enumerate().any(|(b, block)| {
        shape.loops.of(b as u32) == Some(k)
            && block.ops.iter().any(|op| {
                golint_analysis::writes(&op.kind)
                    .iter()
                    .any(|(_, p)| matches!(p, Place::Var(x) if *x == root))
            })
    })
}

/// From the start of block `s`, on loop `k`: the first `Lock` of `held`'s
/// lock (named the same way) that a path reaches, when no path on the loop
/// from `s` unlocks it before one.
fn relock_before_unlock(
    locks: &Locks<'_, '_>,
    f: FuncRef,
    s: u32,
    k: usize,
    held: &Held,
) -> Option<(u32, u32)> {
    let m = locks.m;
    let cfg = m.funcs.func(f).body.as_ref()?;
    let shape = m.shape(f)?;
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = vec![s];
    let mut found = None;
    while let Some(b) = work.pop() {
        match seen.get_mut(b as usize) {
            Some(x) if !*x => *x = true,
            _ => continue,
        }
        let block = &cfg.blocks[b as usize];
        let mut relocked = false;
        for (i, op) in block.ops.iter().enumerate() {
            if locks.op_releases(f, &op.kind, &held.key) {
                return None;
            }
            if let OpKind::Call { call, .. } = &op.kind {
                if let Some((key, LockOp::Acquire { .. }, name)) =
                    lock_call(m, locks.index, f, call)
                {
                    if key == held.key && name == held.name {
                        found.get_or_insert((b, i as u32));
                        relocked = true;
                        break;
                    }
                }
            }
            if m.funcs.ends_flow(f, &op.kind) {
                relocked = true;
                break;
            }
        }
        if relocked {
            continue;
        }
        work.extend(
            block
                .term
                .successors()
                .into_iter()
                .map(|x| x.0)
                .filter(|&x| shape.loops.of(x) == Some(k)),
        );
    }
    found
}

/// The `String` (or `Error`) methods of the package that a `fmt` or `log`
/// print call runs on the values it formats (`log.Printf("%s", c)` calls
/// `c.String()`), with the value each runs on.
fn formatted_methods<'c>(
    m: &Model<'_>,
    f: FuncRef,
    call: &'c golint_ir::Call,
) -> Vec<(&'c Value, Vec<FuncRef>)> {
    let Callee::Qualified { path, name, .. } = &call.callee else {
        return Vec::new();
    };
    let prints = match path.as_str() {
        "fmt" => name.contains("print") || name.contains("Print") || name == "Errorf",
        "log" => ["Print", "Fatal", "Panic"]
            .iter()
            .any(|p| name.starts_with(p)),
        _ => false,
    };
    if !prints {
        return Vec::new();
    }
    let mut out = Vec::new();
    for v in &call.args {
        let Some(ty) = m.funcs.value_type(f, v) else {
            continue;
        };
        let base = golint_analysis::concurrency::funcs::type_base(&ty);
        let targets: Vec<FuncRef> = ["String", "Error"]
            .iter()
            .filter_map(|meth| m.funcs.by_name(&format!("{base}.{meth}")))
            .collect();
        if !targets.is_empty() {
            out.push((v, targets));
        }
    }
    out
}

/// The lock of `held` that method `g`, called on `recv_name`, takes on
/// every way through it before unlocking it, and where.
fn entry_lock<'h>(
    m: &Model<'_>,
    locks: &Locks<'_, '_>,
    g: FuncRef,
    recv_name: &str,
    held: &'h [Held],
    written: &std::collections::HashSet<String>,
) -> Option<(&'h Held, bool, Span)> {
    let func = m.funcs.func(g);
    let FuncKind::Method { recv: Some(rk), .. } = &func.kind else {
        return None;
    };
    let own_recv = &m.funcs.file(g).var(*rk).name;
    let cfg = func.body.as_ref()?;
    let shape = m.shape(g)?;
    let exits: Vec<u32> = cfg
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, bl)| matches!(bl.term, Term::Return { .. } | Term::FallOff { .. }))
        .map(|(b, _)| b as u32)
        .collect();
    // The callee's view of the caller's locks: `s.mu` held by the caller
    // is `c.mu` in `func (c *T) …` called on `s`.
    let initial: Vec<Held> = held
        .iter()
        .filter_map(|h| {
            let rest = h.name.strip_prefix(recv_name)?;
            (rest.is_empty() || rest.starts_with('.')).then(|| Held {
                name: format!("{own_recv}{rest}"),
                ..h.clone()
            })
        })
        .collect();
    if initial.is_empty() {
        return None;
    }
    let own = locks.held_from(g, false, initial);
    for (b, block) in cfg.blocks.iter().enumerate() {
        let b = b as u32;
        if exits.is_empty() || !exits.iter().all(|&e| shape.dom.dominates(b, e)) {
            continue;
        }
        for (i, op) in block.ops.iter().enumerate() {
            let OpKind::Call { call, .. } = &op.kind else {
                continue;
            };
            let Some((key, LockOp::Acquire { write }, name)) = lock_call(m, locks.index, g, call)
            else {
                continue;
            };
            // Still held from the caller: not unlocked by the callee first.
            let Some(still) = own
                .at(b, i as u32)
                .and_then(|h| h.into_iter().find(|x| x.key == key && x.name == name))
            else {
                continue;
            };
            // The caller's entry for it (its span is the caller's lock).
            if let Some(first) = held.iter().find(|x| x.key == key && x.at == still.at) {
                if write || first.write || written.contains(&key) {
                    return Some((first, write, op.span));
                }
            }
        }
    }
    None
}

fn report(
    first: &Held,
    write: bool,
    at: Span,
    via: Option<(FuncRef, Span)>,
    m: &Model<'_>,
) -> Diagnostic {
    // A read lock under a read lock blocks only behind a waiting writer.
    let reread = !write && !first.write;
    let msg = match (via, reread) {
        (None, false) => format!(
            "`{}` is locked again while this goroutine already holds it: this blocks forever",
            first.name
        ),
        (Some((g, _)), false) => format!(
            "{} locks `{}`, which the caller already holds here: this blocks forever",
            func_display(m, g),
            first.name
        ),
        (None, true) => format!(
            "`{}` is read-locked again while this goroutine holds a read lock of it: a writer waiting in between blocks it forever",
            first.name
        ),
        (Some((g, _)), true) => format!(
            "{} read-locks `{}`, which the caller already holds for reading here: a writer waiting in between blocks it forever",
            func_display(m, g),
            first.name
        ),
    };
    let mut d = Diagnostic::new(
        LockAlreadyHeld::META.code,
        LockAlreadyHeld::META.name,
        at,
        msg,
    )
    .with_severity(golint_diagnostics::Severity::Error)
    .with_primary_label(if reread {
        "waits behind a pending `Lock`, which waits for the first read lock"
    } else {
        "waits for an unlock that never comes"
    })
    .with_label(
        first.at,
        format!("`{}` is locked here, and still held", first.name),
    );
    if let Some((g, span)) = via {
        d = d.with_label(span, format!("{} locks it here", func_display(m, g)));
    }
    d.with_help(if reread {
        "Go's RWMutex lets no new reader in while a writer waits: read-lock once, and call a variant that expects the lock held"
    } else {
        "Go's mutexes are not reentrant: unlock first, or call a variant that expects the lock held"
    })
}
