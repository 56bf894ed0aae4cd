//! The location graph of one function and its literals, built from the IR.
//!
//! Every value is evaluated into a *hole*: a location and a number of
//! dereferences (`&x` into hole `(h, 0)` adds the edge `h ← (x, -1)`), as the
//! compiler's `escape` package does. Stores the IR cannot place (a field of
//! a value of unknown type, a call nobody knows) go nowhere: the analysis
//! says nothing it is not sure of.

use std::collections::{HashMap, HashSet};

use golint_diagnostics::Span;
use golint_ir::{
    Block, Call, Callee, Comm, FileIr, Func, FuncId, FuncKind, OpKind, Place, Term, Value, VarKey,
    VarKind,
};

#[path = "calls.rs"]
mod calls;

use super::consts::Consts;
use super::stdlib;
use super::summary::{Imports, Summary};
use super::types::{self, Shape};
use super::{AllocKind, Reason};
use crate::concurrency::funcs::{FuncRef, Funcs};
use crate::defs::{reads, walk_value, writes};

/// The compiler allocates implicit values (`new`, `&T{}`, `make`) bigger
/// than this on the heap (`ir.MaxImplicitStackVarSize`, Go 1.27).
pub(super) const MAX_IMPLICIT_STACK: u64 = 64 * 1024;
/// …and declared variables bigger than this (`ir.MaxStackVarSize`).
pub(super) const MAX_STACK_VAR: u64 = 128 * 1024;

pub(super) type LocId = usize;
pub(super) const HEAP: LocId = 0;

#[derive(Clone, Debug)]
pub(super) enum LocKind {
    Heap,
    Var(VarKey),
    Temp,
    Alloc {
        kind: AllocKind,
        span: Span,
        what: Option<String>,
        /// Too large for the stack whatever flows where.
        too_large: bool,
        /// Reported when it escapes (the compiler names some allocations
        /// otherwise: `new(expr)` is a "moved to heap: .autotmp_3").
        reported: bool,
        /// How the compiler prints it when it reports it at the call of an
        /// inlined copy of this function (`&T{...}`, `make([]T, n)`).
        text: Option<String>,
    },
    /// Result `i` of the function being summarized: outlives its frame.
    Result(usize),
}

#[derive(Clone, Debug)]
pub(super) struct Edge {
    pub src: LocId,
    pub derefs: i32,
    /// Index in [`Graph::notes`].
    pub note: Option<u32>,
}

#[derive(Clone, Debug)]
pub(super) struct Loc {
    pub kind: LocKind,
    pub func: FuncId,
    pub loop_depth: u32,
    /// Incoming flows.
    pub edges: Vec<Edge>,
    /// The parameter slot of the summarized function (receiver first).
    pub param: Option<usize>,
    /// A variable or result of a type that holds no pointer (`int`,
    /// `uintptr`, a struct of numbers): no value flows into or out of it,
    /// only its address (the compiler sends an expression of such a type
    /// to its blank hole).
    pub no_ptr: bool,
}

pub(super) struct Graph {
    pub locs: Vec<Loc>,
    pub notes: Vec<Reason>,
    /// The unit's root function.
    pub root: FuncId,
    pub results: usize,
    pub params: usize,
    /// Literals called where they are written or through a local that
    /// holds only them: the compiler inlines the small ones and reports
    /// their allocations at the call instead, so they are not reported.
    pub in_place: HashSet<FuncId>,
}

/// Where a value goes: a location (or nowhere) and how many times it is
/// dereferenced on the way.
#[derive(Clone, Copy, Debug)]
struct Hole {
    loc: Option<LocId>,
    derefs: i32,
    note: Option<u32>,
}

impl Hole {
    const DISCARD: Hole = Hole {
        loc: None,
        derefs: 0,
        note: None,
    };

    fn shift(self, n: i32) -> Hole {
        Hole {
            derefs: self.derefs + n,
            ..self
        }
    }

    fn deref(self) -> Hole {
        self.shift(1)
    }

    fn addr(self) -> Hole {
        self.shift(-1)
    }
}

pub(super) struct Builder<'f, 'a> {
    funcs: &'f Funcs<'a>,
    summaries: &'f HashMap<FuncRef, Summary>,
    /// Summaries of the functions of other packages, when available.
    imports: Option<&'f dyn Imports>,
    consts: &'f Consts<'a>,
    /// Per function of the unit with code a constant condition rules
    /// out: which blocks the compiler drops (`consts.rs`).
    dead: HashMap<FuncId, Vec<bool>>,
    file_index: u32,
    file: &'a FileIr,
    g: Graph,
    vars: HashMap<VarKey, LocId>,
    temps: HashMap<(FuncId, u32), LocId>,
    closures: HashMap<FuncId, LocId>,
    literal_results: HashMap<(FuncId, usize), LocId>,
    /// Literals only ever called directly: their results go to the call.
    direct: HashSet<FuncId>,
    /// Literals that capture variables (a closure object, not a plain
    /// function).
    capturing: HashSet<FuncId>,
    /// Loop depth at each variable's declaration.
    var_depth: HashMap<VarKey, u32>,
    /// The function and loop depth of the op being lowered.
    cur: FuncId,
    depth: u32,
    /// The unit is too big for the compiler to inline into it anything
    /// but tiny functions.
    pub(super) big: bool,
}

