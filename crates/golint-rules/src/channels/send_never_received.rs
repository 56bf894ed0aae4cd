use std::collections::HashSet;

use golint_analysis::concurrency::paths::reaches;
use golint_analysis::concurrency::{ChanOp, ChanOpKind, Class, ClassId, FuncRef, Model, OpPos};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Callee, Cap, Cfg, Comm, OpKind, Place, Term, Value, VarKind};

use super::{chan_name, func_display, go_keyword};
use crate::{declare_rule, Findings, Rule, RuleContext};

mod object_fill;

declare_rule! {
    /// ## What it does
    /// Reports a send on a channel that nothing receives from when the send
    /// happens, in three shapes:
    /// - nothing in the package ever receives from the channel (no receive,
    ///   `range` or `select` case on it anywhere) and no other package can
    ///   reach it: every blocking send on it blocks forever when it is
    ///   unbuffered, and the send that finds its constant buffer full on
    ///   some path blocks forever when it is buffered (a send in a loop, or
    ///   in a goroutine started in a loop, fills any buffer). Typical: a
    ///   function starts a goroutine that sends its result on a channel and
    ///   returns the channel, and every caller drops it; a watcher sends
    ///   events on a channel field nobody reads;
    /// - a function makes a channel and sends on it before anyone else has
    ///   it: on some path from the `make` to the send, no goroutine has been
    ///   started, no function literal has been created or called, and the
    ///   channel has not been passed, stored or sent anywhere. The receiver
    ///   it was meant for comes later, after the send that waits for it.
    ///   The send blocks forever when the channel is unbuffered, or when it
    ///   finds the buffer made there full. A call of a helper of the package
    ///   whose only use of the channel is to send on it (`schedule(q, t)`)
    ///   counts as the sends it makes (the most on one path through it, as
    ///   many as it takes for a send in a loop) and does not hand the
    ///   channel out: called twice, or in a loop, before the receiving
    ///   goroutine starts, it blocks when the buffer is full, and the
    ///   helper's send that blocks is reported;
    /// - a function builds an object — with a constructor of the package
    ///   (`s := newServer()` returning `&server{events: make(chan event,
    ///   1)}`) that hands it to no one else (no goroutine, closure, call or
    ///   store gets the object or its channel), or with a composite
    ///   literal written in place — and sends on a channel field of it,
    ///   itself and through the methods and helpers it calls with the
    ///   object (followed three calls deep), before anything can receive:
    ///   no goroutine started, the object or the channel not handed to
    ///   anyone, no receive from the channel. The sends counted are those
    ///   made on every way to the point (a send in a branch only does not
    ///   fill the buffer); a callee's send counts, and is reported, only
    ///   when the callee makes it on every way through it. The send that
    ///   finds the buffer full — any send, when the channel is unbuffered
    ///   — is reported with the calls leading to it: a test fills the
    ///   buffer of one, then `Start` signals again before it starts the
    ///   worker that drains it. A constructor that fills the buffer
    ///   itself (`b.refill()` before `return b`) is walked the same way:
    ///   what it sends is in the buffer when the caller gets the object.
    ///   Only a channel made in the composite literal (`ch: make(…)`) or
    ///   assigned to the field afterwards counts as no one else's. The
    ///   capacity is that of the object at hand (the make sites of its
    ///   constructor that reach the `return`); a capacity that is not a
    ///   constant is not followed.
    ///
    /// Only channels the package fully controls are considered in the first
    /// shape: not exported fields or variables, not parameters or results
    /// of exported functions, not channels handed to another package or
    /// stored in a container. In `package main` and in an external test
    /// package (`foo_test`), which nothing can import, exported names do
    /// not count as handed out, nor do those declared in `_test.go` files
    /// when the directory has no external test package; exported methods
    /// still do (other packages call them through interfaces). A `select` with a `default` or another case
    /// does not block and is not reported. Channels that never leave one
    /// function are GL105's.
    ///
    /// ## Why is this bad?
    /// The sending goroutine waits forever: it leaks with everything it
    /// references, or, in the second and third shapes, the function never
    /// returns and the goroutine that would have received is never started.
    ///
    /// ## Known problems
    /// Conditions are not evaluated: any branch may be taken, and a loop
    /// may run as often as it takes to fill the buffer (in the third
    /// shape, the other way round: a send in a loop that may not run, or
    /// in a branch, does not fill the buffer, since the shape counts only
    /// what every way does). Receives in other packages are not seen,
    /// which is why a channel that reaches another package is left alone.
    ///
    /// ## Example
    /// ```go
    /// func (w *watcher) start() <-chan error {
    ///     errc := make(chan error)
    ///     go func() {
    ///         errc <- w.loop() // blocks forever: the caller drops errc
    ///     }()
    ///     return errc
    /// }
    ///
    /// func run(w *watcher) {
    ///     w.start()
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func (w *watcher) start() <-chan error {
    ///     errc := make(chan error, 1) // the send completes even if nobody reads
    ///     go func() {
    ///         errc <- w.loop()
    ///     }()
    ///     return errc
    /// }
    /// ```
    pub struct SendNeverReceived {
        code: "GL107",
        name: "send-never-received",
        summary: "send on a channel that nothing receives from when it is sent",
        severity: Warning,
        default: true,
    }
}

impl Rule for SendNeverReceived {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        let mut seen: HashSet<Span> = HashSet::new();
        for c in m.classes_with_ops() {
            let Some(class) = m.class(c) else { continue };
            if self_deadlock_scope(m, c, class) {
                continue;
            }
            let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
            if ops.iter().all(|o| !o.kind.receives()) {
                if !class.open {
                    never_received(m, c, class, &ops, &mut seen, out);
                }
            } else {
                before_handed_out(m, c, class, &ops, &mut seen, out);
            }
        }
        object_fill::check(m, &mut seen, out);
    }
}

