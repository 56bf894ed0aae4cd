use golint_analysis::concurrency::{ChanOp, ChanOpKind};
use golint_diagnostics::Diagnostic;

use super::chan_name;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a receive (`<-ch`, `v, ok := <-ch`, or a `select` whose only
    /// case is that receive) from a channel that nothing in the package ever
    /// sends on or closes, including a nil channel: a variable or field of
    /// channel type that is never given a `make(chan …)`.
    ///
    /// Only channels the package fully controls are considered: not
    /// exported fields or variables, not parameters or results of exported
    /// functions, not channels handed to another package (`signal.Notify`)
    /// or coming from one (`ctx.Done()`, `time.After`, `ticker.C`).
    ///
    /// ## Why is this bad?
    /// The receive can never complete: the goroutine blocks forever. Often a
    /// refactoring renamed the channel the other side signals, or removed
    /// the `close` that used to mark completion.
    ///
    /// ## Example
    /// ```go
    /// type Server struct {
    ///     stopped chan struct{}
    /// }
    ///
    /// func (s *Server) Wait() {
    ///     <-s.stopped // nothing ever closes s.stopped
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func (s *Server) serve() {
    ///     defer close(s.stopped)
    ///     // ...
    /// }
    /// ```
    pub struct ReceiveNeverCompletes {
        code: "GL102",
        name: "receive-never-completes",
        summary: "receive from a channel that no goroutine ever sends on or closes",
        severity: Warning,
        default: true,
    }
}

impl Rule for ReceiveNeverCompletes {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        for c in m.classes_with_ops() {
            let Some(class) = m.class(c) else { continue };
            if class.open {
                continue;
            }
            let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
            if ops
                .iter()
                .any(|o| matches!(o.kind, ChanOpKind::Send | ChanOpKind::Close))
            {
                continue;
            }
            // `<-make(chan struct{})` blocks forever on purpose.
            let on_purpose = |op: &ChanOp| {
                !class.makes.is_empty()
                    && class
                        .makes
                        .iter()
                        .all(|mk| mk.span.start >= op.span.start && mk.span.end <= op.span.end)
            };
            for op in ops
                .iter()
                .filter(|o| o.kind == ChanOpKind::Recv && o.blocks() && !on_purpose(o))
            {
                let ch = chan_name(op);
                let mut d = if class.makes.is_empty() {
                    Diagnostic::new(
                        Self::META.code,
                        Self::META.name,
                        op.span,
                        format!("receive from {ch} blocks forever: it is never made, and a nil channel never delivers"),
                    )
                    .with_primary_label("blocks forever")
                    .with_help(format!("make the channel (`{} = make(chan T)`) before anyone receives from it", if op.name.is_empty() { "ch" } else { &op.name }))
                } else {
                    Diagnostic::new(
                        Self::META.code,
                        Self::META.name,
                        op.span,
                        format!("receive from {ch} blocks forever: nothing in the package sends on it or closes it"),
                    )
                    .with_primary_label("blocks forever")
                    .with_help("send on the channel or close it where the awaited event happens")
                };
                for mk in &class.makes {
                    d = d.with_label(mk.span, "the channel is made here");
                }
                out.push(d);
            }
        }
    }
}
