use std::collections::HashSet;

use golint_analysis::cfg::{cycle_blocks, on_cycle};
use golint_analysis::concurrency::paths::reaches;
use golint_analysis::{walk_value, writes, Defs, FuncView};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Call, Callee, Cfg, FileIr, Func, Op, OpKind, Place, Value};

use super::func_display;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a `defer` statement inside a `for` loop of the same function
    /// that can run more than once per call.
    /// Function literals are functions of their own: a `defer` in a literal
    /// called in the loop (or in a goroutine started there) runs when that
    /// literal returns and is not reported.
    ///
    /// Not reported either:
    /// - a `defer` after which every path leaves the loop (`return`,
    ///   `break`, `panic`): it runs at most once per call;
    /// - a deferred call (not a function literal, not an `Unlock`) that only
    ///   operates on values outliving the iteration anyway: values that
    ///   exist before the loop or are elements of the ranged collection
    ///   (`for _, f := range cleanups { defer f() }`), provided no other
    ///   call of the iteration uses them; and calls on a value the
    ///   iteration keeps on purpose (`defer conns[i].Close()`, or a file
    ///   appended to a slice declared before the loop, stored in an element,
    ///   a field or through a pointer), whatever their other arguments.
    ///   Moving the body into a function would release those too early;
    /// - a deferred call that undoes, on each element of a structure the
    ///   loop walks, what the iteration did to it: `for _, mu := range mus
    ///   { mu.Lock(); defer mu.Unlock() }`, `for _, r := range reporters {
    ///   r.PushStep(s); defer r.PopStep() }`, or locking every ancestor
    ///   (`for p := n.parent; p != nil; p = p.parent { p.mu.Lock(); defer
    ///   p.mu.Unlock() }`). Each iteration holds a different thing and
    ///   holding them all until the function returns is the point. The same
    ///   lock taken on every iteration is reported: it deadlocks;
    /// - a `defer` behind a once-flag (`if !done { …; defer f(); done =
    ///   true }`, the flag a local the loop only sets to a constant) or a
    ///   lazy initialization (`if buf == nil { buf = pool.Get(); defer
    ///   pool.Put(buf) }`, the variable compared with `nil` and only set to
    ///   calls' results, literals or addresses in the loop), or in
    ///   a `select` case on a channel that delivers once (the `C` of a
    ///   `time.NewTimer` or a `time.After` made before the loop, not `Reset`
    ///   in it but behind `if t.Stop()`): it runs at most once per call.
    ///
    /// - a rollback: a deferred function literal whose body first tests,
    ///   before any call, a named result of the function or a local
    ///   declared before the loop (`defer func() { if err != nil {
    ///   os.Remove(dir) } }()`, `if !committed { … }`). It undoes what its
    ///   iteration did only once the function's outcome is known, which is
    ///   at return, not at the end of the iteration.
    ///
    /// In a `_test.go` file, a `defer` in a bounded loop — a `range` over a
    /// collection or an integer, or a three-clause `for` whose condition
    /// does not read `b.N` — is reported only when the deferred call
    /// releases something each iteration acquired: a file, a connection,
    /// `rows.Close()`, `resp.Body.Close()`, a lock (`mu.Unlock()`), a timer
    /// or ticker (`Stop`), a context's `cancel()`. A table of a few test
    /// cases deferring `os.Remove` or a server's `Close` holds little until
    /// the test returns, and nobody restructures a test for it. An
    /// unbounded loop (`for {}`, a condition-only `for`,
    /// `for i := 0; i < b.N; i++`, `for range b.N`, `for b.Loop()`) is
    /// reported whatever it defers: a benchmark runs it millions of times.
    ///
    /// ## Why is this bad?
    /// A deferred call runs when the surrounding function returns, not at
    /// the end of the loop iteration. Each iteration pushes one more call:
    /// files stay open, locks stay held and buffers stay alive until the
    /// function returns. A long loop runs out of file descriptors, and a
    /// deferred `Unlock` in a loop deadlocks on the second `Lock` of the
    /// same mutex.
    ///
    /// ## Known problems
    /// The rule does not reason about iteration counts: a loop that runs
    /// twice, or a `defer` guarded by `if i == 0`, is still reported.
    /// Deliberate stacks of deferred calls on one object (`b.openScope();
    /// defer b.closeScope()` per level) are reported too: suppress them
    /// with a reason.
    ///
    /// ## Example
    /// ```go
    /// for _, p := range paths {
    ///     f, err := os.Open(p)
    ///     if err != nil {
    ///         return err
    ///     }
    ///     defer f.Close() // every file stays open until the function returns
    ///     if err := process(f); err != nil {
    ///         return err
    ///     }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// for _, p := range paths {
    ///     if err := processFile(p); err != nil {
    ///         return err
    ///     }
    /// }
    ///
    /// func processFile(p string) error {
    ///     f, err := os.Open(p)
    ///     if err != nil {
    ///         return err
    ///     }
    ///     defer f.Close() // runs at the end of each call
    ///     return process(f)
    /// }
    /// ```
    pub struct DeferInLoop {
        code: "GL401",
        name: "defer-in-loop",
        summary: "`defer` inside a loop runs only when the function returns",
        severity: Warning,
        default: true,
    }
}