/// GL105 covers a channel that never leaves one function.
fn self_deadlock_scope(m: &Model<'_>, c: ClassId, class: &Class) -> bool {
    let Some(owner) = class.owner else {
        return false;
    };
    !class.open
        && !class.shared
        && !class.makes.is_empty()
        && class.makes.iter().all(|mk| mk.func == owner)
        && m.ops_on(c).iter().all(|&i| m.ops[i].func == owner)
}

/// The capacity every make site agrees on: the largest constant (0 when
/// unbuffered), `None` when some site's capacity is not a constant or there
/// is no site.
fn largest_capacity(class: &Class) -> Option<u64> {
    let mut out = None;
    for mk in &class.makes {
        let k = match mk.cap {
            Cap::Zero => 0,
            Cap::Const(k) => k,
            Cap::Unknown => return None,
        };
        out = Some(out.map_or(k, |o: u64| o.max(k)));
    }
    out
}

/// Buffers larger than this are not followed: the walk keeps one state per
/// block and fill level.
const MAX_FILL: u64 = 64;

/// Shape 1: nothing in the package receives from the channel.
fn never_received(
    m: &Model<'_>,
    c: ClassId,
    class: &Class,
    ops: &[&ChanOp],
    seen: &mut HashSet<Span>,
    out: &mut Findings,
) {
    // A channel with no make site is nil unless something this package does
    // not see makes it; GL102 speaks for nil channels.
    let Some(k) = largest_capacity(class) else {
        return;
    };
    if k == 0 {
        for op in ops
            .iter()
            .filter(|o| o.kind == ChanOpKind::Send && o.blocks() && !after_close(m, o, ops))
        {
            if !seen.insert(op.span) {
                continue;
            }
            let msg = format!(
                "send on {} blocks forever: nothing in the package receives from it",
                chan_name(op)
            );
            out.push(report_never(m, op, class, msg, None));
        }
        return;
    }
    if k > MAX_FILL {
        return;
    }
    // Buffered: walk every function that sends, or calls or starts one that
    // does, from its entry; a call or `go` counts as one send per pass.
    let senders: Vec<FuncRef> = {
        let mut v: Vec<FuncRef> = ops
            .iter()
            .filter(|o| o.kind == ChanOpKind::Send)
            .map(|o| o.func)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let mut walked: Vec<FuncRef> = Vec::new();
    for f in m.funcs.all() {
        let Some(cfg) = &m.funcs.func(f).body else {
            continue;
        };
        // The first send each call or `go` of `f` leads to.
        let mut via: Vec<((u32, u32), usize)> = Vec::new();
        for (bi, block) in cfg.blocks.iter().enumerate() {
            for (oi, op) in block.ops.iter().enumerate() {
                let (OpKind::Call { call, .. } | OpKind::Spawn(call)) = &op.kind else {
                    continue;
                };
                let first = m.funcs.resolve(f, call).into_iter().find_map(|g| {
                    m.funcs
                        .same_goroutine(g, 8)
                        .into_iter()
                        .filter(|h| senders.contains(h))
                        .find_map(|h| {
                            m.ops_in(h)
                                .iter()
                                .copied()
                                .find(|&i| m.ops[i].class == c && m.ops[i].kind == ChanOpKind::Send)
                        })
                });
                if let Some(i) = first {
                    via.push(((bi as u32, oi as u32), i));
                }
            }
        }
        if via.is_empty() && !senders.contains(&f) {
            continue;
        }
        walked.push(f);
        let own: Vec<&&ChanOp> = ops.iter().filter(|o| o.func == f).collect();
        let step = |b: u32, i: u32, _: &OpKind| {
            if via.iter().any(|&(p, _)| p == (b, i)) {
                return Step::Send;
            }
            let pos = OpPos::Op { block: b, index: i };
            match own.iter().find(|o| o.pos == pos).map(|o| o.kind) {
                Some(ChanOpKind::Send) => Step::Send,
                Some(ChanOpKind::Close) => Step::Stop,
                _ => Step::Pass,
            }
        };
        let case = |b: u32, ci: u32| {
            let pos = OpPos::Case { block: b, case: ci };
            match own.iter().find(|o| o.pos == pos) {
                Some(o) if o.kind == ChanOpKind::Send => Step::Send,
                _ => Step::Pass,
            }
        };
        for (pos, _) in overflow(cfg, (0, 0), k, step, case) {
            let (op, through) = match pos {
                OpPos::Op { block, index } => {
                    match via.iter().find(|&&(p, _)| p == (block, index)) {
                        Some(&(_, i)) => (&m.ops[i], Some((f, block, index))),
                        None => match own.iter().find(|o| o.pos == pos) {
                            Some(o) => (**o, None),
                            None => continue,
                        },
                    }
                }
                OpPos::Case { .. } => match own.iter().find(|o| o.pos == pos) {
                    Some(o) => (**o, None),
                    None => continue,
                },
            };
            if !seen.insert(op.span) {
                continue;
            }
            let msg = format!(
                "send on {} blocks forever: its buffer of {k} fills up and nothing in the package receives from it",
                chan_name(op)
            );
            let through = through.and_then(|(f, b, i)| {
                let cfg = m.funcs.func(f).body.as_ref()?;
                let call = cfg.blocks.get(b as usize)?.ops.get(i as usize)?;
                let label = match call.kind {
                    OpKind::Spawn(_) => (
                        go_keyword(call.span),
                        format!(
                            "started here by {}, once more than the buffer holds",
                            func_display(m, f)
                        ),
                    ),
                    _ => (
                        call.span,
                        format!(
                            "called here by {}, once more than the buffer holds",
                            func_display(m, f)
                        ),
                    ),
                };
                Some(label)
            });
            out.push(report_never(m, op, class, msg, through));
        }
    }
}

fn report_never(
    m: &Model<'_>,
    op: &ChanOp,
    class: &Class,
    msg: String,
    through: Option<(Span, String)>,
) -> Diagnostic {
    let mut d = Diagnostic::new(
        SendNeverReceived::META.code,
        SendNeverReceived::META.name,
        op.span,
        msg,
    )
    .with_primary_label(format!("{} blocks here forever", func_display(m, op.func)));
    if let Some((span, label)) = through {
        d = d.with_label(span, label);
    }
    for mk in &class.makes {
        d = d.with_label(mk.span, "the channel is made here");
    }
    d.with_help(
        "receive from the channel where its values are needed, give it a buffer for every send, or stop sending",
    )
}

/// Shape 2: a send on a channel the function just made, before it handed
/// the channel to anyone.
fn before_handed_out(
    m: &Model<'_>,
    c: ClassId,
    class: &Class,
    ops: &[&ChanOp],
    seen: &mut HashSet<Span>,
    out: &mut Findings,
) {
    for mk in &class.makes {
        let k = match mk.cap {
            Cap::Zero => 0,
            Cap::Const(k) if k <= MAX_FILL => k,
            _ => continue,
        };
        // A buffer sized by a named constant is often filled by a loop
        // bounded by the same constant (`for i := 0; i < n; i++ { sem <-
        // x }`), which fits exactly; loop conditions are not evaluated, so
        // such a loop is not counted against it.
        if mk.named
            && k > 0
            && ops
                .iter()
                .any(|o| o.kind == ChanOpKind::Send && m.in_loop(o))
        {
            continue;
        }
        let f = mk.func;
        let Some(cfg) = &m.funcs.func(f).body else {
            continue;
        };
        // Calls of helpers that only send on the channel: each puts that
        // many values in the buffer, as if the sends were written here.
        let helpers = sending_calls(m, f, c, cfg);
        if mk.named
            && k > 0
            && m.shape(f)
                .is_some_and(|sh| helpers.iter().any(|h| sh.loops.on_loop(h.at.0)))
        {
            continue;
        }
        let Some((mk_index, local)) = cfg.blocks.get(mk.block as usize).and_then(|b| {
            b.ops.iter().enumerate().find_map(|(i, op)| match &op.kind {
                OpKind::MakeChan { dst, .. } if op.span == mk.span => {
                    Some((i as u32, is_local(m, f, dst)))
                }
                _ => None,
            })
        }) else {
            continue;
        };
        // Made into a field or a package variable, the channel is shared
        // from the start.
        if !local {
            continue;
        }
        let own: Vec<&&ChanOp> = ops.iter().filter(|o| o.func == f).collect();
        if !own.iter().any(|o| o.kind == ChanOpKind::Send) && helpers.is_empty() {
            continue;
        }
        // This shape is about a channel handed out later: one that only
        // `f` ever touches (a literal's own channels, GL105's for a named
        // function) is left alone, since its `select`s pair operations on
        // several channels that the walk follows one at a time.
        if ops.iter().all(|o| o.func == f) {
            continue;
        }
        let remake = |b: u32, i: u32| (b, i) == (mk.block, mk_index);
        // Where the channel is handed out after the `make`.
        let handed: Vec<(u32, u32)> = cfg
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(bi, block)| {
                block
                    .ops
                    .iter()
                    .enumerate()
                    .filter(|(_, op)| hands_out(m, f, c, &op.kind))
                    .map(move |(oi, _)| (bi as u32, oi as u32))
            })
            .filter(|h| !helpers.iter().any(|x| x.at == *h))
            .filter(|&h| reaches(cfg, (mk.block, mk_index), h, remake))
            .collect();
        // A closure created before the `make` may read the variable once it
        // is assigned: the model does not order that.
        if captured_before(m, f, cfg, c, (mk.block, mk_index)) {
            continue;
        }
        let step = |b: u32, i: u32, kind: &OpKind| {
            if (b, i) == (mk.block, mk_index) {
                return Step::Stop;
            }

            let pos = OpPos::Op { block: b, index: i };
            match own.iter().find(|o| o.pos == pos).map(|o| o.kind) {
                Some(ChanOpKind::Send) => return Step::Send,
                Some(ChanOpKind::Recv) => return Step::Recv,
                Some(_) => return Step::Stop,
                None => {}
            }
            if let Some(h) = helpers.iter().find(|h| h.at == (b, i)) {
                return Step::Sends(h.sends);
            }
            if hands_out(m, f, c, kind) {
                Step::Stop
            } else {
                Step::Pass
            }
        };
        let case = |b: u32, ci: u32| {
            let pos = OpPos::Case { block: b, case: ci };
            if let Some(o) = own.iter().find(|o| o.pos == pos) {
                return match o.kind {
                    ChanOpKind::Send => Step::Send,
                    ChanOpKind::Recv => Step::Recv,
                    _ => Step::Stop,
                };
            }
            let Some(Term::Select(sel)) = cfg.blocks.get(b as usize).map(|bl| &bl.term) else {
                return Step::Pass;
            };
            match sel.cases.get(ci as usize).map(|x| &x.comm) {
                Some(Comm::Send { value, .. })
                    if mentions(m, f, value, c) || has_func_value(value) =>
                {
                    Step::Stop
                }
                _ => Step::Pass,
            }
        };
        for (pos, fill) in overflow(cfg, (mk.block, mk_index + 1), k, step, case) {
            let helper = match pos {
                OpPos::Op { block, index } => helpers.iter().find(|h| h.at == (block, index)),
                OpPos::Case { .. } => None,
            };
            let op = match (helper, own.iter().find(|o| o.pos == pos)) {
                (Some(h), _) => helper_send(m, h, c, k - fill),
                (None, Some(o)) => **o,
                (None, None) => continue,
            };
            // Reported only when the send comes before every hand-out: a
            // hand-out that some path passes first (`if tls { go
            // serve(ch) }` … `if tls { ch <- v }`) is skipped only on the
            // paths where the conditions disagree, which the walk cannot
            // tell from the paths that happen.
            let s_at = (
                pos.block(),
                match pos {
                    OpPos::Op { index, .. } => index,
                    OpPos::Case { .. } => u32::MAX,
                },
            );
            if handed.iter().any(|&h| reaches(cfg, h, s_at, remake)) {
                continue;
            }
            if !seen.insert(op.span) {
                continue;
            }
            let ch = chan_name(op);
            let msg = if k == 0 {
                format!("send on {ch} blocks forever: no other goroutine has the channel yet")
            } else {
                format!("send on {ch} blocks forever: its buffer of {k} is full and no other goroutine has the channel yet")
            };
            let mut d = Diagnostic::new(
                SendNeverReceived::META.code,
                SendNeverReceived::META.name,
                op.span,
                msg,
            )
            .with_primary_label(format!("{} blocks here forever", func_display(m, op.func)))
            .with_label(mk.span, "the channel is made here");
            if let Some(call) = helper.and_then(|h| cfg.op_at(h.at.0, h.at.1)) {
                d = d.with_label(
                    call.span,
                    format!(
                        "called here by {}, once more than the buffer holds",
                        func_display(m, f)
                    ),
                );
            }
            if let Some(r) = ops.iter().find(|o| o.kind.receives()) {
                d = d.with_label(
                    r.span,
                    "the receive, which nothing has started when the send blocks",
                );
            }
            out.push(d.with_help(
                "start the receiving goroutine before the send, give the channel a buffer for every send, or return the value instead of sending it",
            ));
        }
    }
}

