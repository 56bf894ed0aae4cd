use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a suppression directive (`//nolint:…`, `//lint:ignore …`,
    /// `//lint:file-ignore …`) naming a golint-rs code that no rule has.
    ///
    /// Names that are not golint-rs codes (`errcheck`, `SA1019`) belong to
    /// other linters sharing the same conventions and are left alone.
    ///
    /// ## Why is this bad?
    /// The directive suppresses nothing: it was mistyped, or it names a rule
    /// that was removed. The finding it was meant to silence is reported
    /// anyway, or the directive is dead weight that hides nothing.
    ///
    /// ## Example
    /// ```go
    /// v := x.(int) //nolint:GL610 // checked by the caller
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// v := x.(int) //nolint:GL601 // checked by the caller
    /// ```
    pub struct UnknownRuleInDirective {
        code: "GL001",
        name: "unknown-rule-in-directive",
        summary: "a suppression directive names a rule code that does not exist",
        severity: Warning,
        default: true,
    }
}