impl Rule for DeferInLoop {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        for file in &cx.package.files {
            for func in &file.funcs {
                let Some(body) = &func.body else { continue };
                for (bi, block) in body.blocks.iter().enumerate() {
                    if block.loop_depth == 0 {
                        continue;
                    }
                    for (oi, op) in block.ops.iter().enumerate() {
                        let OpKind::Defer(call) = &op.kind else {
                            continue;
                        };
                        // Every path from the `defer` leaves the loop: it
                        // runs at most once per call, nothing piles up.
                        let at = (bi as u32, oi as u32);
                        if !on_cycle(body, bi)
                            || once_guarded(body, at)
                            || once_case(func, body, at)
                        {
                            continue;
                        }
                        let iteration = Iteration::new(file, func, body, bi, block.loop_span);
                        if iteration.outlives(call)
                            || iteration.releases_each_element(call)
                            || rollback_on_failure(file, func, block.loop_span, call)
                        {
                            continue;
                        }
                        // A short loop in a test that defers no release
                        // of a per-iteration resource: harmless.
                        if file.is_test
                            && block.loop_span.is_some_and(|l| bounded_loop(file, body, l))
                            && !releases(&FuncView::new(cx.index(), file, func), call, 0)
                        {
                            continue;
                        }
                        out.push(report(file, func, op.span, &call.callee, block.loop_span));
                    }
                }
            }
        }
    }
}

/// A deferred literal that does its work only if the function fails: its
/// body starts by testing, before any call, a named result of the function
/// (`defer func() { if err != nil { os.Remove(dir) } }()`) or a local
/// declared before the loop (`if !committed { undo(x) }`). Each iteration
/// registers the rollback of what it did; it must run when the function
/// returns, when the outcome is known, not at the end of the iteration.
fn rollback_on_failure(file: &FileIr, func: &Func, loop_span: Option<Span>, call: &Call) -> bool {
    let Callee::Literal(id) = &call.callee else {
        return false;
    };
    let Some(lit) = file.funcs.get(id.0 as usize) else {
        return false;
    };
    // The literal's parent is the function whose `defer` this is.
    let (golint_ir::FuncKind::Literal { parent }, Some(entry)) =
        (&lit.kind, lit.body.as_ref().and_then(|b| b.blocks.first()))
    else {
        return false;
    };
    if !matches!(entry.term, golint_ir::Term::Branch(_)) {
        return false;
    }
    let decided_later = |k: golint_ir::VarKey| {
        k.func == *parent
            && func.vars.get(k.var as usize).is_some_and(|v| match v.kind {
                golint_ir::VarKind::Result => true,
                golint_ir::VarKind::Local => loop_span.is_some_and(|l| v.span.end <= l.start),
                _ => false,
            })
    };
    let mut tests_outcome = false;
    for op in &entry.ops {
        let OpKind::Use(v) = &op.kind else {
            return false;
        };
        walk_value(v, &mut |x| {
            if let Value::Place(Place::Var(k)) = x {
                tests_outcome |= decided_later(*k);
            }
        });
    }
    tests_outcome
}