/// A `close` of the channel in the same function comes first on every path
/// to the send: the send panics rather than blocks (GL106's).
fn after_close(m: &Model<'_>, send: &ChanOp, ops: &[&ChanOp]) -> bool {
    let Some(shape) = m.shape(send.func) else {
        return false;
    };
    ops.iter().any(|o| {
        o.kind == ChanOpKind::Close
            && !o.deferred
            && o.func == send.func
            && match (o.pos, send.pos) {
                (OpPos::Op { block: a, index: i }, OpPos::Op { block: b, index: j }) if a == b => {
                    i < j
                }
                (a, b) => a.block() != b.block() && shape.dom.dominates(a.block(), b.block()),
            }
    })
}

/// The destination of a `make` is a local of `f` (or a temporary).
fn is_local(m: &Model<'_>, f: FuncRef, dst: &Place) -> bool {
    match dst {
        Place::Temp(_) => true,
        Place::Var(k) => k.func == f.func && m.funcs.file(f).var(*k).kind == VarKind::Local,
        _ => false,
    }
}

/// A function literal whose body touches class `c` is created before the
/// `make` at `at` on some path.
fn captured_before(m: &Model<'_>, f: FuncRef, cfg: &Cfg, c: ClassId, at: (u32, u32)) -> bool {
    let touches = |lit: golint_ir::FuncId| {
        m.ops_on(c).iter().any(|&i| {
            let g = m.ops[i].func;
            g != f && m.funcs.encloses(lit, g)
        })
    };
    literal_before(cfg, at, touches)
}

