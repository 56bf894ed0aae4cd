use std::collections::HashSet;

use golint_analysis::concurrency::paths::Loops;
use golint_analysis::concurrency::{ChanOp, ChanOpKind, OpPos};
use golint_diagnostics::Diagnostic;
use golint_ir::{Cap, Cfg, Term};

use super::group_wait;
use super::self_wait::{self, SelfWait};
use super::{chan_name, func_display};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a channel operation that only the goroutine performing it
    /// could complete. The channel is made in the function and never leaves
    /// it (no goroutine, call, struct or variable outside the function ever
    /// sees it), and the operation is a send on it when it is unbuffered, the
    /// `k+1`-th send in a row into its constant buffer of `k` with no receive
    /// in between, or a receive that comes before every send on it. The
    /// constant may be a literal, a named constant (of the package, the same
    /// in every file declaring it, or local), or a parameter that every call
    /// in the package binds to the same constant (not for a function other
    /// packages or func values may call). A variable made at several sites
    /// is checked, at each send, against the sites that can have made the
    /// channel found there.
    ///
    /// A `select` with a `default` or another case is not reported.
    ///
    /// It also reports a goroutine that waits for a channel only it closes,
    /// later: a receive (or `range`) on a channel whose every close is in
    /// one function (and that nothing sends on), reached from that function
    /// before the close runs — in its own body, or in a function it calls
    /// with the channel or the value holding it (`s.Stop()` from `s.run`,
    /// where `Stop` waits on `<-s.done` and `run` does
    /// `defer close(s.done)`). The deferred close runs only when the
    /// function returns, which it cannot do while it waits; so does a
    /// close in a literal the function defers (`defer func() { … }()`) or
    /// registers with `t.Cleanup`, which runs after the test returns. Calls are
    /// followed through the receiver or an argument that carries the
    /// channel, and into literals run in place that capture it
    /// (`c.closeOnce.Do(func() { close(c.closed); <-c.loopDone })`), so
    /// the wait is on the same object, up to 6 calls deep.
    ///
    /// And a `wg.Wait()` inside the loop that starts, before it, a
    /// goroutine calling `wg.Done()`, when the only `wg.Add` is before the
    /// loop with a count other than 0 or 1 (`wg.Add(len(plugins))`): the
    /// first iteration waits for the `Done` of goroutines only later
    /// iterations start.
    ///
    /// ## Why is this bad?
    /// Nobody else can ever be the partner, so the operation blocks forever.
    /// In `main` the runtime aborts with "all goroutines are asleep"; in a
    /// server, the request's goroutine silently hangs.
    ///
    /// ## Example
    /// ```go
    /// errc := make(chan error)
    /// if err := validate(req); err != nil {
    ///     errc <- err // no other goroutine receives: blocks forever
    /// }
    /// return <-errc
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// if err := validate(req); err != nil {
    ///     return err
    /// }
    /// return nil
    /// ```
    ///
    /// ```go
    /// func (s *Server) run() {
    ///     defer close(s.done)
    ///     for req := range s.reqs {
    ///         if req.fatal {
    ///             s.Stop() // Stop waits for <-s.done: closed only when run returns
    ///         }
    ///     }
    /// }
    /// ```
    ///
    /// Use instead: return from `run` (its deferred close then ends every
    /// wait), or stop without waiting from inside the loop (`go s.Stop()`).
    pub struct SelfDeadlock {
        code: "GL105",
        name: "self-deadlock",
        summary: "channel operation only the blocked goroutine itself could complete",
        severity: Warning,
        default: true,
    }
}