impl<'f, 'a> Builder<'f, 'a> {
    pub(super) fn new(
        funcs: &'f Funcs<'a>,
        summaries: &'f HashMap<FuncRef, Summary>,
        imports: Option<&'f dyn Imports>,
        consts: &'f Consts<'a>,
        root: FuncRef,
    ) -> Self {
        let file = funcs.file(root);
        let f = file.func(root.func);
        Builder {
            funcs,
            summaries,
            imports,
            consts,
            dead: HashMap::new(),
            file_index: root.file,
            file,
            g: Graph {
                locs: vec![Loc {
                    kind: LocKind::Heap,
                    func: root.func,
                    loop_depth: 0,
                    edges: Vec::new(),
                    param: None,
                    no_ptr: false,
                }],
                notes: Vec::new(),
                root: root.func,
                results: f.results.len(),
                params: 0,
                in_place: HashSet::new(),
            },
            vars: HashMap::new(),
            temps: HashMap::new(),
            closures: HashMap::new(),
            literal_results: HashMap::new(),
            direct: HashSet::new(),
            capturing: HashSet::new(),
            var_depth: HashMap::new(),
            cur: root.func,
            depth: 0,
            big: false,
        }
    }

    fn fref(&self, id: FuncId) -> FuncRef {
        FuncRef {
            file: self.file_index,
            func: id,
        }
    }

