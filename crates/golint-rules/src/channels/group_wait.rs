//! GL105's wait-group half: `wg.Wait()` inside the loop that starts the
//! goroutines calling `wg.Done()`, after `wg.Add(n)` counted all of them
//! before the loop. The first `Wait` needs the `Done` of goroutines that
//! only later iterations start: the goroutine waits for work it has not
//! handed out yet.

use golint_analysis::concurrency::{ops::display, FuncRef, Model};
use golint_diagnostics::Span;
use golint_ir::{Call, Callee, OpKind, Place, Value};

/// A wait that only later iterations of its own loop could end.
pub(super) struct GroupWait {
    pub func: FuncRef,
    /// The `wg.Wait()` call.
    pub wait: Span,
    /// The `wg.Add(n)` before the loop.
    pub add: Span,
    /// The `go` statement on the loop whose goroutine calls `Done`.
    pub spawn: Span,
    /// The wait group as written.
    pub name: String,
}

/// The wait group a method is called on: `wg`, `&wg` and `*wg` are `wg`
/// (a literal shares its parent's variables, so the same place names the
/// same group in both).
pub(super) fn group(v: &Value) -> Option<&Place> {
    match v {
        Value::Place(Place::Deref(x)) => group(x),
        Value::Place(p) => Some(p),
        Value::AddrOf(p) => Some(p),
        _ => None,
    }
}

/// `call` is `<g>.<name>(…)` on a wait group, returning the group.
fn method_on<'c>(call: &'c Call, name: &str) -> Option<&'c Place> {
    match &call.callee {
        Callee::Method { recv, name: n } if n == name => group(recv),
        _ => None,
    }
}

/// Every `Wait` on a group inside a loop of the function that also starts,
/// on that loop, a goroutine that calls `Done` on the group (in a `defer`
/// or in its body), when the only `Add` on the group is before the loop
/// with a count other than 0 or 1 (`Add(len(xs))`).
pub(super) fn group_waits(m: &Model<'_>) -> Vec<GroupWait> {
    let mut out = Vec::new();
    for f in m.funcs.all() {
        let (Some(cfg), Some(shape)) = (&m.funcs.func(f).body, m.shape(f)) else {
            continue;
        };
        let loops = &shape.loops;
        for (wb, wop) in cfg.ops() {
            let OpKind::Call { call, .. } = &wop.kind else {
                continue;
            };
            let Some(g) = method_on(call, "Wait") else {
                continue;
            };
            let Some(lp) = loops.of(wb.0) else { continue };
            let mut adds = Vec::new();
            let mut spawn = None;
            for (b, op) in cfg.ops() {
                let on_loop = loops.of(b.0) == Some(lp);
                match &op.kind {
                    OpKind::Call { call, .. } | OpKind::Defer(call)
                        if method_on(call, "Add") == Some(g) =>
                    {
                        adds.push((on_loop, call.args.first(), op.span));
                    }
                    OpKind::Spawn(call)
                        if on_loop
                            && spawn.is_none()
                            && m.funcs
                                .resolve(f, call)
                                .into_iter()
                                .any(|t| t.file == f.file && calls_done(m, t, g)) =>
                    {
                        spawn = Some(op.span);
                    }
                    _ => {}
                }
            }
            let (Some(spawn), [(false, Some(n), add)]) = (spawn, adds.as_slice()) else {
                continue;
            };
            if matches!(n, Value::Int(0 | 1)) {
                continue;
            }
            out.push(GroupWait {
                func: f,
                wait: call.span,
                add: *add,
                spawn,
                name: display(&m.funcs, f, &Value::Place(g.clone())),
            });
        }
    }
    out
}

/// The goroutine body `t` calls `Done` on group `g` of its enclosing
/// function (a literal: the same place), directly or in a `defer`.
fn calls_done(m: &Model<'_>, t: FuncRef, g: &Place) -> bool {
    let Some(cfg) = &m.funcs.func(t).body else {
        return false;
    };
    cfg.ops().any(|(_, op)| match &op.kind {
        OpKind::Call { call, .. } | OpKind::Defer(call) => method_on(call, "Done") == Some(g),
        _ => false,
    })
}
