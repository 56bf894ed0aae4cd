//! GL4xx: `defer` pitfalls. A deferred call runs when the surrounding
//! function returns, with arguments evaluated at the `defer` statement.

mod defer_in_loop;
mod deferred_args_evaluated_early;

pub use defer_in_loop::DeferInLoop;
pub use deferred_args_evaluated_early::DeferredArgsEvaluatedEarly;

use golint_ir::{Func, FuncKind};

/// How a diagnostic names a function: `` `Foo` `` or `` `T.Foo` ``, or
/// "the function literal".
pub(crate) fn func_display(f: &Func) -> String {
    match f.kind {
        FuncKind::Literal { .. } => "the function literal".to_string(),
        _ => format!("`{}`", f.name),
    }
}
