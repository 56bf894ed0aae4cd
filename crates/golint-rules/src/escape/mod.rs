//! GL5xx: heap escapes. The facts come from `golint_analysis::escape`
//! (computed once per package, `RuleContext::escapes`), which the Go
//! compiler judges (`crates/golint-rs/tests/escape.rs`); the rules pick the
//! escapes worth a reviewer's time and tell their story.

mod alloc_in_loop;
mod boxing_in_loop;
mod captured_moved_to_heap;
mod constructor_allocates;
mod loop_var_address_escapes;

pub use alloc_in_loop::AllocInLoop;
pub use boxing_in_loop::BoxingInLoop;
pub use captured_moved_to_heap::CapturedMovedToHeap;
pub use constructor_allocates::ConstructorAllocates;
pub use loop_var_address_escapes::LoopVarAddressEscapes;

use golint_analysis::escape::Escape;
use golint_diagnostics::{Diagnostic, RuleMeta};
use golint_ir::{FileIr, PackageIr};

/// The file of an escape.
pub(crate) fn file_of<'a>(package: &'a PackageIr, e: &Escape) -> Option<&'a FileIr> {
    package.files.iter().find(|f| f.file == e.span.file)
}

/// The allocation can run again in the same call: its block is on a cycle
/// of the function's CFG. One inside a loop on a path that leaves it
/// (`return fmt.Errorf(…)` in an `if err != nil`) runs at most once per call
/// and is not "an allocation per iteration". Unknown when the allocating op
/// is not found: taken as per iteration, as `in_loop` says.
pub(crate) fn per_iteration(package: &PackageIr, e: &Escape) -> bool {
    let Some(cfg) = file_of(package, e)
        .and_then(|f| f.funcs.get(e.func_id.0 as usize))
        .and_then(|f| f.body.as_ref())
    else {
        return e.in_loop;
    };
    let at = e.span.start;
    // The innermost op around the allocation: a call's span holds its
    // arguments' conversions.
    let block = cfg
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(bi, b)| b.ops.iter().map(move |op| (bi, op.span)))
        .filter(|(_, sp)| sp.start <= at && at < sp.end.max(sp.start + 1))
        .min_by_key(|(_, sp)| sp.end - sp.start)
        .map(|(bi, _)| bi);
    match block {
        Some(b) => e.in_loop && golint_analysis::cfg::on_cycle(cfg, b),
        None => e.in_loop,
    }
}

/// A finding at the escape, with each reason as a secondary label and the
/// chain as a note.
pub(crate) fn finding(meta: &RuleMeta, e: &Escape, message: String, label: &str) -> Diagnostic {
    let mut d = Diagnostic::new(meta.code, meta.name, e.span, message)
        .with_severity(meta.default_severity)
        .with_primary_label(label);
    for r in &e.reasons {
        if r.span != e.span {
            d = d.with_label(r.span, r.text.clone());
        }
    }
    if !e.reasons.is_empty() {
        let chain: Vec<&str> = e.reasons.iter().map(|r| r.text.as_str()).collect();
        d = d.with_note(format!("escapes: {}", chain.join(" → ")));
    }
    d
}
