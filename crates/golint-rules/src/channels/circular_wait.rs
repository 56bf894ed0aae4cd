use golint_analysis::concurrency::waits::{deadlocks, Blocked, CallStep};
use golint_analysis::concurrency::{ChanOpKind, Model, OpPos};
use golint_diagnostics::{Diagnostic, Label, ThreadFlow};
use golint_ir::{Callee, FuncKind, OpKind, Place, Value};

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
    /// Each side's operations include those of the functions it calls, up
    /// to 3 calls deep, in order at the call: a helper taking the channel
    /// (`recvKey(keyc)`), a method on a struct holding it
    /// (`h.readHello()` doing `<-h.hello`), a closure held in a local, a
    /// method value. The finding is then on the operation in the helper,
    /// with the calls leading to it labelled "called from here". A callee's
    /// operation holds back what follows the call only when the callee
    /// performs it on every way out: a helper that may skip it never makes
    /// a cycle. A helper that something outside the goroutines also calls,
    /// defers or starts, or that itself starts goroutines, leaves its
    /// channels alone.
    ///
    /// Only channels (and conds) that these goroutines alone use are
    /// considered. A send into a buffered channel is taken not to block (a
    /// receive from one still waits for a send), and an operation inside a
    /// `select` with another case or a `default` does not block. The
    /// buffer is that of the channel at hand: when the function doing the
    /// send, a caller on the way, or the function starting the goroutine
    /// makes the channel first on every path, its own make sites decide
    /// (a field made unbuffered there is unbuffered, whatever other
    /// constructors do); otherwise a channel any site may have buffered is
    /// taken to be buffered.
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
            let Some(first) = dl.ops.first() else {
                continue;
            };
            let op = &m.ops[first.op];
            let mut d = Diagnostic::new(
                Self::META.code,
                Self::META.name,
                op.span,
                format!(
                    "deadlock: {} waits for a goroutine that is itself blocked waiting for this one",
                    describe(m, first)
                ),
            )
            .with_severity(golint_diagnostics::Severity::Error)
            .with_primary_label("blocks forever");
            d = called_from(m, d, first);
            for b in &dl.ops[1..] {
                d = d.with_label(
                    m.ops[b.op].span,
                    format!(
                        "{} blocks here first, so the partner never comes",
                        describe(m, b)
                    ),
                );
                d = called_from(m, d, b);
            }
            for (gi, g) in dl.goroutines.iter().enumerate() {
                if let Some(sp) = g.spawn {
                    if dl.ops.iter().any(|b| b.goroutine == gi) {
                        d = d.with_label(sp, "the goroutine is started here");
                    }
                }
            }
            for (gi, g) in dl.goroutines.iter().enumerate() {
                let mut steps: Vec<Label> = Vec::new();
                for b in dl.ops.iter().filter(|b| b.goroutine == gi) {
                    for c in &b.calls {
                        steps.push(Label {
                            span: c.span,
                            message: format!("calls {}", callee_name(m, c)),
                        });
                    }
                    steps.push(Label {
                        span: m.ops[b.op].span,
                        message: format!("{} blocks", describe(m, b)),
                    });
                }
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

/// The labels "called from here" on the calls through which a goroutine
/// reaches an operation written in a helper, outermost first.
fn called_from(m: &Model<'_>, mut d: Diagnostic, b: &Blocked) -> Diagnostic {
    for c in &b.calls {
        d = d.with_label(c.span, format!("{} is called from here", callee_name(m, c)));
    }
    d
}

/// The function a step calls, as the call names it: a literal called
/// through the local holding it (`awaitToken()`) by that local's name.
fn callee_name(m: &Model<'_>, c: &CallStep) -> String {
    let via_local = m
        .funcs
        .func(c.caller)
        .body
        .as_ref()
        .and_then(|cfg| match c.pos {
            OpPos::Op { block, index } => cfg.op_at(block, index),
            OpPos::Case { .. } => None,
        })
        .and_then(|op| match &op.kind {
            OpKind::Call {
                call:
                    golint_ir::Call {
                        callee: Callee::Dynamic(v),
                        ..
                    },
                ..
            } => match &**v {
                Value::Place(Place::Var(k)) => Some(m.funcs.file(c.caller).var(*k).name.clone()),
                _ => None,
            },
            _ => None,
        });
    match (&m.funcs.func(c.callee).kind, via_local) {
        (FuncKind::Literal { .. }, Some(name)) => format!("`{name}`"),
        _ => func_display(m, c.callee),
    }
}

/// The operation, with the channel as the goroutine's own code names it:
/// `hello` for a helper's parameter `ch` called with `hello`, `s.hello`
/// for `c.hello` in a method called on `s`; and the helper it sits in.
fn describe(m: &Model<'_>, b: &Blocked) -> String {
    let op = &m.ops[b.op];
    let name = b.caller_name(m);
    let ch = if name.is_empty() {
        chan_name(op)
    } else {
        format!("`{name}`")
    };
    let what = match op.kind {
        ChanOpKind::Send => format!("the send on {ch}"),
        ChanOpKind::Recv => format!("the receive from {ch}"),
        ChanOpKind::Range => format!("the `range` over {ch}"),
        ChanOpKind::CondWait => format!("{ch}.Wait()").replace("`.Wait()", ".Wait()`"),
        ChanOpKind::Close => format!("the close of {ch}"),
        ChanOpKind::CondSignal => format!("the signal of {ch}"),
    };
    match b.calls.last() {
        Some(c) => format!("{what} in {}", callee_name(m, c)),
        None => what,
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
