use golint_analysis::concurrency::waits::deadlocks;
use golint_analysis::concurrency::{ChanOp, ChanOpKind, Model};
use golint_diagnostics::{Diagnostic, Label, ThreadFlow};

use super::{chan_name, func_display};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a circular wait between goroutines: a function and the
    /// goroutines it starts each block on a channel operation (or a
    /// `sync.Cond.Wait`) whose partner the other goroutine reaches only
    /// after its own blocked operation. The finding is placed on the first
    /// blocked operation of the cycle in the file; the others are secondary
    /// locations, and the SARIF output gives the cycle as a code flow with
    /// one thread per goroutine.
    ///
    /// Only channels (and conds) that these goroutines alone use are
    /// considered. A send into a buffered channel is taken not to block (a
    /// receive from one still waits for a send), and an operation inside a
    /// `select` with another case or a `default` does not block.
    ///
    /// ## Why is this bad?
    /// Each goroutine waits for the other forever. If they are the last
    /// goroutines running, the program dies with "all goroutines are
    /// asleep"; otherwise they leak silently, with whatever they hold.
    ///
    /// ## Example
    /// ```go
    /// hello := make(chan string)
    /// keyc := make(chan []byte)
    /// go func() {
    ///     k := <-keyc // waits for the key...
    ///     hello <- greet(k)
    /// }()
    /// h := <-hello // ...which is sent only after the hello
    /// keyc <- key
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// go func() {
    ///     k := <-keyc
    ///     hello <- greet(k)
    /// }()
    /// keyc <- key // the order both sides agree on
    /// h := <-hello
    /// ```
    pub struct CircularWait {
        code: "GL104",
        name: "circular-wait",
        summary: "goroutines each wait for an operation the other reaches only afterwards",
        severity: Error,
        default: true,
    }
}

impl Rule for CircularWait {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        if m.ops.is_empty() {
            return;
        }
        for dl in deadlocks(m) {
            let Some(&(first, _)) = dl.ops.first() else {
                continue;
            };
            let op = &m.ops[first];
            let mut d = Diagnostic::new(
                Self::META.code,
                Self::META.name,
                op.span,
                format!(
                    "deadlock: {} waits for a goroutine that is itself blocked waiting for this one",
                    describe(op)
                ),
            )
            .with_severity(golint_diagnostics::Severity::Error)
            .with_primary_label("blocks forever");
            for &(i, _) in &dl.ops[1..] {
                d = d.with_label(
                    m.ops[i].span,
                    format!(
                        "{} blocks here first, so the partner never comes",
                        describe(&m.ops[i])
                    ),
                );
            }
            for g in &dl.goroutines {
                if let Some(sp) = g.spawn {
                    if dl.ops.iter().any(|&(i, _)| m.ops[i].func == g.func) {
                        d = d.with_label(sp, "the goroutine is started here");
                    }
                }
            }
            for (gi, g) in dl.goroutines.iter().enumerate() {
                let steps: Vec<Label> = dl
                    .ops
                    .iter()
                    .filter(|&&(_, h)| h == gi)
                    .map(|&(i, _)| Label {
                        span: m.ops[i].span,
                        message: format!("{} blocks", describe(&m.ops[i])),
                    })
                    .collect();
                if !steps.is_empty() {
                    d.flows.push(ThreadFlow {
                        name: goroutine_name(m, g.func, g.spawn.is_some()),
                        steps,
                    });
                }
            }
            out.push(d.with_help(
                "make both goroutines perform the exchanges in the same order, or buffer one of the channels",
            ));
        }
    }
}

fn describe(op: &ChanOp) -> String {
    let ch = chan_name(op);
    match op.kind {
        ChanOpKind::Send => format!("the send on {ch}"),
        ChanOpKind::Recv => format!("the receive from {ch}"),
        ChanOpKind::Range => format!("the `range` over {ch}"),
        ChanOpKind::CondWait => format!("{ch}.Wait()").replace("`.Wait()", ".Wait()`"),
        ChanOpKind::Close => format!("the close of {ch}"),
        ChanOpKind::CondSignal => format!("the signal of {ch}"),
    }
}

fn goroutine_name(
    m: &Model<'_>,
    f: golint_analysis::concurrency::FuncRef,
    spawned: bool,
) -> String {
    if spawned {
        format!("goroutine running {}", func_display(m, f))
    } else {
        format!("{} (the spawning goroutine)", func_display(m, f))
    }
}
