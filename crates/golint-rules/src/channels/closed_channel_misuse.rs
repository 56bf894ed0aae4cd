use std::collections::HashSet;

use golint_analysis::concurrency::paths::{reaches, reaches_avoiding, Shape};
use golint_analysis::concurrency::FuncRef;
use golint_analysis::cond::{closed_edges, ok_var, RecvAt};
use golint_analysis::{reads, walk_value, writes};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{BlockId, Callee, Cfg, Comm, FileIr, FuncKind, OpKind, Place, Term, Value, VarKey};

use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports, within one function, a send on a channel or a second
    /// `close` of it that runs after the channel was closed on some path:
    /// - `close(ch)` followed by `ch <- v` or another `close(ch)` on the
    ///   same variable or field, with no assignment to it in between
    ///   (including a `close` inside a loop that runs again);
    /// - `defer close(ch)` in a function that also closes `ch` explicitly:
    ///   the deferred close runs at return, after the explicit one;
    /// - `close(ch)` or `ch <- v` on the branch where a comma-ok receive
    ///   from `ch` (`v, ok := <-ch`, or a `select` case) found it closed:
    ///   `if !ok { close(ch) }`, an `if` on `ok` alone or `!ok`, with no
    ///   assignment of the channel in between.
    ///
    /// Paths end at the first operation that panics. A path that assigns
    /// the channel (or the variable holding it) again, a `select` case's
    /// receive included (`case req := <-reqs: close(req.done)`), works on a
    /// new channel; a `range` over the channel it closed ends instead of
    /// running its body again. When the two operations meet only through
    /// the loop's back edge, the message says "on the next iteration of the
    /// loop at line N". Closes in different cases of a `switch` (or
    /// branches of an `if`, or clauses of a type switch) inside a loop are
    /// not reported against each other when nothing in the loop changes
    /// what the switch decides on (a parameter or local the loop never
    /// assigns, whose address is not taken and that no closure writes,
    /// constants): every iteration takes the same case. A switch on a
    /// field or a call's result is taken to decide anew each time. A `close` in the
    /// `default` of a `select` that receives from the same channel (the
    /// "close once" idiom), a path that tests a flag set right after the
    /// first close, and closes in `sync.Once` are not reported. In a package
    /// that declares its own `close` function the builtin is shadowed and
    /// the rule stays silent.
    ///
    /// ## Why is this bad?
    /// Sending on a closed channel and closing a closed channel both panic,
    /// typically on a rarely taken error or shutdown path that tests do not
    /// exercise.
    ///
    /// ## Example
    /// ```go
    /// func produce(out chan<- Record, r *Reader) error {
    ///     defer close(out)
    ///     rec, err := r.Next()
    ///     if err != nil {
    ///         close(out) // and the deferred close panics at return
    ///         return err
    ///     }
    ///     out <- rec
    ///     return nil
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func produce(out chan<- Record, r *Reader) error {
    ///     defer close(out)
    ///     rec, err := r.Next()
    ///     if err != nil {
    ///         return err
    ///     }
    ///     out <- rec
    ///     return nil
    /// }
    /// ```
    pub struct ClosedChannelMisuse {
        code: "GL106",
        name: "closed-channel-misuse",
        summary: "send on a closed channel, or close of a closed channel",
        severity: Error,
        default: true,
    }
}

impl Rule for ClosedChannelMisuse {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        // A package function named `close` shadows the builtin in every
        // file of the package (the lowering sees one file at a time).
        let shadowed = cx.package.files.iter().any(|f| {
            f.funcs
                .iter()
                .any(|g| g.name == "close" && matches!(g.kind, FuncKind::Func))
        });
        if shadowed {
            return;
        }
        let m = cx.model();
        let consts: HashSet<&str> = cx
            .package
            .files
            .iter()
            .flat_map(|f| f.globals.iter().filter(|g| g.is_const))
            .map(|g| g.name.as_str())
            .collect();
        for (fi, file) in cx.package.files.iter().enumerate() {
            // Variables a function literal writes (it shares them with the
            // function declaring them): computed for the first body that
            // asks.
            let captured = std::cell::OnceCell::new();
            for (i, func) in file.funcs.iter().enumerate() {
                if let Some(cfg) = &func.body {
                    let r = FuncRef {
                        file: fi as u32,
                        func: golint_ir::FuncId(i as u32),
                    };
                    let body = Body {
                        file,
                        cfg,
                        // A call that never returns (`t.Fatal`, a helper of
                        // the package ending every path in one) ends the
                        // path: a close before it and one after cannot
                        // both run.
                        ends: &|kind| m.funcs.ends_flow(r, kind),
                        is_const: &|name| consts.contains(name),
                        captured: &|k| captured.get_or_init(|| captured_writes(file)).contains(&k),
                    };
                    check_body(&body, out);
                }
            }
        }
    }
}

