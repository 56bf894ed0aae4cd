use golint_analysis::escape::{AllocKind, EscapeKind};
use golint_ir::FuncKind;

use super::{file_of, finding};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a function that returns a pointer to what it allocates
    /// (`return &T{…}`, `return new(T)`, or a local whose address it
    /// returns), so that the value is allocated on the heap — the report
    /// `go build -gcflags=-m` gives as "&T{...} escapes to heap", with the
    /// reason.
    ///
    /// ## Why is this bad?
    /// Often it is not: a constructor returning a pointer is idiomatic Go.
    /// But in a hot path each call costs an allocation and garbage-collector
    /// work, where returning the value (`func MakeT() T`) or filling one the
    /// caller owns (`func (t *T) Init()`) would keep it on the caller's
    /// stack. The rule is off by default: enable it
    /// (`--extend-select GL501`) when hunting allocations.
    ///
    /// ## Known problems
    /// A small constructor is inlined by the compiler, and then its
    /// allocation may stay on the stack of a caller that does not let it
    /// out; the rule reports the constructor itself, as the compiler does.
    ///
    /// ## Example
    /// ```go
    /// func NewPoint(x, y int) *Point {
    ///     return &Point{X: x, Y: y}
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func MakePoint(x, y int) Point {
    ///     return Point{X: x, Y: y}
    /// }
    /// ```
    pub struct ConstructorAllocates {
        code: "GL501",
        name: "constructor-allocates",
        summary: "a function returns a pointer to what it allocates: a heap allocation per call",
        severity: Note,
        default: false,
    }
}

impl Rule for ConstructorAllocates {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        for e in cx.escapes() {
            let returned = e
                .reasons
                .last()
                .is_some_and(|r| r.text.starts_with("returned from"));
            let allocates = matches!(
                (e.kind, e.alloc),
                (
                    EscapeKind::EscapesToHeap,
                    AllocKind::AddrComposite | AllocKind::New
                ) | (EscapeKind::MovedToHeap, AllocKind::Var)
            );
            if !returned || !allocates || e.reasons.len() > 2 {
                continue;
            }
            let Some(file) = file_of(cx.package, e) else {
                continue;
            };
            let f = file.func(e.func_id);
            if !matches!(f.kind, FuncKind::Func | FuncKind::Method { .. }) {
                continue;
            }
            if !f.results.first().is_some_and(|r| r.ty.starts_with('*')) {
                continue;
            }
            let what = match &e.var {
                Some(v) => format!("`{v}`"),
                None => "its allocation".to_string(),
            };
            out.push(finding(
                &Self::META,
                e,
                format!(
                    "`{}` returns a pointer to {what}: allocated on the heap",
                    f.name
                ),
                "escapes to the heap",
            ));
        }
    }
}
