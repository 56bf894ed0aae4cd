use std::collections::HashSet;

use golint_analysis::concurrency::paths::{exit_path, reaches, Witness};
use golint_analysis::concurrency::GOROUTINE_DEPTH;
use golint_analysis::concurrency::{ChanOp, ChanOpKind, ClassId, Edge, FuncRef, Model, OpPos};
use golint_analysis::cond::{closed_edges, ok_var, RecvAt};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Callee, Cap, Comm, OpKind, Place, Term, Value};

use super::group_wait::group;
use super::{chan_name, ends_path, func_display, innermost_loop};
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a goroutine that sends on (or receives from) a channel whose
    /// only partner can go away without it: the partner returns early,
    /// takes another `select` case (`ctx.Done()`, `time.After`, a quit
    /// channel), or errors out first. The blocked operation never
    /// completes and the goroutine, with everything it references, leaks.
    ///
    /// Four shapes are recognized:
    /// - a function starts a goroutine that sends its result on an
    ///   unbuffered channel (or receives its input from one), and has a path
    ///   from the `go` statement to a `return` that never receives (never
    ///   sends nor closes);
    /// - goroutines started in a loop each send once, and the function
    ///   receives only once (first answer wins) on a channel whose buffer
    ///   is a constant;
    /// - a method sends on an unbuffered channel field whose only receivers
    ///   are goroutines (`go s.loop()`) that can return without receiving:
    ///   their `select` offers the receive next to a quit or `ctx.Done()`
    ///   case that leads to a `return` (a guard that returns before the
    ///   loop starts, a polling `default`, or the receive of the very value
    ///   sent is no such way out: those exits follow a protocol) —
    ///   or loops such a goroutine calls once and does not receive after
    ///   (`go func() { c.monitor.Run(stop); done <- true }()`); a goroutine
    ///   that calls the loop again (`for { s.step() }`) is not left. The
    ///   same for a local channel between two goroutines of one spawner
    ///   that does not touch it, when the receiving one is told to quit by
    ///   a third party (`ctx.Done()`, a stop channel the sender neither
    ///   sends on nor closes): a receiver that ends with its batch, or
    ///   when the sender closes its input, follows their protocol;
    /// - a goroutine can send more values than the function that started
    ///   it receives, plus the buffer: typically the missing `return` after
    ///   `errc <- err`. Counted per call, or per iteration for a channel
    ///   made in the loop that starts the goroutine, and only where both
    ///   counts are certain: the receives are plain statements of that
    ///   function (no `select`, no loop of their own, no helper that may
    ///   receive), the sends are all in the goroutine's body and none is on
    ///   a loop. The finding names the send no receive is left for.
    ///
    /// A goroutine is started by a `go` statement or by a helper that
    /// starts the func it is given: a function of the package whose body
    /// does `go f()` (or calls `f` in a goroutine it starts, or hands `f`
    /// on to such a helper), `time.AfterFunc`, `context.AfterFunc`,
    /// `errgroup.Group.Go`, `sync.WaitGroup.Go`. The func is a literal, a
    /// named function, a method value (`s.loop`), a func kept in a struct
    /// field, or a closure a function returns (`go s.worker(ch)()`);
    /// `sync.Once.Do(f)`, `t.Run(name, f)` (unless the subtest calls
    /// `t.Parallel`) and helpers that call `f` in place run it in the
    /// caller's goroutine. A method value is resolved by its receiver's
    /// type and a field by the type declaring it, never by name alone.
    ///
    /// A channel made at several sites (unbuffered by the production
    /// constructor, buffered by a test's) has the capacity of the site that
    /// made it where the function at hand made it itself (a `make` before
    /// the `go` or the send on every path); elsewhere it is not taken to be
    /// unbuffered while a buffered site may have built it.
    ///
    /// The partner may sit in a function the spawning function calls
    /// (`return awaitReply(replies, d)`, a closure it calls): the call
    /// counts as the partner only if that function does the operation on
    /// every way out, followed up to 3 calls deep — a helper that gives up
    /// on a timeout abandons the goroutine as the same `select` written
    /// inline would. A helper that starts goroutines of its own is taken
    /// at its word (its joins are not modelled).
    ///
    /// Not reported when the function that returns is `main` of package
    /// `main` (the process exits with it), when the channel is buffered
    /// for every send, when the
    /// goroutine's own operation is a `select` with a way out (a case on a
    /// quit channel that nothing in the package ever closes or sends on is
    /// no way out), when the
    /// function drains or closes the channel in a `defer`, when code the
    /// analysis cannot see may be the partner (the channel is handed to
    /// another package or stored in a container), or when the early exit is
    /// `t.Fatal` and friends, or passes `t.Error`, `t.Errorf` or `t.Fail`
    /// (the test failed already: a timeout branch that reports it), or when
    /// the path first waits for the goroutine to finish — a receive or
    /// `range` on a channel it closes in a `defer`, `wg.Wait()` on a group
    /// it marks `Done` in a `defer`: past that join the goroutine is not
    /// left behind (if it is still blocked, the function hangs there). In the
    /// third shape, a loop that returns only after a value from one of the
    /// package's data channels (sent on, never closed) ends by protocol
    /// once its clients are done, and is not taken to abandon them; a case
    /// that discards what it receives (`case <-n.stop: return`, fed by a
    /// `Stop` that sends) is a quit signal, not a value; and a loop told to
    /// quit only by the sending function itself, at a point after which
    /// that function cannot send again (a dispatcher that stops each worker
    /// it took from the free list, then returns), ends by protocol too.
    ///
    /// ## Known problems
    /// Conditions are not evaluated, but for the `ok` of a comma-ok
    /// receive (below): any other branch may be taken. A loop that
    /// receives is taken to receive as often as needed, so only a `break`,
    /// `return` or `select` case leaving its body abandons the channel,
    /// not its normal end: `for v := range ch { if … { return } }`, a
    /// counted loop of receives that returns on an error, and a comma-ok
    /// receive loop (`v, ok := <-ch; if !ok { return }`) that returns on
    /// anything but `!ok` abandon a producer that sends more than once (a
    /// loop of sends, or goroutines started in a loop). Of a comma-ok
    /// receive, only an `if` on `ok` alone or `!ok` is understood as the
    /// channel's close; when `ok` is read otherwise (`if !ok || v == nil`,
    /// copied, passed on), the loop is not followed past its receive; the
    /// same holds for a comma-ok receive in a `select` case, and a plain
    /// receive in a case is not followed (it may take the close). A channel kept in a struct field is only
    /// checked in the third shape, since its partner may come from another
    /// call.
    ///
    /// ## Why is this bad?
    /// A goroutine blocked on a channel is never collected. Under load the
    /// leaked goroutines pile up (memory, file descriptors held by their
    /// stacks) until the process falls over; the runtime's deadlock
    /// detector stays silent because other goroutines still run. The race
    /// detector and `go vet` do not see it either.
    ///
    /// ## Example
    /// ```go
    /// func fetch(ctx context.Context, url string) (*Page, error) {
    ///     ch := make(chan *Page)
    ///     go func() {
    ///         ch <- download(url) // blocks forever after a timeout
    ///     }()
    ///     select {
    ///     case p := <-ch:
    ///         return p, nil
    ///     case <-ctx.Done():
    ///         return nil, ctx.Err()
    ///     }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func fetch(ctx context.Context, url string) (*Page, error) {
    ///     ch := make(chan *Page, 1) // the send always completes
    ///     go func() {
    ///         ch <- download(url)
    ///     }()
    ///     select {
    ///     case p := <-ch:
    ///         return p, nil
    ///     case <-ctx.Done():
    ///         return nil, ctx.Err()
    ///     }
    /// }
    /// ```
    pub struct AbandonedChannel {
        code: "GL101",
        name: "goroutine-leak-abandoned-channel",
        summary: "goroutine blocks forever on a channel its partner can abandon",
        severity: Warning,
        default: true,
    }
}

