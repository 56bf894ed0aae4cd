use golint_analysis::{Defs, PackageIndex};
use golint_diagnostics::{Diagnostic, Edit, Fix, Span};
use golint_ir::{Call, Callee, Func, OpKind, Place, Value};

use super::func_display;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a `defer` statement whose arguments compute something that
    /// only makes sense when the deferred call runs: a duration measured
    /// with `time.Since`, `time.Until` or `time.Now().Sub(…)`, or the
    /// result of `recover()`.
    ///
    /// The arguments are searched through nested calls, method chains
    /// (`time.Since(start).Seconds()`), composite literals and operators,
    /// but not inside function literals, nor in the deferred function value
    /// or its receiver (`defer stage("build")()` and
    /// `defer newTimer(h).ObserveDuration()` evaluate them early on purpose).
    ///
    /// ## Why is this bad?
    /// `defer f(args)` evaluates `args` when the `defer` statement runs and
    /// calls `f` when the function returns. So
    /// `defer log.Printf("took %v", time.Since(start))` always logs about
    /// zero, and `defer handle(recover())` calls `recover` while nothing is
    /// panicking: it returns nil and the panic is not stopped.
    ///
    /// ## Known problems
    /// A bare `time.Now()` argument is not reported: it is usually the start
    /// time, taken at the `defer` on purpose
    /// (`defer timeTrack(time.Now(), "build")`).
    ///
    /// ## Example
    /// ```go
    /// start := time.Now()
    /// defer log.Printf("request took %v", time.Since(start))
    /// defer report(recover())
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// start := time.Now()
    /// defer func() {
    ///     log.Printf("request took %v", time.Since(start))
    /// }()
    /// defer func() {
    ///     report(recover())
    /// }()
    /// ```
    pub struct DeferredArgsEvaluatedEarly {
        code: "GL404",
        name: "deferred-args-evaluated-early",
        summary: "a deferred call's arguments measure a duration or call `recover` at the `defer` statement",
        severity: Warning,
        default: true,
    }
}

impl Rule for DeferredArgsEvaluatedEarly {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let index = PackageIndex::new(cx.package);
        // A package function named `recover` shadows the builtin.
        let recover_is_builtin = index.func("recover").is_none();
        let old_loopvar = !matches!(cx.package.go_version, Some(v) if v >= (1, 22));
        for file in &cx.package.files {
            for func in &file.funcs {
                let Some(body) = &func.body else { continue };
                let mut defs = None;
                for (bid, op) in body.ops() {
                    let OpKind::Defer(call) = &op.kind else {
                        continue;
                    };
                    if call.args.is_empty() {
                        continue;
                    }
                    let defs = defs.get_or_insert_with(|| Defs::new(func));
                    let mut finder = Finder {
                        func,
                        defs,
                        recover_is_builtin,
                        found: None,
                    };
                    for a in &call.args {
                        finder.visit(a, 0);
                    }
                    if let Some(early) = finder.found {
                        // Before Go 1.22 a literal in a loop shares the loop
                        // variables: wrapping would change what it sees.
                        let in_loop = body.block(bid).loop_depth > 0;
                        let fixable = !(in_loop && old_loopvar);
                        out.push(report(func, op.span, call, early, fixable));
                    }
                }
            }
        }
    }
}

/// What is evaluated too early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Early {
    Since,
    Until,
    /// `time.Now().Sub(x)`.
    NowSub,
    /// `x.Sub(time.Now())`.
    SubNow,
    Recover,
}

/// Searches the arguments of one deferred call for the first (in source
/// order) offending call.
struct Finder<'a> {
    func: &'a Func,
    defs: &'a Defs<'a>,
    recover_is_builtin: bool,
    found: Option<(Span, Early)>,
}