/// Some op creating or calling a function literal that `touches` accepts
/// comes before op `at` on some path.
fn literal_before(
    cfg: &Cfg,
    at: (u32, u32),
    mut touches: impl FnMut(golint_ir::FuncId) -> bool,
) -> bool {
    for (bi, block) in cfg.blocks.iter().enumerate() {
        for (oi, op) in block.ops.iter().enumerate() {
            let mut lits = Vec::new();
            op_func_lits(&op.kind, &mut lits);
            if !lits.into_iter().any(&mut touches) {
                continue;
            }
            let here = (bi as u32, oi as u32);
            let before = if here.0 == at.0 {
                here.1 < at.1
            } else {
                reaches(cfg, here, at, |_, _| false)
            };
            if before {
                return true;
            }
        }
    }
    false
}

/// What becomes of the channel at one op of `f`, for the second shape:
/// true when after it someone else may have the channel — a goroutine is
/// started, a closure is created or called, the channel is passed to a
/// call, stored beyond a local, or sent.
fn hands_out(m: &Model<'_>, f: FuncRef, c: ClassId, kind: &OpKind) -> bool {
    match kind {
        OpKind::Spawn(_) => true,
        // Runs when the function returns, in this goroutine.
        OpKind::Defer(_) => false,
        OpKind::Call { call, .. } => {
            if matches!(&call.callee, Callee::Literal(_) | Callee::Dynamic(_)) {
                return true;
            }
            if matches!(&call.callee, Callee::Func(n) if matches!(n.as_str(), "len" | "cap")) {
                return false;
            }
            let recv = match &call.callee {
                Callee::Method { recv, .. } => Some(recv.as_ref()),
                _ => None,
            };
            recv.into_iter()
                .chain(&call.args)
                .any(|v| mentions(m, f, v, c) || has_func_value(v))
        }
        OpKind::Assign { dst, src } => {
            // Copied into another local it is still this function's; put
            // in a struct, a field or a variable outside, it travels.
            let copied = (matches!(dst, Place::Blank) || is_local(m, f, dst))
                && m.objects.class_of(&m.funcs, f, src) == Some(c);
            has_func_value(src) || (mentions(m, f, src, c) && !copied)
        }
        OpKind::Send { value, .. } => mentions(m, f, value, c) || has_func_value(value),
        OpKind::Use(v) => mentions(m, f, v, c) || has_func_value(v),
        _ => false,
    }
}