/// True when the loop whose header is `header` runs a bounded number of
/// times: a `range` over something other than a channel and `b.N`, or a
/// three-clause `for` with a condition that reads no `b.N` and calls no
/// `b.Loop()`. `for {}`, a condition-only `for` (a retry or polling loop)
/// and a benchmark's loop are unbounded.
///
/// The header's ops are those of the loop's blocks whose span lies in the
/// header (`for …` up to the body): the range, the condition, the post
/// statement.
fn bounded_loop(file: &FileIr, body: &Cfg, header: Span) -> bool {
    let ops: Vec<&Op> = body
        .blocks
        .iter()
        .filter(|b| b.loop_span == Some(header))
        .flat_map(|b| b.ops.iter())
        .filter(|op| op.span.start >= header.start && op.span.end <= header.end)
        .collect();
    let mut benchmark = false;
    for op in &ops {
        for v in golint_analysis::reads(&op.kind) {
            walk_value(v, &mut |v| {
                if let Value::Place(Place::Field(base, f)) = v {
                    benchmark |= f == "N" && is_testing_b(file, base);
                }
            });
        }
        if let OpKind::Call { call, .. } = &op.kind {
            if let Callee::Method { recv, name } = &call.callee {
                benchmark |= name == "Loop" && call.args.is_empty() && is_testing_b(file, recv);
            }
        }
    }
    if benchmark {
        return false;
    }
    if ops
        .iter()
        .any(|op| matches!(op.kind, OpKind::RangeChan { .. }))
    {
        return false;
    }
    if ops.iter().any(|op| matches!(op.kind, OpKind::Range { .. })) {
        return true;
    }
    // A three-clause loop: a condition (`Use`) and a post statement.
    let cond = ops.iter().any(|op| matches!(op.kind, OpKind::Use(_)));
    let post = ops
        .iter()
        .any(|op| matches!(op.kind, OpKind::Update { .. } | OpKind::Assign { .. }));
    cond && post
}

/// A variable declared `*testing.B` (or `testing.TB`, the benchmark's `b`
/// passed to a helper).
fn is_testing_b(file: &FileIr, v: &Value) -> bool {
    let Some(k) = v.var() else { return false };
    let Some(info) = file
        .funcs
        .get(k.func.0 as usize)
        .and_then(|f| f.vars.get(k.var as usize))
    else {
        return false;
    };
    match info.ty.as_deref() {
        Some(ty) => ty == "*testing.B" || ty == "testing.TB",
        None => false,
    }
}

/// True when the deferred call releases something an iteration acquires:
/// `Unlock`/`RUnlock`, a timer's or ticker's `Stop`, `Close` (or a
/// transaction's `Rollback`) of a file, a connection, a listener, rows, a
/// statement or a response body, a context's `cancel()`; for a deferred
/// function literal, any such call in its body.
fn releases(view: &FuncView<'_>, call: &Call, depth: u32) -> bool {
    match &call.callee {
        Callee::Method { recv, name } => match name.as_str() {
            "Unlock" | "RUnlock" => true,
            "Stop" => type_of(view, recv)
                .is_some_and(|t| t.ends_with("time.Timer") || t.ends_with("time.Ticker")),
            "Close" | "Rollback" => {
                if matches!(recv.as_ref(), Value::Place(Place::Field(_, f)) if f == "Body") {
                    return true;
                }
                match type_of(view, recv) {
                    Some(t) => resource_word(&t),
                    None => value_name(view, recv).is_some_and(|n| resource_word(&n)),
                }
            }
            _ => false,
        },
        Callee::Qualified { name, .. } => name == "Close",
        Callee::Dynamic(f) => {
            type_of(view, f).is_some_and(|t| t.ends_with("CancelFunc"))
                || value_name(view, f).is_some_and(|n| n.to_ascii_lowercase().ends_with("cancel"))
        }
        Callee::Literal(id) => {
            if depth > 2 {
                return false;
            }
            let Some(lit) = view.file.funcs.get(id.0 as usize) else {
                return false;
            };
            let Some(body) = &lit.body else { return false };
            let inner = FuncView::with_id(view.index, view.file, *id);
            body.ops().any(|(_, op)| match &op.kind {
                OpKind::Call { call, .. } | OpKind::Defer(call) => {
                    releases(&inner, call, depth + 1)
                }
                _ => false,
            })
        }
        _ => false,
    }
}

/// The type of `v`, a variable captured from an enclosing function
/// (`defer func() { f.Close() }()`) typed in the function declaring it.
fn type_of(view: &FuncView<'_>, v: &Value) -> Option<String> {
    match v.var() {
        Some(k) if k.func != view.id && (k.func.0 as usize) < view.file.funcs.len() => {
            FuncView::with_id(view.index, view.file, k.func).value_type(v)
        }
        _ => view.value_type(v),
    }
}

