use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a suppression directive naming golint-rs rules
    /// (`//nolint:GL601`, `//nolint:golint-rs`, `//lint:ignore GL601 …`,
    /// `//lint:file-ignore GL601 …`) that suppressed no finding in this run.
    ///
    /// A code is only reported as unused when its rule ran: a directive for
    /// a rule left out with `--select` or `--ignore` is not judged. A bare
    /// `//nolint` or `//nolint:all` is never reported: it may be there for
    /// golangci-lint's other linters.
    ///
    /// ## Why is this bad?
    /// The code it was written for has changed, and the directive stays
    /// behind. A stale directive silences the next, real finding on the same
    /// line without anyone deciding so, and misleads the reader about what
    /// is wrong with the code.
    ///
    /// ## Example
    /// ```go
    /// v, ok := x.(int) //nolint:GL601 // the assertion is now checked
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// v, ok := x.(int)
    /// ```
    pub struct UnusedDirective {
        code: "GL002",
        name: "unused-directive",
        summary: "a suppression directive suppresses nothing",
        severity: Warning,
        default: true,
    }
}