/// `v` denotes or contains a location of class `c`.
fn mentions(m: &Model<'_>, f: FuncRef, v: &Value, c: ClassId) -> bool {
    if m.objects.class_of(&m.funcs, f, v) == Some(c) {
        return true;
    }
    match v {
        Value::Place(Place::Field(base, _) | Place::Index(base) | Place::Deref(base)) => {
            mentions(m, f, base, c)
        }
        Value::AddrOf(p) => match p.as_ref() {
            Place::Field(base, _) | Place::Index(base) | Place::Deref(base) => {
                mentions(m, f, base, c)
            }
            _ => false,
        },
        Value::Composite { fields, .. } => fields.iter().any(|(_, x)| mentions(m, f, x, c)),
        Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
            v.operands().iter().any(|x| mentions(m, f, x, c))
        }
        _ => false,
    }
}

/// `v` is or contains a function value (a literal, a named function, a
/// method value): code that may run later, elsewhere.
fn has_func_value(v: &Value) -> bool {
    match v {
        Value::FuncLit(_) | Value::FuncName(_) => true,
        Value::Composite { fields, .. } => fields.iter().any(|(_, x)| has_func_value(x)),
        Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
            v.operands().iter().any(has_func_value)
        }
        _ => false,
    }
}

/// The function literals an op creates or calls.
fn op_func_lits(kind: &OpKind, out: &mut Vec<golint_ir::FuncId>) {
    fn value(v: &Value, out: &mut Vec<golint_ir::FuncId>) {
        match v {
            Value::FuncLit(id) => out.push(*id),
            Value::Composite { fields, .. } => fields.iter().for_each(|(_, x)| value(x, out)),
            Value::Expr(_) | Value::Logic { .. } => v.operands().iter().for_each(|x| value(x, out)),
            _ => {}
        }
    }
    match kind {
        OpKind::Call { call, .. } | OpKind::Spawn(call) | OpKind::Defer(call) => {
            if let Callee::Literal(id) = call.callee {
                out.push(id);
            }
            call.args.iter().for_each(|a| value(a, out));
        }
        OpKind::Assign { src, .. } => value(src, out),
        OpKind::Send { value: v, .. } | OpKind::Use(v) => value(v, out),
        _ => {}
    }
}