impl Rule for SelfDeadlock {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        for c in m.classes_with_ops() {
            let Some(class) = m.class(c) else { continue };
            let Some(owner) = class.owner else { continue };
            if class.open || class.shared || class.makes.is_empty() {
                continue;
            }
            let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
            if ops.iter().any(|o| o.func != owner) || class.makes.iter().any(|mk| mk.func != owner)
            {
                continue;
            }
            let (Some(cfg), Some(shape)) = (&m.funcs.func(owner).body, m.shape(owner)) else {
                continue;
            };
            let has_close = ops.iter().any(|o| o.kind == ChanOpKind::Close);
            let mut report: Vec<(&ChanOp, String)> = Vec::new();
            let cap = class.capacity();
            // Each send checks the buffer of the channel at hand: the make
            // sites that reach it (`ch := make(chan T); if b { ch =
            // make(chan T, 1) }` is buffered on one path).
            let cap_at = |o: &ChanOp| m.capacity_at(c, owner, o.pos.block(), o.span.start);
            for op in ops
                .iter()
                .filter(|o| o.kind == ChanOpKind::Send && o.blocks())
                .filter(|o| cap_at(o) == Some(Cap::Zero))
            {
                report.push((op, format!("send on {} blocks forever: the channel is unbuffered and no other goroutine can receive from it", chan_name(op))));
            }
            if let Some(Cap::Const(k)) = cap {
                for op in overflowing_sends(cfg, &shape.loops, &ops, k) {
                    if cap_at(op) == Some(Cap::Const(k)) {
                        report.push((op, format!("send on {} blocks forever: its buffer of {k} is already full and no other goroutine can receive from it", chan_name(op))));
                    }
                }
            }
            if !has_close && matches!(cap, Some(Cap::Zero) | Some(Cap::Const(_))) {
                let sends: Vec<&&ChanOp> =
                    ops.iter().filter(|o| o.kind == ChanOpKind::Send).collect();
                for op in ops
                    .iter()
                    .filter(|o| o.kind == ChanOpKind::Recv && o.blocks())
                {
                    if !sends.is_empty() && sends.iter().all(|s| s.span.start > op.span.start) {
                        report.push((op, format!("receive from {} blocks forever: the only sends on it come later in this same goroutine", chan_name(op))));
                    }
                }
            }
            for (op, msg) in report {
                let mut d = Diagnostic::new(Self::META.code, Self::META.name, op.span, msg)
                    .with_primary_label(format!("{} blocks here forever", func_display(m, owner)));
                for mk in &class.makes {
                    d = d.with_label(
                        mk.span,
                        "the channel is made here and never leaves this function",
                    );
                }
                out.push(d.with_help(
                    "hand the channel to the goroutine that must be the partner, buffer it for every send, or drop the channel",
                ));
            }
        }
        for w in self_wait::self_waits(m) {
            out.push(self_wait_diagnostic(m, &w));
        }
        for w in group_wait::group_waits(m) {
            out.push(
                Diagnostic::new(
                    Self::META.code,
                    Self::META.name,
                    w.wait,
                    format!(
                        "`{}.Wait()` blocks forever: it waits inside the loop for goroutines that only later iterations start",
                        w.name
                    ),
                )
                .with_primary_label(format!(
                    "{} waits here in the first iteration for every goroutine counted",
                    func_display(m, w.func)
                ))
                .with_label(w.add, "all the goroutines are counted here, before the loop")
                .with_label(w.spawn, "one goroutine is started per iteration, before the wait")
                .with_help("move the `Wait` after the loop, or `Add(1)` in the loop before each `go`"),
            );
        }
    }
}

fn self_wait_diagnostic(
    m: &golint_analysis::concurrency::Model<'_>,
    w: &SelfWait<'_>,
) -> Diagnostic {
    let closer = func_display(m, w.closer);
    let what = if w.wait.kind == ChanOpKind::Range {
        format!("`range` over {} never ends", chan_name(w.wait))
    } else {
        format!("receive from {} blocks forever", chan_name(w.wait))
    };
    let via = match w.chain.as_slice() {
        [] => String::new(),
        [.., (_, last)] => format!(" (in {})", func_display(m, *last)),
    };
    let msg = if w.deferred {
        format!(
            "{what}: {closer} waits here{via} for its own deferred close of {}, the only close of the channel, which runs only when {closer} returns",
            chan_name(w.close)
        )
    } else {
        format!(
            "{what}: {closer} waits here{via} for its own later close of {}, the only close of the channel",
            chan_name(w.close)
        )
    };
    let mut d = Diagnostic::new(
        SelfDeadlock::META.code,
        SelfDeadlock::META.name,
        w.wait.span,
        msg,
    )
    .with_primary_label("waits for a close its own goroutine performs only afterwards");
    let mut caller = w.closer;
    for (span, callee) in &w.chain {
        d = d.with_label(
            *span,
            format!(
                "{} calls {} here",
                func_display(m, caller),
                func_display(m, *callee)
            ),
        );
        caller = *callee;
    }
    let close_label = match (w.deferred, w.registered) {
        (true, None) => "closed only here, when this function returns",
        (true, Some(at)) => {
            d = d.with_label(at, "registered here: runs only when this function returns");
            "closed only here, in the deferred function"
        }
        (false, _) => "closed only here, after the wait",
    };
    d.with_label(w.close.span, close_label).with_help(
        "close the channel before waiting, return first so that the close runs, or wait from another goroutine",
    )
}

