use golint_analysis::escape::EscapeKind;

use super::finding;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a variable moved to the heap because a closure that outlives
    /// the function captures it by reference: a goroutine's function
    /// literal, a closure returned or stored. A variable is captured by
    /// reference when it is written after the closure is made (or its
    /// address is taken); the others are copied into the closure.
    ///
    /// ## Why is this bad?
    /// The variable costs a heap allocation, and — when a goroutine
    /// captures it — it is mutable state shared between goroutines: every
    /// access needs synchronization, and a write after the `go` statement
    /// races with the goroutine. Passing the value as an argument
    /// (`go func(n int) { … }(n)`) or writing it before the closure is made
    /// keeps it on the stack and unshared.
    ///
    /// The rule is off by default: sharing a `sync.WaitGroup` or a result
    /// variable with a goroutine is idiomatic. Enable it
    /// (`--extend-select GL502`) when hunting allocations or shared state.
    ///
    /// ## Example
    /// ```go
    /// total := 0
    /// go func() {
    ///     total++ // shared with the caller
    /// }()
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// results := make(chan int, 1)
    /// go func() { results <- 1 }()
    /// total := <-results
    /// ```
    pub struct CapturedMovedToHeap {
        code: "GL502",
        name: "captured-moved-to-heap",
        summary: "a variable is moved to the heap because an escaping closure or a goroutine captures it",
        severity: Note,
        default: false,
    }
}

impl Rule for CapturedMovedToHeap {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        for e in cx.escapes() {
            if e.kind != EscapeKind::MovedToHeap {
                continue;
            }
            let Some(first) = e.reasons.first() else {
                continue;
            };
            if !first.text.contains("captured by reference") {
                continue;
            }
            let Some(name) = &e.var else { continue };
            let goroutine = e.reasons.iter().any(|r| r.text == "run by a goroutine");
            let message = if goroutine {
                format!("`{name}` is shared with a goroutine that captures it: moved to the heap")
            } else {
                format!("`{name}` is captured by a closure that outlives the function: moved to the heap")
            };
            out.push(finding(&Self::META, e, message, "moved to the heap"));
        }
    }
}