impl Rule for AbandonedChannel {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        if m.ops.is_empty() {
            return;
        }
        let mut seen = HashSet::new();
        // Counted first: where the count is certain it names the send
        // that blocks, not the first send of the goroutine.
        let counted = super::send_count::oversent(m, &mut seen, out);
        spawned_goroutines(m, &counted, &mut seen, out);
        server_loops(m, &mut seen, out);
    }
}

/// Which partner an operation waits for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// A send waits for a receive.
    Receive,
    /// A receive waits for a send or a close.
    SendOrClose,
}

impl Need {
    fn satisfied_by(self, op: &ChanOp) -> bool {
        match self {
            Need::Receive => op.kind.receives(),
            Need::SendOrClose => matches!(op.kind, ChanOpKind::Send | ChanOpKind::Close),
        }
    }
}

/// How deep [`always_does`] follows calls into callees.
const MAX_CALLEE_DEPTH: u32 = 3;

/// Searches `f` for a path from op `start` of block `block` to a return
/// that does not perform `need` on `class`, directly or through calls, and
/// takes no edge with `stop_edge`; `depth` is how many calls down from
/// the spawning function `f` is.
#[allow(clippy::too_many_arguments)]
fn abandon_path(
    m: &Model<'_>,
    f: FuncRef,
    class: ClassId,
    need: Need,
    start: (u32, u32),
    stop_edge: impl Fn(u32, u32) -> bool,
    join: &Join,
    depth: u32,
    via_case: bool,
) -> Option<Witness> {
    let cfg = m.funcs.func(f).body.as_ref()?;
    // Where `f` itself does the partner operation.
    let at: HashSet<(u32, u32)> = m
        .ops_in(f)
        .iter()
        .map(|&i| &m.ops[i])
        .filter(|op| op.class == class && need.satisfied_by(op) && !op.deferred)
        .filter_map(|op| match op.pos {
            OpPos::Op { block, index } => Some((block, index)),
            OpPos::Case { .. } => None,
        })
        .collect();
    let stop_op = |b: u32, i: u32| {
        if at.contains(&(b, i)) {
            return true;
        }
        let Some(op) = cfg.op_at(b, i) else {
            return false;
        };
        if ends_path(m, f, &op.kind) || join.at(m, f, &op.kind) {
            return true;
        }
        match &op.kind {
            OpKind::Call { call, .. } => {
                let callees: Vec<FuncRef> = m
                    .funcs
                    .called_by(f, call)
                    .into_iter()
                    .filter(|&g| g != f)
                    .collect();
                if !callees
                    .iter()
                    .any(|&g| m.calls_do(g, class, |o| need.satisfied_by(o)))
                {
                    return false;
                }
                // The one function called, when its own paths can be read:
                // it is the partner only if it does the operation on
                // every way out (`check()` that gives up on a timeout is
                // not).
                match callees.as_slice() {
                    [g] if depth < MAX_CALLEE_DEPTH => {
                        always_does(m, *g, class, need, join, depth + 1)
                    }
                    _ => true,
                }
            }
            _ => false,
        }
    };
    let stop_case = |b: u32, c: u32| {
        let Some(Term::Select(sel)) = cfg.blocks.get(b as usize).map(|bl| &bl.term) else {
            return false;
        };
        let Some(case) = sel.cases.get(c as usize) else {
            return false;
        };
        let (ch, other_need) = match &case.comm {
            Comm::Recv { ch, .. } => (ch, Need::SendOrClose),
            Comm::Send { ch, .. } => (ch, Need::Receive),
        };
        let Some(c) = m.objects.class_of(&m.funcs, f, ch) else {
            return false;
        };
        if c == class {
            return other_need != need;
        }
        // Taking a receive on the goroutine's done channel means it ended.
        if other_need == Need::SendOrClose && join.done.contains(&c) {
            return true;
        }
        // A case on a channel of the package that has no partner anywhere
        // can never be taken.
        m.class(c).is_some_and(|cl| {
            !cl.open
                && !cl.makes.is_empty()
                && !m
                    .ops_on(c)
                    .iter()
                    .any(|&i| other_need.satisfied_by(&m.ops[i]))
        })
    };
    exit_path(cfg, start, stop_op, stop_case, stop_edge, via_case)
}

