use std::collections::{BTreeSet, HashMap, HashSet};

use golint_analysis::cfg::successors;
use golint_analysis::{reads, walk_value, writes, PackageIndex};
use golint_diagnostics::Diagnostic;
use golint_ir::{
    Block, Cfg, Comm, FileIr, Func, FuncId, Op, OpKind, Place, TempOrigin, Term, TypeDecl,
    TypeKind, Value, VarKey,
};

use super::assert_holds::Holds;
use crate::text::a_code;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports a single-value type assertion `x.(T)` outside a type switch.
    ///
    /// An assertion stays silent when it cannot fail because something
    /// about the same variable and the same type guards it: `x` is a local
    /// variable or parameter, the type is written the same, `x` is not
    /// assigned in between, and every path to the assertion goes through
    /// - the branch where a comma-ok check's `ok` is true (`if ok {…}`, or
    ///   `if !ok { return }` before it),
    /// - an earlier single-value `x.(T)`, which panicked if `x` was not a
    ///   `T` (only the first of `n.(*T).A = 1; n.(*T).B = 2` is reported),
    /// - an assignment of a `T` to `x`: a composite literal (`x = &T{…}`)
    ///   or another assertion (`x = y.(T)`),
    /// - or a case listing `T` alone of a type switch on `x`
    ///   (`switch x.(type) { case T: … x.(T) … }`).
    ///
    /// Nor is an assertion to an interface whose methods the variable's
    /// declared interface type already has: the same type, an interface of
    /// the package embedding it, or `error` from an interface with an
    /// `Error` method (of the package) or named like an error (of another
    /// package, `fe.(error)` with `fe validator.FieldError`).
    ///
    /// Nor is an assertion that holds by what the package itself puts
    /// behind the interface: the result of a function of the package whose
    /// every `return` gives that one type (`newShape(n).(*square)`, never
    /// `nil`); `v.Interface().(T)` where the path goes through the true
    /// branch of `v.Type().Implements(…)`; what a `sync.Pool` whose `New`
    /// returns one type, or an `atomic.Value` or `sync.Map` (a package
    /// variable, a local or a struct field) hands back when every `Store`,
    /// `Swap`, `LoadOrStore` or `Put` of the package puts that one type.
    ///
    /// Test files (`_test.go`) are not checked: a panic there fails the test
    /// with a stack trace, which is what a failed assertion in a test should
    /// do.
    ///
    /// ## Opt-in
    /// This rule is not in the default set: most single-value assertions in
    /// real code hold by construction (the value was stored by the same
    /// package a few lines away), so a reviewer rarely changes the code for a
    /// finding. Enable it with `--extend-select GL601` (or `extend-select =
    /// ["GL601"]` in `golint-rs.toml`); `--select ALL` runs it with every
    /// other rule.
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
    /// Guards through conditions other than `ok` and `!ok` (such as
    /// `ok && …`, or a `Kind()` check) are not recognized.
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
        default: false,
    }
}

impl Rule for UncheckedTypeAssertion {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let index = PackageIndex::new(cx.package);
        let mut holds: Option<Holds<'_>> = None;
        for file in cx.package.files.iter().filter(|f| !f.is_test) {
            let mut unstable: Option<HashSet<VarKey>> = None;
            for (fi, func) in file.funcs.iter().enumerate() {
                let Some(body) = &func.body else { continue };
                let mut flows: HashMap<(VarKey, &str), GuardFlow> = HashMap::new();
                let mut skipped: Option<HashSet<(u32, u32)>> = None;
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
                                let skipped =
                                    skipped.get_or_insert_with(|| maybe_skipped(file, func, body));
                                let flow = flows.entry((k, ty.as_str())).or_insert_with(|| {
                                    GuardFlow::new(file, func, body, k, ty, skipped)
                                });
                                if flow.guarded_before(body, bi, oi) {
                                    continue;
                                }
                            }
                        }
                        if already_implements(&index, file, x, ty) {
                            continue;
                        }
                        if holds
                            .get_or_insert_with(|| Holds::new(cx.index()))
                            .holds(file, fi, x, ty, bi)
                        {
                            continue;
                        }
                        out.push(report(file, body, op, x, ty));
                    }
                }
            }
        }
    }
}

