use golint_analysis::escape::EscapeKind;

use super::{file_of, finding};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a loop variable (`for i := …`, `for _, v := range …`) whose
    /// address escapes the iteration: stored, appended, sent, or captured
    /// by a closure that outlives it.
    ///
    /// ## Why is this bad?
    /// Before Go 1.22 (the `go` line of `go.mod`), a loop has one variable
    /// for all its iterations: every pointer stored points to the same
    /// variable, which holds the last value when the loop ends — a bug.
    /// Since Go 1.22 each iteration has its own variable, and each one that
    /// escapes is a heap allocation per iteration. Index the slice
    /// (`&items[i]`) or copy the value into what you store.
    ///
    /// ## Known problems
    /// The rule reports every loop variable the escape analysis moves to
    /// the heap, also when its address leaves only with a `return` that
    /// ends the loop (`return &server`) or goes to a call such as
    /// `fmt.Printf("%v", &v)`: no iteration shares anything then. Over the
    /// Go standard library and Debian's Go most findings are of that kind,
    /// so the rule is opt-in: `--extend-select GL503`.
    ///
    /// ## Example
    /// ```go
    /// var ptrs []*Item
    /// for _, it := range items {
    ///     ptrs = append(ptrs, &it)
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// var ptrs []*Item
    /// for i := range items {
    ///     ptrs = append(ptrs, &items[i])
    /// }
    /// ```
    pub struct LoopVarAddressEscapes {
        code: "GL503",
        name: "loop-var-address-escapes",
        summary: "the address of a loop variable escapes the iteration",
        severity: Warning,
        default: false,
    }
}

impl Rule for LoopVarAddressEscapes {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let shared = cx.package.go_version.is_some_and(|v| v < (1, 22));
        for e in cx.escapes() {
            if e.kind != EscapeKind::MovedToHeap {
                continue;
            }
            let (Some(name), Some(file)) = (&e.var, file_of(cx.package, e)) else {
                continue;
            };
            let Some(body) = &file.func(e.func_id).body else {
                continue;
            };
            // Declared in a loop header: `for i := …`, `for k, v := range …`.
            let in_header = body.blocks.iter().any(|b| {
                b.loop_span
                    .is_some_and(|l| l.start <= e.span.start && e.span.end <= l.end)
            });
            if !in_header {
                continue;
            }
            let message = if shared {
                format!("loop variable `{name}` escapes the iteration: before Go 1.22 every iteration shares it")
            } else {
                format!(
                    "loop variable `{name}` escapes the iteration: a heap allocation per iteration"
                )
            };
            out.push(finding(&Self::META, e, message, "moved to the heap"));
        }
    }
}