/// What tells the spawning function that the goroutine has finished: a
/// receive (or `range`) on a channel the goroutine closes in a `defer`, or
/// `wg.Wait()` on a wait group the goroutine marks `Done` in a `defer`.
/// Past a join the goroutine is no longer blocked (or the spawner blocks
/// with it, which is not a leak of the goroutine): a path through one does
/// not abandon it.
#[derive(Default)]
struct Join {
    /// Channels the goroutine closes in a `defer`.
    done: Vec<ClassId>,
    /// The wait groups (as written: a closure shares its parent's
    /// variables) the goroutine defers `Done` on.
    groups: Vec<Place>,
}

impl Join {
    /// The joins of the goroutine running `g_side`, blocked on `class`.
    fn of(m: &Model<'_>, g_side: &[FuncRef], class: ClassId) -> Join {
        let mut j = Join::default();
        for &g in g_side {
            for &i in m.ops_in(g) {
                let op = &m.ops[i];
                if op.kind == ChanOpKind::Close
                    && op.deferred
                    && op.class != class
                    && !j.done.contains(&op.class)
                {
                    j.done.push(op.class);
                }
            }
            let Some(cfg) = &m.funcs.func(g).body else {
                continue;
            };
            for (_, op) in cfg.ops() {
                if let OpKind::Defer(call) = &op.kind {
                    if let Callee::Method { recv, name } = &call.callee {
                        if let Some(p) = group(recv).filter(|_| name == "Done") {
                            j.groups.push(p.clone());
                        }
                    }
                }
            }
        }
        j
    }

    /// The op of `f` is a join.
    fn at(&self, m: &Model<'_>, f: FuncRef, kind: &OpKind) -> bool {
        match kind {
            OpKind::Recv { ch, .. }
            | OpKind::RangeChan { ch, .. }
            | OpKind::Range { x: ch, .. } => m
                .objects
                .class_of(&m.funcs, f, ch)
                .is_some_and(|c| self.done.contains(&c)),
            OpKind::Call { call, .. } => matches!(
                &call.callee,
                Callee::Method { recv, name } if name == "Wait"
                    && group(recv).is_some_and(|r| self.groups.contains(r))
            ),
            _ => false,
        }
    }
}

/// Callee `g` does `need` on `class` before every normal return: in its
/// body (a loop that does it is taken to do it as often as needed, as in
/// the spawning function), in a function it calls, or in a `defer`.
fn always_does(
    m: &Model<'_>,
    g: FuncRef,
    class: ClassId,
    need: Need,
    join: &Join,
    depth: u32,
) -> bool {
    let (Some(_), Some(shape)) = (&m.funcs.func(g).body, m.shape(g)) else {
        return true;
    };
    // A callee that starts goroutines and waits for them may be done with
    // the blocked goroutine on its other paths (`case err := <-result`
    // receives what the goroutine sent last): its own joins are not
    // modelled, so its operation is taken as done.
    if deferred_partner(m, g, class, need) || m.funcs.spawns.iter().any(|s| s.from == g) {
        return true;
    }
    let loops = &shape.loops;
    let gates: Vec<u32> = m
        .ops_in(g)
        .iter()
        .map(|&i| &m.ops[i])
        .filter(|o| o.class == class && need.satisfied_by(o))
        .filter_map(|o| loops.entry_of(o.pos.block()))
        .collect();
    let into_gate = |_: u32, to: u32| gates.contains(&to);
    abandon_path(m, g, class, need, (0, 0), into_gate, join, depth, false).is_none()
}

/// `f` (or what it defers) does `need` on `class` on every exit: a
/// deferred close, or a deferred function that drains or closes (a
/// `defer`, or a func registered with `t.Cleanup`).
fn deferred_partner(m: &Model<'_>, f: FuncRef, class: ClassId, need: Need) -> bool {
    let Some(cfg) = &m.funcs.func(f).body else {
        return false;
    };
    let direct = m
        .ops_in(f)
        .iter()
        .any(|&i| m.ops[i].deferred && m.ops[i].class == class && need.satisfied_by(&m.ops[i]));
    direct
        || cfg.ops().any(|(_, op)| match &op.kind {
            OpKind::Defer(call) => m
                .funcs
                .resolve(f, call)
                .into_iter()
                .chain(m.funcs.deferred_by(f, call))
                .any(|g| m.calls_do(g, class, |o| need.satisfied_by(o))),
            OpKind::Call { call, .. } => m
                .funcs
                .deferred_by(f, call)
                .into_iter()
                .any(|g| m.calls_do(g, class, |o| need.satisfied_by(o))),
            _ => false,
        })
}

