//! Conditions the analyses can evaluate. The IR keeps `!`, `&&` and `||`
//! ([`Value::Not`], [`Value::Logic`]) and no other operator, so what can be
//! told is the value of boolean variables combined by them: `if !ok ||
//! v == nil { return }` after `v, ok := <-ch` is the branch taken once the
//! channel is closed, whatever `v` is.

use golint_ir::{Cfg, OpKind, Place, Term, Value, VarKey};

use crate::{reads, walk_value, writes};

/// The value of `v` when the variables `known` answers for hold what it
/// says; `None` when `v` depends on anything else (another variable, an
/// operator the IR does not keep). An operand that decides `&&` or `||`
/// alone decides it whatever the other is: `!ok || v != nil` is true when
/// `ok` is false.
pub fn eval_bool(v: &Value, known: &impl Fn(VarKey) -> Option<bool>) -> Option<bool> {
    match v {
        Value::Place(Place::Var(k)) => known(*k),
        Value::Not(x) => eval_bool(x, known).map(|b| !b),
        Value::Logic { or, operands } => {
            let [l, r] = &**operands;
            match (eval_bool(l, known), eval_bool(r, known)) {
                // `or` decides on true, `and` on false.
                (Some(b), _) | (_, Some(b)) if b == *or => Some(b),
                (Some(l), Some(r)) => Some(if *or { l || r } else { l && r }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The `if` ending block `b`: its condition and its successors, `[then,
/// else]` (the else is the block after the `if` when it has none). A
/// tagged `switch` also ends its block with `Use(tag)` and may have two
/// targets (`switch ok { case false: … }`); its `Use` spans the whole
/// statement, case bodies included, which tells it apart.
pub fn if_branch(cfg: &Cfg, b: u32) -> Option<(&Value, [u32; 2])> {
    let block = cfg.blocks.get(b as usize)?;
    let last = block.ops.last()?;
    let OpKind::Use(cond) = &last.kind else {
        return None;
    };
    let Term::Branch(targets) = &block.term else {
        return None;
    };
    let [then, other] = targets.as_slice() else {
        return None;
    };
    let span = last.span;
    let inside = |t: u32| {
        cfg.blocks.get(t as usize).is_some_and(|tb| {
            let term_span = match &tb.term {
                Term::Return { span, .. } | Term::Panic { span, .. } | Term::FallOff { span } => {
                    Some(*span)
                }
                _ => None,
            };
            tb.ops
                .first()
                .map(|o| o.span)
                .or(term_span)
                .is_some_and(|s| s.start >= span.start && s.start < span.end)
        })
    };
    if inside(then.0) || inside(other.0) {
        return None;
    }
    Some((cond, [then.0, other.0]))
}

/// Where a comma-ok receive is: an op, or a `select` case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecvAt {
    /// Op `index` of `block`.
    Op(u32, u32),
    /// Case `case` of the `select` ending `block`.
    Case(u32, u32),
}

/// The `ok` variable of the comma-ok receive at `at`, when it is a local.
pub fn ok_var(cfg: &Cfg, at: RecvAt) -> Option<VarKey> {
    let dst = match at {
        RecvAt::Op(b, i) => match &cfg.op_at(b, i)?.kind {
            OpKind::Recv {
                dst,
                comma_ok: true,
                ..
            } => dst,
            _ => return None,
        },
        RecvAt::Case(b, c) => match &cfg.blocks.get(b as usize)?.term {
            Term::Select(sel) => match &sel.cases.get(c as usize)?.comm {
                golint_ir::Comm::Recv {
                    dst,
                    comma_ok: true,
                    ..
                } => dst,
                _ => return None,
            },
            _ => return None,
        },
    };
    match dst.get(1)? {
        Place::Var(k) => Some(*k),
        _ => None,
    }
}

/// The edges a path takes only once the comma-ok receive at `recv`
/// (writing `ok`) has found its channel closed: for every `if` whose
/// branch `ok` decides (`if !ok`, `if ok && v != nil`), the edge to the
/// branch run when `ok` is false, when a value received always takes the
/// other one. `if !ok || v == nil` may run its `then` on a value as well:
/// that edge is no sign of the close, and is left out. `None` when `ok` is
/// read any other way (an operand that does not decide the branch, copied,
/// passed on) or written by another op or `select` case: the closed case
/// cannot then be told from a value received.
pub fn closed_edges(cfg: &Cfg, ok: VarKey, recv: RecvAt) -> Option<Vec<(u32, u32)>> {
    let closed = |k: VarKey| (k == ok).then_some(false);
    let open = |k: VarKey| (k == ok).then_some(true);
    let mut edges = Vec::new();
    for (b, block) in cfg.blocks.iter().enumerate() {
        let b = b as u32;
        if let Term::Select(sel) = &block.term {
            for (c, case) in sel.cases.iter().enumerate() {
                let writes_ok = matches!(&case.comm, golint_ir::Comm::Recv { dst, .. }
                    if dst.contains(&Place::Var(ok)));
                if writes_ok && RecvAt::Case(b, c as u32) != recv {
                    return None;
                }
            }
        }
        for (i, op) in block.ops.iter().enumerate() {
            let i = i as u32;
            if RecvAt::Op(b, i) != recv
                && writes(&op.kind)
                    .into_iter()
                    .any(|(_, p)| *p == Place::Var(ok))
            {
                return None;
            }
            let mut read = false;
            for v in reads(&op.kind) {
                walk_value(v, &mut |x| read |= x.var() == Some(ok));
            }
            if !read {
                continue;
            }
            let last = i as usize + 1 == block.ops.len();
            let (cond, targets) = if_branch(cfg, b).filter(|_| last)?;
            let taken = eval_bool(cond, &closed)?;
            if eval_bool(cond, &open) == Some(!taken) {
                edges.push((b, targets[usize::from(!taken)]));
            }
        }
    }
    Some(edges)
}
