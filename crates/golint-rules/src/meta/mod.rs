//! Rules of the driver itself: they are not checks over the IR but findings
//! of the pipeline (syntax errors) and of the suppression directives. They
//! are selected, ignored and documented like every other rule; the binary
//! produces their diagnostics.

mod malformed_directive;
mod syntax_error;
mod unknown_rule_in_directive;
mod unused_directive;

pub use malformed_directive::MalformedDirective;
pub use syntax_error::SyntaxError;
pub use unknown_rule_in_directive::UnknownRuleInDirective;
pub use unused_directive::UnusedDirective;
