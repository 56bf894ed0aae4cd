//! Channel (and condition variable) objects: which expressions denote the
//! same channel.
//!
//! Flow-insensitive unification over *locations* (Steensgaard style): every
//! local, temporary, struct field (`Type.field`, promoted fields resolved to
//! the type that declares them), package variable and function result is a
//! location; an assignment, an argument bound to a parameter, a returned
//! value, a composite literal's field merge the classes of their two sides.
//! A class is *open* when code outside the package may send, receive or
//! close on it: it reaches a call this package does not resolve, an
//! exported name, a container (map, slice, interface), or it comes from
//! one. Rules stay silent on open classes.

use golint_diagnostics::Span;
use golint_ir::{Cap, Func, FuncKind, OpKind, Place, TypeKind, Value, VarKey};
use rustc_hash::FxHashMap as HashMap;

use super::funcs::{type_base, FuncRef, Funcs};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Loc {
    Var(u32, VarKey),
    Temp(FuncRef, u32),
    /// A field, keyed by the type that declares it.
    Field(String, String),
    Global(String),
    Result(FuncRef, u32),
    /// Everything the model cannot name: other packages' values, elements
    /// of containers, fields of values of unknown type.
    External,
}

/// The class of a channel: an index in [`Objects::classes`].
pub type ClassId = u32;

/// A `make(chan T, n)` (or `sync.NewCond`) site.
#[derive(Clone, Copy, Debug)]
pub struct MakeSite {
    pub func: FuncRef,
    pub span: Span,
    pub cap: Cap,
    /// `sync.NewCond`, not `make(chan …)`.
    pub cond: bool,
    /// The block of `func` holding the site.
    pub block: u32,
    /// The capacity is a named constant or a parameter, not a literal.
    pub named: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Class {
    pub makes: Vec<MakeSite>,
    pub open: bool,
    /// Some location of the class is not a local or temporary of a single
    /// function: the channel is stored in a field, a package variable, or
    /// passed to or returned from a function.
    pub shared: bool,
    /// Some location is a struct field.
    pub in_field: bool,
    /// The types declaring the fields that hold it, sorted.
    pub field_types: Vec<String>,
    /// Some location outlives a call: a field, a package variable, a
    /// function result.
    pub stored: bool,
    /// The function owning every local location, when all locations are
    /// locals and temporaries of one function (closures included: they
    /// share their parent's variables).
    pub owner: Option<FuncRef>,
}

impl Class {
    /// The capacity of a channel of the class made at any of its sites:
    /// `Unknown` if some site's capacity is not constant, else the largest
    /// constant. A class with an unbuffered site and a buffered one (a
    /// test's constructor buffers what production leaves unbuffered) is
    /// not taken to be unbuffered: the object at hand may be the buffered
    /// one ([`super::Model::capacity_at`] knows better where a function
    /// made the channel itself). `None` without a make site.
    pub fn capacity(&self) -> Option<Cap> {
        Self::combine(self.makes.iter())
    }

    pub(crate) fn combine<'m>(sites: impl Iterator<Item = &'m MakeSite>) -> Option<Cap> {
        let mut out: Option<Cap> = None;
        for m in sites {
            out = Some(match (out, m.cap) {
                (_, Cap::Unknown) | (Some(Cap::Unknown), _) => Cap::Unknown,
                (None, c) => c,
                (Some(Cap::Zero), c) | (Some(c), Cap::Zero) => c,
                (Some(Cap::Const(a)), Cap::Const(b)) => Cap::Const(a.max(b)),
            });
        }
        out
    }
}

/// The unification of a package's locations into channel classes.
pub struct Objects {
    ids: HashMap<Loc, u32>,
    parent: Vec<u32>,
    open: Vec<bool>,
    makes: Vec<(u32, MakeSite)>,
    /// The block being scanned.
    block: u32,
    /// Field names accessed on values of unknown type.
    unknown_fields: rustc_hash::FxHashSet<String>,
    /// Other packages can import this one: its exported names are theirs
    /// too. False for `package main` and external test packages.
    importable: bool,
    /// Types and package variables declared in `_test.go` files when no
    /// external test package can see them: exported or not, only the
    /// package's own tests use them.
    test_only: rustc_hash::FxHashSet<String>,
    /// Per root after [`Objects::finish`].
    pub classes: HashMap<ClassId, Class>,
}