/// A channel operation of a body, located.
struct At<'c> {
    pos: (u32, u32),
    span: Span,
    ch: &'c Value,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Close,
    DeferClose,
    Send,
}

/// One body and what its checks need of the package.
struct Body<'a> {
    file: &'a FileIr,
    cfg: &'a Cfg,
    /// The op never returns.
    ends: &'a dyn Fn(&OpKind) -> bool,
    /// A package-level name is a constant.
    is_const: &'a dyn Fn(&str) -> bool,
    /// A function other than the one declaring the variable writes it.
    captured: &'a dyn Fn(VarKey) -> bool,
}

fn check_body(body: &Body<'_>, out: &mut Findings) {
    let (file, cfg, ends) = (body.file, body.cfg, body.ends);
    let mut ats = Vec::new();
    for (bi, block) in cfg.blocks.iter().enumerate() {
        for (oi, op) in block.ops.iter().enumerate() {
            let pos = (bi as u32, oi as u32);
            match &op.kind {
                OpKind::Close { ch } => ats.push(At {
                    pos,
                    span: op.span,
                    ch,
                    kind: Kind::Close,
                }),
                OpKind::Send { ch, .. } => ats.push(At {
                    pos,
                    span: op.span,
                    ch,
                    kind: Kind::Send,
                }),
                OpKind::Defer(call) if matches!(&call.callee, Callee::Func(n) if n == "close") => {
                    if let Some(ch) = call.args.first() {
                        ats.push(At {
                            pos,
                            span: op.span,
                            ch,
                            kind: Kind::DeferClose,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    // Each pair is a path search: bodies with hundreds of channel
    // operations (generated state machines) are skipped.
    if ats.len() > 512 {
        return;
    }
    let mut reported = HashSet::new();
    found_closed(body, &ats, &mut reported, out);
    if !ats
        .iter()
        .any(|a| matches!(a.kind, Kind::Close | Kind::DeferClose))
    {
        return;
    }
    // Dominators and loops, for a close that its own loop may reach again.
    let shape = std::cell::OnceCell::new();
    for first in ats.iter().filter(|a| a.kind == Kind::Close) {
        if !is_named(first.ch) {
            continue;
        }
        let flags = flags_set_around(cfg, first.pos);
        let exclusive = std::cell::OnceCell::new();
        let stop = |b: u32, i: u32| {
            let Some(op) = cfg.op_at(b, i) else {
                return false;
            };
            kills(&op.kind, first.ch)
                || reads_flag(&op.kind, &flags)
                || panics_on(&op.kind, first.ch)
                || ends(&op.kind)
        };
        for second in ats
            .iter()
            .filter(|a| a.ch == first.ch && a.kind != Kind::DeferClose)
        {
            if reported.contains(&second.span) || close_once_guard(cfg, second) {
                continue;
            }
            // A close reached again through its own loop repeats only if
            // every iteration passes it.
            if first.pos == second.pos
                && !every_iteration(cfg, shape.get_or_init(|| Shape::new(cfg)), first.pos.0)
            {
                continue;
            }
            let exclusive = exclusive.get_or_init(|| {
                let shape = shape.get_or_init(|| Shape::new(cfg));
                same_decision(body, shape, first.pos.0)
            });
            let stop_edge = |from: u32, to: u32| {
                assigns_on_edge(cfg, from, to, first.ch)
                    || range_ends(cfg, from, to, first.ch)
                    || exclusive
                        .iter()
                        .any(|(s, ts)| *s == from && !ts.contains(&to))
            };
            if reaches_avoiding(cfg, first.pos, second.pos, stop, stop_edge) {
                reported.insert(second.span);
                let what = if second.kind == Kind::Send {
                    "send on"
                } else {
                    "second close of"
                };
                // When the two meet only through the loop's back edge, say
                // so: the order in the source reads the other way round.
                let shape = shape.get_or_init(|| Shape::new(cfg));
                let next_iteration = shape
                    .loops
                    .entry_of(first.pos.0)
                    .filter(|&e| {
                        shape.loops.of(second.pos.0) == shape.loops.of(first.pos.0)
                            && !reaches_avoiding(cfg, first.pos, second.pos, stop, |a, b| {
                                stop_edge(a, b) || b == e
                            })
                    })
                    .and_then(|e| cfg.blocks.get(e as usize)?.loop_span)
                    .map(|l| file.line_of(l.start));
                let when = match next_iteration {
                    Some(line) => format!(" on the next iteration of the loop at line {line}"),
                    None => String::new(),
                };
                out.push(
                    Diagnostic::new(
                        ClosedChannelMisuse::META.code,
                        ClosedChannelMisuse::META.name,
                        second.span,
                        format!("{what} a closed channel{when}: this panics"),
                    )
                    .with_severity(golint_diagnostics::Severity::Error)
                    .with_primary_label(panic_label(second.kind))
                    .with_label(first.span, if first.pos == second.pos {
                        "closed here, and the loop comes back to it"
                    } else {
                        "the channel is closed here first"
                    })
                    .with_help("close a channel exactly once, where its last send happens; let other paths return"),
                );
            }
        }
    }
    for d in ats
        .iter()
        .filter(|a| a.kind == Kind::DeferClose && is_named(a.ch))
    {
        for c in ats.iter().filter(|a| a.kind == Kind::Close && a.ch == d.ch) {
            let stop = |b: u32, i: u32| cfg.op_at(b, i).is_some_and(|op| kills(&op.kind, d.ch));
            if (reaches(cfg, d.pos, c.pos, stop) || reaches(cfg, c.pos, d.pos, stop))
                && reported.insert(d.span)
            {
                out.push(
                    Diagnostic::new(
                        ClosedChannelMisuse::META.code,
                        ClosedChannelMisuse::META.name,
                        d.span,
                        "deferred close of a channel this function also closes explicitly: the deferred close panics at return",
                    )
                    .with_severity(golint_diagnostics::Severity::Error)
                    .with_primary_label("runs at return, after the explicit close")
                    .with_label(c.span, "the channel is closed here first")
                    .with_help("drop the explicit `close`: the deferred one runs on every return"),
                );
                break;
            }
        }
    }
}

/// The edge from `from` to `to` enters a `select` case whose receive
/// assigns the channel or the variable its path starts from
/// (`case req := <-reqs: close(req.done)` closes a new channel each time).
fn assigns_on_edge(cfg: &Cfg, from: u32, to: u32, ch: &Value) -> bool {
    let Some(Term::Select(sel)) = cfg.blocks.get(from as usize).map(|b| &b.term) else {
        return false;
    };
    let base = base_var(ch);
    sel.cases.iter().any(|c| {
        c.target.0 == to
            && matches!(&c.comm, Comm::Recv { dst, .. } if dst.iter().any(|p| {
                matches!(ch, Value::Place(c) if c == p) || Some(p) == base
            }))
    })
}

/// The edge from `from` to `to` enters the body of a `range` over the
/// closed channel itself: once the channel is closed (and its buffer, which
/// only this loop drains, is empty) the `range` ends instead.
fn range_ends(cfg: &Cfg, from: u32, to: u32, ch: &Value) -> bool {
    let Some(block) = cfg.blocks.get(from as usize) else {
        return false;
    };
    let Term::Branch(succ) = &block.term else {
        return false;
    };
    succ.first().is_some_and(|b| b.0 == to)
        && block.ops.iter().any(|op| {
            matches!(&op.kind, OpKind::RangeChan { ch: x, .. } | OpKind::Range { x, .. } if x == ch)
        })
}

/// A variable or a chain of fields: something whose identity is evident.
fn is_named(v: &Value) -> bool {
    match v {
        Value::Place(Place::Var(_)) | Value::Place(Place::Global { pkg: None, .. }) => true,
        Value::Place(Place::Field(b, _)) => is_named(b),
        _ => false,
    }
}

fn base_var(v: &Value) -> Option<&Place> {
    match v {
        Value::Place(p @ Place::Var(_)) | Value::Place(p @ Place::Global { .. }) => Some(p),
        Value::Place(Place::Field(b, _)) => base_var(b),
        _ => None,
    }
}

/// The op assigns the channel or the variable its path starts from.
fn kills(kind: &OpKind, ch: &Value) -> bool {
    let base = base_var(ch);
    writes(kind)
        .into_iter()
        .any(|(_, p)| matches!(ch, Value::Place(c) if c == p) || Some(p) == base)
}

/// The op itself panics on the closed channel: the path ends there.
fn panics_on(kind: &OpKind, ch: &Value) -> bool {
    matches!(kind, OpKind::Close { ch: c } | OpKind::Send { ch: c, .. } if c == ch)
}

/// Variables assigned in the block of the close, next to it: anything
/// after it (`closed = true`), a literal just before it (`ready = true`,
/// the flag a later `if !ready { close(ch) }` tests).
fn flags_set_around(cfg: &Cfg, (b, i): (u32, u32)) -> Vec<VarKey> {
    let Some(block) = cfg.blocks.get(b as usize) else {
        return Vec::new();
    };
    block
        .ops
        .iter()
        .enumerate()
        .filter_map(|(j, op)| match &op.kind {
            OpKind::Assign {
                dst: Place::Var(k),
                src,
            } if j > i as usize
                || (j < i as usize && matches!(src, Value::Expr(p) if p.is_empty())) =>
            {
                Some(*k)
            }
            _ => None,
        })
        .collect()
}

fn reads_flag(kind: &OpKind, flags: &[VarKey]) -> bool {
    if flags.is_empty() {
        return false;
    }
    let mut hit = false;
    for v in golint_analysis::reads(kind) {
        walk_value(v, &mut |x| {
            if x.var().is_some_and(|k| flags.contains(&k)) {
                hit = true;
            }
        });
    }
    hit
}

/// `select { case <-ch: default: close(ch) }`: the close is in the
/// `default` of a select that receives from the same channel.
fn close_once_guard(cfg: &Cfg, at: &At<'_>) -> bool {
    cfg.blocks.iter().any(|b| match &b.term {
        Term::Select(sel) => {
            sel.default.is_some_and(|(t, _)| t.0 == at.pos.0)
                && sel
                    .cases
                    .iter()
                    .any(|c| matches!(&c.comm, Comm::Recv { ch, .. } if ch == at.ch))
        }
        _ => false,
    })
}

/// Block `b` is on a loop and every path back to the loop's entry passes it.
fn every_iteration(cfg: &Cfg, shape: &Shape, b: u32) -> bool {
    let (dom, loops) = (&shape.dom, &shape.loops);
    let (Some(id), Some(entry)) = (loops.of(b), loops.entry_of(b)) else {
        return false;
    };
    cfg.blocks.iter().enumerate().all(|(x, block)| {
        let x = x as u32;
        let latch = loops.of(x) == Some(id) && block.term.successors().iter().any(|s| s.0 == entry);
        !latch || dom.dominates(b, x)
    })
}

/// The branches an iteration of the loop around block `b` must take again
/// to come back to `b`: for each block `s` dominating `b` on the same loop
/// that ends in a `switch` (a type switch included) or an `if` whose
/// decision nothing in the loop changes, the successors of `s` from which
/// `b` is reached without passing `s` again. Every iteration decides the
/// same at `s`, so a path from `b` around the loop takes one of them: a
/// close in one case of a `switch mode` and a close in another cannot both
/// run.
fn same_decision(body: &Body<'_>, shape: &Shape, b: u32) -> Vec<(u32, Vec<u32>)> {
    let cfg = body.cfg;
    let Some(lp) = shape.loops.of(b) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (s, block) in cfg.blocks.iter().enumerate() {
        let s = s as u32;
        let Term::Branch(targets) = &block.term else {
            continue;
        };
        if targets.len() < 2
            || s == b
            || shape.loops.of(s) != Some(lp)
            || !shape.dom.dominates(s, b)
        {
            continue;
        }
        // What decides the branch: the tag or condition (the block's last
        // `Use`), a type switch's operand, and the case values (each case
        // body starts with a `Use` of each of its values, all spanning the
        // clause; conservatively, an `if`'s branch starting with a
        // condition of its own counts it too).
        let mut decision: Vec<&Value> = Vec::new();
        match block.ops.last().map(|o| &o.kind) {
            Some(OpKind::Use(v)) => decision.push(v),
            // Type cases list types, no values: the clause bodies start
            // with their own statements.
            Some(OpKind::TypeSwitch { x, .. }) => {
                if invariant(body, shape, lp, x) {
                    out.push((s, allowed_targets(cfg, targets, b, s)));
                }
                continue;
            }
            // The header of a `range`: each iteration moves on.
            Some(OpKind::Range { .. } | OpKind::RangeChan { .. }) => continue,
            // A tagless `switch` after other statements.
            _ => {}
        }
        for t in targets {
            let Some(tb) = cfg.blocks.get(t.0 as usize) else {
                continue;
            };
            let Some(head) = tb.ops.first().map(|o| o.span) else {
                continue;
            };
            decision.extend(tb.ops.iter().map_while(|o| match &o.kind {
                OpKind::Use(v) if o.span == head => Some(v),
                _ => None,
            }));
        }
        if decision.is_empty() || !decision.iter().all(|v| invariant(body, shape, lp, v)) {
            continue;
        }
        out.push((s, allowed_targets(cfg, targets, b, s)));
    }
    out
}

/// The successors of `s` from which block `b` is reached without passing
/// `s` again.
fn allowed_targets(cfg: &Cfg, targets: &[BlockId], b: u32, s: u32) -> Vec<u32> {
    targets
        .iter()
        .map(|t| t.0)
        .filter(|&t| reaches_block(cfg, t, b, s))
        .collect()
}

/// Block `to` is reached from block `from` without passing block `avoid`.
fn reaches_block(cfg: &Cfg, from: u32, to: u32, avoid: u32) -> bool {
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = vec![from];
    while let Some(x) = work.pop() {
        if x == to {
            return true;
        }
        if x == avoid {
            continue;
        }
        match seen.get_mut(x as usize) {
            Some(v) if !*v => *v = true,
            _ => continue,
        }
        if let Some(bl) = cfg.blocks.get(x as usize) {
            work.extend(bl.term.successors().into_iter().map(|t| t.0));
        }
    }
    false
}

/// `v` has the same value on every iteration of loop `lp`: literals,
/// constants, and locals that no op on the loop writes (select cases'
/// receives included), whose address is not taken and that no function
/// literal writes. Calls, receives and fields may change.
fn invariant(body: &Body<'_>, shape: &Shape, lp: usize, v: &Value) -> bool {
    match v {
        Value::Str(_) | Value::Int(_) | Value::Nil => true,
        Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
            v.operands().iter().all(|x| invariant(body, shape, lp, x))
        }
        Value::Place(Place::Global { pkg: None, name }) => (body.is_const)(name),
        // A qualified name in a condition or a case: a constant of the
        // other package (`http.MethodGet`, `io.EOF` is a variable nobody
        // assigns).
        Value::Place(Place::Global { pkg: Some(_), .. }) => true,
        Value::Place(Place::Var(k)) => {
            !(body.captured)(*k) && !written_on_loop(body, shape, lp, *k)
        }
        _ => false,
    }
}

fn written_on_loop(body: &Body<'_>, shape: &Shape, lp: usize, k: VarKey) -> bool {
    let target = Place::Var(k);
    body.cfg.blocks.iter().enumerate().any(|(b, block)| {
        let on_loop = shape.loops.of(b as u32) == Some(lp);
        let in_ops = block.ops.iter().any(|op| {
            (on_loop && writes(&op.kind).into_iter().any(|(_, p)| *p == target))
                || reads(&op.kind).into_iter().any(|r| {
                    let mut addr = false;
                    walk_value(r, &mut |x| {
                        addr |= matches!(x, Value::AddrOf(p) if **p == target);
                    });
                    addr
                })
        });
        let in_cases = on_loop
            && matches!(&block.term, Term::Select(sel) if sel.cases.iter().any(|c| {
                matches!(&c.comm, Comm::Recv { dst, .. } if dst.contains(&target))
            }));
        in_ops || in_cases
    })
}

/// The variables of other functions that the functions of `file` write:
/// what a function literal assigns of its parent's.
fn captured_writes(file: &FileIr) -> HashSet<VarKey> {
    let mut out = HashSet::new();
    for (i, f) in file.funcs.iter().enumerate() {
        let Some(cfg) = &f.body else { continue };
        for (_, op) in cfg.ops() {
            for (_, p) in writes(&op.kind) {
                if let Place::Var(k) = p {
                    if k.func.0 as usize != i {
                        out.insert(*k);
                    }
                }
            }
        }
        for block in &cfg.blocks {
            if let Term::Select(sel) = &block.term {
                for c in &sel.cases {
                    if let Comm::Recv { dst, .. } = &c.comm {
                        out.extend(dst.iter().filter_map(|p| match p {
                            Place::Var(k) if k.func.0 as usize != i => Some(*k),
                            _ => None,
                        }));
                    }
                }
            }
        }
    }
    out
}

/// A `close` or send on a channel that a comma-ok receive of the same
/// function found closed: on the branch where `ok` is false (`if !ok {
/// close(in) }`, typically meant for another channel), with no assignment
/// of the channel in between. A closed channel stays closed.
fn found_closed(body: &Body<'_>, ats: &[At<'_>], reported: &mut HashSet<Span>, out: &mut Findings) {
    let cfg = body.cfg;
    let mut recvs: Vec<(RecvAt, &Value, Span)> = Vec::new();
    for (b, block) in cfg.blocks.iter().enumerate() {
        for (i, op) in block.ops.iter().enumerate() {
            if let OpKind::Recv {
                ch, comma_ok: true, ..
            } = &op.kind
            {
                recvs.push((RecvAt::Op(b as u32, i as u32), ch, op.span));
            }
        }
        if let Term::Select(sel) = &block.term {
            for (c, case) in sel.cases.iter().enumerate() {
                if let Comm::Recv {
                    ch, comma_ok: true, ..
                } = &case.comm
                {
                    recvs.push((RecvAt::Case(b as u32, c as u32), ch, case.span));
                }
            }
        }
    }
    for (at, ch, span) in recvs {
        if !is_named(ch)
            || !ats
                .iter()
                .any(|a| a.ch == ch && matches!(a.kind, Kind::Close | Kind::Send))
        {
            continue;
        }
        let Some(edges) = ok_var(cfg, at).and_then(|ok| closed_edges(cfg, ok, at)) else {
            continue;
        };
        let stop = |b: u32, i: u32| {
            cfg.op_at(b, i)
                .is_some_and(|op| kills(&op.kind, ch) || (body.ends)(&op.kind))
        };
        for target in ats
            .iter()
            .filter(|a| a.ch == ch && matches!(a.kind, Kind::Close | Kind::Send))
        {
            if reported.contains(&target.span) {
                continue;
            }
            // From the start of the branch where `ok` is false.
            let hit = edges.iter().any(|&(_, to)| {
                let len = cfg
                    .blocks
                    .get(to as usize)
                    .map_or(0, |b| b.ops.len() as u32);
                if target.pos.0 == to {
                    return !(0..target.pos.1).any(|i| stop(to, i));
                }
                !(0..len).any(|i| stop(to, i))
                    && reaches_avoiding(cfg, (to, u32::MAX), target.pos, stop, |a, b| {
                        assigns_on_edge(cfg, a, b, ch)
                    })
            });
            if !hit {
                continue;
            }
            reported.insert(target.span);
            let what = if target.kind == Kind::Send {
                "send on"
            } else {
                "close of"
            };
            out.push(
                Diagnostic::new(
                    ClosedChannelMisuse::META.code,
                    ClosedChannelMisuse::META.name,
                    target.span,
                    format!("{what} a channel this function found closed: this panics"),
                )
                .with_severity(golint_diagnostics::Severity::Error)
                .with_primary_label(panic_label(target.kind))
                .with_label(span, "this receive found the channel closed (`ok` is false)")
                .with_help("a receive with `ok` false means the channel is closed already: close or send on another channel, or return"),
            );
        }
    }
}

/// The runtime's panic for a send or close on a closed channel.
fn panic_label(kind: Kind) -> &'static str {
    if kind == Kind::Send {
        "panics: send on closed channel"
    } else {
        "panics: close of closed channel"
    }
}
