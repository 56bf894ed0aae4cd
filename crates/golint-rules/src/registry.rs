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
        &crate::channels::SendNeverReceived,
        &crate::channels::TimerReceiveBlocks,
        &crate::channels::ContextNeverCancelled,
        &crate::locks::ChannelOpUnderLock,
        &crate::locks::LockAlreadyHeld,
        &crate::locks::LockNotReleased,
        &crate::locks::LockOrderInversion,
        &crate::defer::DeferInLoop,
        &crate::defer::DeferredArgsEvaluatedEarly,
        &crate::escape::ConstructorAllocates,
        &crate::escape::CapturedMovedToHeap,
        &crate::escape::LoopVarAddressEscapes,
        &crate::escape::AllocInLoop,
        &crate::escape::BoxingInLoop,
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

/// The rule families: code prefix and what the family is about. A family
/// may have no rule yet (README announces them): selecting it is a warning,
/// not an error.
pub const FAMILIES: &[(&str, &str)] = &[
    ("GL0", "the driver: syntax, suppression directives"),
    ("GL1", "channels"),
    ("GL2", "locks, WaitGroups and conditions"),
    ("GL3", "goroutine lifecycle and context"),
    ("GL4", "defer"),
    ("GL5", "heap escapes"),
    ("GL6", "other runtime panics and error handling"),
];
