use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a staticcheck-style directive that cannot be applied:
    /// `//lint:ignore` or `//lint:file-ignore` without a code, or without
    /// the reason that follows the codes.
    ///
    /// ## Why is this bad?
    /// staticcheck and golint-rs require the reason, so that every
    /// suppression says why the finding is wrong or accepted. A directive
    /// without codes or without a reason is ignored, so the finding it was
    /// meant to silence is reported anyway.
    ///
    /// ## Example
    /// ```go
    /// //lint:ignore GL401
    /// for _, f := range files {
    ///     defer f.Close()
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// //lint:ignore GL401 the loop runs at most three times
    /// for _, f := range files {
    ///     defer f.Close()
    /// }
    /// ```
    pub struct MalformedDirective {
        code: "GL003",
        name: "malformed-directive",
        summary: "a `//lint:ignore` directive without codes or without a reason",
        severity: Warning,
        default: true,
    }
}
