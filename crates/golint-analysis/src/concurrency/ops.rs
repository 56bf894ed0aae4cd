//! The channel and condition-variable operations of a package, each tied to
//! its function, its place in the CFG and its object class.

use golint_diagnostics::Span;
use golint_ir::{Callee, Comm, OpKind, Place, Term, Value};

use super::funcs::{FuncRef, Funcs};
use super::objects::{ClassId, Objects};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChanOpKind {
    Send,
    Recv,
    /// `for v := range ch`: receives until `ch` is closed.
    Range,
    Close,
    /// `c.Wait()` on a `sync.Cond`.
    CondWait,
    /// `c.Signal()` / `c.Broadcast()`.
    CondSignal,
}

impl ChanOpKind {
    /// Receives (and ranges) complete a send; sends and closes complete a receive.
    pub fn receives(self) -> bool {
        matches!(self, ChanOpKind::Recv | ChanOpKind::Range)
    }

    pub fn sends(self) -> bool {
        matches!(self, ChanOpKind::Send)
    }
}

/// Where an operation sits in its function's CFG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpPos {
    /// Op `index` of `block`.
    Op { block: u32, index: u32 },
    /// Case `case` of the `select` ending `block`.
    Case { block: u32, case: u32 },
}

impl OpPos {
    pub fn block(self) -> u32 {
        match self {
            OpPos::Op { block, .. } | OpPos::Case { block, .. } => block,
        }
    }