/// A call, in the function that made the channel, of a helper of the
/// package that only sends on it.
struct SendingCall {
    /// The call: block and op index.
    at: (u32, u32),
    /// The most values one call sends (`u64::MAX`: a send on a loop).
    sends: u64,
    /// Index in [`Model::ops`] of the helper's first send, reported when
    /// the call finds the buffer full.
    send: usize,
}

/// The calls of `f` that hand class `c` to a function of the package whose
/// only use of it is to send on it (no receive, close or `select`, not
/// handed on, stored or captured): the helper adds values to the buffer
/// and nobody else gets the channel. Calls with several possible targets
/// are left out.
fn sending_calls(m: &Model<'_>, f: FuncRef, c: ClassId, cfg: &Cfg) -> Vec<SendingCall> {
    let mut out = Vec::new();
    for (bi, block) in cfg.blocks.iter().enumerate() {
        for (oi, op) in block.ops.iter().enumerate() {
            let OpKind::Call { call, .. } = &op.kind else {
                continue;
            };
            if !hands_out(m, f, c, &op.kind) {
                continue;
            }
            let [g] = m.funcs.called_by(f, call)[..] else {
                continue;
            };
            if g == f {
                continue;
            }
            let Some(gcfg) = &m.funcs.func(g).body else {
                continue;
            };
            let on_c: Vec<usize> = m
                .ops_in(g)
                .iter()
                .copied()
                .filter(|&i| m.ops[i].class == c)
                .collect();
            let Some(&send) = on_c.first() else {
                continue;
            };
            let only_sends = on_c.iter().all(|&i| {
                let o = &m.ops[i];
                o.kind == ChanOpKind::Send && matches!(o.pos, OpPos::Op { .. }) && !o.deferred
            });
            if !only_sends
                || gcfg
                    .ops()
                    .any(|(_, gop)| hands_out(m, g, c, &gop.kind) || captures(m, g, c, &gop.kind))
            {
                continue;
            }
            out.push(SendingCall {
                at: (bi as u32, oi as u32),
                sends: super::abandoned_channel::max_sends(m, &[g], c),
                send,
            });
        }
    }
    out
}

