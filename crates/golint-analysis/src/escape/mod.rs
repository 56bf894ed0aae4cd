//! Heap escapes: which allocations and variables of a package outlive the
//! frame that creates them, and why — the facts `go build -gcflags=-m`
//! prints, computed from the IR alone.
//!
//! The model is the Go compiler's own (`cmd/compile/internal/escape`): a
//! graph of *locations* (variables, temporaries, allocation sites, the
//! results of a function, and one heap) whose edges say "the value of `src`,
//! dereferenced `derefs` times, flows into `dst"` (`-1` is `&src`). A
//! location whose address reaches the heap — or a location that outlives it
//! (a result, a variable declared outside its loop) — escapes, and then what
//! flows into it reaches the heap too (`solve.rs`). A function and its
//! literals form one graph (`graph.rs`), since literals share the variables
//! they capture; `calls.rs` is its part about calls.
//!
//! Calls into the package use per-parameter summaries ("leaks to the heap
//! after `n` dereferences", "leaks to result `i`"), computed bottom-up over
//! the strongly connected components of the call graph; a recursive
//! component is iterated to a fixpoint (`summary.rs`). Calls into the
//! standard library use the table in `stdlib.rs`; other calls keep nothing.
//!
//! **Precision first:** what the IR cannot tell (an unknown type, an
//! unresolved call) is taken not to escape, so that every escape reported
//! is one the compiler reports. The compiler is the judge:
//! `crates/golint-rs/tests/escape.rs` checks the facts on `testdata/escape`
//! against Go 1.27, and `scripts/escape_bench.sh` measures precision and
//! recall over the standard library.

pub mod consts;
mod graph;
mod inline;
mod solve;
pub mod stdlib;
mod summary;
pub mod types;

use golint_diagnostics::Span;

pub use summary::{
    analyze_package, analyze_package_with, package_escapes, package_escapes_with,
    package_summaries, package_summaries_with, Imports, InlinedAlloc, PackageSummaries, ParamLeak,
    Summary,
};

/// The compiler's two messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EscapeKind {
    /// "moved to heap: x": a variable whose address outlives its frame.
    MovedToHeap,
    /// "… escapes to heap": an allocation expression.
    EscapesToHeap,
}

impl EscapeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EscapeKind::MovedToHeap => "moved_to_heap",
            EscapeKind::EscapesToHeap => "escapes_to_heap",
        }
    }
}

/// What allocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AllocKind {
    /// A variable (address taken, or captured by reference by a closure).
    Var,
    /// `&T{…}`.
    AddrComposite,
    /// `new(T)`, `new(expr)`.
    New,
    /// `make([]T, n)`, `make(map…)`, `make(chan…)`.
    Make,
    /// A function literal (its closure).
    Closure,
    /// `[]T{…}` or `map[K]V{…}`.
    Literal,
    /// A value converted to an interface (boxed).
    Boxing,
    /// `string(b)`, `[]byte(s)`, `[]rune(s)`.
    Conversion,
    /// An allocation of an inlined standard-library function, reported at
    /// the call (`&errors.errorString{...}`).
    Inlined,
}

impl AllocKind {
    /// The short name used by the benchmark and the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            AllocKind::Var => "var",
            AllocKind::AddrComposite => "addr_composite",
            AllocKind::New => "new",
            AllocKind::Make => "make",
            AllocKind::Closure => "closure",
            AllocKind::Literal => "literal",
            AllocKind::Boxing => "interface",
            AllocKind::Conversion => "conversion",
            AllocKind::Inlined => "inlined",
        }
    }
}

/// One step of the story of an escape, where it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub span: Span,
    pub text: String,
}

/// One heap escape.
#[derive(Clone, Debug)]
pub struct Escape {
    pub kind: EscapeKind,
    pub alloc: AllocKind,
    /// Where the compiler reports it: a variable's name in its declaration,
    /// an expression's first token.
    pub span: Span,
    /// The variable's name; for an expression, `None` (its source text
    /// says it best, and the IR does not keep it).
    pub var: Option<String>,
    /// A fixed description when the expression is not in the source
    /// (`&errors.errorString{...}` of an inlined `errors.New`).
    pub what: Option<String>,
    /// The function (`Foo`, `T.Foo`, `Foo$1` for a literal) that allocates.
    pub func: String,
    /// Its id in its file (the file of `span`).
    pub func_id: golint_ir::FuncId,
    /// The chain of reasons, first what happens to the value itself, last
    /// where it leaves the frame.
    pub reasons: Vec<Reason>,
    /// The allocation is inside a loop of its function.
    pub in_loop: bool,
}