/// A type or variable name that says it holds an OS or network resource.
fn resource_word(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    [
        "file", "conn", "rows", "stmt", "listener", "body", "socket", "pipe",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// The name of a variable, or the field of `x.f`.
fn value_name(view: &FuncView<'_>, v: &Value) -> Option<String> {
    match v {
        Value::Place(Place::Var(k)) => view
            .file
            .funcs
            .get(k.func.0 as usize)
            .and_then(|f| f.vars.get(k.var as usize))
            .map(|i| i.name.clone()),
        Value::Place(Place::Field(_, f)) => Some(f.clone()),
        _ => None,
    }
}

/// The blocks that run between two runs of a `defer` in a loop, and what
/// they do to the values the deferred call operates on.
struct Iteration<'a> {
    body: &'a Cfg,
    /// Indexed by block: true for the blocks of the cycle through the
    /// `defer`'s block.
    blocks: Vec<bool>,
    /// Start of the loop header: variables declared before it outlive the
    /// iteration.
    loop_start: u32,
    file: &'a FileIr,
    func: &'a Func,
}

/// What one value the deferred call operates on is, from the iteration's
/// point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
    /// A constant: says nothing.
    Constant,
    /// Exists before the loop (or is an element of the ranged collection)
    /// and the iteration neither makes it nor uses it in another call.
    Fixed,
    /// Made in the iteration but kept beyond it: an element of a
    /// collection, or stored into one, into a field or an outer slice.
    Kept,
    /// Made or used in the iteration, and not kept: what the rule is about.
    Fresh,
}

impl<'a> Iteration<'a> {
    fn new(
        file: &'a FileIr,
        func: &'a Func,
        body: &'a Cfg,
        b: usize,
        loop_span: Option<Span>,
    ) -> Self {
        Iteration {
            body,
            blocks: cycle_blocks(body, b),
            loop_start: loop_span.map_or(0, |s| s.start),
            file,
            func,
        }
    }

    fn ops(&self) -> impl Iterator<Item = &'a Op> + '_ {
        self.body
            .blocks
            .iter()
            .zip(&self.blocks)
            .filter(|(_, on)| **on)
            .flat_map(|(b, _)| b.ops.iter())
    }

    /// True when everything the deferred call operates on outlives the
    /// iteration anyway: the call releases things that exist before the
    /// loop (`for _, f := range cleanups { defer f() }`) or that the
    /// iteration keeps on purpose (`files = append(files, f)`,
    /// `defer conns[i].Close()`). Moving the loop body into a function
    /// would release them too early; nothing piles up that the code does
    /// not keep anyway. A deferred `Unlock` is never excused, nor a
    /// deferred function literal (its body can do anything).
    fn outlives(&self, call: &Call) -> bool {
        let mut values: Vec<&Value> = Vec::new();
        match &call.callee {
            Callee::Literal(_) => return false,
            Callee::Method { name, .. } if name == "Unlock" || name == "RUnlock" => return false,
            Callee::Method { recv, .. } => values.push(recv),
            Callee::Dynamic(f) => values.push(f),
            _ => {}
        }
        values.extend(call.args.iter());
        let defs = Defs::new(self.func);
        let mut own_temps = HashSet::new();
        let kinds: Vec<(&Value, Subject)> = values
            .iter()
            .map(|v| (*v, self.subject(v, &defs, &mut own_temps, 0)))
            .filter(|(_, k)| *k != Subject::Constant)
            .collect();
        if kinds.is_empty() || kinds.iter().any(|(_, k)| *k == Subject::Fresh) {
            return false;
        }
        // The call releases something the iteration keeps on purpose
        // (`DuplicateHandle(p, h, parent, &fd[i], …)` then `defer
        // DuplicateHandle(parent, fd[i], …, CLOSE_SOURCE)`): the other
        // arguments are context, and releasing earlier would be the bug.
        if kinds.iter().any(|(_, k)| *k == Subject::Kept) {
            return true;
        }
        // A fixed value used by another call of the iteration may be
        // acquired there (`r.Open(); defer r.Close()`): report.
        !kinds
            .iter()
            .any(|(v, k)| *k == Subject::Fixed && self.used_by_other_call(v, &own_temps))
    }