    /// Where a path starting or ending at the operation stands in its
    /// block, as `(block, op index)`: a `select` case is the block's
    /// terminator, after its plain operations.
    pub fn point(self, cfg: &golint_ir::Cfg) -> (u32, u32) {
        match self {
            OpPos::Op { block, index } => (block, index),
            OpPos::Case { block, .. } => (
                block,
                cfg.blocks
                    .get(block as usize)
                    .map_or(0, |b| b.ops.len() as u32),
            ),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ChanOp {
    pub func: FuncRef,
    pub pos: OpPos,
    pub kind: ChanOpKind,
    /// The statement (or the `case` clause).
    pub span: Span,
    pub class: ClassId,
    /// The channel as written: `ch`, `s.reqs`; empty when it is not a name.
    pub name: String,
    /// `v, ok := <-ch`.
    pub comma_ok: bool,
    /// In a `defer` (`defer close(ch)`).
    pub deferred: bool,
    /// A `select` case; `alternatives` when the select has another case or
    /// a `default`, so this case alone does not block.
    pub select: Option<SelectInfo>,
}

#[derive(Clone, Copy, Debug)]
pub struct SelectInfo {
    pub span: Span,
    pub alternatives: bool,
    pub has_default: bool,
}

impl ChanOp {
    /// Blocks until its partner comes: a plain send or receive, a range, a
    /// `Wait`, or the only case of a select without `default`.
    pub fn blocks(&self) -> bool {
        match self.kind {
            ChanOpKind::Close | ChanOpKind::CondSignal => false,
            _ => self.select.is_none_or(|s| !s.alternatives),
        }
    }
}

/// Collects the operations of every function.
pub fn collect(funcs: &Funcs<'_>, objects: &Objects) -> Vec<ChanOp> {
    let mut out = Vec::new();
    for r in funcs.all() {
        let func = funcs.func(r);
        let Some(body) = &func.body else { continue };
        for (bi, block) in body.blocks.iter().enumerate() {
            for (oi, op) in block.ops.iter().enumerate() {
                let pos = OpPos::Op {
                    block: bi as u32,
                    index: oi as u32,
                };
                let mut push = |kind, ch: &Value, comma_ok, deferred| {
                    if let Some(class) = objects.class_of(funcs, r, ch) {
                        out.push(ChanOp {
                            func: r,
                            pos,
                            kind,
                            span: op.span,
                            class,
                            name: display(funcs, r, ch),
                            comma_ok,
                            deferred,
                            select: None,
                        });
                    }
                };
                match &op.kind {
                    OpKind::Send { ch, .. } => push(ChanOpKind::Send, ch, false, false),
                    OpKind::Recv { ch, comma_ok, .. } => {
                        push(ChanOpKind::Recv, ch, *comma_ok, false)
                    }
                    OpKind::RangeChan { ch, .. } => push(ChanOpKind::Range, ch, false, false),
                    OpKind::Range { x, .. } => {
                        let is_chan = objects
                            .class_of(funcs, r, x)
                            .and_then(|c| objects.class(c))
                            .is_some_and(|c| !c.makes.is_empty())
                            || funcs.value_type(r, x).is_some_and(|t| {
                                t.starts_with("chan ") || t.starts_with("<-chan ")
                            });
                        if is_chan {
                            push(ChanOpKind::Range, x, false, false);
                        }
                    }
                    // A package function named `close` shadows the builtin
                    // (the lowering cannot tell when it is declared in
                    // another file).
                    OpKind::Close { ch } if funcs.by_name("close").is_none() => {
                        push(ChanOpKind::Close, ch, false, false)
                    }
                    OpKind::Defer(call) if is_builtin_close(funcs, &call.callee) => {
                        if let Some(ch) = call.args.first() {
                            push(ChanOpKind::Close, ch, false, true);
                        }
                    }
                    // `go close(ch)`: closes soon, in another goroutine.
                    OpKind::Spawn(call) if is_builtin_close(funcs, &call.callee) => {
                        if let Some(ch) = call.args.first() {
                            push(ChanOpKind::Close, ch, false, false);
                        }
                    }
                    OpKind::Call { call, .. } | OpKind::Defer(call) => {
                        if let Callee::Method { recv, name } = &call.callee {
                            let kind = match name.as_str() {
                                "Wait" => ChanOpKind::CondWait,
                                "Signal" | "Broadcast" => ChanOpKind::CondSignal,
                                _ => continue,
                            };
                            let is_cond = funcs
                                .value_type(r, recv)
                                .is_some_and(|t| t.trim_start_matches('*') == "sync.Cond")
                                || objects
                                    .class_of(funcs, r, recv)
                                    .and_then(|c| objects.class(c))
                                    .is_some_and(|c| c.makes.iter().any(|m| m.cond));
                            if is_cond {
                                let deferred = matches!(op.kind, OpKind::Defer(_));
                                push(kind, recv, false, deferred);
                            }
                        }
                    }
                    _ => {}
                }
            }
            if let Term::Select(sel) = &block.term {
                let n = sel.cases.len() + usize::from(sel.default.is_some());
                for (ci, case) in sel.cases.iter().enumerate() {
                    let (kind, ch, comma_ok) = match &case.comm {
                        Comm::Send { ch, .. } => (ChanOpKind::Send, ch, false),
                        Comm::Recv { ch, comma_ok, .. } => (ChanOpKind::Recv, ch, *comma_ok),
                    };
                    if let Some(class) = objects.class_of(funcs, r, ch) {
                        out.push(ChanOp {
                            func: r,
                            pos: OpPos::Case {
                                block: bi as u32,
                                case: ci as u32,
                            },
                            kind,
                            span: case.span,
                            class,
                            name: display(funcs, r, ch),
                            comma_ok,
                            deferred: false,
                            select: Some(SelectInfo {
                                span: sel.span,
                                alternatives: n > 1,
                                has_default: sel.default.is_some(),
                            }),
                        });
                    }
                }
            }
        }
    }
    out
}

fn is_builtin_close(funcs: &Funcs<'_>, callee: &Callee) -> bool {
    matches!(callee, Callee::Func(n) if n == "close" && funcs.by_name("close").is_none())
}

/// A channel expression as the user wrote it, when it is a name or a chain
/// of fields: `ch`, `s.reqs`, `w.conn.done`.
pub fn display(funcs: &Funcs<'_>, r: FuncRef, v: &Value) -> String {
    fn go(funcs: &Funcs<'_>, r: FuncRef, v: &Value, depth: u32) -> Option<String> {
        if depth > 6 {
            return None;
        }
        match v {
            Value::Place(Place::Var(k)) => Some(funcs.file(r).var(*k).name.clone()),
            Value::Place(Place::Global { name, .. }) => Some(name.clone()),
            Value::Place(Place::Field(base, f)) => {
                Some(format!("{}.{f}", go(funcs, r, base, depth + 1)?))
            }
            Value::Place(Place::Deref(x)) => go(funcs, r, x, depth + 1),
            _ => None,
        }
    }
    go(funcs, r, v, 0).unwrap_or_default()
}