impl Finder<'_> {
    fn visit(&mut self, v: &Value, depth: u32) {
        if depth > 64 {
            return;
        }
        match v {
            Value::Place(p) => self.visit_place(p, depth),
            Value::AddrOf(p) => self.visit_place(p, depth),
            Value::Composite { fields, .. } => {
                for (_, f) in fields {
                    self.visit(f, depth + 1);
                }
            }
            Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
                for p in v.operands() {
                    self.visit(p, depth + 1);
                }
            }
            // A function literal's body runs when it is called.
            Value::FuncLit(_) => {}
            Value::FuncName(_) | Value::Str(_) | Value::Int(_) | Value::Nil => {}
        }
    }

    fn visit_place(&mut self, p: &Place, depth: u32) {
        match p {
            Place::Temp(t) => {
                let Some(def) = self.defs.temp(*t) else {
                    return;
                };
                match &def.op.kind {
                    OpKind::Call { call, .. } => {
                        let span = self
                            .func
                            .temps
                            .get(*t as usize)
                            .map_or(call.span, |i| i.span);
                        if let Some(kind) = self.classify(call) {
                            self.record(span, kind);
                        }
                        // Everything of a nested call is evaluated now.
                        match &call.callee {
                            Callee::Method { recv, .. } => self.visit(recv, depth + 1),
                            Callee::Dynamic(f) => self.visit(f, depth + 1),
                            _ => {}
                        }
                        for a in &call.args {
                            self.visit(a, depth + 1);
                        }
                    }
                    OpKind::TypeAssert { x, .. } => self.visit(x, depth + 1),
                    OpKind::Recv { ch, .. } => self.visit(ch, depth + 1),
                    _ => {}
                }
            }
            Place::Field(base, _) => self.visit(base, depth + 1),
            Place::Index(base) | Place::Deref(base) => self.visit(base, depth + 1),
            Place::Var(_) | Place::Global { .. } | Place::Blank => {}
        }
    }

    fn record(&mut self, span: Span, kind: Early) {
        if !matches!(self.found, Some((s, _)) if s.start <= span.start) {
            self.found = Some((span, kind));
        }
    }

    fn classify(&self, call: &Call) -> Option<Early> {
        match &call.callee {
            c if c.is_qualified("time", "Since") => Some(Early::Since),
            c if c.is_qualified("time", "Until") => Some(Early::Until),
            Callee::Func(n)
                if n == "recover" && self.recover_is_builtin && call.args.is_empty() =>
            {
                Some(Early::Recover)
            }
            Callee::Method { recv, name } if name == "Sub" && call.args.len() == 1 => {
                if self.is_now(recv) {
                    Some(Early::NowSub)
                } else {
                    self.is_now(&call.args[0]).then_some(Early::SubNow)
                }
            }
            _ => None,
        }
    }

    /// True for the temp of a `time.Now()` call.
    fn is_now(&self, v: &Value) -> bool {
        match v {
            Value::Place(Place::Temp(t)) => self
                .defs
                .temp_call(*t)
                .is_some_and(|c| c.callee.is_qualified("time", "Now")),
            _ => false,
        }
    }
}

fn report(
    func: &Func,
    defer: Span,
    call: &Call,
    (span, kind): (Span, Early),
    fixable: bool,
) -> Diagnostic {
    let m = &DeferredArgsEvaluatedEarly::META;
    let owner = func_display(func);
    let (message, label) = match kind {
        Early::Since | Early::Until | Early::NowSub | Early::SubNow => {
            let what = match kind {
                Early::Since => "`time.Since`",
                Early::Until => "`time.Until`",
                Early::NowSub => "`time.Now().Sub(…)`",
                _ => "`….Sub(time.Now())`",
            };
            (
                format!("{what} in the arguments of a deferred call is evaluated at the `defer` statement, not when {owner} returns"),
                match kind {
                    Early::Until | Early::SubNow => {
                        "computed now, when the `defer` statement runs".to_string()
                    }
                    _ => "measured now, when the `defer` statement runs: about zero".to_string(),
                },
            )
        }
        Early::Recover => (
            "`recover()` in the arguments of a deferred call runs at the `defer` statement and never stops a panic".to_string(),
            "called now, while nothing is panicking: always nil".to_string(),
        ),
    };
    let head = Span::new(defer.file, defer.start, defer.start + "defer".len() as u32);
    let fix = Fix {
        message: "wrap the deferred call in `func() { … }()`".to_string(),
        edits: vec![
            Edit {
                span: Span::new(call.span.file, call.span.start, call.span.start),
                replacement: "func() { ".to_string(),
            },
            Edit {
                span: Span::new(call.span.file, call.span.end, call.span.end),
                replacement: " }()".to_string(),
            },
        ],
    };
    let d = Diagnostic::new(m.code, m.name, span, message)
        .with_severity(m.default_severity)
        .with_primary_label(label)
        .with_label(head, format!("the deferred call runs when {owner} returns"))
        .with_help(
            "wrap the call in a function literal, `defer func() { … }()`, \
             so that its arguments are evaluated when it runs",
        );
    if fixable {
        d.with_fix(fix)
    } else {
        d
    }
}
