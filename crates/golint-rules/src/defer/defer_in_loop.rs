use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Callee, FileIr, Func, OpKind};

use super::func_display;
use crate::{declare_rule, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a `defer` statement inside a `for` loop of the same function.
    /// Function literals are functions of their own: a `defer` in a literal
    /// called in the loop (or in a goroutine started there) runs when that
    /// literal returns and is not reported.
    ///
    /// ## Why is this bad?
    /// A deferred call runs when the surrounding function returns, not at
    /// the end of the loop iteration. Each iteration pushes one more call:
    /// files stay open, locks stay held and buffers stay alive until the
    /// function returns. A long loop runs out of file descriptors, and a
    /// deferred `Unlock` in a loop deadlocks on the second `Lock` of the
    /// same mutex.
    ///
    /// ## Known problems
    /// The rule does not reason about iteration counts: a loop that always
    /// returns in the iteration that reaches the `defer` is still reported.
    /// Restructure it (open in a helper, or `break` out and defer after the
    /// loop) or suppress the finding with a reason.
    ///
    /// ## Example
    /// ```go
    /// for _, p := range paths {
    ///     f, err := os.Open(p)
    ///     if err != nil {
    ///         return err
    ///     }
    ///     defer f.Close() // every file stays open until the function returns
    ///     if err := process(f); err != nil {
    ///         return err
    ///     }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// for _, p := range paths {
    ///     if err := processFile(p); err != nil {
    ///         return err
    ///     }
    /// }
    ///
    /// func processFile(p string) error {
    ///     f, err := os.Open(p)
    ///     if err != nil {
    ///         return err
    ///     }
    ///     defer f.Close() // runs at the end of each call
    ///     return process(f)
    /// }
    /// ```
    pub struct DeferInLoop {
        code: "GL401",
        name: "defer-in-loop",
        summary: "`defer` inside a loop runs only when the function returns",
        severity: Warning,
    }
}

impl Rule for DeferInLoop {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
        for file in &cx.package.files {
            for func in &file.funcs {
                let Some(body) = &func.body else { continue };
                for block in &body.blocks {
                    if block.loop_depth == 0 {
                        continue;
                    }
                    for op in &block.ops {
                        if let OpKind::Defer(call) = &op.kind {
                            out.push(report(file, func, op.span, &call.callee, block.loop_span));
                        }
                    }
                }
            }
        }
    }
}

fn report(
    file: &FileIr,
    func: &Func,
    defer: Span,
    callee: &Callee,
    loop_span: Option<Span>,
) -> Diagnostic {
    let m = &DeferInLoop::META;
    let owner = func_display(func);
    // `defer func() {` of a deferred literal: its body would make the span
    // cover many lines.
    let primary = match callee {
        Callee::Literal(id) => match file.funcs.get(id.0 as usize) {
            Some(lit) => Span::new(defer.file, defer.start, lit.name_span.end),
            None => defer,
        },
        _ => defer,
    };
    let mut d = Diagnostic::new(
        m.code,
        m.name,
        primary,
        format!("`defer` inside a loop: the deferred call runs when {owner} returns, not after each iteration"),
    )
    .with_severity(m.default_severity)
    .with_primary_label("a call is deferred on every iteration");
    if let Some(l) = loop_span {
        d = d.with_label(l, "this loop runs the `defer` once per iteration");
    }
    d.with_label(
        func.name_span,
        format!("the deferred calls pile up until {owner} returns"),
    )
    .with_help(
        "move the loop body into a function (a named helper, or a function literal called on the spot) \
         so that the deferred call runs at the end of each iteration, or make the call without `defer` \
         at the end of the iteration",
    )
}