/// The send of the helper called at `h` that blocks when the buffer has
/// `room` places left: the first that overflows on a walk of its body.
fn helper_send<'m>(m: &'m Model<'_>, h: &SendingCall, c: ClassId, room: u64) -> &'m ChanOp {
    let first = &m.ops[h.send];
    let g = first.func;
    let Some(cfg) = &m.funcs.func(g).body else {
        return first;
    };
    let sends: Vec<&ChanOp> = m
        .ops_in(g)
        .iter()
        .map(|&i| &m.ops[i])
        .filter(|o| o.class == c && o.kind == ChanOpKind::Send)
        .collect();
    let step = |b: u32, i: u32, _: &OpKind| {
        let pos = OpPos::Op { block: b, index: i };
        if sends.iter().any(|o| o.pos == pos) {
            Step::Send
        } else {
            Step::Pass
        }
    };
    overflow(cfg, (0, 0), room, step, |_, _| Step::Pass)
        .into_iter()
        .find_map(|(pos, _)| sends.iter().find(|o| o.pos == pos).copied())
        .unwrap_or(first)
}

/// The op of `g` creates or defers something that may use class `c` later:
/// a `defer` or `go` mentioning it, a function literal.
fn captures(m: &Model<'_>, g: FuncRef, c: ClassId, kind: &OpKind) -> bool {
    match kind {
        OpKind::Defer(call) | OpKind::Spawn(call) => {
            call.args
                .iter()
                .any(|v| mentions(m, g, v, c) || has_func_value(v))
                || matches!(&call.callee, Callee::Literal(_))
        }
        _ => false,
    }
}