/// True when `x` is a variable whose declared interface type already has
/// the methods of `ty`, so that `x.(ty)` cannot fail on a non-nil `x`: the
/// same type (`r.(io.Reader)` with `r io.Reader`), an interface of the
/// package embedding `ty`, or, for `ty` `error`, an interface of the package
/// with an `Error` method or an interface of another package named like an
/// error (`validator.FieldError`, `net.Error`: a type asserted from must be
/// an interface, and Go names error interfaces so).
fn already_implements(index: &PackageIndex<'_>, file: &FileIr, x: &Value, ty: &str) -> bool {
    let Some(k) = x.var() else { return false };
    let Some(s) = file
        .funcs
        .get(k.func.0 as usize)
        .and_then(|f| f.vars.get(k.var as usize))
        .and_then(|v| v.ty.as_deref())
    else {
        return false;
    };
    if s == ty {
        return true;
    }
    let local = (!s.contains('.')).then(|| index.type_decl(s)).flatten();
    if let Some(TypeDecl {
        kind: TypeKind::Interface { methods, embedded },
        ..
    }) = local
    {
        return embedded.iter().any(|e| e == ty)
            || (ty == "error" && methods.iter().any(|m| m == "Error"));
    }
    ty == "error" && s.contains('.') && s.rsplit('.').next().is_some_and(|n| n.ends_with("Error"))
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
        .with_primary_label(format!("panics unless the value is {}", a_code(ty)));
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
    /// Spans of the single-value assertions that may not run when their
    /// statement runs (see [`maybe_skipped`]): they guard nothing.
    skipped: HashSet<(u32, u32)>,
    /// The temps holding the value of an assertion to `T`.
    t_temps: HashSet<u32>,
}