impl Objects {
    pub fn build(funcs: &Funcs<'_>) -> Objects {
        let mut b = Objects {
            ids: HashMap::default(),
            parent: Vec::new(),
            open: Vec::new(),
            makes: Vec::new(),
            block: 0,
            unknown_fields: Default::default(),
            importable: importable(funcs.package),
            test_only: test_only_names(funcs.package),
            classes: HashMap::default(),
        };
        let ext = b.intern(Loc::External);
        b.open[ext as usize] = true;
        for r in funcs.all() {
            b.scan_func(funcs, r);
        }
        b.finish(funcs);
        b
    }

    /// A package-level name, field or function another package can use.
    /// Methods are not asked: an exported method of a type in `package
    /// main` or a test is still called by other packages through the
    /// interfaces it satisfies (`http.Handler`, `sort.Interface`).
    fn exported(&self, name: &str) -> bool {
        self.importable && is_exported(name)
    }

    /// [`Self::exported`] for a name declared by `decl` (a field's type, a
    /// package variable), which may be a test-only declaration.
    fn exported_by(&self, name: &str, decl: &str) -> bool {
        self.exported(name) && !self.test_only.contains(decl)
    }

    fn intern(&mut self, l: Loc) -> u32 {
        if let Some(&i) = self.ids.get(&l) {
            return i;
        }
        let i = self.parent.len() as u32;
        self.parent.push(i);
        self.open.push(false);
        self.ids.insert(l, i);
        i
    }

    fn find(&self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x
    }

