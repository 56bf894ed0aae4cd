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