    fn func(&self, id: FuncId) -> &'a Func {
        self.file.func(id)
    }

    fn note(&mut self, span: Span, text: String) -> Option<u32> {
        self.g.notes.push(Reason { span, text });
        Some(self.g.notes.len() as u32 - 1)
    }

    fn new_loc(&mut self, kind: LocKind, func: FuncId, loop_depth: u32) -> LocId {
        self.g.locs.push(Loc {
            kind,
            func,
            loop_depth,
            edges: Vec::new(),
            param: None,
            no_ptr: false,
        });
        self.g.locs.len() - 1
    }

    fn var_loc(&mut self, k: VarKey) -> LocId {
        if let Some(&l) = self.vars.get(&k) {
            return l;
        }
        let depth = self.var_depth.get(&k).copied().unwrap_or(0);
        let l = self.new_loc(LocKind::Var(k), k.func, depth);
        self.vars.insert(k, l);
        let ty = self.file.var(k).ty.clone().or_else(|| {
            let view = self.funcs.view(self.fref(k.func));
            view.value_type(&Value::Place(Place::Var(k)))
        });
        if let Some(ty) = ty {
            self.g.locs[l].no_ptr = self.pointer_free(&ty);
        }
        l
    }

    pub(super) fn pointer_free(&self, ty: &str) -> bool {
        types::pointer_free(self.funcs.index, &self.func(self.cur).type_params, ty)
    }

    fn temp_loc(&mut self, t: u32) -> LocId {
        let key = (self.cur, t);
        if let Some(&l) = self.temps.get(&key) {
            return l;
        }
        let l = self.new_loc(LocKind::Temp, self.cur, self.depth);
        self.temps.insert(key, l);
        l
    }

    fn alloc(
        &mut self,
        kind: AllocKind,
        span: Span,
        what: Option<String>,
        too_large: bool,
    ) -> LocId {
        let text = if kind == AllocKind::Inlined {
            what.clone()
        } else {
            None
        };
        self.new_loc(
            LocKind::Alloc {
                kind,
                span,
                what,
                too_large,
                reported: true,
                text,
            },
            self.cur,
            self.depth,
        )
    }

    /// Names allocation `a` for the callers that inline this function.
    pub(super) fn set_text(&mut self, a: LocId, t: String) {
        if let LocKind::Alloc { text, .. } = &mut self.g.locs[a].kind {
            *text = Some(t);
        }
    }

    fn edge(&mut self, hole: Hole, src: LocId) {
        let Some(dst) = hole.loc else {
            return;
        };
        if dst == src && hole.derefs >= 0 {
            return;
        }
        // A value without pointers carries no address anywhere; only the
        // address of such a variable (`&n`, fewer than zero dereferences)
        // can.
        if self.g.locs[dst].no_ptr || self.g.locs[src].no_ptr && hole.derefs >= 0 {
            return;
        }
        self.g.locs[dst].edges.push(Edge {
            src,
            derefs: hole.derefs,
            note: hole.note,
        });
    }

    fn heap(&mut self, span: Span, text: String) -> Hole {
        Hole {
            loc: Some(HEAP),
            derefs: 0,
            note: self.note(span, text),
        }
    }

    fn shape(&self, ty: &str) -> Shape {
        types::shape(
            self.funcs.index,
            &self.func(self.cur).type_params,
            ty.trim_start_matches("..."),
        )
    }

    fn value_type(&self, v: &Value) -> Option<String> {
        match v {
            Value::Str(_) => Some("string".into()),
            Value::Int(_) => Some("int".into()),
            Value::Composite { ty, addr, .. } if !ty.is_empty() => {
                Some(if *addr { format!("*{ty}") } else { ty.clone() })
            }
            Value::FuncLit(_) => Some("func".into()),
            Value::Place(Place::Var(k)) => {
                let view = self.funcs.view(self.fref(k.func));
                view.value_type(v).or_else(|| {
                    // `i := 0`: a constant gives its default type.
                    view.defs.var(*k).iter().find_map(|d| match &d.op.kind {
                        OpKind::Assign {
                            src: Value::Int(_), ..
                        } => Some("int".to_string()),
                        OpKind::Assign {
                            src: Value::Str(_), ..
                        } => Some("string".to_string()),
                        _ => None,
                    })
                })
            }
            Value::Place(Place::Field(base, field)) => self
                .funcs
                .view(self.fref(self.cur))
                .value_type(v)
                .or_else(|| {
                    let ty = self.value_type(base)?;
                    Some(self.promoted(&ty, field)?.0)
                }),
            _ => self.funcs.view(self.fref(self.cur)).value_type(v),
        }
    }

    /// Field `field` of a value of type `ty` (`T` or `*T`, a struct of the
    /// package) when Go finds it in an embedded struct: its type and how
    /// many embedded pointers lead to it. `d.Links`, with `d`'s struct
    /// embedding `*Doc`, is `d.Doc.Links`: one dereference more than the
    /// selector shows, as the compiler reads it. Searched depth by depth
    /// (the shallowest field wins); `None` when the struct declares the
    /// field itself or it is not found among the package's types.
    fn promoted(&self, ty: &str, field: &str) -> Option<(String, i32)> {
        let named = |t: &str| -> Option<&'a [golint_ir::FieldDecl]> {
            let base = t.trim_start_matches('*');
            let base = base.split('[').next().unwrap_or(base);
            match &self.funcs.index.type_decl(base)?.kind {
                golint_ir::TypeKind::Struct(fields) => Some(fields.as_slice()),
                _ => None,
            }
        };
        if named(ty)?.iter().any(|f| f.name == field && !f.embedded) {
            return None;
        }
        // (type, embedded pointers on the way) at the current depth.
        let mut level: Vec<(String, i32)> = vec![(ty.to_string(), 0)];
        for _ in 0..4 {
            let mut next = Vec::new();
            for (t, hops) in &level {
                let Some(fields) = named(t) else { continue };
                for f in fields.iter().filter(|f| f.embedded) {
                    let h = hops + i32::from(f.ty.trim_start().starts_with('*'));
                    next.push((f.ty.clone(), h));
                }
            }
            let found: Vec<(String, i32)> = next
                .iter()
                .filter_map(|(t, h)| {
                    let fields = named(t)?;
                    let x = fields.iter().find(|x| x.name == field && !x.embedded)?;
                    Some((x.ty.clone(), *h))
                })
                .collect();
            match found.as_slice() {
                [one] => return Some(one.clone()),
                // Two at one depth: ambiguous, the program does not compile.
                [_, ..] => return None,
                [] => {}
            }
            if next.is_empty() {
                return None;
            }
            level = next;
        }
        None
    }

    /// The embedded pointers `base.field` goes through (see [`Self::promoted`]).
    fn embedded_hops(&self, base: &Value, field: &str) -> i32 {
        self.value_type(base)
            .and_then(|ty| self.promoted(&ty, field))
            .map_or(0, |(_, h)| h)
    }

    fn value_shape(&self, v: &Value) -> Shape {
        self.value_type(v)
            .map_or(Shape::Unknown, |t| self.shape(&t))
    }

    /// Builds the graph of `root` and its literals.
    pub(super) fn build(mut self) -> Graph {
        let root = self.g.root;
        let mut unit: Vec<FuncId> = (0..self.file.funcs.len() as u32)
            .map(FuncId)
            .filter(|&id| self.funcs.encloses(root, self.fref(id)))
            .collect();
        self.drop_dead_code(&mut unit);
        self.prepare(&unit);
        // Parameters of the summarized function, receiver first.
        let f = self.func(root);
        let mut slot = 0;
        if let FuncKind::Method { recv, .. } = &f.kind {
            if let Some(k) = recv {
                let l = self.var_loc(*k);
                self.g.locs[l].param = Some(slot);
            }
            slot += 1;
        }
        for p in &f.params {
            if let Some(k) = p.var {
                let l = self.var_loc(k);
                self.g.locs[l].param = Some(slot);
            }
            slot += 1;
        }
        self.g.params = slot;
        for &id in &unit {
            self.lower_func(id);
        }
        self.g.in_place.extend(self.direct.iter().copied());
        // A literal that captures nothing is compiled as a function of its
        // own, reported where it is written even when inlined.
        let capturing = &self.capturing;
        self.g.in_place.retain(|f| capturing.contains(f));
        self.g
    }

    /// Finds the code of the unit the compiler drops (behind a constant
    /// condition), and leaves out of the unit the literals written there.
    fn drop_dead_code(&mut self, unit: &mut Vec<FuncId>) {
        let mut dead_spans: Vec<Span> = Vec::new();
        for &id in unit.iter() {
            let Some(body) = &self.func(id).body else {
                continue;
            };
            let Some(dead) = self.consts.dead_blocks(body) else {
                continue;
            };
            for (b, _) in body.blocks.iter().zip(&dead).filter(|(_, d)| **d) {
                dead_spans.extend(b.ops.iter().map(|op| op.span));
                match &b.term {
                    Term::Return { span, .. } | Term::Panic { span, .. } => dead_spans.push(*span),
                    _ => {}
                }
            }
            self.dead.insert(id, dead);
        }
        if dead_spans.is_empty() {
            return;
        }
        let file = self.file;
        unit.retain(|&id| {
            let f = file.func(id);
            !matches!(f.kind, FuncKind::Literal { .. })
                || !dead_spans
                    .iter()
                    .any(|s| s.start <= f.span.start && f.span.end <= s.end)
        });
        self.dead.retain(|id, _| unit.contains(id));
    }

    /// The blocks of `id`'s body the compiler keeps.
    fn live_blocks(&self, id: FuncId) -> impl Iterator<Item = &'a Block> + '_ {
        let dead = self.dead.get(&id);
        self.func(id)
            .body
            .iter()
            .flat_map(|b| b.blocks.iter())
            .enumerate()
            .filter(move |(i, _)| !dead.is_some_and(|d| d.get(*i).copied().unwrap_or(false)))
            .map(|(_, b)| b)
    }

    /// Loop depths of declarations, closures and what they capture.
    fn prepare(&mut self, unit: &[FuncId]) {
        for &id in unit {
            let f = self.func(id);
            if f.body.is_none() {
                continue;
            }
            // The loop depth of a variable is that of the first op at or
            // after its declaration (its declaring statement).
            let mut starts: Vec<(u32, u32)> = self
                .live_blocks(id)
                .flat_map(|b| b.ops.iter().map(move |op| (op.span.start, b.loop_depth)))
                .collect();
            starts.sort_unstable();
            for (i, v) in f.vars.iter().enumerate() {
                if v.kind != VarKind::Local {
                    continue;
                }
                let at = starts.partition_point(|(s, _)| *s < v.span.start);
                if let Some((_, d)) = starts.get(at) {
                    self.var_depth.insert(
                        VarKey {
                            func: id,
                            var: i as u32,
                        },
                        *d,
                    );
                }
            }
            let calls: Vec<FuncId> = self
                .live_blocks(id)
                .flat_map(|b| &b.ops)
                .filter_map(|op| match &op.kind {
                    OpKind::Call {
                        call:
                            Call {
                                callee: Callee::Literal(l),
                                ..
                            },
                        ..
                    } => Some(*l),
                    _ => None,
                })
                .collect();
            self.direct.extend(calls);
        }
        // Closures: one allocation per literal, capturing what its body
        // (and its own literals) names of the enclosing functions.
        let assigned = self.assigned_vars(unit);
        for &id in unit {
            let f = self.func(id);
            let FuncKind::Literal { parent } = f.kind else {
                continue;
            };
            let depth = self.op_depth_of(parent, f.span);
            let prev = (self.cur, self.depth);
            self.cur = parent;
            self.depth = depth;
            let c = self.alloc(AllocKind::Closure, f.name_span, None, false);
            self.set_text(c, "func literal".into());
            (self.cur, self.depth) = prev;
            self.closures.insert(id, c);
            let mut captured: Vec<VarKey> = Vec::new();
            for &inner in unit {
                if !self.funcs.encloses(id, self.fref(inner)) {
                    continue;
                }
                for k in vars_named(self.live_blocks(inner)) {
                    if !self.funcs.encloses(id, self.fref(k.func)) && !captured.contains(&k) {
                        captured.push(k);
                    }
                }
            }
            captured.sort();
            if !captured.is_empty() {
                self.capturing.insert(id);
            }
            for k in captured {
                let by_ref = assigned
                    .get(&k)
                    .is_some_and(|ws| ws.iter().any(|&w| w > f.span.start));
                let src = self.var_loc(k);
                let note = self.note(
                    f.name_span,
                    format!(
                        "{} captured by {} closure",
                        self.var_name(k),
                        if by_ref { "reference by a" } else { "a" }
                    ),
                );
                let hole = Hole {
                    loc: Some(c),
                    derefs: if by_ref { -1 } else { 0 },
                    note,
                };
                self.edge(hole, src);
            }
        }
    }

    fn var_name(&self, k: VarKey) -> String {
        format!("`{}`", self.file.var(k).name)
    }

    /// The loop depth of the op of `func` that contains `span`.
    fn op_depth_of(&self, func: FuncId, span: Span) -> u32 {
        self.live_blocks(func)
            .filter(|b| {
                b.ops
                    .iter()
                    .any(|op| op.span.start <= span.start && span.end <= op.span.end)
            })
            .map(|b| b.loop_depth)
            .max()
            .unwrap_or(0)
    }

    /// For each variable, the start of each write other than its
    /// declaration (`u32::MAX` for an address taken: it may be written
    /// anywhere). A closure captures a variable by reference when it is
    /// written after the closure is created (or in it) — the others are
    /// copied into the closure. A Go 1.22 `for` clause variable is copied
    /// per iteration, so its update in the loop header does not count.
    fn assigned_vars(&self, unit: &[FuncId]) -> HashMap<VarKey, Vec<u32>> {
        let mut out: HashMap<VarKey, Vec<u32>> = HashMap::new();
        let mut writes_of: HashMap<VarKey, Vec<(u32, Option<u32>)>> = HashMap::new();
        for &id in unit {
            for b in self.live_blocks(id) {
                for op in &b.ops {
                    for v in reads(&op.kind) {
                        walk_value(v, &mut |x| {
                            if let Value::AddrOf(p) = x {
                                if let Place::Var(k) = p.as_ref() {
                                    out.entry(*k).or_default().push(u32::MAX);
                                }
                            }
                        });
                    }
                    if let Some(k) = self.pointer_method_receiver(&op.kind) {
                        out.entry(k).or_default().push(u32::MAX);
                    }
                    for (_, p) in writes(&op.kind) {
                        let Place::Var(k) = p else { continue };
                        let info = self.file.var(*k);
                        let header = b
                            .loop_span
                            .filter(|l| l.start <= op.span.start && op.span.end <= l.end);
                        let declared_there = header
                            .is_some_and(|l| l.start <= info.span.start && info.span.end <= l.end);
                        // Before Go 1.22 one variable serves every iteration.
                        let per_iteration =
                            self.funcs.package.go_version.is_none_or(|v| v >= (1, 22));
                        let at = match header {
                            // The per-iteration copy is never written.
                            Some(_) if declared_there && per_iteration => None,
                            // The update of a loop header runs after the
                            // body, whatever its place in the text.
                            Some(_) => Some(u32::MAX - 1),
                            None => Some(op.span.start),
                        };
                        writes_of.entry(*k).or_default().push((op.span.start, at));
                    }
                }
            }
        }
        for (k, mut ws) in writes_of {
            let info = self.file.var(k);
            ws.sort_unstable();
            // The declaring write of a local is the first one at or after
            // its name (`x := v`, `done := make(chan T)`).
            let decl = if info.kind == VarKind::Local {
                ws.iter().position(|(s, _)| *s >= info.span.start)
            } else {
                None
            };
            for (i, (_, at)) in ws.iter().enumerate() {
                if let (true, Some(at)) = (Some(i) != decl, at) {
                    out.entry(k).or_default().push(*at);
                }
            }
        }
        out
    }

    /// The variable `v` of a call `v.M()` that takes its address: `M` has a
    /// pointer receiver (a method of the package, or of a standard-library
    /// type whose methods all do) and `v` is not a pointer.
    fn pointer_method_receiver(&self, op: &OpKind) -> Option<VarKey> {
        let (OpKind::Call { call, .. } | OpKind::Defer(call) | OpKind::Spawn(call)) = op else {
            return None;
        };
        let Callee::Method { recv, name } = &call.callee else {
            return None;
        };
        let k = recv.var()?;
        let ty = self.file.var(k).ty.as_deref()?;
        if stdlib::has_pointer_methods(ty) {
            return Some(k);
        }
        let m = self.funcs.index.method(ty, name)?;
        matches!(m.kind, FuncKind::Method { pointer: true, .. }).then_some(k)
    }

    fn lower_func(&mut self, id: FuncId) {
        self.cur = id;
        let blocks: Vec<&Block> = self.live_blocks(id).collect();
        for block in blocks {
            self.depth = block.loop_depth;
            for op in &block.ops {
                self.lower_op(&op.kind, op.span, block.loop_depth);
            }
            match &block.term {
                Term::Return { values, span } => self.lower_return(id, values, *span),
                Term::Panic { span, exit } => {
                    // `panic(v)`, `log.Fatal(v)`: the arguments, lowered
                    // as the ops just before, are converted to `any` and
                    // kept by the runtime. `os.Exit(n)` takes an int.
                    for op in block.ops.iter().rev() {
                        let OpKind::Use(v) = &op.kind else { break };
                        if op.span.start < span.start || op.span.end > span.end {
                            break;
                        }
                        let hole = self.heap(op.span, "passed to `panic`".into());
                        if *exit {
                            self.flow(v, hole);
                        } else {
                            self.flow_to_interface(v, op.span, hole);
                        }
                    }
                }
                Term::Select(s) => {
                    for c in &s.cases {
                        if let Comm::Send { value, .. } = &c.comm {
                            let hole = self.heap(c.span, "sent on a channel".into());
                            self.flow(value, hole);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn result_hole(&mut self, func: FuncId, i: usize) -> Hole {
        let f = self.func(func);
        if func == self.g.root {
            // A named result is its variable; it outlives the frame.
            let loc = match f.results.get(i).and_then(|r| r.var) {
                Some(k) => self.var_loc(k),
                None => self.new_loc(LocKind::Result(i), func, 0),
            };
            self.g.locs[loc].kind = match self.g.locs[loc].kind {
                LocKind::Var(_) | LocKind::Result(_) => LocKind::Result(i),
                ref k => k.clone(),
            };
            if let Some(r) = f.results.get(i) {
                if self.pointer_free(&r.ty) {
                    self.g.locs[loc].no_ptr = true;
                }
            }
            return Hole {
                loc: Some(loc),
                derefs: 0,
                note: None,
            };
        }
        if !self.direct.contains(&func) {
            // A closure called from who knows where: what it returns may
            // live on.
            return self.heap(f.name_span, format!("returned from `{}`", f.name));
        }
        let key = (func, i);
        let loc = match self.literal_results.get(&key) {
            Some(&l) => l,
            None => {
                let l = self.new_loc(LocKind::Temp, func, 0);
                self.literal_results.insert(key, l);
                l
            }
        };
        Hole {
            loc: Some(loc),
            derefs: 0,
            note: None,
        }
    }

    fn lower_return(&mut self, id: FuncId, values: &[Value], span: Span) {
        let f = self.func(id);
        let name = f.name.clone();
        for (i, v) in values.iter().enumerate() {
            let mut hole = self.result_hole(id, i);
            if id == self.g.root {
                hole.note = self.note(span, format!("returned from `{name}`"));
            }
            match f.results.get(i) {
                Some(r) if self.shape(&r.ty) == Shape::Interface => {
                    self.flow_to_interface(v, span, hole)
                }
                _ => self.flow(v, hole),
            }
        }
        // A named result's variable holds the value returned.
        if values.is_empty() && id == self.g.root {
            for i in 0..f.results.len() {
                self.result_hole(id, i);
            }
        }
    }

    fn lower_op(&mut self, op: &OpKind, span: Span, loop_depth: u32) {
        match op {
            OpKind::Assign { dst, src } => {
                let hole = self.place_hole(dst, span);
                match self.place_type(dst) {
                    Some(t) if self.shape(&t) == Shape::Interface => {
                        self.flow_to_interface(src, span, hole)
                    }
                    _ => self.flow(src, hole),
                }
            }
            OpKind::Update { .. } | OpKind::Use(_) | OpKind::Close { .. } => {}
            OpKind::Send { value, .. } => {
                let hole = self.heap(span, "sent on a channel".into());
                self.flow(value, hole);
            }
            OpKind::Recv { .. } | OpKind::RangeChan { .. } | OpKind::TypeSwitch { .. } => {}
            OpKind::Range { x, dst } => {
                if let Some(d) = dst.get(1) {
                    let hole = self.place_hole(d, span);
                    self.flow(x, hole.deref());
                }
            }
            OpKind::TypeAssert { x, ty, dst, .. } => {
                if let Some(d) = dst.first() {
                    let hole = self.place_hole(d, span);
                    let hole = match self.shape(ty) {
                        Shape::Pointer | Shape::Interface => hole,
                        _ => hole.deref(),
                    };
                    self.flow(x, hole);
                }
            }
            // A channel is always allocated by the runtime (`makechan`):
            // the compiler has nothing to report.
            OpKind::MakeChan { .. } => {}
            OpKind::Call { call, dst } => {
                let holes: Vec<Hole> = dst.iter().map(|d| self.place_hole(d, span)).collect();
                self.lower_call(call, &holes, span, false, false);
            }
            OpKind::Spawn(call) => self.lower_call(call, &[], span, true, true),
            // The compiler wraps a deferred call in a function of its own
            // and inlines the callee there: the call's allocations are
            // reported at the `defer` as at any call.
            OpKind::Defer(call) => self.lower_call(call, &[], span, loop_depth > 0, false),
        }
    }

    /// The declared type of what a place holds, when known.
    fn place_type(&self, p: &Place) -> Option<String> {
        match p {
            Place::Var(_) | Place::Global { pkg: None, .. } | Place::Field(..) => {
                self.value_type(&Value::Place(p.clone()))
            }
            _ => None,
        }
    }

    /// Where a store into `p` goes.
    fn place_hole(&mut self, p: &Place, span: Span) -> Hole {
        match p {
            Place::Var(k) => {
                let loc = self.var_loc(*k);
                let name = self.var_name(*k);
                Hole {
                    loc: Some(loc),
                    derefs: 0,
                    note: self.note(span, format!("assigned to {name}")),
                }
            }
            Place::Temp(t) => {
                let loc = self.temp_loc(*t);
                Hole {
                    loc: Some(loc),
                    derefs: 0,
                    note: None,
                }
            }
            Place::Global { name, .. } => self.heap(span, format!("stored in global `{name}`")),
            Place::Blank => Hole::DISCARD,
            Place::Field(base, field) => match self.value_shape(base) {
                Shape::Pointer => {
                    self.heap(span, format!("stored through a pointer in `.{field}`"))
                }
                Shape::Struct if self.embedded_hops(base, field) > 0 => self.heap(
                    span,
                    format!("stored through an embedded pointer in `.{field}`"),
                ),
                Shape::Struct => match base.as_ref() {
                    Value::Place(bp) => self.place_hole(bp, span),
                    _ => Hole::DISCARD,
                },
                _ => Hole::DISCARD,
            },
            Place::Index(base) => match self.value_shape(base) {
                Shape::Slice => self.heap(span, "stored in a slice element".into()),
                Shape::Pointer => match self.value_type(base) {
                    Some(t) if t.starts_with("map[") => self.heap(span, "stored in a map".into()),
                    _ => Hole::DISCARD,
                },
                Shape::Array => match base.as_ref() {
                    Value::Place(bp) => self.place_hole(bp, span),
                    _ => Hole::DISCARD,
                },
                _ => Hole::DISCARD,
            },
            Place::Deref(_) => self.heap(span, "stored through a pointer".into()),
        }
    }

    /// Evaluates `v` into `hole`.
    fn flow(&mut self, v: &Value, hole: Hole) {
        if hole.loc.is_none() {
            // Nothing to connect, but allocations still exist (and may be
            // too large for the stack).
            self.discard(v);
            return;
        }
        match v {
            Value::Place(p) => self.flow_place(p, hole),
            Value::AddrOf(p) => self.flow_addr(p, hole),
            Value::FuncLit(id) => {
                if let Some(&c) = self.closures.get(id) {
                    self.edge(hole.addr(), c);
                }
            }
            Value::Composite {
                ty,
                addr,
                fields,
                span,
            } => self.flow_composite(ty, *addr, fields, *span, hole),
            Value::Expr(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    // `arr[:]` (a slice expression's operand comes first)
                    // takes the address of a local array.
                    if let (0, Value::Place(Place::Var(k))) = (i, p) {
                        let array = self.file.var(*k).ty.as_deref().is_some_and(|t| {
                            t.starts_with('[') && !t.starts_with("[]") && !t.starts_with("[...]")
                        });
                        if array && parts.len() <= 3 {
                            self.flow_addr(&Place::Var(*k), hole);
                            continue;
                        }
                    }
                    self.flow(p, hole);
                }
            }
            // A `bool` holds no pointer; its operand is evaluated.
            Value::Not(x) => self.flow(x, hole),
            Value::Logic { operands, .. } => operands.iter().for_each(|x| self.flow(x, hole)),
            Value::FuncName(_) | Value::Str(_) | Value::Int(_) | Value::Nil => {}
        }
    }

    /// Allocations in a value whose result goes nowhere.
    fn discard(&mut self, v: &Value) {
        let mut lits = Vec::new();
        walk_value(v, &mut |x| {
            if let Value::Composite { .. } = x {
                lits.push(x);
            }
        });
        for x in lits {
            if let Value::Composite {
                ty,
                addr,
                span,
                fields,
            } = x
            {
                if *addr || ty.starts_with("[]") {
                    let _ = fields;
                    let kind = if *addr {
                        AllocKind::AddrComposite
                    } else {
                        AllocKind::Literal
                    };
                    let large = self.too_large(ty, *addr);
                    if large {
                        self.alloc(kind, *span, None, true);
                    }
                }
            }
        }
    }

    fn flow_place(&mut self, p: &Place, hole: Hole) {
        match p {
            Place::Var(k) => {
                let l = self.var_loc(*k);
                self.edge(hole, l);
            }
            Place::Temp(t) => {
                let l = self.temp_loc(*t);
                self.edge(hole, l);
            }
            Place::Global { .. } | Place::Blank => {}
            Place::Field(base, field) => {
                let hops = self.embedded_hops(base, field);
                match self.value_shape(base) {
                    Shape::Struct => self.flow(base, hole.shift(hops)),
                    _ => self.flow(base, hole.deref().shift(hops)),
                }
            }
            Place::Index(base) => match self.value_shape(base) {
                Shape::Array => self.flow(base, hole),
                Shape::Scalar => {}
                _ => self.flow(base, hole.deref()),
            },
            Place::Deref(base) => self.flow(base, hole.deref()),
        }
    }

    fn flow_addr(&mut self, p: &Place, hole: Hole) {
        match p {
            Place::Var(k) => {
                let l = self.var_loc(*k);
                self.edge(hole.addr(), l);
            }
            Place::Field(base, field) => {
                // `&s.f` with `f` promoted through embedded pointers is
                // the address held by the last of them.
                let hops = self.embedded_hops(base, field);
                match self.value_shape(base) {
                    Shape::Struct if hops > 0 => self.flow(base, hole.shift(hops - 1)),
                    Shape::Struct => {
                        if let Value::Place(bp) = base.as_ref() {
                            self.flow_addr(bp, hole)
                        }
                    }
                    Shape::Pointer => self.flow(base, hole.shift(hops)),
                    _ => {}
                }
            }
            Place::Index(base) => match self.value_shape(base) {
                Shape::Array => {
                    if let Value::Place(bp) = base.as_ref() {
                        self.flow_addr(bp, hole)
                    }
                }
                Shape::Slice => self.flow(base, hole),
                _ => {}
            },
            Place::Deref(base) => self.flow(base, hole),
            Place::Temp(_) | Place::Global { .. } | Place::Blank => {}
        }
    }

    fn too_large(&self, ty: &str, _addr: bool) -> bool {
        types::size(self.funcs.index, ty, 0).is_some_and(|s| s > MAX_IMPLICIT_STACK)
    }

    fn flow_composite(
        &mut self,
        ty: &str,
        addr: bool,
        fields: &[(Option<String>, Value)],
        span: Span,
        hole: Hole,
    ) {
        let shape = if ty.is_empty() {
            Shape::Unknown
        } else {
            self.shape(ty)
        };
        let text = format!(
            "{}{ty}{{{}}}",
            if addr { "&" } else { "" },
            if fields.is_empty() { "" } else { "..." }
        );
        // An element whose type is elided (`[]*T{{…}}`) has no type in
        // the source to print: name it as the compiler does.
        let what = (!ty.is_empty()).then(|| text.clone());
        if addr {
            let large = self.too_large(ty, true);
            let a = self.alloc_holding(AllocKind::AddrComposite, span, large, what, fields, hole);
            self.set_text(a, text);
            return;
        }
        match shape {
            Shape::Slice => {
                let a = self.alloc_holding(AllocKind::Literal, span, false, what, fields, hole);
                self.set_text(a, text);
            }
            Shape::Pointer if ty.starts_with("map[") => {
                let a = self.alloc(AllocKind::Literal, span, None, false);
                self.set_text(a, text);
                self.edge(hole.addr(), a);
                for (_, f) in fields {
                    let h = self.heap(span, "stored in a map".into());
                    self.flow(f, h);
                }
            }
            // A struct or array value: its fields are the value.
            _ => {
                for (_, f) in fields {
                    self.flow(f, hole);
                }
            }
        }
    }

    /// A new allocation (`&T{…}`, a slice literal) whose address goes to
    /// `hole` and which holds `fields`.
    fn alloc_holding(
        &mut self,
        kind: AllocKind,
        span: Span,
        large: bool,
        what: Option<String>,
        fields: &[(Option<String>, Value)],
        hole: Hole,
    ) -> LocId {
        let a = self.alloc(kind, span, what, large);
        self.edge(hole.addr(), a);
        let inner = Hole {
            loc: Some(a),
            derefs: 0,
            note: None,
        };
        for (_, f) in fields {
            self.flow(f, inner);
        }
        a
    }

    /// `v` converted to an interface that goes to `hole`: a value that is
    /// not pointer-shaped is copied into a new allocation (boxed).
    fn flow_to_interface(&mut self, v: &Value, span: Span, hole: Hole) {
        self.flow_to_interface_at(v, span, false, hole)
    }

    /// What the compiler calls a boxed value: its variable or constant;
    /// else, unless `precise` (`span` is the value's own), a description.
    fn boxed_name(&self, v: &Value, precise: bool) -> Option<String> {
        match v {
            Value::Place(Place::Var(k)) => Some(self.file.var(*k).name.clone()),
            Value::Str(s) => Some(format!("{s:?}")),
            Value::Int(n) => Some(n.to_string()),
            Value::Composite { .. } => None,
            _ if precise => None,
            _ => Some("value converted to an interface".into()),
        }
    }

    fn flow_to_interface_at(&mut self, v: &Value, span: Span, precise: bool, hole: Hole) {
        // A literal is boxed where it is written, and the compiler names
        // it so.
        let (span, precise) = match v {
            Value::Composite { span, .. } => (*span, true),
            _ => (span, precise),
        };
        let shape = match v {
            // A constant converted to an interface is static data, except
            // in the implicit slice of a `...any` call (where the compiler
            // still reports it).
            Value::Str(_) | Value::Int(_) if precise => Shape::Scalar,
            Value::Str(_) | Value::Int(_) | Value::Nil => return,
            // Only a variable's type is sure enough to say it is boxed.
            Value::Place(Place::Var(_)) | Value::Composite { .. } => self.value_shape(v),
            _ if precise => self.value_shape(v),
            _ => Shape::Unknown,
        };
        match shape {
            Shape::Scalar | Shape::Struct | Shape::Array | Shape::Slice => {
                let large = self
                    .value_type(v)
                    .is_some_and(|t| self.too_large(&t, false));
                let what = self.boxed_name(v, precise);
                let a = self.alloc(AllocKind::Boxing, span, what, large);
                self.edge(hole.addr(), a);
                self.flow(
                    v,
                    Hole {
                        loc: Some(a),
                        derefs: 0,
                        note: None,
                    },
                );
            }
            _ => self.flow(v, hole),
        }
    }
}

/// The variables a function's body names (reads, writes, returns).
fn vars_named<'a>(blocks: impl Iterator<Item = &'a Block>) -> Vec<VarKey> {
    let mut out = Vec::new();
    let mut add = |v: &Value| {
        walk_value(v, &mut |x| {
            match x {
                Value::Place(Place::Var(k)) => out.push(*k),
                Value::AddrOf(p) => {
                    if let Place::Var(k) = p.as_ref() {
                        out.push(*k)
                    }
                }
                _ => {}
            };
        })
    };
    for b in blocks {
        for op in &b.ops {
            for v in reads(&op.kind) {
                add(v);
            }
            for (_, p) in writes(&op.kind) {
                add(&Value::Place(p.clone()));
            }
        }
        match &b.term {
            Term::Return { values, .. } => values.iter().for_each(&mut add),
            Term::Select(s) => {
                for c in &s.cases {
                    match &c.comm {
                        Comm::Send { ch, value } => {
                            add(ch);
                            add(value);
                        }
                        Comm::Recv { ch, dst, .. } => {
                            add(ch);
                            for d in dst {
                                add(&Value::Place(d.clone()));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}