    fn find_compress(&mut self, x: u32) -> u32 {
        let root = self.find(x);
        let mut cur = x;
        while self.parent[cur as usize] != root {
            let next = self.parent[cur as usize];
            self.parent[cur as usize] = root;
            cur = next;
        }
        root
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find_compress(a), self.find_compress(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }

    fn set_open(&mut self, l: u32) {
        self.open[l as usize] = true;
    }

    /// The location a value denotes, when it is one.
    fn loc(&mut self, funcs: &Funcs<'_>, r: FuncRef, v: &Value) -> Option<u32> {
        match v {
            Value::Place(p) => self.place_loc(funcs, r, p),
            Value::AddrOf(p) => self.place_loc(funcs, r, p),
            _ => None,
        }
    }

    fn place_loc(&mut self, funcs: &Funcs<'_>, r: FuncRef, p: &Place) -> Option<u32> {
        let loc = match p {
            Place::Var(k) => Loc::Var(r.file, *k),
            Place::Temp(t) => Loc::Temp(r, *t),
            Place::Global { pkg: None, name } => {
                let exported = self.exported_by(name, name);
                let id = self.intern(Loc::Global(name.clone()));
                if exported {
                    self.set_open(id);
                }
                return Some(id);
            }
            Place::Global { pkg: Some(_), .. } | Place::Index(_) => Loc::External,
            Place::Field(base, f) => match field_loc(funcs, r, base, f) {
                Some(owner) => {
                    let exported = self.exported_by(f, &owner);
                    let id = self.intern(Loc::Field(owner, f.clone()));
                    if exported {
                        self.set_open(id);
                    }
                    return Some(id);
                }
                // A method value (`s.loop` handed to a helper) is no
                // location.
                None if funcs.is_method_value(r, base, f) => return None,
                None => {
                    // A field of a value of unknown type may be any type's
                    // field of that name.
                    self.unknown_fields.insert(f.clone());
                    Loc::External
                }
            },
            Place::Deref(x) => return self.loc(funcs, r, x),
            Place::Blank => return None,
        };
        Some(self.intern(loc))
    }

    /// `src` flows into `dst` (`None`: somewhere the model does not follow).
    fn flow(&mut self, funcs: &Funcs<'_>, r: FuncRef, src: &Value, dst: Option<u32>) {
        match src {
            Value::Composite { ty, fields, .. } => self.composite(funcs, r, ty, fields),
            Value::FuncLit(id) => {
                if dst.is_none() {
                    self.open_params(
                        funcs,
                        FuncRef {
                            file: r.file,
                            func: *id,
                        },
                    );
                }
            }
            Value::FuncName(golint_ir::Callee::Func(name)) => {
                if let Some(f) = funcs.by_name(name) {
                    self.open_params(funcs, f);
                }
            }
            Value::Expr(parts) => {
                for p in parts {
                    if let Value::Composite { ty, fields, .. } = p {
                        self.composite(funcs, r, ty, fields);
                    }
                }
            }
            // A method value handed to code the model does not follow.
            Value::Place(Place::Field(base, name))
                if dst.is_none() && funcs.is_method_value(r, base, name) =>
            {
                for t in funcs.value_targets(r, src) {
                    self.open_params(funcs, t);
                }
            }
            _ => match (self.loc(funcs, r, src), dst) {
                (Some(s), Some(d)) => self.union(s, d),
                (Some(s), None) => self.set_open(s),
                _ => {}
            },
        }
    }

    fn composite(
        &mut self,
        funcs: &Funcs<'_>,
        r: FuncRef,
        ty: &str,
        fields: &[(Option<String>, Value)],
    ) {
        let base = type_base(ty).to_string();
        let decl_fields = match funcs.index.type_decl(&base).map(|t| &t.kind) {
            Some(TypeKind::Struct(fs)) => Some(fs),
            _ => None,
        };
        for (i, (name, v)) in fields.iter().enumerate() {
            let name = match (name, decl_fields) {
                (Some(n), Some(_)) => Some(n.clone()),
                (None, Some(fs)) => fs.get(i).map(|f| f.name.clone()),
                _ => None,
            };
            let dst = name.map(|n| {
                let exported = self.exported_by(&n, &base);
                let id = self.intern(Loc::Field(base.clone(), n));
                if exported {
                    self.set_open(id);
                }
                id
            });
            self.flow(funcs, r, v, dst);
        }
    }

    fn open_params(&mut self, funcs: &Funcs<'_>, f: FuncRef) {
        let func = funcs.func(f);
        if let FuncKind::Method { recv: Some(k), .. } = &func.kind {
            let id = self.intern(Loc::Var(f.file, *k));
            self.set_open(id);
        }
        for p in func.params.iter().chain(&func.results) {
            if let Some(k) = p.var {
                let id = self.intern(Loc::Var(f.file, k));
                self.set_open(id);
            }
        }
        for i in 0..func.results.len() {
            let id = self.intern(Loc::Result(f, i as u32));
            self.set_open(id);
        }
    }

    fn scan_func(&mut self, funcs: &Funcs<'_>, r: FuncRef) {
        let func = funcs.func(r);
        let exported = match &func.kind {
            FuncKind::Func => {
                // A function of a `_test.go` file is seen only by an
                // external test package.
                (funcs.package.has_external_test || !funcs.file(r).is_test)
                    && self.exported(&func.name)
            }
            FuncKind::Method { .. } => func
                .name
                .split_once('.')
                .is_some_and(|(_, m)| is_exported(m)),
            FuncKind::Literal { .. } | FuncKind::VarInit => false,
        };
        let called = funcs.has_callers(r);
        // A declaration without a body is implemented elsewhere (assembly,
        // `//go:linkname`): what it returns comes from code the model does
        // not see, and what it is given may go anywhere.
        let external = func.body.is_none() && !matches!(func.kind, FuncKind::Literal { .. });
        // A func run through a value (handed to a helper, a method value,
        // a func field) gets its arguments from code that binds nothing.
        let as_value = funcs.run_as_value(r);
        if exported || external || as_value || (!called && !matches!(func.kind, FuncKind::VarInit))
        {
            self.open_params(funcs, r);
        }
        for (i, p) in func.results.iter().enumerate() {
            if let Some(k) = p.var {
                let v = self.intern(Loc::Var(r.file, k));
                let res = self.intern(Loc::Result(r, i as u32));
                self.union(v, res);
            }
        }
        let Some(body) = &func.body else { return };
        for (bi, block) in body.blocks.iter().enumerate() {
            self.block = bi as u32;
            for op in &block.ops {
                self.scan_op(funcs, r, &op.kind, op.span);
            }
            match &block.term {
                golint_ir::Term::Return { values, .. } => {
                    for (i, v) in values.iter().enumerate() {
                        let res = self.intern(Loc::Result(r, i as u32));
                        self.flow(funcs, r, v, Some(res));
                    }
                    if values.len() == 1 && func.results.len() > 1 {
                        self.return_call(funcs, r, block, &values[0], func.results.len());
                    }
                }
                golint_ir::Term::Select(s) => {
                    for c in &s.cases {
                        match &c.comm {
                            golint_ir::Comm::Send { ch, value } => {
                                self.loc(funcs, r, ch);
                                self.flow(funcs, r, value, None)
                            }
                            golint_ir::Comm::Recv { ch, dst, .. } => {
                                self.loc(funcs, r, ch);
                                for d in dst {
                                    if let Some(l) = self.place_loc(funcs, r, d) {
                                        self.set_open(l);
                                    }
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `return f()` where `f` has several results: the lowering keeps one
    /// temporary for the call, so results past the first are bound here,
    /// each to the same result of `r` (`return legacyWait()` returns the
    /// callee's channels to `r`'s callers). When the callee is unknown,
    /// its results come from code the model does not see.
    fn return_call(
        &mut self,
        funcs: &Funcs<'_>,
        r: FuncRef,
        block: &golint_ir::Block,
        value: &Value,
        n: usize,
    ) {
        let Value::Place(t @ Place::Temp(_)) = value else {
            return;
        };
        let Some(OpKind::Call { call, dst }) = block.ops.last().map(|o| &o.kind) else {
            return;
        };
        if dst.as_slice() != std::slice::from_ref(t) {
            return;
        }
        let targets = funcs.call_targets(r, call);
        for i in 1..n as u32 {
            let res = self.intern(Loc::Result(r, i));
            if targets.is_empty() {
                self.set_open(res);
            }
            for &g in &targets {
                let from = self.intern(Loc::Result(g, i));
                self.union(res, from);
            }
        }
    }

    fn scan_op(&mut self, funcs: &Funcs<'_>, r: FuncRef, kind: &OpKind, span: Span) {
        match kind {
            OpKind::Assign { dst, src } => {
                let d = self.place_loc(funcs, r, dst);
                if d.is_some() || !matches!(dst, Place::Blank) {
                    self.flow(funcs, r, src, d);
                } else if let Value::Composite { ty, fields, .. } = src {
                    self.composite(funcs, r, ty, fields);
                }
            }
            OpKind::MakeChan { dst, cap, size, .. } => {
                if let Some(d) = self.place_loc(funcs, r, dst) {
                    self.makes.push((
                        d,
                        MakeSite {
                            func: r,
                            span,
                            cap: funcs.capacity(r, *cap, size.as_ref()),
                            cond: false,
                            block: self.block,
                            named: size.is_some(),
                        },
                    ));
                }
            }
            OpKind::Call { call, dst } => self.bind(funcs, r, call, dst, span),
            OpKind::Spawn(call) | OpKind::Defer(call) => self.bind(funcs, r, call, &[], span),
            OpKind::Send { ch, value } => {
                self.loc(funcs, r, ch);
                self.flow(funcs, r, value, None)
            }
            OpKind::Close { ch } => {
                self.loc(funcs, r, ch);
            }
            OpKind::Recv { ch, dst, .. } | OpKind::RangeChan { ch, dst } => {
                self.loc(funcs, r, ch);
                for d in dst {
                    if let Some(l) = self.place_loc(funcs, r, d) {
                        self.set_open(l);
                    }
                }
            }
            OpKind::Range { x: ch, dst } => {
                self.loc(funcs, r, ch);
                for d in dst {
                    if let Some(l) = self.place_loc(funcs, r, d) {
                        self.set_open(l);
                    }
                }
            }
            OpKind::TypeAssert { dst, .. } => {
                for d in dst {
                    if let Some(l) = self.place_loc(funcs, r, d) {
                        self.set_open(l);
                    }
                }
            }
            OpKind::Use(v) => {
                if let Value::Composite { ty, fields, .. } = v {
                    self.composite(funcs, r, ty, fields);
                }
            }
            OpKind::Update { .. } | OpKind::TypeSwitch { .. } => {}
        }
    }

    fn bind(
        &mut self,
        funcs: &Funcs<'_>,
        r: FuncRef,
        call: &golint_ir::Call,
        dst: &[Place],
        span: Span,
    ) {
        use golint_ir::Callee;
        let dsts: Vec<Option<u32>> = dst.iter().map(|d| self.place_loc(funcs, r, d)).collect();
        match &call.callee {
            Callee::Conversion(_) => {
                if let (Some(a), Some(Some(d))) = (call.args.first(), dsts.first()) {
                    self.flow(funcs, r, a, Some(*d));
                }
                return;
            }
            Callee::Func(name) if funcs.by_name(name).is_none() => {
                if matches!(name.as_str(), "len" | "cap" | "close" | "print" | "println") {
                    return;
                }
                // `output(ch)` where the package declares `type output chan
                // T`: a conversion (the lowering cannot tell it from a call
                // when the type is declared in another file), the same
                // channel under another type.
                if call.args.len() == 1 && funcs.index.type_decl(name).is_some() {
                    if let (Some(a), Some(Some(d))) = (call.args.first(), dsts.first()) {
                        self.flow(funcs, r, a, Some(*d));
                    }
                    return;
                }
            }
            Callee::Qualified { path, name, .. } => {
                if path == "sync" && name == "NewCond" {
                    if let Some(Some(d)) = dsts.first() {
                        self.makes.push((
                            *d,
                            MakeSite {
                                func: r,
                                span,
                                cap: Cap::Zero,
                                cond: true,
                                block: self.block,
                                named: false,
                            },
                        ));
                        return;
                    }
                }
                // Printing or logging a channel does not hand it over.
                if matches!(path.as_str(), "fmt" | "log") {
                    for d in dsts.iter().flatten() {
                        self.set_open(*d);
                    }
                    return;
                }
            }
            _ => {}
        }
        let targets = funcs.call_targets(r, call);
        if targets.is_empty() {
            for a in &call.args {
                self.flow(funcs, r, a, None);
            }
            for d in dsts.iter().flatten() {
                self.set_open(*d);
            }
            return;
        }
        for t in targets {
            let callee = funcs.func(t);
            match (&call.callee, &callee.kind) {
                (Callee::Method { recv, .. }, FuncKind::Method { recv: Some(k), .. }) => {
                    let rv = self.intern(Loc::Var(t.file, *k));
                    self.flow(funcs, r, recv, Some(rv));
                }
                // A method value called later: its receiver was bound
                // where the value was made, which is not followed.
                (Callee::Dynamic(_), FuncKind::Method { recv: Some(k), .. }) => {
                    let rv = self.intern(Loc::Var(t.file, *k));
                    self.set_open(rv);
                }
                _ => {}
            }
            let n = callee.params.len();
            for (i, a) in call.args.iter().enumerate() {
                let param = if callee.variadic && i + 1 >= n {
                    None
                } else {
                    callee.params.get(i)
                };
                let d = param
                    .and_then(|p| p.var)
                    .map(|k| self.intern(Loc::Var(t.file, k)));
                self.flow(funcs, r, a, d);
            }
            for (i, d) in dsts.iter().enumerate() {
                if let Some(d) = d {
                    let res = self.intern(Loc::Result(t, i as u32));
                    self.union(*d, res);
                }
            }
        }
    }

    fn finish(&mut self, funcs: &Funcs<'_>) {
        let n = self.parent.len();
        for i in 0..n as u32 {
            self.find_compress(i);
        }
        let mut classes: HashMap<ClassId, Class> = HashMap::default();
        let mut owners: HashMap<ClassId, Option<FuncRef>> = HashMap::default();
        for (loc, &id) in &self.ids {
            let root = self.parent[id as usize];
            let c = classes.entry(root).or_default();
            c.open |= self.open[id as usize];
            if let Loc::Field(_, f) = loc {
                c.open |= self.unknown_fields.contains(f);
            }
            // A parameter is bound by callers (a recursive call included).
            if let Loc::Var(file, k) = loc {
                let kind = funcs
                    .package
                    .files
                    .get(*file as usize)
                    .and_then(|f| f.var_info(*k))
                    .map(|v| v.kind);
                if !matches!(kind, Some(golint_ir::VarKind::Local)) {
                    c.shared = true;
                }
            }
            let owner = match loc {
                Loc::Var(file, k) => Some(outermost(
                    funcs,
                    FuncRef {
                        file: *file,
                        func: k.func,
                    },
                )),
                Loc::Temp(f, _) => Some(outermost(funcs, *f)),
                _ => None,
            };
            match loc {
                Loc::Field(ty, _) => {
                    c.in_field = true;
                    c.stored = true;
                    c.field_types.push(ty.clone());
                }
                Loc::Global(_) | Loc::Result(..) | Loc::External => c.stored = true,
                _ => {}
            }
            match owner {
                None => c.shared = true,
                Some(o) => {
                    let e = owners.entry(root).or_insert(Some(o));
                    if *e != Some(o) {
                        c.shared = true;
                    }
                }
            }
        }
        for (root, c) in classes.iter_mut() {
            if !c.shared {
                c.owner = owners.get(root).copied().flatten();
            }
        }
        for (loc, site) in &self.makes {
            let root = self.parent[*loc as usize];
            classes.entry(root).or_default().makes.push(*site);
        }
        for c in classes.values_mut() {
            c.makes.sort_by_key(|m| (m.span.file, m.span.start));
            c.field_types.sort();
            c.field_types.dedup();
        }
        self.classes = classes;
    }

    /// The class of a value used in function `r`, if it denotes a location
    /// the unification saw.
    pub fn class_of(&self, funcs: &Funcs<'_>, r: FuncRef, v: &Value) -> Option<ClassId> {
        let loc = match v {
            Value::Place(p) => self.lookup_place(funcs, r, p)?,
            Value::AddrOf(p) => self.lookup_place(funcs, r, p)?,
            _ => return None,
        };
        Some(self.find(loc))
    }

    fn lookup_place(&self, funcs: &Funcs<'_>, r: FuncRef, p: &Place) -> Option<u32> {
        let loc = match p {
            Place::Var(k) => Loc::Var(r.file, *k),
            Place::Temp(t) => Loc::Temp(r, *t),
            Place::Global { pkg: None, name } => Loc::Global(name.clone()),
            Place::Global { pkg: Some(_), .. } | Place::Index(_) => Loc::External,
            Place::Field(base, f) => match field_loc(funcs, r, base, f) {
                Some(owner) => Loc::Field(owner, f.clone()),
                None => Loc::External,
            },
            Place::Deref(x) => match x.as_ref() {
                Value::Place(p) => return self.lookup_place(funcs, r, p),
                Value::AddrOf(p) => return self.lookup_place(funcs, r, p),
                _ => return None,
            },
            Place::Blank => return None,
        };
        self.ids.get(&loc).copied()
    }

    pub fn class(&self, id: ClassId) -> Option<&Class> {
        self.classes.get(&id)
    }
}

/// The type declaring field `f` of `base`'s type, searching embedded
/// fields. When `base`'s type is unknown, the one struct type of the
/// package that declares a field of that name, if there is just one.
fn field_loc(funcs: &Funcs<'_>, r: FuncRef, base: &Value, f: &str) -> Option<String> {
    match funcs.value_type(r, base) {
        Some(ty) => field_owner(funcs, type_base(&ty), f, 0),
        None => funcs.index.unique_field_owner(f).map(str::to_string),
    }
}

fn field_owner(funcs: &Funcs<'_>, ty: &str, f: &str, depth: u32) -> Option<String> {
    if depth > 3 || ty.contains('.') {
        return None;
    }
    let TypeKind::Struct(fields) = &funcs.index.type_decl(ty)?.kind else {
        return None;
    };
    if fields.iter().any(|x| x.name == f) {
        return Some(ty.to_string());
    }
    fields
        .iter()
        .filter(|x| x.embedded)
        .find_map(|x| field_owner(funcs, type_base(&x.ty), f, depth + 1))
}

/// The declared function whose body contains `r` (itself unless a literal).
fn outermost(funcs: &Funcs<'_>, r: FuncRef) -> FuncRef {
    let file = funcs.file(r);
    let mut cur = r.func;
    for _ in 0..64 {
        match &file.func(cur).kind {
            FuncKind::Literal { parent } => cur = *parent,
            _ => break,
        }
    }
    FuncRef {
        file: r.file,
        func: cur,
    }
}

/// Whether another package can import `p` and use its exported names.
/// `package main` cannot be imported, nor can an external test package
/// (`foo_test`). What the `_test.go` files of package `foo` itself declare
/// is seen by the external test package of the same directory, when there
/// is one (the `export_test.go` idiom: `PackageIr::has_external_test`),
/// and by nothing else.
pub fn importable(p: &golint_ir::PackageIr) -> bool {
    !(p.name == "main" || p.name.ends_with("_test"))
}

/// The types and package variables declared in `_test.go` files of a
/// package without an external test package.
fn test_only_names(p: &golint_ir::PackageIr) -> rustc_hash::FxHashSet<String> {
    if p.has_external_test {
        return Default::default();
    }
    p.files
        .iter()
        .filter(|f| f.is_test)
        .flat_map(|f| {
            f.types
                .iter()
                .map(|t| t.name.clone())
                .chain(f.globals.iter().map(|g| g.name.clone()))
        })
        .collect()
}

pub fn is_exported(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `f` is a function literal.
pub fn is_literal(f: &Func) -> bool {
    matches!(f.kind, FuncKind::Literal { .. })
}