/// Forms 1 and 2: a function and the goroutine it starts.
fn spawned_goroutines(
    m: &Model<'_>,
    counted: &HashSet<(Span, ClassId)>,
    seen: &mut HashSet<Span>,
    out: &mut Findings,
) {
    for site in &m.funcs.spawns {
        let f = site.from;
        let (Some(cfg), Some(shape)) = (&m.funcs.func(f).body, m.shape(f)) else {
            continue;
        };
        // When `main` returns the process exits: nothing it abandons on
        // the way out is left blocked.
        let program_main = m.funcs.package.name == "main"
            && m.funcs.func(f).name == "main"
            && matches!(m.funcs.func(f).kind, golint_ir::FuncKind::Func);
        let loops = &shape.loops;
        let g_side = m.funcs.same_goroutine(site.target, GOROUTINE_DEPTH);
        let f_side = m.funcs.same_goroutine(f, GOROUTINE_DEPTH);
        if g_side.iter().any(|g| f_side.contains(g)) {
            continue;
        }
        let mut candidates: Vec<usize> = g_side
            .iter()
            .flat_map(|g| m.ops_in(*g).iter().copied())
            .filter(|&i| {
                let op = &m.ops[i];
                op.blocks()
                    && matches!(
                        op.kind,
                        ChanOpKind::Send | ChanOpKind::Recv | ChanOpKind::Range
                    )
            })
            .collect();
        candidates.sort_unstable();
        for i in candidates {
            let op = &m.ops[i];
            if seen.contains(&op.span) || counted.contains(&(site.span, op.class)) {
                continue;
            }
            let Some(class) = m.class(op.class) else {
                continue;
            };
            // A channel kept in a field or returned outlives the call: its
            // partner may come from another call.
            if class.open || class.stored || class.makes.is_empty() {
                continue;
            }
            let all: Vec<&ChanOp> = m.ops_on(op.class).iter().map(|&j| &m.ops[j]).collect();
            if all
                .iter()
                .any(|o| !f_side.contains(&o.func) && !g_side.contains(&o.func))
            {
                continue;
            }
            let need = if op.kind == ChanOpKind::Send {
                Need::Receive
            } else {
                Need::SendOrClose
            };
            // The partner must be on the spawning side.
            let partners: Vec<&ChanOp> = all
                .iter()
                .copied()
                .filter(|o| f_side.contains(&o.func) && need.satisfied_by(o))
                .collect();
            if partners.is_empty() || deferred_partner(m, f, op.class, need) {
                continue;
            }
            // A range over a channel nobody closes is GL103's.
            if op.kind == ChanOpKind::Range && !all.iter().any(|o| o.kind == ChanOpKind::Close) {
                continue;
            }
            // Values sent (or a close) before the goroutine starts are
            // waiting for it in the buffer.
            let spawn_pos = (site.block, site.index);
            if need == Need::SendOrClose
                && partners.iter().any(|p| {
                    p.func == f
                        && matches!(p.pos, OpPos::Op { block, index }
                            if reaches(cfg, (block, index), spawn_pos, |_, _| false))
                })
            {
                continue;
            }
            // One goroutine per iteration only if the channel is made
            // outside the loop that starts them.
            let spawn_loop = loops.of(site.block);
            let spawn_in_loop = spawn_loop.is_some()
                && class
                    .makes
                    .iter()
                    .any(|mk| mk.func != f || loops.of(mk.block) != spawn_loop);
            // The channel the spawning function made before the `go`, when
            // it did: a class may have sites of several capacities.
            let cap = m.capacity_at(op.class, f, site.block, site.span.start);
            if need == Need::Receive {
                match cap {
                    None | Some(Cap::Unknown) => continue,
                    // A buffer sized by a named constant for goroutines
                    // started in a loop is usually sized for the loop's
                    // bound (`const n = 3; for i := 0; i < n; i++`), which
                    // is not evaluated.
                    Some(Cap::Const(_))
                        if spawn_in_loop && class.makes.iter().any(|mk| mk.named) =>
                    {
                        continue
                    }
                    Some(Cap::Const(k)) => {
                        // A loop that starts a goroutine and receives once
                        // per iteration leaves at most one goroutine behind.
                        let received_per_iteration = partners.iter().any(|p| {
                            p.func == f
                                && spawn_loop.is_some()
                                && loops.of(p.pos.block()) == spawn_loop
                        });
                        if (!spawn_in_loop || received_per_iteration)
                            && max_sends(m, &g_side, op.class) <= k
                        {
                            continue;
                        }
                    }
                    Some(Cap::Zero) => {}
                }
            }
            // A loop that receives (or sends) is taken to do it as often as
            // needed: the path may not enter it, and from its entry the
            // path may leave it only from inside its body (`break`,
            // `return`, a `select` case), not through its condition.
            // A channel made afresh in the loop that starts the goroutine
            // belongs to one iteration: the next one receives from another
            // channel, so going around that loop abandons this one. (The
            // loops of `Loops` are strongly connected components, nested
            // loops one; the IR's innermost loop header tells a receive in
            // the same loop from one in an inner loop that waits.)
            let innermost = |b: u32| innermost_loop(cfg, b);
            let per_iteration = spawn_loop.is_some()
                && class
                    .makes
                    .iter()
                    .all(|mk| mk.func == f && innermost(mk.block) == innermost(site.block));
            let mut gates: Vec<(u32, usize)> = Vec::new();
            for p in partners.iter().filter(|p| p.func == f) {
                let b = p.pos.block();
                if let (Some(e), Some(id)) = (loops.entry_of(b), loops.of(b)) {
                    if per_iteration && innermost(b) == innermost(site.block) {
                        continue;
                    }
                    if !gates.contains(&(e, id)) {
                        gates.push((e, id));
                    }
                }
            }
            let into_gate = |_: u32, to: u32| gates.iter().any(|&(e, _)| e == to);
            let join = Join::of(m, &g_side, op.class);
            // A helper that starts the goroutine runs on at its call, and
            // may be the partner itself (it waits, then gives up and
            // closes): the search starts at the call.
            let from_index = if site.helper {
                site.index
            } else {
                site.index + 1
            };
            let witness = abandon_path(
                m,
                f,
                op.class,
                need,
                (site.block, from_index),
                into_gate,
                &join,
                0,
                false,
            )
            .or_else(|| {
                // A loop that also starts the goroutine was searched
                // from the `go` statement already.
                gates
                    .iter()
                    .filter(|&&(_, id)| spawn_loop != Some(id))
                    .find_map(|&(e, id)| {
                        let stop = |from: u32, to: u32| {
                            into_gate(from, to)
                                || (from == e
                                    && loops.of(to) != Some(id)
                                    && !matches!(
                                        cfg.blocks.get(e as usize).map(|bl| &bl.term),
                                        Some(Term::Select(_))
                                    ))
                        };
                        abandon_path(m, f, op.class, need, (e, 0), stop, &join, 0, false)
                    })
            })
            .or_else(|| {
                // A receiving loop (`for v := range ch`, a counted loop of
                // receives) that leaves its body early abandons a producer
                // with more to send; a sending loop that returns from its
                // body abandons a goroutine that receives until the close.
                // Searched from just after the loop's own operation, when
                // the goroutine's side does it more than once.
                let more = match need {
                    Need::Receive => spawn_in_loop || max_sends(m, &g_side, op.class) > 1,
                    Need::SendOrClose => op.kind == ChanOpKind::Range || m.in_loop(op),
                };
                if !more {
                    return None;
                }
                // The loop of a per-iteration channel is no receiving
                // loop: its next iteration receives from a new channel
                // (counting the sends of one iteration is form 4's).
                partners.iter().filter(|p| p.func == f).find_map(|p| {
                    if per_iteration && innermost(p.pos.block()) == innermost(site.block) {
                        return None;
                    }
                    // Searched from just after the receive: the op's next
                    // op, or the start of the case's body.
                    let (block, start, at) = match p.pos {
                        OpPos::Op { block, index } => {
                            (block, (block, index + 1), RecvAt::Op(block, index))
                        }
                        OpPos::Case { block, case } => {
                            let Some(Term::Select(sel)) =
                                cfg.blocks.get(block as usize).map(|bl| &bl.term)
                            else {
                                return None;
                            };
                            let target = sel.cases.get(case as usize)?.target.0;
                            (block, (target, 0), RecvAt::Case(block, case))
                        }
                    };
                    loops.of(block)?;
                    // A comma-ok receive ends the loop normally where `ok`
                    // is false (`if !ok { return }`): the producer closed
                    // the channel. Those edges are its own exit; when `ok`
                    // is read in a way not understood (or is `_`), the
                    // normal end cannot be told from an early one. A plain
                    // receive in a `select` may take the close as well:
                    // not followed.
                    let closed = if p.comma_ok {
                        closed_edges(cfg, ok_var(cfg, at)?, at)?
                    } else if matches!(at, RecvAt::Case(..)) {
                        return None;
                    } else {
                        Vec::new()
                    };
                    // A `range` leaves through its own header (`Branch
                    // [body, exit]`) once the channel is closed: the
                    // producer is done. A plain receive's block jumps
                    // out only by a `break` or `return`.
                    let range_exit = match cfg.blocks.get(block as usize).map(|bl| &bl.term) {
                        Some(Term::Branch(ts)) if p.kind == ChanOpKind::Range && ts.len() > 1 => {
                            ts.last().map(|t| t.0)
                        }
                        _ => None,
                    };
                    let stop = |from: u32, to: u32| {
                        into_gate(from, to)
                            || (from == block && Some(to) == range_exit)
                            || closed.contains(&(from, to))
                    };
                    abandon_path(m, f, op.class, need, start, stop, &join, 0, false)
                })
            });
            let f_receives: Vec<&&ChanOp> = partners.iter().filter(|p| p.func == f).collect();
            let diag = match witness {
                Some(_) if program_main => continue,
                Some(w) => abandoned(m, op, f, site.start, &w, &partners, need),
                None if need == Need::Receive
                    && spawn_in_loop
                    && matches!(cap, Some(Cap::Zero) | Some(Cap::Const(1)))
                    && partners.len() == 1
                    && f_receives.len() == 1
                    && !m.in_loop(partners[0]) =>
                {
                    first_wins(m, op, f, site.start, &partners)
                }
                None => continue,
            };
            seen.insert(op.span);
            out.push(diag);
        }
    }
}

