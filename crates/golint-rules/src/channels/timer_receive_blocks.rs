use std::collections::HashMap;

use golint_analysis::concurrency::paths::reaches_from;
use golint_analysis::{reads, walk_value, writes};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Callee, Cfg, Comm, FileIr, Func, OpKind, Place, Term, Value, VarKey};

use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a receive from a timer's channel `t.C` that can never
    /// deliver:
    /// - a receive (typically the drain `if !t.Stop() { <-t.C }`) on a path
    ///   where the timer's value was already received — by a `case <-t.C:`
    ///   or an earlier `<-t.C` — with no `t.Reset` in between. A timer fires
    ///   once: its one value is gone and the receive blocks forever. The
    ///   same holds for a loop that waits on `<-t.C` and never re-arms the
    ///   timer (unless the function tests `t.Stop()`: then it manages the
    ///   timer across iterations under conditions the rule does not
    ///   evaluate);
    /// - any receive from `t.C` of a timer made by `time.AfterFunc`, whose
    ///   `C` is nil.
    ///
    /// Only timers held in a local variable of the function (made there by
    /// `time.NewTimer` or `time.AfterFunc`, not handed to a closure) are
    /// followed. A receive in a `select` with other cases or a `default`
    /// does not block and is not reported.
    ///
    /// ## Why is this bad?
    /// The goroutine hangs on a value that will never come, usually in the
    /// cleanup of a wait that already succeeded. The drain idiom is only
    /// right when the value was *not* received: before Go 1.23 it removes a
    /// stale value a fired timer left in its buffered channel. Since Go 1.23
    /// (a module whose `go` line is 1.23 or later) `Stop` and `Reset`
    /// discard any pending value themselves and the drain is never needed;
    /// the help of each finding says which applies to the module.
    ///
    /// ## Example
    /// ```go
    /// t := time.NewTimer(timeout)
    /// select {
    /// case v := <-results:
    ///     use(v)
    /// case <-t.C:
    ///     log.Print("timed out")
    /// }
    /// if !t.Stop() {
    ///     <-t.C // after the timeout case, blocks forever
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// t := time.NewTimer(timeout)
    /// defer t.Stop()
    /// select {
    /// case v := <-results:
    ///     use(v)
    /// case <-t.C:
    ///     log.Print("timed out")
    /// }
    /// ```
    pub struct TimerReceiveBlocks {
        code: "GL108",
        name: "timer-receive-blocks",
        summary: "receive from a timer channel whose value was already received, or that never delivers",
        severity: Warning,
        default: true,
    }
}

