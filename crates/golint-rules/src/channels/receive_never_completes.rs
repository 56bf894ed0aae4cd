use golint_analysis::cfg::cycle_blocks;
use golint_analysis::concurrency::{ChanOp, ChanOpKind, Model};
use golint_analysis::{walk_value, writes};
use golint_diagnostics::Diagnostic;
use golint_ir::{FileIr, Func, OpKind, Place, Value, VarKey};

use super::chan_name;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a receive (`<-ch`, `v, ok := <-ch`, or a `select` whose only
    /// case is that receive) from a channel that nothing in the package ever
    /// sends on or closes, including a nil channel: a variable or field of
    /// channel type that is never given a `make(chan …)`.
    ///
    /// Only channels the package fully controls are considered: not
    /// exported fields or variables, not parameters or results of exported
    /// functions, not channels handed to another package (`signal.Notify`)
    /// or coming from one (`ctx.Done()`, `time.After`, `ticker.C`). In
    /// `package main` and in an external test package (`foo_test`), which
    /// nothing can import, exported names do not count as handed out, nor
    /// do those declared in `_test.go` files when the directory has no
    /// external test package; exported methods still do (other packages
    /// call them through interfaces).
    ///
    /// The same holds for `c.Wait()` on a `sync.Cond` that nothing in the
    /// package signals (`Signal` or `Broadcast`), and for a wait loop whose
    /// condition nothing can change: `for !ready { c.Wait() }` where `ready`
    /// is a local the loop never writes (no closure writes it, its address
    /// is not taken). Each wake-up tests the same value and waits again.
    ///
    /// ## Why is this bad?
    /// The receive can never complete: the goroutine blocks forever. Often a
    /// refactoring renamed the channel the other side signals, or removed
    /// the `close` that used to mark completion.
    ///
    /// ## Example
    /// ```go
    /// type Server struct {
    ///     stopped chan struct{}
    /// }
    ///
    /// func (s *Server) Wait() {
    ///     <-s.stopped // nothing ever closes s.stopped
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func (s *Server) serve() {
    ///     defer close(s.stopped)
    ///     // ...
    /// }
    /// ```
    pub struct ReceiveNeverCompletes {
        code: "GL102",
        name: "receive-never-completes",
        summary: "receive from a channel that no goroutine ever sends on or closes",
        severity: Warning,
        default: true,
    }
}

impl Rule for ReceiveNeverCompletes {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        for c in m.classes_with_ops() {
            let Some(class) = m.class(c) else { continue };
            if class.open {
                continue;
            }
            let ops: Vec<&ChanOp> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
            cond_waits(m, &ops, out);
            if ops
                .iter()
                .any(|o| matches!(o.kind, ChanOpKind::Send | ChanOpKind::Close))
            {
                continue;
            }
            // `<-make(chan struct{})` blocks forever on purpose.
            let on_purpose = |op: &ChanOp| {
                !class.makes.is_empty()
                    && class
                        .makes
                        .iter()
                        .all(|mk| mk.span.start >= op.span.start && mk.span.end <= op.span.end)
            };
            for op in ops
                .iter()
                .filter(|o| o.kind == ChanOpKind::Recv && o.blocks() && !on_purpose(o))
            {
                let ch = chan_name(op);
                let mut d = if class.makes.is_empty() {
                    Diagnostic::new(
                        Self::META.code,
                        Self::META.name,
                        op.span,
                        format!("receive from {ch} blocks forever: it is never made, and a nil channel never delivers"),
                    )
                    .with_primary_label("blocks forever")
                    .with_help(format!("make the channel (`{} = make(chan T)`) before anyone receives from it", if op.name.is_empty() { "ch" } else { &op.name }))
                } else {
                    Diagnostic::new(
                        Self::META.code,
                        Self::META.name,
                        op.span,
                        format!("receive from {ch} blocks forever: nothing in the package sends on it or closes it"),
                    )
                    .with_primary_label("blocks forever")
                    .with_help("send on the channel or close it where the awaited event happens")
                };
                for mk in &class.makes {
                    d = d.with_label(mk.span, "the channel is made here");
                }
                out.push(d);
            }
        }
    }
}

