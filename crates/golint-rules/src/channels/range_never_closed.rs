use golint_analysis::concurrency::{ChanOp, ChanOpKind, Model, OpPos};
use golint_analysis::cond::{closed_edges, ok_var, RecvAt};
use golint_diagnostics::Diagnostic;
use golint_ir::Term;

use super::{chan_name, func_display};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports `for v := range ch` over a channel made in this package that
    /// nothing in the package ever closes, under any of its names (local,
    /// parameter, struct field, returned value). The same for the loop
    /// written by hand, `for { v, ok := <-ch; if !ok { return } … }` (or
    /// a `select` case receiving `v, ok`), whose only way out is the branch
    /// where `ok` is false, on a channel the package sends on.
    ///
    /// Not reported when the channel may be closed by code the analysis
    /// cannot see: it is a parameter of an exported function, an exported
    /// field, or it is handed to another package. Nor when it is kept in a
    /// struct field of a type without a method that ends its life
    /// (`Close`, `Stop`, `Shutdown`, `Cancel`, `Terminate`, `Quit`, `Halt`,
    /// in any case): nothing can stop such an object, and the goroutine
    /// ranging over its channel is meant to live as long as the program (a
    /// daemon's event forwarder).
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
            // A channel kept in an object that nothing can stop is ranged
            // by a goroutine meant to live as long as the program (a
            // daemon's event forwarder): only an object with a way to stop
            // it leaves that goroutine behind.
            if class.in_field && !stoppable(m, &class.field_types) {
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
            // `for { v, ok := <-ch; if !ok { return } … }` is a `range`
            // written by hand: the same when its only way out is `!ok`.
            // A channel nothing sends on is GL102's.
            let Some(send) = ops.iter().find(|o| o.kind == ChanOpKind::Send) else {
                continue;
            };
            for op in ops
                .iter()
                .filter(|o| o.kind == ChanOpKind::Recv && o.comma_ok && ends_only_on_close(m, o))
            {
                let ch = chan_name(op);
                let mut d = Diagnostic::new(
                    Self::META.code,
                    Self::META.name,
                    op.span,
                    format!("loop receiving from {ch} never ends: it leaves only once `ok` is false, and nothing in the package closes it"),
                )
                .with_primary_label(format!(
                    "{} waits here forever after the last value",
                    func_display(m, op.func)
                ));
                for mk in &class.makes {
                    d = d.with_label(mk.span, "the channel is made here");
                }
                d = d.with_label(
                    send.span,
                    "values are sent here, but the channel is never closed",
                );
                out.push(d.with_help("close the channel once the last value is sent (`defer close(ch)` in the producer)"));
            }
        }
    }
}

/// The comma-ok receive `op` is on a loop whose only ways out are the
/// branches taken when `ok` is false (`if !ok { return }`): searched from
/// the loop's entry over its blocks, no `return`, `panic` or edge out of
/// the loop is reached but through them.
fn ends_only_on_close(m: &Model<'_>, op: &ChanOp) -> bool {
    let (Some(cfg), Some(shape)) = (&m.funcs.func(op.func).body, m.shape(op.func)) else {
        return false;
    };
    let at = match op.pos {
        OpPos::Op { block, index } => RecvAt::Op(block, index),
        OpPos::Case { block, case } => RecvAt::Case(block, case),
    };
    let Some(closed) = ok_var(cfg, at).and_then(|ok| closed_edges(cfg, ok, at)) else {
        return false;
    };
    let loops = &shape.loops;
    let (Some(id), Some(entry)) = (loops.of(op.pos.block()), loops.entry_of(op.pos.block())) else {
        return false;
    };
    if closed.is_empty() {
        return false;
    }
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = vec![entry];
    while let Some(b) = work.pop() {
        match seen.get_mut(b as usize) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let Some(block) = cfg.blocks.get(b as usize) else {
            continue;
        };
        if matches!(
            block.term,
            Term::Return { .. } | Term::Panic { .. } | Term::FallOff { .. }
        ) {
            return false;
        }
        for t in block.term.successors() {
            if closed.contains(&(b, t.0)) {
                continue;
            }
            if loops.of(t.0) != Some(id) {
                return false;
            }
            work.push(t.0);
        }
    }
    true
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

/// Some type in `types` has a method that ends its life: `Close`, `Stop`,
/// `Shutdown`, `Cancel` and the like, in any case (`close`). A longer name
/// (`CloseIO`, `StopTimer`) ends something else.
fn stoppable(m: &Model<'_>, types: &[String]) -> bool {
    const VERBS: [&str; 7] = [
        "close",
        "stop",
        "shutdown",
        "cancel",
        "terminate",
        "quit",
        "halt",
    ];
    m.funcs.all().any(|f| {
        let func = m.funcs.func(f);
        let golint_ir::FuncKind::Method { recv_type, .. } = &func.kind else {
            return false;
        };
        let method = func
            .name
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        types.iter().any(|t| t == recv_type) && VERBS.contains(&method.as_str())
    })
}
