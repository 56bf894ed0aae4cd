use golint_analysis::escape::{AllocKind, EscapeKind};

use super::{finding, per_iteration};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a `make` inside a loop whose result escapes to the heap —
    /// sized at run time and kept, or too large for the stack (over
    /// 64 KiB) — so that every iteration allocates. A `make` on a path that
    /// leaves the loop runs once per call and is not reported.
    ///
    /// ## Why is this bad?
    /// An allocation per iteration, and as much garbage for the collector.
    /// Allocate once before the loop and reuse the buffer (`buf = buf[:0]`),
    /// or take one from a `sync.Pool`.
    ///
    /// The rule is off by default (a performance hint); enable it with
    /// `--extend-select GL504`.
    ///
    /// ## Example
    /// ```go
    /// for _, f := range files {
    ///     buf := make([]byte, size)
    ///     w.Write(buf)
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// buf := make([]byte, size)
    /// for _, f := range files {
    ///     w.Write(buf)
    /// }
    /// ```
    pub struct AllocInLoop {
        code: "GL504",
        name: "alloc-in-loop",
        summary: "a `make` in a loop escapes to the heap: an allocation per iteration",
        severity: Note,
        default: false,
    }
}

impl Rule for AllocInLoop {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        for e in cx.escapes() {
            if e.kind != EscapeKind::EscapesToHeap
                || e.alloc != AllocKind::Make
                || !per_iteration(cx.package, e)
            {
                continue;
            }
            out.push(finding(
                &Self::META,
                e,
                "`make` in a loop escapes to the heap: an allocation per iteration".into(),
                "escapes to the heap",
            ));
        }
    }
}