    /// True when the deferred call undoes, on one element of a structure
    /// the loop walks, what the iteration did to that element: `for _, r :=
    /// range reporters { r.PushStep(s); defer r.PopStep() }`, or taking the
    /// lock of every ancestor (`for p := c.parent; p != nil; p = p.parent {
    /// p.mu.Lock(); defer p.mu.Unlock() }`). Each iteration acquires a
    /// different thing, the pile is as long as the structure, and holding
    /// all of them until the function returns is the point.
    fn releases_each_element(&self, call: &Call) -> bool {
        let Callee::Method { recv, name } = &call.callee else {
            return false;
        };
        let Some(k) = base_var(recv) else {
            return false;
        };
        if !self.walks(k) {
            return false;
        }
        self.ops().any(|op| {
            matches!(&op.kind, OpKind::Call { call: c, .. }
                if matches!(&c.callee, Callee::Method { recv: r, name: a }
                    if r == recv && undoes(name, a)))
        })
    }

    /// The variable takes, on each iteration, the next element of something
    /// that exists before the loop: only the `range` of the loop writes it,
    /// or assignments from one of its own fields (`p = p.parent`).
    fn walks(&self, k: golint_ir::VarKey) -> bool {
        let mut steps = 0;
        let only_steps = self.ops().all(|op| {
            let w = writes(&op.kind)
                .into_iter()
                .any(|(_, p)| *p == Place::Var(k));
            if !w {
                return true;
            }
            let step = match &op.kind {
                OpKind::Range { .. } => true,
                OpKind::Assign {
                    src: Value::Place(Place::Field(base, _)),
                    ..
                } => base.var() == Some(k),
                _ => false,
            };
            steps += usize::from(step);
            step
        });
        only_steps && steps > 0
    }

    fn subject(&self, v: &Value, defs: &Defs<'_>, temps: &mut HashSet<u32>, depth: u32) -> Subject {
        if depth > 16 {
            return Subject::Fresh;
        }
        match v {
            Value::Str(_) | Value::Int(_) | Value::Nil | Value::FuncName(_) => Subject::Constant,
            Value::FuncLit(_) | Value::Composite { .. } => Subject::Fresh,
            Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => v
                .operands()
                .iter()
                .map(|p| self.subject(p, defs, temps, depth + 1))
                .fold(Subject::Constant, worst),
            Value::AddrOf(p) => self.place(p, defs, temps, depth + 1),
            Value::Place(p) => self.place(p, defs, temps, depth + 1),
        }
    }

    fn place(&self, p: &Place, defs: &Defs<'_>, temps: &mut HashSet<u32>, depth: u32) -> Subject {
        match p {
            Place::Index(_) => Subject::Kept,
            Place::Blank => Subject::Constant,
            Place::Temp(t) => {
                // A conversion (`unsafe.Pointer(p)`) is its operand.
                let Some(c) = defs.temp_call(*t) else {
                    return Subject::Fresh;
                };
                if !is_conversion(&c.callee) || c.args.len() != 1 {
                    return Subject::Fresh;
                }
                temps.insert(*t);
                self.subject(&c.args[0], defs, temps, depth + 1)
            }
            Place::Var(_) | Place::Global { .. } | Place::Field(..) | Place::Deref(_) => {
                if let Place::Field(base, _) | Place::Deref(base) = p {
                    match self.subject(base, defs, temps, depth + 1) {
                        Subject::Kept => return Subject::Kept,
                        Subject::Fresh => return self.stored(p),
                        _ => {}
                    }
                }
                if self.written(p) {
                    self.stored(p)
                } else {
                    Subject::Fixed
                }
            }
        }
    }

    /// True when an op of the iteration writes `p` (the range statement of
    /// the loop writing its value variable does not count: the elements of
    /// the ranged collection exist before the loop).
    fn written(&self, p: &Place) -> bool {
        self.ops().any(|op| {
            !matches!(op.kind, OpKind::Range { .. })
                && writes(&op.kind).into_iter().any(|(_, w)| w == p)
        })
    }

