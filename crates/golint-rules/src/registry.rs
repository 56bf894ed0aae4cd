//! The registry: every rule, by code. A code is never reused.

use crate::Rule;

/// All rules, in code order.
pub fn all() -> Vec<&'static dyn Rule> {
    vec![
        &crate::channels::AbandonedChannel,
        &crate::channels::ReceiveNeverCompletes,
        &crate::channels::RangeNeverClosed,
        &crate::channels::CircularWait,
        &crate::channels::SelfDeadlock,
        &crate::channels::ClosedChannelMisuse,
        &crate::defer::DeferInLoop,
        &crate::defer::DeferredArgsEvaluatedEarly,
        &crate::errors::UncheckedTypeAssertion,
        &crate::errors::ErrorfWithoutWrap,
    ]
}

/// The rules of the driver (syntax errors, suppression directives), which the
/// binary reports itself; in code order.
pub fn driver_metas() -> &'static [golint_diagnostics::RuleMeta] {
    static METAS: [golint_diagnostics::RuleMeta; 4] = [
        crate::meta::SyntaxError::META,
        crate::meta::UnknownRuleInDirective::META,
        crate::meta::UnusedDirective::META,
        crate::meta::MalformedDirective::META,
    ];
    &METAS
}