impl GuardFlow {
    fn new(
        file: &FileIr,
        func: &Func,
        body: &Cfg,
        x: VarKey,
        ty: &str,
        skipped: &HashSet<(u32, u32)>,
    ) -> Self {
        let mut flow = GuardFlow {
            x,
            ty: ty.to_string(),
            names: HashMap::new(),
            ins: vec![None; body.blocks.len()],
            skipped: skipped.clone(),
            t_temps: func
                .temps
                .iter()
                .enumerate()
                .filter(|(_, t)| matches!(&t.origin, TempOrigin::TypeAssert { ty: tt } if tt == ty))
                .map(|(i, _)| i as u32)
                .collect(),
        };
        // An assertion cannot guard itself: with one assertion and nothing
        // else, skip the analysis (the usual case, and the costly one in
        // functions asserting one variable to a hundred types).
        let mut asserts = 0;
        let mut others = false;
        for (_, op) in body.ops() {
            if let Some(ok) = flow.check_ok(&op.kind) {
                flow.names.insert(ok, file.var(ok).name.len());
            }
            if flow.asserts(op) {
                asserts += 1;
            }
            others |= flow.assigns_t(op)
                || matches!(&op.kind, OpKind::TypeSwitch { x: v, .. } if v.var() == Some(x));
        }
        if (flow.names.is_empty() && asserts < 2 && !others) || body.blocks.is_empty() {
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

    /// A single-value assertion `x.(T)` that leaves `x` unchanged and runs
    /// whenever its statement runs: past it, `x` holds a `T` (else it
    /// panicked).
    fn asserts(&self, op: &Op) -> bool {
        matches!(&op.kind, OpKind::TypeAssert { x, ty, dst, comma_ok: false }
            if x.var() == Some(self.x)
                && *ty == self.ty
                && !dst.contains(&Place::Var(self.x)))
            && !self.skipped.contains(&(op.span.start, op.span.end))
    }

    /// `x = &T{…}`, `x = T{…}` or `x = y.(T)`: past it, `x` holds a `T`.
    fn assigns_t(&self, op: &Op) -> bool {
        let (v, src) = match &op.kind {
            OpKind::Assign {
                dst: Place::Var(v),
                src,
            } => (v, src),
            OpKind::TypeAssert {
                ty,
                dst,
                comma_ok: false,
                ..
            } => return *ty == self.ty && dst.first() == Some(&Place::Var(self.x)),
            _ => return false,
        };
        if *v != self.x {
            return false;
        }
        match src {
            Value::Composite { ty, addr, .. } if !ty.is_empty() => {
                let t = self.ty.as_str();
                if *addr {
                    t.strip_prefix('*') == Some(ty.as_str())
                } else {
                    t == ty
                }
            }
            Value::Place(Place::Temp(t)) => self.t_temps.contains(t),
            _ => false,
        }
    }

    fn step(&self, st: &mut State, op: &Op) {
        self.kill(st, writes(&op.kind).into_iter().map(|(_, p)| p));
        if let Some(ok) = self.check_ok(&op.kind) {
            st.oks.insert(ok);
        }
        if self.asserts(op) || self.assigns_t(op) {
            st.guarded = true;
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
            if self.case_of_type(block, i) {
                st.guarded = true;
            }
        }
        self.kill(&mut st, writes);
        st
    }

    /// True when `block` ends with a type switch on `x` and successor `i`
    /// is the body of a case listing `T` alone: there `x` holds a `T`.
    fn case_of_type(&self, block: &Block, i: usize) -> bool {
        let Some(OpKind::TypeSwitch { x, cases }) = block.ops.last().map(|o| &o.kind) else {
            return false;
        };
        x.var() == Some(self.x)
            && matches!(cases.get(i).map(Vec::as_slice), Some([t]) if *t == self.ty)
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
            Value::Not(x) => (x.var()?, 1),
            _ => return None,
        };
        let span = block.ops.last()?.span;
        let name_len = *self.names.get(&ok)?;
        ((span.end - span.start) as usize <= name_len + 4).then_some((ok, true_edge))
    }
}

/// The single-value assertions of a body that may not run when the
/// statement holding them runs, by span: those whose value flows (through
/// the calls, fields and assertions that consume it) into the right operand
/// of a binary expression, which may be the right operand of `&&` or `||`
/// (the IR keeps no operators and does not split short-circuit operands
/// into blocks) unless the left operand is evidently not a `bool`.
/// `ok && x.(T).f` does not make `x` a `T` on the path where `ok` is false.
fn maybe_skipped(file: &FileIr, func: &Func, body: &Cfg) -> HashSet<(u32, u32)> {
    let cx = Operands { file, func };
    let mut consumer: HashMap<u32, &Op> = HashMap::new();
    for (_, op) in body.ops() {
        for v in reads(&op.kind) {
            walk_value(v, &mut |x| {
                if let Value::Place(Place::Temp(t)) = x {
                    consumer.entry(*t).or_insert(op);
                }
            });
        }
    }
    body.ops()
        .filter_map(|(_, op)| match &op.kind {
            OpKind::TypeAssert {
                dst,
                comma_ok: false,
                ..
            } => match dst.first() {
                Some(Place::Temp(t)) if cx.conditional_temp(*t, &consumer, 0) => {
                    Some((op.span.start, op.span.end))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// What [`maybe_skipped`] needs to tell a `bool` operand.
struct Operands<'a> {
    file: &'a FileIr,
    func: &'a Func,
}

impl Operands<'_> {
    /// True when temp `t` reaches its statement through the right operand
    /// of a binary expression that may be `&&` or `||`.
    fn conditional_temp(&self, t: u32, consumer: &HashMap<u32, &Op>, depth: u32) -> bool {
        if depth > 32 {
            return true;
        }
        let Some(op) = consumer.get(&t) else {
            return false;
        };
        if reads(&op.kind)
            .into_iter()
            .any(|v| self.operand_path(v, t) == Some(true))
        {
            return true;
        }
        writes(&op.kind).into_iter().any(|(_, w)| match w {
            Place::Temp(t2) => self.conditional_temp(*t2, consumer, depth + 1),
            _ => false,
        })
    }

    /// Whether `v` holds temp `t`, and if so whether through the right
    /// operand of a two-part expression whose left operand may be a `bool`.
    fn operand_path(&self, v: &Value, t: u32) -> Option<bool> {
        match v {
            Value::Place(p) => self.place_path(p, t),
            Value::AddrOf(p) => self.place_path(p, t),
            Value::Expr(_) | Value::Logic { .. } => {
                let parts = v.operands();
                parts.iter().enumerate().find_map(|(i, p)| {
                    self.operand_path(p, t)
                        .map(|c| c || (parts.len() == 2 && i == 1 && !self.not_bool(&parts[0])))
                })
            }
            Value::Not(x) => self.operand_path(x, t),
            Value::Composite { fields, .. } => {
                fields.iter().find_map(|(_, f)| self.operand_path(f, t))
            }
            _ => None,
        }
    }

    fn place_path(&self, p: &Place, t: u32) -> Option<bool> {
        match p {
            Place::Temp(x) if *x == t => Some(false),
            Place::Field(b, _) | Place::Index(b) | Place::Deref(b) => self.operand_path(b, t),
            _ => None,
        }
    }

    /// True when `v` cannot be a `bool`, so cannot be the left operand of
    /// `&&` or `||`: a literal, an address, a composite, a variable declared
    /// with another type, or the value of an assertion to another type.
    fn not_bool(&self, v: &Value) -> bool {
        match v {
            Value::Str(_) | Value::Int(_) | Value::Nil | Value::AddrOf(_) => true,
            Value::Composite { .. } | Value::FuncLit(_) | Value::FuncName(_) => true,
            Value::Place(Place::Var(k)) => self
                .file
                .funcs
                .get(k.func.0 as usize)
                .and_then(|f| f.vars.get(k.var as usize))
                .and_then(|v| v.ty.as_deref())
                .is_some_and(|ty| ty != "bool"),
            Value::Place(Place::Temp(t)) => matches!(
                self.func.temps.get(*t as usize).map(|i| &i.origin),
                Some(TempOrigin::TypeAssert { ty }) if ty != "bool"
            ),
            _ => false,
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