/// `c.Wait()` on a condition nothing signals, or in a loop whose condition
/// only reads locals that nothing changes while it waits.
fn cond_waits(m: &Model<'_>, ops: &[&ChanOp], out: &mut Findings) {
    let signaled = ops.iter().any(|o| o.kind == ChanOpKind::CondSignal);
    for op in ops.iter().filter(|o| o.kind == ChanOpKind::CondWait) {
        let name = if op.name.is_empty() { "c" } else { &op.name };
        if !signaled {
            out.push(
                Diagnostic::new(
                    ReceiveNeverCompletes::META.code,
                    ReceiveNeverCompletes::META.name,
                    op.span,
                    format!("`{name}.Wait()` blocks forever: nothing in the package calls `{name}.Signal()` or `{name}.Broadcast()`"),
                )
                .with_primary_label("blocks forever")
                .with_help("signal the condition where the state it waits for changes"),
            );
            continue;
        }
        let file = m.funcs.file(op.func);
        let func = m.funcs.func(op.func);
        if let Some((k, cond)) = stuck_condition(file, func, op) {
            let var = &file.var(k).name;
            out.push(
                Diagnostic::new(
                    ReceiveNeverCompletes::META.code,
                    ReceiveNeverCompletes::META.name,
                    op.span,
                    format!("`{name}.Wait()` waits forever: the loop tests `{var}`, a local nothing changes while it waits"),
                )
                .with_primary_label("wakes up, tests the same value, waits again")
                .with_label(cond, format!("`{var}` is not written in the loop, nor by any other function"))
                .with_help(format!("test the shared state itself in the loop condition, or read it into `{var}` again after each `Wait`")),
            );
        }
    }
}

/// The loop around the wait at `op` tests only locals of `func` that nothing
/// writes while it loops: not the loop, not a closure, not through a
/// pointer. Returns the first such local and the condition's span.
fn stuck_condition(
    file: &FileIr,
    func: &Func,
    op: &ChanOp,
) -> Option<(VarKey, golint_diagnostics::Span)> {
    let body = func.body.as_ref()?;
    let b = op.pos.block() as usize;
    let header = body.blocks.get(b)?.loop_span?;
    let on_loop = cycle_blocks(body, b);
    // The loop condition: `Use` ops of the loop's blocks within its header.
    let mut vars = Vec::new();
    let mut cond_span = None;
    for (i, block) in body.blocks.iter().enumerate() {
        if block.loop_span != Some(header) || !on_loop.get(i).copied().unwrap_or(false) {
            continue;
        }
        for o in &block.ops {
            if o.span.start < header.start || o.span.end > header.end {
                continue;
            }
            let OpKind::Use(v) = &o.kind else {
                // A call or an assignment in the header: not a plain test.
                return None;
            };
            let mut plain = true;
            walk_value(v, &mut |x| match x {
                Value::Place(Place::Var(k)) => vars.push(*k),
                Value::Place(_) | Value::AddrOf(_) | Value::FuncLit(_) | Value::FuncName(_) => {
                    plain = false
                }
                _ => {}
            });
            if !plain {
                return None;
            }
            cond_span = Some(o.span);
        }
    }
    let cond_span = cond_span?;
    let func_id = op.func.func.0 as usize;
    if vars.is_empty() || vars.iter().any(|k| k.func.0 as usize != func_id) {
        return None;
    }
    let writes_var =
        |o: &golint_ir::Op, k: VarKey| writes(&o.kind).iter().any(|(_, p)| **p == Place::Var(k));
    for &k in &vars {
        let in_loop = body.blocks.iter().enumerate().any(|(i, block)| {
            on_loop.get(i).copied().unwrap_or(false) && block.ops.iter().any(|o| writes_var(o, k))
        });
        if in_loop {
            return None;
        }
        // Written by a closure, or its address taken anywhere: shared.
        let mut shared = false;
        for (fi, f) in file.funcs.iter().enumerate() {
            let Some(fb) = &f.body else { continue };
            for (_, o) in fb.ops() {
                if fi != func_id && writes_var(o, k) {
                    shared = true;
                }
                for v in golint_analysis::reads(&o.kind) {
                    walk_value(v, &mut |x| {
                        if matches!(x, Value::AddrOf(p) if **p == Place::Var(k)) {
                            shared = true;
                        }
                    });
                }
            }
        }
        if shared {
            return None;
        }
    }
    Some((vars[0], cond_span))
}