/// The sends that find a constant buffer of `k` already full: walking from
/// the entry, sends fill the buffer and receives empty it. Paths through a
/// loop are not followed: the number of iterations is unknown.
fn overflowing_sends<'o>(cfg: &Cfg, loops: &Loops, ops: &[&'o ChanOp], k: u64) -> Vec<&'o ChanOp> {
    let mut out: Vec<&ChanOp> = Vec::new();
    let mut seen = HashSet::new();
    let mut work = vec![(0u32, 0u64)];
    while let Some((b, mut fill)) = work.pop() {
        if !seen.insert((b, fill)) || loops.on_loop(b) {
            continue;
        }
        let Some(block) = cfg.blocks.get(b as usize) else {
            continue;
        };
        let mut here: Vec<&&ChanOp> = ops
            .iter()
            .filter(|o| matches!(o.pos, OpPos::Op { block, .. } if block == b))
            .collect();
        here.sort_by_key(|o| match o.pos {
            OpPos::Op { index, .. } => index,
            OpPos::Case { .. } => u32::MAX,
        });
        let mut blocked = false;
        for op in here {
            match op.kind {
                ChanOpKind::Send if op.blocks() => {
                    if fill >= k {
                        if !out.iter().any(|o| std::ptr::eq(*o, *op)) {
                            out.push(op);
                        }
                        blocked = true;
                        break;
                    }
                    fill += 1;
                }
                ChanOpKind::Recv | ChanOpKind::Range => fill = fill.saturating_sub(1),
                ChanOpKind::Close => {
                    blocked = true;
                    break;
                }
                _ => {}
            }
        }
        if blocked {
            continue;
        }
        match &block.term {
            // A select case on the channel receives (or sends) on the way
            // to its body.
            Term::Select(sel) => {
                for (ci, case) in sel.cases.iter().enumerate() {
                    let op = ops.iter().find(|o| {
                        o.pos
                            == OpPos::Case {
                                block: b,
                                case: ci as u32,
                            }
                    });
                    // A case proceeds only when it can: a receive from a
                    // non-empty buffer, a send into one with room.
                    let next = match op.map(|o| o.kind) {
                        Some(ChanOpKind::Recv) if fill == 0 => continue,
                        Some(ChanOpKind::Recv) => fill - 1,
                        Some(ChanOpKind::Send) if fill >= k => continue,
                        Some(ChanOpKind::Send) => fill + 1,
                        _ => fill,
                    };
                    work.push((case.target.0, next));
                }
                // `default` runs only when no case is ready; a case on the
                // channel with data (or room) is.
                let ready = sel.cases.iter().enumerate().any(|(ci, _)| {
                    ops.iter().any(|o| {
                        o.pos
                            == OpPos::Case {
                                block: b,
                                case: ci as u32,
                            }
                            && match o.kind {
                                ChanOpKind::Recv => fill > 0,
                                ChanOpKind::Send => fill < k,
                                _ => false,
                            }
                    })
                });
                if let Some((t, _)) = &sel.default {
                    if !ready {
                        work.push((t.0, fill));
                    }
                }
            }
            term => {
                for s in term.successors() {
                    work.push((s.0, fill));
                }
            }
        }
    }
    out
}