    /// `Kept` when the iteration stores `p` where it outlives the
    /// iteration: into a field, an element, through a pointer, into a
    /// package variable, or appends it to a slice declared before the loop.
    fn stored(&self, p: &Place) -> Subject {
        let is_p = |v: &Value| match v {
            Value::Place(q) => q == p,
            Value::AddrOf(q) => q.as_ref() == p,
            _ => false,
        };
        let kept = self.ops().any(|op| match &op.kind {
            OpKind::Assign { dst, src } => {
                is_p(src)
                    && matches!(
                        dst,
                        Place::Field(..) | Place::Index(_) | Place::Deref(_) | Place::Global { .. }
                    )
            }
            OpKind::Call { call, dst } => {
                matches!(&call.callee, Callee::Func(n) if n == "append")
                    && call.args.iter().skip(1).any(is_p)
                    && dst.iter().any(|d| self.outer(d))
            }
            _ => false,
        });
        if kept {
            Subject::Kept
        } else {
            Subject::Fresh
        }
    }

    /// A place that outlives the iteration: a variable declared before the
    /// loop, a field, an element, a package variable.
    fn outer(&self, d: &Place) -> bool {
        match d {
            Place::Var(k) => self
                .file
                .funcs
                .get(k.func.0 as usize)
                .and_then(|f| f.vars.get(k.var as usize))
                .is_none_or(|v| v.span.start < self.loop_start),
            Place::Field(..) | Place::Index(_) | Place::Deref(_) | Place::Global { .. } => true,
            Place::Temp(_) | Place::Blank => false,
        }
    }

    /// True when a call of the iteration other than the `defer` and its own
    /// conversions reads `v` as its receiver or an argument.
    fn used_by_other_call(&self, v: &Value, own_temps: &HashSet<u32>) -> bool {
        self.ops().any(|op| {
            let call = match &op.kind {
                OpKind::Call { call, dst } => {
                    if dst
                        .iter()
                        .any(|d| matches!(d, Place::Temp(t) if own_temps.contains(t)))
                    {
                        return false;
                    }
                    if matches!(&call.callee, Callee::Func(n) if n == "append") {
                        return false;
                    }
                    call
                }
                OpKind::Spawn(call) => call,
                _ => return false,
            };
            let recv = match &call.callee {
                Callee::Method { recv, .. } => Some(recv.as_ref()),
                Callee::Dynamic(f) => Some(f.as_ref()),
                _ => None,
            };
            recv.into_iter()
                .chain(call.args.iter())
                .any(|a| same_or_within(a, v))
        })
    }
}

/// The `defer` at `at` sits behind a once-flag: `if !done { …; defer f();
/// done = true }`, or a lazy initialization: `if x == nil { x = make(…);
/// defer f() }`. An `if` in the loop tests a local that the loop only
/// ever sets to a constant (or, compared with `nil`, to values that are not
/// nil); every way from the `defer` back to it sets the
/// flag and then passes that test, and the loop can go round without
/// setting it (the flag is set inside the guarded code, not on every
/// iteration). The `defer` runs at most once per call.
fn once_guarded(body: &Cfg, at: (u32, u32)) -> bool {
    let on_loop = cycle_blocks(body, at.0 as usize);
    let loop_ops = || {
        body.blocks
            .iter()
            .enumerate()
            .filter(|(b, _)| on_loop.get(*b).copied().unwrap_or(false))
            .flat_map(|(b, block)| block.ops.iter().enumerate().map(move |(i, op)| (b, i, op)))
    };
    for (g, guard) in body.blocks.iter().enumerate() {
        if !on_loop.get(g).copied().unwrap_or(false)
            || !matches!(&guard.term, golint_ir::Term::Branch(s) if s.len() == 2)
        {
            continue;
        }
        let Some((ci, OpKind::Use(cond))) = guard
            .ops
            .len()
            .checked_sub(1)
            .map(|i| (i, &guard.ops[i].kind))
        else {
            continue;
        };
        let cond_at = (g as u32, ci as u32);
        let mut flags = Vec::new();
        golint_analysis::walk_value(cond, &mut |v| {
            if let Some(k) = v.var() {
                flags.push(k);
            }
        });
        for k in flags {
            let sets = |op: &Op| writes(&op.kind).iter().any(|(_, p)| **p == Place::Var(k));
            let constant = |op: &Op| {
                matches!(
                    &op.kind,
                    OpKind::Assign {
                        src: Value::Int(_) | Value::Str(_),
                        ..
                    }
                ) || matches!(&op.kind, OpKind::Assign { src: Value::Expr(e), .. } if e.is_empty())
            };
            // `if x == nil { x = newThing(); defer … }`: a lazy
            // initialization, the variable only ever set to values that are
            // not nil (results of calls, `make`, literals, addresses).
            let nil_test = matches!(cond, Value::Expr(parts) if parts.len() == 2
                && parts.iter().any(|p| matches!(p, Value::Nil))
                && parts.iter().any(|p| p.var() == Some(k)));
            let not_nil = |op: &Op| match &op.kind {
                OpKind::Call { .. } | OpKind::MakeChan { .. } => true,
                OpKind::Assign { src, .. } => matches!(
                    src,
                    Value::Composite { .. }
                        | Value::AddrOf(_)
                        | Value::FuncLit(_)
                        | Value::FuncName(_)
                        | Value::Str(_)
                        | Value::Int(_)
                        | Value::Place(Place::Temp(_))
                ),
                _ => false,
            };
            let mut any = false;
            if !loop_ops().all(|(_, _, op)| {
                let w = sets(op);
                any |= w;
                !w || constant(op) || (nil_test && not_nil(op))
            }) || !any
            {
                continue;
            }
            let set_at = |b: u32, i: u32| body.op_at(b, i).is_some_and(sets);
            let back_unset = reaches(body, at, at, set_at);
            let back_unguarded = reaches(body, at, at, |b, i| (b, i) == cond_at);
            let skips = reaches(body, cond_at, cond_at, set_at);
            if !back_unset && !back_unguarded && skips {
                return true;
            }
        }
    }
    false
}