/// The most sends on `class` one run of the goroutine can make, following
/// its body's acyclic paths; `u64::MAX` when a send is on a loop.
pub(super) fn max_sends(m: &Model<'_>, g_side: &[FuncRef], class: ClassId) -> u64 {
    let mut total = 0u64;
    for &g in g_side {
        let (Some(cfg), Some(shape)) = (&m.funcs.func(g).body, m.shape(g)) else {
            continue;
        };
        let mut per_block = vec![0u64; cfg.blocks.len()];
        for &i in m.ops_in(g) {
            let op = &m.ops[i];
            if op.class == class && op.kind == ChanOpKind::Send {
                let b = op.pos.block() as usize;
                if shape.loops.on_loop(b as u32) {
                    return u64::MAX;
                }
                if let Some(x) = per_block.get_mut(b) {
                    *x += 1;
                }
            }
        }
        // Longest path by sends, memoized; blocks on cycles count zero.
        let mut memo: Vec<Option<u64>> = vec![None; cfg.blocks.len()];
        fn longest(
            b: usize,
            cfg: &golint_ir::Cfg,
            per_block: &[u64],
            memo: &mut Vec<Option<u64>>,
            depth: u32,
        ) -> u64 {
            if let Some(v) = memo[b] {
                return v;
            }
            if depth > 2_000 {
                return 0;
            }
            memo[b] = Some(0);
            let best = cfg.blocks[b]
                .term
                .successors()
                .into_iter()
                .filter(|s| (s.0 as usize) < cfg.blocks.len())
                .map(|s| longest(s.0 as usize, cfg, per_block, memo, depth + 1))
                .max()
                .unwrap_or(0);
            let v = per_block[b] + best;
            memo[b] = Some(v);
            v
        }
        if !cfg.blocks.is_empty() {
            total = total.saturating_add(longest(0, cfg, &per_block, &mut memo, 0));
        }
    }
    total
}