/// What an op (or `select` case) does to the buffer on the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Pass,
    /// Puts a value in the buffer, or blocks when it is full.
    Send,
    /// A call of a helper that puts up to this many values in the buffer
    /// (`u64::MAX`: as many as it takes), or blocks when they do not fit.
    Sends(u64),
    /// Takes a value out, or ends the path when the buffer is empty (the
    /// receive would wait for a sender this walk does not know).
    Recv,
    /// The path ends here.
    Stop,
}

/// The most states one walk visits: a bound on the cost for huge bodies.
const MAX_STATES: usize = 100_000;

/// The sends (with the fill level they find) that find a buffer of `k`
/// full on some path from op
/// `start.1` of block `start.0`: the walk keeps the fill level, loops
/// included (a loop may run as often as the path needs), and a path ends at
/// a `Stop`, a blocked send, or an exit.
fn overflow(
    cfg: &Cfg,
    start: (u32, u32),
    k: u64,
    step: impl Fn(u32, u32, &OpKind) -> Step,
    case: impl Fn(u32, u32) -> Step,
) -> Vec<(OpPos, u64)> {
    let mut out: Vec<(OpPos, u64)> = Vec::new();
    let push = |out: &mut Vec<(OpPos, u64)>, pos: OpPos, fill: u64| {
        if !out.iter().any(|&(p, _)| p == pos) {
            out.push((pos, fill));
        }
    };
    let mut seen: HashSet<(u32, u32, u64)> = HashSet::new();
    let mut work = vec![(start.0, start.1, 0u64)];
    while let Some((b, from, mut fill)) = work.pop() {
        if !seen.insert((b, from, fill)) || seen.len() > MAX_STATES {
            continue;
        }
        let Some(block) = cfg.blocks.get(b as usize) else {
            continue;
        };
        let mut ended = false;
        for (i, op) in block.ops.iter().enumerate().skip(from as usize) {
            let i = i as u32;
            match step(b, i, &op.kind) {
                Step::Pass => {}
                Step::Stop => ended = true,
                Step::Send if fill >= k => {
                    push(&mut out, OpPos::Op { block: b, index: i }, fill);
                    ended = true;
                }
                Step::Send => fill += 1,
                Step::Sends(n) if n > k - fill => {
                    push(&mut out, OpPos::Op { block: b, index: i }, fill);
                    ended = true;
                }
                Step::Sends(n) => fill += n,
                Step::Recv if fill == 0 => ended = true,
                Step::Recv => fill -= 1,
            }
            if ended {
                break;
            }
        }
        if ended {
            continue;
        }
        match &block.term {
            Term::Select(sel) => {
                let alone = sel.cases.len() == 1 && sel.default.is_none();
                let mut ready = false;
                for (ci, c) in sel.cases.iter().enumerate() {
                    let next = match case(b, ci as u32) {
                        Step::Pass => fill,
                        // A case is one communication, never a call.
                        Step::Stop | Step::Sends(_) => continue,
                        Step::Send if fill >= k => {
                            if alone {
                                let pos = OpPos::Case {
                                    block: b,
                                    case: ci as u32,
                                };
                                push(&mut out, pos, fill);
                            }
                            continue;
                        }
                        Step::Send => {
                            ready = true;
                            fill + 1
                        }
                        Step::Recv if fill == 0 => continue,
                        Step::Recv => {
                            ready = true;
                            fill - 1
                        }
                    };
                    work.push((c.target.0, 0, next));
                }
                // `default` runs only when no case is ready.
                if let Some((t, _)) = &sel.default {
                    if !ready {
                        work.push((t.0, 0, fill));
                    }
                }
            }
            term => {
                for s in term.successors() {
                    work.push((s.0, 0, fill));
                }
            }
        }
    }
    out
}