/// The `defer` runs only in a `select` case receiving from a channel that
/// delivers one value: the `C` of a `time.NewTimer`, or a `time.After`,
/// made before the loop and not `Reset` in it (`case <-fallback.C: ctx,
/// cancel := …; defer cancel()`). Every way from the `defer` back to itself
/// takes that case again, which cannot happen: it runs at most once.
fn once_case(func: &Func, body: &Cfg, at: (u32, u32)) -> bool {
    let on_loop = cycle_blocks(body, at.0 as usize);
    let defs = Defs::new(func);
    body.blocks.iter().enumerate().any(|(s, block)| {
        let golint_ir::Term::Select(sel) = &block.term else {
            return false;
        };
        on_loop.get(s).copied().unwrap_or(false)
            && sel.cases.iter().any(|case| {
                matches!(&case.comm, golint_ir::Comm::Recv { ch, .. } if fires_once(&defs, body, &on_loop, ch))
                    && !golint_analysis::concurrency::paths::reaches_avoiding(
                        body,
                        at,
                        at,
                        |_, _| false,
                        |a, b| a == s as u32 && b == case.target.0,
                    )
            })
    })
}

/// `ch` is `t.C` of a `t := time.NewTimer(…)`, or a `ch := time.After(…)`,
/// defined once, outside the loop, and not `Reset` in it.
fn fires_once(defs: &Defs<'_>, body: &Cfg, on_loop: &[bool], ch: &Value) -> bool {
    let (k, made_by) = match ch {
        Value::Place(Place::Field(base, f)) if f == "C" => match base.var() {
            Some(k) => (k, "NewTimer"),
            None => return false,
        },
        Value::Place(Place::Var(k)) => (*k, "After"),
        _ => return false,
    };
    let [d] = defs.var(k) else {
        return false;
    };
    if on_loop.get(d.block.0 as usize).copied().unwrap_or(true) {
        return false;
    }
    let made = matches!(&d.op.kind, OpKind::Call { call, .. }
        if matches!(&call.callee, Callee::Qualified { path, name, .. } if path == "time" && name == made_by));
    let on_timer = |op: &Op, method: &str| {
        matches!(&op.kind, OpKind::Call { call, .. }
            if matches!(&call.callee, Callee::Method { recv, name } if name == method && recv.var() == Some(k)))
    };
    // `if t.Stop() { t.Reset(d) }` re-arms a timer that has not fired
    // yet (Stop reports it was still running): it still fires once. The
    // block of such a `Reset` is entered only from the branch on the `Stop`.
    let after_stop = |b: usize| {
        let mut preds = body
            .blocks
            .iter()
            .filter(|p| p.term.successors().iter().any(|s| s.0 as usize == b))
            .peekable();
        preds.peek().is_some()
            && preds.all(|p| {
                matches!(p.term, golint_ir::Term::Branch(_))
                    && p.ops.iter().any(|op| {
                        on_timer(op, "Stop")
                            && matches!(&op.kind, OpKind::Call { dst, .. } if !dst.is_empty())
                    })
            })
    };
    let reset = body
        .blocks
        .iter()
        .enumerate()
        .filter(|(b, _)| on_loop.get(*b).copied().unwrap_or(false))
        .any(|(b, block)| block.ops.iter().any(|op| on_timer(op, "Reset")) && !after_stop(b));
    made && !reset
}

