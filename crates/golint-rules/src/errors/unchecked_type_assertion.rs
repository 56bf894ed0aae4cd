use std::collections::{BTreeSet, HashMap, HashSet};

use golint_analysis::{reads, walk_value, writes};
use golint_diagnostics::Diagnostic;
use golint_ir::{Block, Cfg, Comm, FileIr, FuncId, Op, OpKind, Place, Term, Value, VarKey};

use crate::{declare_rule, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a single-value type assertion `x.(T)` outside a type switch.
    ///
    /// An assertion stays silent when it cannot fail because a comma-ok
    /// check of the same variable to the same type guards it: `x` is a local
    /// variable or parameter, the type is written the same, every path to the
    /// assertion goes through the branch where the check's `ok` is true
    /// (`if ok {…}`, or `if !ok { return }` before it), and `x` is not
    /// assigned in between.
    ///
    /// Test files (`_test.go`) are not checked: a panic there fails the test
    /// with a stack trace, which is what a failed assertion in a test should
    /// do.
    ///
    /// ## Why is this bad?
    /// `x.(T)` panics when the dynamic type of `x` is not `T` (or does not
    /// implement `T`). Values behind `interface{}` come from decoded JSON,
    /// `context.Context.Value`, `sync.Map`, `sync.Pool`, `atomic.Value` or
    /// `container/heap`: code elsewhere decides what they hold, and a
    /// change there turns into a panic here, usually in production. The
    /// two-value form `v, ok := x.(T)` and type switches never panic.
    ///
    /// ## Known problems
    /// A case of a type switch without a binding does not guard an
    /// assertion in its body (`switch err.(type) { case *T: err.(*T) }`):
    /// bind the value instead, `switch e := err.(type)`. Guards through
    /// conditions other than `ok` and `!ok` are not recognized.
    ///
    /// ## Example
    /// ```go
    /// func requestID(ctx context.Context) string {
    ///     return ctx.Value(requestIDKey).(string)
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// func requestID(ctx context.Context) (string, bool) {
    ///     id, ok := ctx.Value(requestIDKey).(string)
    ///     return id, ok
    /// }
    /// ```
    pub struct UncheckedTypeAssertion {
        code: "GL601",
        name: "unchecked-type-assertion",
        summary: "single-value type assertion `x.(T)` panics when `x` holds another type",
        severity: Warning,
    }
}

impl Rule for UncheckedTypeAssertion {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
        for file in cx.package.files.iter().filter(|f| !f.is_test) {
            let mut unstable: Option<HashSet<VarKey>> = None;
            for (fi, func) in file.funcs.iter().enumerate() {
                let Some(body) = &func.body else { continue };
                let mut flows: HashMap<(VarKey, &str), GuardFlow> = HashMap::new();
                for (bi, block) in body.blocks.iter().enumerate() {
                    for (oi, op) in block.ops.iter().enumerate() {
                        let OpKind::TypeAssert {
                            x,
                            ty,
                            comma_ok: false,
                            ..
                        } = &op.kind
                        else {
                            continue;
                        };
                        let var = x.var().filter(|k| k.func == FuncId(fi as u32));
                        if let Some(k) = var {
                            let unstable = unstable.get_or_insert_with(|| unstable_vars(file));
                            if !unstable.contains(&k) {
                                let flow = flows
                                    .entry((k, ty.as_str()))
                                    .or_insert_with(|| GuardFlow::new(file, body, k, ty));
                                if flow.guarded_before(body, bi, oi) {
                                    continue;
                                }
                            }
                        }
                        out.push(report(file, body, op, x, ty));
                    }
                }
            }
        }
    }
}

