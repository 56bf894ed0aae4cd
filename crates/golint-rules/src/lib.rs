//! The rules of golint-rs, one file per rule, grouped by family, and the
//! registry that lists them.
//!
//! A rule is declared with [`declare_rule!`]: its `///` doc comment is both
//! the rustdoc of the rule and its user documentation (`golint-rs rule
//! GL601`, SARIF `rules[].help`, the README table), so the two never drift.

pub mod channels;
pub mod defer;
pub mod errors;
pub mod escape;
pub mod findings;
pub mod locks;
pub mod meta;
pub mod registry;
pub mod text;

use std::cell::OnceCell;

use golint_analysis::concurrency::Model;
use golint_analysis::escape::Escape;
use golint_analysis::{PackageIndex, Program};
use golint_diagnostics::RuleMeta;
use golint_ir::PackageIr;

pub use findings::Findings;

/// What a rule sees: the whole program and the package it checks, with the
/// package's index and concurrency model, built once and shared by rules.
pub struct RuleContext<'a> {
    pub program: &'a Program,
    pub package: &'a PackageIr,
    index: &'a PackageIndex<'a>,
    model: &'a OnceCell<Model<'a>>,
    escapes: &'a OnceCell<Vec<Escape>>,
}

impl RuleContext<'_> {
    /// Runs `f` with the context of `package`.
    pub fn with<R>(
        program: &Program,
        package: &PackageIr,
        f: impl FnOnce(&RuleContext<'_>) -> R,
    ) -> R {
        let index = PackageIndex::new(package);
        let model = OnceCell::new();
        let escapes = OnceCell::new();
        let cx = RuleContext {
            program,
            package,
            index: &index,
            model: &model,
            escapes: &escapes,
        };
        f(&cx)
    }
}

impl<'a> RuleContext<'a> {
    pub fn index(&self) -> &'a PackageIndex<'a> {
        self.index
    }

    /// The package's concurrency model, built on first use.
    pub fn model(&self) -> &'a Model<'a> {
        self.model.get_or_init(|| Model::build(self.index))
    }

    /// The package's heap escapes, computed on first use.
    pub fn escapes(&self) -> &'a [Escape] {
        self.escapes
            .get_or_init(|| golint_analysis::escape::analyze_package(self.index))
    }
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    /// Appends the rule's findings in `cx.package`.
    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings);
}

/// Declares a rule: a unit struct carrying the doc comment, and its
/// [`RuleMeta`] as `<Struct>::META`.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct DeferInLoop {
///         code: "GL401",
///         name: "defer-in-loop",
///         summary: "`defer` inside a loop runs only when the function returns",
///         severity: Warning,
///         default: true, // on by default; `false` for an opt-in rule
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            summary: $summary:literal,
            severity: $sev:ident,
            default: $default:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name;

        impl $name {
            pub const META: golint_diagnostics::RuleMeta = golint_diagnostics::RuleMeta {
                code: $code,
                name: $rule_name,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
                default_severity: golint_diagnostics::Severity::$sev,
                default_enabled: $default,
            };
        }
    };
}

/// A rule's documentation as written in its doc comment, without the one
/// space that follows each `///`.
pub fn doc_text(meta: &RuleMeta) -> String {
    let mut out = String::with_capacity(meta.doc.len());
    for line in meta.doc.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}