fn abandoned(
    m: &Model<'_>,
    op: &ChanOp,
    f: FuncRef,
    spawn: Span,
    w: &Witness,
    partners: &[&ChanOp],
    need: Need,
) -> Diagnostic {
    let ch = chan_name(op);
    let fname = func_display(m, f);
    let (verb, missing) = match need {
        Need::Receive => ("sending on", "receiving from"),
        Need::SendOrClose => ("receiving from", "sending on or closing"),
    };
    let mut d = Diagnostic::new(
        AbandonedChannel::META.code,
        AbandonedChannel::META.name,
        op.span,
        format!("goroutine blocks forever {verb} {ch}: {fname} can return without {missing} it"),
    )
    .with_primary_label(format!("blocks forever once {fname} has returned"))
    .with_label(spawn, "the goroutine is started here");
    if let Some(via) = w.via {
        d = d.with_label(via, format!("{fname} can take this case instead"));
    }
    // The spawning side may know the channel by another name.
    let f_ch = partners
        .iter()
        .find(|p| p.func == f)
        .map(|p| chan_name(p))
        .unwrap_or_else(|| ch.clone());
    d = d.with_label(
        w.exit,
        format!("{fname} returns here without {missing} {f_ch}"),
    );
    if let Some(p) = partners.iter().find(|p| p.func == f) {
        d = d.with_label(p.span, "the partner operation, skipped on that path");
    }
    match need {
        Need::Receive => d.with_help(
            "give the channel a buffer for every send (`make(chan T, 1)`), or make the goroutine `select` on the same cancellation",
        ),
        Need::SendOrClose => d.with_help(format!(
            "`defer close({})` in {fname}, or make the goroutine `select` on a cancellation channel",
            if op.name.is_empty() { "ch" } else { &op.name }
        )),
    }
}

fn first_wins(
    m: &Model<'_>,
    op: &ChanOp,
    f: FuncRef,
    spawn: Span,
    partners: &[&ChanOp],
) -> Diagnostic {
    let ch = chan_name(op);
    let fname = func_display(m, f);
    let mut d = Diagnostic::new(
        AbandonedChannel::META.code,
        AbandonedChannel::META.name,
        op.span,
        format!("goroutines started in a loop block forever sending on {ch}: {fname} receives only once"),
    )
    .with_primary_label("all but the first send block forever")
    .with_label(spawn, "one goroutine per iteration is started here");
    for p in partners.iter().filter(|p| p.func == f) {
        d = d.with_label(p.span, "the only receive, not in a loop");
    }
    d.with_help("buffer the channel for every goroutine (`make(chan T, len(xs))`), or receive once per goroutine")
}

/// The edge from `from` to `to` of `f` enters a `select` case receiving a
/// value from a data channel of the package: one that is sent on and never
/// closed, and whose value the case keeps (`case s := <-endings`). A server
/// loop that returns after such a value (the last result it was waiting
/// for) stops because its clients are done by protocol, not because it was
/// told to quit while they may still call: only a quit (a closed channel, a
/// context, a channel from another package, or a signal sent on a channel
/// whose value the case discards — `case <-n.stop:` fed by `Stop`'s
/// `n.stop <- struct{}{}`) makes its clients' sends block.
fn data_case(m: &Model<'_>, f: FuncRef, from: u32, to: u32) -> bool {
    let Some(cfg) = &m.funcs.func(f).body else {
        return false;
    };
    let Some(Term::Select(sel)) = cfg.blocks.get(from as usize).map(|b| &b.term) else {
        return false;
    };
    sel.cases.iter().any(|case| {
        let Comm::Recv { ch, dst, .. } = &case.comm else {
            return false;
        };
        case.target.0 == to
            && !dst.is_empty()
            && m.objects.class_of(&m.funcs, f, ch).is_some_and(|c| {
                let ops = m.ops_on(c);
                m.class(c)
                    .is_some_and(|cl| !cl.open && !cl.makes.is_empty())
                    && ops.iter().any(|&i| m.ops[i].kind == ChanOpKind::Send)
                    && !ops.iter().any(|&i| m.ops[i].kind == ChanOpKind::Close)
            })
    })
}