fn report(file: &FileIr, body: &Cfg, op: &Op, x: &Value, ty: &str) -> Diagnostic {
    let m = &UncheckedTypeAssertion::META;
    let name = x.var().map(|k| file.var(k).name.as_str());
    let message = match name {
        Some(n) => {
            format!("unchecked type assertion `{n}.({ty})` panics if `{n}` holds another type")
        }
        None => {
            format!("unchecked type assertion to `{ty}` panics if the value holds another type")
        }
    };
    let mut d = Diagnostic::new(m.code, m.name, op.span, message)
        .with_severity(m.default_severity)
        .with_primary_label(format!("panics unless the value is a `{ty}`"));
    // A check of the same variable and type that does not guard this
    // assertion: show it, it is what the reader will believe protects it.
    if let Some(k) = x.var() {
        let check = body
            .ops()
            .filter(|(_, o)| o.span.start < op.span.start)
            .filter(|(_, o)| {
                matches!(&o.kind, OpKind::TypeAssert { x, ty: t, comma_ok: true, .. }
                    if x.var() == Some(k) && t == ty)
            })
            .map(|(_, o)| o.span)
            .max_by_key(|s| s.start);
        if let Some(s) = check {
            d = d.with_label(
                s,
                "checked here, but the assertion is also reached when this check fails or after the variable changes",
            );
        }
    }
    let v = name.unwrap_or("x");
    d.with_help(format!(
        "use the two-value form, `…, ok := {v}.({ty})`, and handle `!ok`, or a type switch"
    ))
}

/// Variables whose value may change behind the back of the function that
/// declares them: their address is taken, or a function literal assigns
/// them. A check of such a variable guards nothing.
fn unstable_vars(file: &FileIr) -> HashSet<VarKey> {
    let mut out = HashSet::new();
    for (fi, func) in file.funcs.iter().enumerate() {
        let Some(body) = &func.body else { continue };
        for (_, op) in body.ops() {
            for (_, place) in writes(&op.kind) {
                if let Place::Var(k) = place {
                    if k.func != FuncId(fi as u32) {
                        out.insert(*k);
                    }
                }
            }
            for v in reads(&op.kind) {
                walk_value(v, &mut |v| {
                    if let Value::AddrOf(p) = v {
                        if let Place::Var(k) = p.as_ref() {
                            out.insert(*k);
                        }
                    }
                });
            }
        }
    }
    out
}

/// What is known at a program point about one variable `x` and one type
/// `T`: which `ok` variables hold the outcome of a comma-ok check `x.(T)`,
/// and whether `x` is known to hold a `T`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct State {
    oks: BTreeSet<VarKey>,
    guarded: bool,
}

impl State {
    /// What holds on every incoming path.
    fn meet(&self, other: &State) -> State {
        State {
            oks: self.oks.intersection(&other.oks).copied().collect(),
            guarded: self.guarded && other.guarded,
        }
    }
}

/// A forward must-analysis over one body for one `(x, T)` pair.
struct GuardFlow {
    x: VarKey,
    ty: String,
    /// Length of the name of each `ok` variable, for the shape test of
    /// conditions (see [`GuardFlow::condition`]).
    names: HashMap<VarKey, usize>,
    /// The state on entry of each block; `None` for unreachable blocks.
    ins: Vec<Option<State>>,
}

impl GuardFlow {
    fn new(file: &FileIr, body: &Cfg, x: VarKey, ty: &str) -> Self {
        let mut flow = GuardFlow {
            x,
            ty: ty.to_string(),
            names: HashMap::new(),
            ins: vec![None; body.blocks.len()],
        };
        for (_, op) in body.ops() {
            if let Some(ok) = flow.check_ok(&op.kind) {
                flow.names.insert(ok, file.var(ok).name.len());
            }
        }
        if flow.names.is_empty() || body.blocks.is_empty() {
            // No check at all: nothing is guarded; every `ins` stays None.
            return flow;
        }
        flow.ins[0] = Some(State::default());
        let mut work = vec![0usize];
        while let Some(b) = work.pop() {
            let Some(mut st) = flow.ins[b].clone() else {
                continue;
            };
            let block = &body.blocks[b];
            for op in &block.ops {
                flow.step(&mut st, op);
            }
            for (i, succ) in successors(&block.term).into_iter().enumerate() {
                let Some(slot) = flow.ins.get(succ) else {
                    continue;
                };
                let edge = flow.edge(block, &st, i, succ_writes(&block.term, i));
                let new = match slot {
                    Some(old) => old.meet(&edge),
                    None => edge,
                };
                if flow.ins[succ].as_ref() != Some(&new) {
                    flow.ins[succ] = Some(new);
                    work.push(succ);
                }
            }
        }
        flow
    }

