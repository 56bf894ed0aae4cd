use golint_analysis::concurrency::{ChanOp, ChanOpKind, Model};
use golint_diagnostics::Diagnostic;
use golint_ir::Term;

use super::{chan_name, func_display};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports `for v := range ch` over a channel made in this package that
    /// nothing in the package ever closes, under any of its names (local,
    /// parameter, struct field, returned value).
    ///
    /// Not reported when the channel may be closed by code the analysis
    /// cannot see: it is a parameter of an exported function, an exported
    /// field, or it is handed to another package.
    ///
    /// ## Why is this bad?
    /// A `range` over a channel ends only when the channel is closed. If
    /// nobody closes it, the loop waits forever after the last value: the
    /// goroutine running it leaks, or the function never returns.
    ///
    /// ## Example
    /// ```go
    /// jobs := make(chan Job)
    /// for i := 0; i < workers; i++ {
    ///     go func() {
    ///         for j := range jobs { // never ends
    ///             j.Run()
    ///         }
    ///     }()
    /// }
    /// for _, j := range all {
    ///     jobs <- j
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// for _, j := range all {
    ///     jobs <- j
    /// }
    /// close(jobs) // the workers' loops end
    /// ```
    pub struct RangeNeverClosed {
        code: "GL103",
        name: "range-over-unclosed-channel",
        summary: "`range` over a channel that nothing closes never ends",
        severity: Warning,
        default: true,
    }
}

impl Rule for RangeNeverClosed {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        for c in m.classes_with_ops() {
            let Some(class) = m.class(c) else { continue };
            if class.open || class.makes.is_empty() {
                continue;
            }
            let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
            if ops.iter().any(|o| o.kind == ChanOpKind::Close) {
                continue;
            }
            for op in ops
                .iter()
                .filter(|o| o.kind == ChanOpKind::Range && !leaves_early(m, o))
            {
                let ch = chan_name(op);
                let mut d = Diagnostic::new(
                    Self::META.code,
                    Self::META.name,
                    op.span,
                    format!("`range` over {ch} never ends: nothing in the package closes it"),
                )
                .with_primary_label(format!(
                    "{} waits here forever after the last value",
                    func_display(m, op.func)
                ));
                for mk in &class.makes {
                    d = d.with_label(mk.span, "the channel is made here");
                }
                if let Some(s) = ops.iter().find(|o| o.kind == ChanOpKind::Send) {
                    d = d.with_label(
                        s.span,
                        "values are sent here, but the channel is never closed",
                    );
                }
                out.push(d.with_help("close the channel once the last value is sent (`defer close(ch)` in the producer)"));
            }
        }
    }
}

/// The loop of the `range` has a way out besides the channel's close: a
/// `break`, a `return`, a `goto` out of its body.
fn leaves_early(m: &Model<'_>, op: &ChanOp) -> bool {
    let (Some(cfg), Some(shape)) = (&m.funcs.func(op.func).body, m.shape(op.func)) else {
        return true;
    };
    let loops = &shape.loops;
    let header = op.pos.block();
    let Some(id) = loops.of(header) else {
        return true;
    };
    cfg.blocks.iter().enumerate().any(|(b, block)| {
        let b = b as u32;
        if b == header || loops.of(b) != Some(id) {
            return false;
        }
        matches!(block.term, Term::Return { .. } | Term::Panic { .. })
            || block
                .term
                .successors()
                .iter()
                .any(|s| loops.of(s.0) != Some(id))
    })
}