impl Rule for TimerReceiveBlocks {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let go123 = cx.package.go_version.is_some_and(|v| v >= (1, 23));
        for file in &cx.package.files {
            for func in &file.funcs {
                let Some(body) = &func.body else { continue };
                for (k, made) in timers(file, func, body) {
                    check_timer(file, body, k, made, go123, out);
                }
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    NewTimer,
    AfterFunc,
}

/// Local variables holding a timer made in this function, and only that:
/// every write of the variable is a `time.NewTimer` (or `time.AfterFunc`),
/// and no other function of the file mentions it.
fn timers(file: &FileIr, func: &Func, body: &Cfg) -> Vec<(VarKey, Made)> {
    let mut made: HashMap<VarKey, Option<Made>> = HashMap::new();
    for (_, op) in body.ops() {
        for (_, p) in writes(&op.kind) {
            let Place::Var(k) = p else { continue };
            let m = match &op.kind {
                OpKind::Call { call, dst } if dst.len() == 1 => timer_call(&call.callee),
                _ => None,
            };
            let e = made.entry(*k).or_insert(m);
            if *e != m {
                *e = None;
            }
        }
    }
    made.retain(|_, m| m.is_some());
    if made.is_empty() {
        return Vec::new();
    }
    // A closure that touches the timer (`Reset` from a callback) is out of
    // sight of the paths of this body.
    for f in &file.funcs {
        if std::ptr::eq(f, func) {
            continue;
        }
        let Some(b) = &f.body else { continue };
        for (_, op) in b.ops() {
            let mut touched = Vec::new();
            for v in reads(&op.kind) {
                walk_value(v, &mut |x| {
                    if let Some(k) = x.var() {
                        touched.push(k);
                    }
                });
            }
            for (_, p) in writes(&op.kind) {
                if let Place::Var(k) = p {
                    touched.push(*k);
                }
            }
            for k in touched {
                made.remove(&k);
            }
        }
    }
    let mut out: Vec<(VarKey, Made)> = made
        .into_iter()
        .filter_map(|(k, m)| Some((k, m?)))
        .collect();
    out.sort_by_key(|(k, _)| (k.func, k.var));
    out
}

fn timer_call(callee: &Callee) -> Option<Made> {
    if callee.is_qualified("time", "NewTimer") {
        Some(Made::NewTimer)
    } else if callee.is_qualified("time", "AfterFunc") {
        Some(Made::AfterFunc)
    } else {
        None
    }
}

/// `t.C` for the timer `k`.
fn is_timer_chan(v: &Value, k: VarKey) -> bool {
    matches!(v, Value::Place(Place::Field(base, f)) if f == "C" && base.var() == Some(k))
}

fn check_timer(file: &FileIr, body: &Cfg, k: VarKey, made: Made, go123: bool, out: &mut Findings) {
    let name = &file.var(k).name;
    // Where the timer's value has just been received: after a `<-t.C` op,
    // or at the start of a `case <-t.C:` body.
    let mut received: Vec<((u32, u32), Span)> = Vec::new();
    // Receives that block until `t.C` delivers.
    let mut blocking: Vec<((u32, u32), Span)> = Vec::new();
    for (bi, block) in body.blocks.iter().enumerate() {
        let b = bi as u32;
        for (oi, op) in block.ops.iter().enumerate() {
            let at = (b, oi as u32);
            let recv = match &op.kind {
                OpKind::Recv { ch, .. } => is_timer_chan(ch, k),
                _ => false,
            };
            if recv {
                received.push(((b, oi as u32 + 1), op.span));
                blocking.push((at, op.span));
            }
        }
        if let Term::Select(sel) = &block.term {
            let alone = sel.cases.len() == 1 && sel.default.is_none();
            for case in &sel.cases {
                if let Comm::Recv { ch, .. } = &case.comm {
                    if is_timer_chan(ch, k) {
                        received.push(((case.target.0, 0), case.span));
                        if alone {
                            // Blocks at the select, before the case body.
                            blocking.push(((b, block.ops.len() as u32), case.span));
                        }
                    }
                }
            }
        }
    }
    if made == Made::AfterFunc {
        for (_, span) in &received {
            out.push(
                Diagnostic::new(
                    TimerReceiveBlocks::META.code,
                    TimerReceiveBlocks::META.name,
                    *span,
                    format!("receive from `{name}.C` blocks forever: a timer made by `time.AfterFunc` has a nil `C`"),
                )
                .with_primary_label("never delivers")
                .with_help("use `time.NewTimer` to wait on the channel, or signal from the function `AfterFunc` runs"),
            );
        }
        return;
    }
    // Re-arming: `t.Reset(d)`, or a new timer in the variable.
    let rearms = |b: u32, i: u32| {
        let Some(op) = body.op_at(b, i) else {
            return false;
        };
        match &op.kind {
            OpKind::Call {
                call:
                    golint_ir::Call {
                        callee: Callee::Method { recv, name },
                        ..
                    },
                ..
            } if name == "Reset" && recv.var() == Some(k) => true,
            kind => writes(kind).iter().any(|(_, p)| **p == Place::Var(k)),
        }
    };
    let tests_stop = body.ops().any(|(_, op)| {
        matches!(&op.kind, OpKind::Call {
            call: golint_ir::Call { callee: Callee::Method { recv, name }, .. },
            dst,
        } if name == "Stop" && recv.var() == Some(k) && !dst.is_empty())
    });
    for &(at, span) in &blocking {
        // Another receive that reaches this one, else this one again (a
        // loop).
        let reaching =
            |(from, s): &&((u32, u32), Span)| *s != span && reaches_from(body, *from, at, rearms);
        // A loop around a receive: only when the function never tests
        // `t.Stop()` — code that does manages the timer's state across
        // iterations with conditions this search does not evaluate
        // (`if idle && !t.Stop() { <-t.C }` in a server loop).
        let earlier = received.iter().find(reaching).or_else(|| {
            if tests_stop {
                return None;
            }
            received
                .iter()
                .find(|(from, s)| *s == span && reaches_from(body, *from, at, rearms))
        });
        let Some((_, first)) = earlier else { continue };
        let again = first == &span;
        let message = if again {
            format!("receive from `{name}.C` blocks forever on the next iteration: the timer fires once and nothing re-arms it")
        } else {
            format!(
                "receive from `{name}.C` blocks forever: the timer's one value was already received on line {}",
                file.line_of(first.start)
            )
        };
        let help = if again {
            format!("call `{name}.Reset(d)` after each receive, or use a `time.Ticker`")
        } else if go123 {
            format!(
                "since Go 1.23 `Stop` discards a pending value: call `{name}.Stop()` without draining `{name}.C`"
            )
        } else {
            format!(
                "drain `{name}.C` only when its value was not received (remember it in the `case <-{name}.C:`), \
                 or drain without blocking: `select {{ case <-{name}.C: default: }}`"
            )
        };
        let mut d = Diagnostic::new(
            TimerReceiveBlocks::META.code,
            TimerReceiveBlocks::META.name,
            span,
            message,
        )
        .with_primary_label("blocks forever")
        .with_help(help);
        if !again {
            d = d.with_label(*first, "the timer's value is received here");
        }
        out.push(d);
    }
}