/// The less favourable of two subjects: `Fresh` over `Kept` over `Fixed`
/// over `Constant`.
fn worst(a: Subject, b: Subject) -> Subject {
    let rank = |s: Subject| match s {
        Subject::Constant => 0,
        Subject::Fixed => 1,
        Subject::Kept => 2,
        Subject::Fresh => 3,
    };
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

/// True when `a` is `v`, its address, or a field or element of it.
fn same_or_within(a: &Value, v: &Value) -> bool {
    if a == v {
        return true;
    }
    let place = match a {
        Value::AddrOf(p) => {
            if matches!(v, Value::Place(q) if q == p.as_ref()) {
                return true;
            }
            p.as_ref()
        }
        Value::Place(p) => p,
        _ => return false,
    };
    match place {
        Place::Field(base, _) | Place::Index(base) | Place::Deref(base) => same_or_within(base, v),
        _ => false,
    }
}

/// Calls that only convert their operand: `Conversion`, `unsafe.Pointer`
/// and the predeclared types (`uintptr(p)`).
fn is_conversion(callee: &Callee) -> bool {
    match callee {
        Callee::Conversion(_) => true,
        c if c.is_qualified("unsafe", "Pointer") => true,
        Callee::Func(n) => golint_ir::predeclared_type(n).is_some(),
        _ => false,
    }
}

fn report(
    file: &FileIr,
    func: &Func,
    defer: Span,
    callee: &Callee,
    loop_span: Option<Span>,
) -> Diagnostic {
    let m = &DeferInLoop::META;
    let owner = func_display(func);
    // `defer func() {` of a deferred literal: its body would make the span
    // cover many lines.
    let primary = match callee {
        Callee::Literal(id) => match file.funcs.get(id.0 as usize) {
            Some(lit) => Span::new(defer.file, defer.start, lit.name_span.end),
            None => defer,
        },
        _ => defer,
    };
    let mut d = Diagnostic::new(
        m.code,
        m.name,
        primary,
        format!("`defer` inside a loop: the deferred call runs when {owner} returns, not after each iteration"),
    )
    .with_severity(m.default_severity)
    .with_primary_label("a call is deferred on every iteration");
    if let Some(l) = loop_span {
        d = d.with_label(l, "this loop runs the `defer` once per iteration");
    }
    d.with_label(
        func.name_span,
        format!("the deferred calls pile up until {owner} returns"),
    )
    .with_help(
        "move the loop body into a function (a named helper, or a function literal called on the spot) \
         so that the deferred call runs at the end of each iteration, or make the call without `defer` \
         at the end of the iteration",
    )
}

/// The variable `v` is, or whose field or pointee it is (`p.mu` → `p`).
fn base_var(v: &Value) -> Option<golint_ir::VarKey> {
    let mut v = v;
    for _ in 0..16 {
        match v {
            Value::Place(Place::Var(k)) => return Some(*k),
            Value::Place(Place::Field(base, _) | Place::Deref(base)) => v = base,
            _ => return None,
        }
    }
    None
}

/// `release` undoes `acquire`: `Unlock` after `Lock`, `PopStep` after
/// `PushStep`, `Release` after `Acquire`, `end` after `begin`.
fn undoes(release: &str, acquire: &str) -> bool {
    const PAIRS: [(&str, &str); 8] = [
        ("Lock", "Unlock"),
        ("RLock", "RUnlock"),
        ("Push", "Pop"),
        ("push", "pop"),
        ("Acquire", "Release"),
        ("acquire", "release"),
        ("Enter", "Exit"),
        ("Begin", "End"),
    ];
    PAIRS.iter().any(|(a, r)| {
        acquire
            .strip_prefix(a)
            .zip(release.strip_prefix(r))
            .is_some_and(|(x, y)| x == y)
    })
}