/// Form 3: sends on a channel whose receivers are goroutines that can exit.
fn server_loops(m: &Model<'_>, seen: &mut HashSet<Span>, out: &mut Findings) {
    let spawned = m.funcs.spawned();
    for c in m.classes_with_ops() {
        let Some(class) = m.class(c) else { continue };
        // Some site must make it unbuffered; each send is checked against
        // the site that built its channel, when it is known.
        if class.open || !class.makes.iter().any(|mk| mk.cap == Cap::Zero) {
            continue;
        }
        let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
        // A channel outside any struct is the partners' own only between
        // sibling goroutines; with the spawning function as a partner it
        // is form 1's, whose joins this form does not follow.
        if !class.in_field && !siblings(m, &spawned, &ops, c) {
            continue;
        }
        let receivers: Vec<&ChanOp> = ops.iter().copied().filter(|o| o.kind.receives()).collect();
        if receivers.is_empty()
            || !receivers
                .iter()
                .all(|r| ends_goroutine(m, &spawned, r.func, c, 0))
        {
            continue;
        }
        let mut loops: Vec<FuncRef> = receivers.iter().map(|r| r.func).collect();
        loops.sort();
        loops.dedup();
        let mut exits = Vec::new();
        for &r in &loops {
            if deferred_partner(m, r, c, Need::Receive)
                || ops
                    .iter()
                    .any(|o| o.func == r && o.kind == ChanOpKind::Close)
            {
                exits.clear();
                break;
            }
            let no_join = Join::default();
            match abandon_path(
                m,
                r,
                c,
                Need::Receive,
                (0, 0),
                |from, to| data_case(m, r, from, to),
                &no_join,
                0,
                true,
            ) {
                // A sibling that returns because its own work is done (a
                // loop over its batch, its input closed by the sender) ends
                // by the protocol both follow; only one told to quit by a
                // third party leaves its partner behind.
                Some(w) if class.in_field || quit_from_elsewhere(m, r, &ops, w.via) => {
                    exits.push((r, w))
                }
                Some(_) => {
                    exits.clear();
                    break;
                }
                None => {
                    exits.clear();
                    break;
                }
            }
        }
        if exits.is_empty() {
            continue;
        }
        for s in ops
            .iter()
            .filter(|o| o.kind == ChanOpKind::Send && o.blocks())
        {
            if seen.contains(&s.span)
                || m.capacity_at(c, s.func, s.pos.block(), s.span.start) != Some(Cap::Zero)
            {
                continue;
            }
            let in_loop_goroutine = loops
                .iter()
                .any(|&r| m.funcs.same_goroutine(r, GOROUTINE_DEPTH).contains(&s.func));
            if in_loop_goroutine
                || exits
                    .iter()
                    .all(|(r, w)| told_to_quit_after(m, *r, w.via, s))
            {
                continue;
            }
            let ch = chan_name(s);
            let (r, w) = &exits[0];
            let rname = func_display(m, *r);
            let mut d = Diagnostic::new(
                AbandonedChannel::META.code,
                AbandonedChannel::META.name,
                s.span,
                format!("send on {ch} blocks forever once its receiver, {rname}, has returned"),
            )
            .with_primary_label(format!("nothing receives from {ch} after {rname} returns"));
            if let Some(site) = m.funcs.spawns.iter().find(|x| x.target == *r) {
                // The `go` keyword (or the helper's name): the statement
                // would cover a literal's whole body.
                d = d.with_label(
                    site.start,
                    format!("{rname} runs in the goroutine started here"),
                );
            } else if let Some(site) = goroutine_start(m, *r) {
                d = d.with_label(
                    site,
                    format!("{rname} runs, and returns for good, in the goroutine started here"),
                );
            }
            if let Some(via) = w.via {
                d = d.with_label(via, format!("{rname} leaves through this case"));
            }
            d = d
                .with_label(w.exit, format!("{rname} returns here"))
                .with_help(format!(
                    "send in a `select` that also waits for what stops {rname} (its quit channel or `ctx.Done()`)"
                ));
            seen.insert(s.span);
            out.push(d);
        }
    }
}

/// Every operation on class `c` is in the body of a goroutine, and no
/// function that starts one of them touches `c` itself (directly or in
/// what it calls): two goroutines of one spawner pass values between them.
fn siblings(m: &Model<'_>, spawned: &[FuncRef], ops: &[&ChanOp], c: ClassId) -> bool {
    ops.iter().all(|o| spawned.contains(&o.func))
        && m.funcs
            .spawns
            .iter()
            .filter(|site| ops.iter().any(|o| o.func == site.target))
            .all(|site| !m.calls_do(site.from, c, |_| true))
}

/// Receiver `r` leaves through the `select` case at `via`, and that case
/// waits for someone other than the senders on `ops`' channel: a context or
/// a channel of another package, or one of the package that no sending
/// goroutine sends on or closes (a stop channel of the spawner). A case on
/// the sender's own input, which it closes when done, is the protocol's
/// end.
fn quit_from_elsewhere(m: &Model<'_>, r: FuncRef, ops: &[&ChanOp], via: Option<Span>) -> bool {
    let Some(ch) = quit_case_chan(m, r, via) else {
        return false;
    };
    let Some(quit) = m.objects.class_of(&m.funcs, r, ch) else {
        return true;
    };
    ops.iter().filter(|o| o.kind == ChanOpKind::Send).all(|o| {
        !m.calls_do(o.func, quit, |q| {
            matches!(q.kind, ChanOpKind::Send | ChanOpKind::Close)
        })
    })
}

