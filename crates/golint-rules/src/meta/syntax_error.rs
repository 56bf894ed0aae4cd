use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports the places where the file is not valid Go: a missing token
    /// (`)`, `}`), or text the Go grammar does not expect.
    ///
    /// ## Why is this bad?
    /// The file does not compile. golint-rs still analyzes the rest of the
    /// file, but around the error it sees only part of the code, so other
    /// rules may miss findings there or report findings that fixing the
    /// syntax makes go away.
    ///
    /// ## Example
    /// ```go
    /// func f(ch chan int) {
    ///     ch <- 1
    /// // the closing brace is missing
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func f(ch chan int) {
    ///     ch <- 1
    /// }
    /// ```
    pub struct SyntaxError {
        code: "GL000",
        name: "syntax-error",
        summary: "the file is not valid Go",
        severity: Error,
        default: true,
    }
}