    /// True when `x` is known to hold a `T` just before op `oi` of block `bi`.
    fn guarded_before(&self, body: &Cfg, bi: usize, oi: usize) -> bool {
        let Some(Some(mut st)) = self.ins.get(bi).cloned() else {
            return false;
        };
        for op in body.blocks[bi].ops.iter().take(oi) {
            self.step(&mut st, op);
        }
        st.guarded
    }

    /// The `ok` variable of a comma-ok check `_, ok := x.(T)`.
    fn check_ok(&self, kind: &OpKind) -> Option<VarKey> {
        match kind {
            OpKind::TypeAssert {
                x,
                ty,
                dst,
                comma_ok: true,
            } if x.var() == Some(self.x) && *ty == self.ty => match (dst.first(), dst.get(1)) {
                // `x, ok = x.(T)` changes `x` itself.
                (Some(Place::Var(v)), _) if *v == self.x => None,
                (_, Some(Place::Var(ok))) => Some(*ok),
                _ => None,
            },
            _ => None,
        }
    }

    fn step(&self, st: &mut State, op: &Op) {
        self.kill(st, writes(&op.kind).into_iter().map(|(_, p)| p));
        if let Some(ok) = self.check_ok(&op.kind) {
            st.oks.insert(ok);
        }
    }

    fn kill<'p>(&self, st: &mut State, places: impl IntoIterator<Item = &'p Place>) {
        for p in places {
            if let Place::Var(k) = p {
                if *k == self.x {
                    st.guarded = false;
                    st.oks.clear();
                } else {
                    st.oks.remove(k);
                }
            }
        }
    }

    /// The state along successor `i` of a block whose ops left `out`.
    fn edge(&self, block: &Block, out: &State, i: usize, writes: &[Place]) -> State {
        let mut st = out.clone();
        if let Term::Branch(targets) = &block.term {
            if let (2, Some((ok, true_edge))) = (targets.len(), self.condition(block)) {
                if targets[0] != targets[1] && i == true_edge && st.oks.contains(&ok) {
                    st.guarded = true;
                }
            }
        }
        self.kill(&mut st, writes);
        st
    }

    /// An `if`/`for` condition that is exactly `ok` or `!ok`: the `ok`
    /// variable and the index of the successor taken when `ok` is true.
    ///
    /// The condition is the block's last op, a `Use`. A tagged `switch ok`
    /// also ends its block with `Use(ok)`, but its span is the whole
    /// statement, whereas an `if` condition's span is the condition itself:
    /// conditions longer than the name plus `!` and parentheses are not
    /// recognized.
    fn condition(&self, block: &Block) -> Option<(VarKey, usize)> {
        let OpKind::Use(v) = &block.ops.last()?.kind else {
            return None;
        };
        let (ok, true_edge) = match v {
            Value::Place(Place::Var(k)) => (*k, 0),
            Value::Expr(parts) if parts.len() == 1 => (parts[0].var()?, 1),
            _ => return None,
        };
        let span = block.ops.last()?.span;
        let name_len = *self.names.get(&ok)?;
        ((span.end - span.start) as usize <= name_len + 4).then_some((ok, true_edge))
    }
}

fn successors(term: &Term) -> Vec<usize> {
    match term {
        Term::Goto(b) => vec![b.0 as usize],
        Term::Branch(bs) => bs.iter().map(|b| b.0 as usize).collect(),
        Term::Select(s) => s
            .cases
            .iter()
            .map(|c| c.target.0 as usize)
            .chain(s.default.iter().map(|(b, _)| b.0 as usize))
            .collect(),
        Term::Return { .. } | Term::Panic { .. } | Term::FallOff { .. } | Term::Unreachable => {
            Vec::new()
        }
    }
}

/// The places a `select` case writes when it is taken (successor `i`).
fn succ_writes(term: &Term, i: usize) -> &[Place] {
    match term {
        Term::Select(s) => match s.cases.get(i).map(|c| &c.comm) {
            Some(Comm::Recv { dst, .. }) => dst,
            _ => &[],
        },
        _ => &[],
    }
}