/// Receiver `r` leaves through the `select` case at `via`, and the only
/// one who tells it to is the sender `s` itself, after its last send: every
/// send on or close of the quit channel is in `s`'s function (or the
/// receiver's own acknowledgement), and `s`
/// cannot run again after any of them (a dispatcher that stops a worker it
/// took from the free list and returns; a test that sends, then stops the
/// server loop). A receiver quitting because its sender said so is the
/// protocol's end, not an abandon.
fn told_to_quit_after(m: &Model<'_>, r: FuncRef, via: Option<Span>, s: &ChanOp) -> bool {
    let Some(quit) = quit_case_chan(m, r, via).and_then(|ch| m.objects.class_of(&m.funcs, r, ch))
    else {
        return false;
    };
    if m.class(quit).is_none_or(|c| c.open) {
        return false;
    }
    let Some(cfg) = &m.funcs.func(s.func).body else {
        return false;
    };
    let signals = m
        .ops_on(quit)
        .iter()
        .map(|&i| &m.ops[i])
        .filter(|q| matches!(q.kind, ChanOpKind::Send | ChanOpKind::Close));
    // The receiver's own sends on its quit channel acknowledge the quit
    // after taking it (`case <-w.stop: w.stop <- struct{}{}; return`).
    let receiver = m.funcs.same_goroutine(r, GOROUTINE_DEPTH);
    let mut told = false;
    for q in signals {
        if receiver.contains(&q.func) {
            continue;
        }
        if q.func != s.func
            || q.deferred
            || reaches(cfg, q.pos.point(cfg), s.pos.point(cfg), |_, _| false)
        {
            return false;
        }
        told = true;
    }
    told
}

/// The channel the `select` case at `via` of `r` receives from (`None`
/// for a send case or no such case).
fn quit_case_chan<'m>(m: &'m Model<'_>, r: FuncRef, via: Option<Span>) -> Option<&'m Value> {
    let (via, cfg) = (via?, m.funcs.func(r).body.as_ref()?);
    cfg.blocks.iter().find_map(|b| match &b.term {
        Term::Select(sel) => sel
            .cases
            .iter()
            .find(|case| case.span == via)
            .and_then(|case| match &case.comm {
                Comm::Recv { ch, .. } => Some(ch),
                Comm::Send { .. } => None,
            }),
        _ => None,
    })
}

/// How many calls up from a receiving loop [`ends_goroutine`] looks for the
/// body of the goroutine it runs in (`go func() { c.Run(stop) }()` calling
/// `monitor.Run`).
const MAX_CALLER_DEPTH: u32 = 2;

/// Function `r` runs in a goroutine that stops receiving on `class` once
/// `r` has returned: a `go` statement (or a helper) starts it; or every
/// way to reach it is a plain call, not on a loop, from a function that
/// itself ends its goroutine so, and which can return after the call
/// without receiving from `class` again. A caller that loops (`for {
/// s.step() }`) would run `r` again, and a `defer`red or deferred-call
/// partner is not a tail.
fn ends_goroutine(
    m: &Model<'_>,
    spawned: &[FuncRef],
    r: FuncRef,
    class: ClassId,
    depth: u32,
) -> bool {
    if spawned.contains(&r) {
        return true;
    }
    if depth >= MAX_CALLER_DEPTH {
        return false;
    }
    let edges = m.funcs.callers(r);
    if edges.iter().any(|&(_, e)| e != Edge::Call) {
        return false;
    }
    let mut callers: Vec<FuncRef> = edges.into_iter().map(|(g, _)| g).collect();
    callers.dedup();
    if callers.is_empty() {
        return false;
    }
    callers.into_iter().all(|g| {
        let (Some(cfg), Some(shape)) = (&m.funcs.func(g).body, m.shape(g)) else {
            return false;
        };
        let sites: Vec<(u32, u32)> = cfg
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(b, block)| {
                block
                    .ops
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, op)| match &op.kind {
                        OpKind::Call { call, .. } if m.funcs.called_by(g, call).contains(&r) => {
                            Some((b as u32, i as u32))
                        }
                        _ => None,
                    })
            })
            .collect();
        g != r
            && !sites.is_empty()
            && sites.iter().all(|&(b, i)| {
                !shape.loops.on_loop(b)
                    && abandon_path(
                        m,
                        g,
                        class,
                        Need::Receive,
                        (b, i + 1),
                        |_, _| false,
                        &Join::default(),
                        MAX_CALLEE_DEPTH,
                        false,
                    )
                    .is_some()
            })
            && ends_goroutine(m, spawned, g, class, depth + 1)
    })
}

/// The `go` statement (or helper call) starting the goroutine in which `r`
/// runs as a callee: the first spawn site found going up its callers.
fn goroutine_start(m: &Model<'_>, r: FuncRef) -> Option<Span> {
    let mut at = r;
    for _ in 0..=MAX_CALLER_DEPTH {
        if let Some(site) = m.funcs.spawns.iter().find(|x| x.target == at) {
            return Some(site.start);
        }
        at = m.funcs.callers(at).first()?.0;
    }
    None
}
