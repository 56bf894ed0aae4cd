use golint_analysis::escape::{AllocKind, EscapeKind};

use super::{finding, per_iteration};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a value that is not a pointer converted to an interface
    /// that escapes, inside a loop: an argument of `fmt.Sprintf`,
    /// `log.Printf`, `panic`, a value stored in an `any` that outlives the
    /// iteration. A conversion on a path that leaves the loop
    /// (`return fmt.Errorf("open %s: %w", name, err)`) runs once per call
    /// and is not reported.
    ///
    /// ## Why is this bad?
    /// The conversion copies the value into a new heap allocation on every
    /// iteration. In a hot loop, format with `strconv` (`strconv.AppendInt`
    /// into a reused buffer) or keep the concrete type.
    ///
    /// The rule is off by default (a performance hint); enable it with
    /// `--extend-select GL505`.
    ///
    /// ## Example
    /// ```go
    /// for i := 0; i < n; i++ {
    ///     keys = append(keys, fmt.Sprintf("key-%d", i))
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// for i := 0; i < n; i++ {
    ///     keys = append(keys, "key-"+strconv.Itoa(i))
    /// }
    /// ```
    pub struct BoxingInLoop {
        code: "GL505",
        name: "boxing-in-loop",
        summary: "a value converted to an escaping interface in a loop: an allocation per iteration",
        severity: Note,
        default: false,
    }
}

impl Rule for BoxingInLoop {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        for e in cx.escapes() {
            if e.kind != EscapeKind::EscapesToHeap
                || e.alloc != AllocKind::Boxing
                || !per_iteration(cx.package, e)
            {
                continue;
            }
            let what = match &e.what {
                Some(w) if !w.contains(' ') => format!("`{w}`"),
                _ => "a value".to_string(),
            };
            out.push(finding(
                &Self::META,
                e,
                format!("{what} is converted to an interface that escapes, on every iteration"),
                "boxed on the heap",
            ));
        }
    }
}
