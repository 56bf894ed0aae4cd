//! Single-value type assertions that cannot fail because of what the
//! package itself puts behind the interface (GL601): the result of a
//! function of the package that only ever returns that type, the
//! `Interface()` of a `reflect.Value` whose type was checked with
//! `Implements`, and what a `sync.Pool`, `atomic.Value` or `sync.Map` hands
//! back when the package only ever puts one type in it.

use std::collections::{HashMap, HashSet};

use golint_analysis::cfg::successors;
use golint_analysis::{FuncView, PackageIndex};
use golint_ir::{
    Callee, Cfg, FileIr, Func, FuncId, OpKind, Place, TempOrigin, Term, Value, VarKey,
};

/// A container of the standard library, by the name the package gives it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Global(String),
    /// A struct field, by name: stores through any value reach the same
    /// field of the package's types (a field name is rarely reused for
    /// another container).
    Field(String),
    Var(VarKey),
}

/// What the package puts into one container.
#[derive(Debug, Default)]
struct Contents {
    types: HashSet<String>,
    /// Something of unknown type is put in: nothing is guaranteed.
    unknown: bool,
    /// A `sync.Pool` with a `New` function (without one, `Get` may return
    /// nil).
    has_new: bool,
}

/// The facts of one package, computed once for all its assertions.
pub(super) struct Holds<'a> {
    index: &'a PackageIndex<'a>,
    containers: HashMap<Key, Contents>,
}

const CONTAINER_TYPES: &[&str] = &["sync.Pool", "atomic.Value", "sync.Map"];

impl<'a> Holds<'a> {
    pub(super) fn new(index: &'a PackageIndex<'a>) -> Self {
        let mut h = Holds {
            index,
            containers: HashMap::new(),
        };
        for file in &index.package.files {
            for (fi, func) in file.funcs.iter().enumerate() {
                let Some(body) = &func.body else { continue };
                let view = FuncView::with_id(index, file, FuncId(fi as u32));
                for (_, op) in body.ops() {
                    match &op.kind {
                        OpKind::Call { call, .. } | OpKind::Defer(call) | OpKind::Spawn(call) => {
                            if let Callee::Method { recv, name } = &call.callee {
                                h.record_put(&view, recv, name, &call.args);
                            }
                        }
                        OpKind::Assign { dst, src } => h.record_assign(&view, dst, src),
                        _ => {}
                    }
                }
            }
        }
        h
    }

    /// The container a receiver names, when it is declared as one.
    fn key(&self, view: &FuncView<'_>, recv: &Value) -> Option<Key> {
        let place = match recv {
            Value::Place(p) => p,
            Value::AddrOf(p) => p.as_ref(),
            _ => return None,
        };
        let key = match place {
            Place::Global { pkg: None, name } => Key::Global(name.clone()),
            Place::Field(_, f) => Key::Field(f.clone()),
            Place::Var(k) => Key::Var(*k),
            _ => return None,
        };
        let is_container = |t: &str| CONTAINER_TYPES.contains(&t.trim_start_matches('*'));
        let declared = match &key {
            Key::Field(f) => self.field_declared_as_container(f),
            _ => view
                .value_type(&Value::Place(place.clone()))
                .is_some_and(|t| is_container(&t)),
        };
        declared.then_some(key)
    }

    fn field_declared_as_container(&self, field: &str) -> bool {
        self.index.package.files.iter().any(|f| {
            f.types.iter().any(|t| match &t.kind {
                golint_ir::TypeKind::Struct(fields) => fields.iter().any(|d| {
                    d.name == field && CONTAINER_TYPES.contains(&d.ty.trim_start_matches('*'))
                }),
                _ => false,
            })
        })
    }

    /// `v.Store(x)`, `m.Store(k, x)`, `Swap`, `CompareAndSwap`,
    /// `LoadOrStore`, `p.Put(x)`: the value put is the last argument.
    fn record_put(&mut self, view: &FuncView<'_>, recv: &Value, name: &str, args: &[Value]) {
        if !matches!(
            name,
            "Store" | "Swap" | "CompareAndSwap" | "LoadOrStore" | "Put"
        ) {
            return;
        }
        let Some(key) = self.key(view, recv) else {
            return;
        };
        let ty = args.last().and_then(|v| type_of(view, v));
        let c = self.containers.entry(key).or_default();
        match ty {
            Some(t) => {
                c.types.insert(t);
            }
            None => c.unknown = true,
        }
    }

    /// `p = sync.Pool{New: …}`, `&Server{pool: sync.Pool{New: …}}`,
    /// `p.New = func() any {…}`: the types `New` returns.
    fn record_assign(&mut self, view: &FuncView<'_>, dst: &Place, src: &Value) {
        if let Place::Field(base, f) = dst {
            if f == "New" {
                if let (Some(key), Value::FuncLit(id)) = (self.key(view, base), src) {
                    self.record_new(view, key, *id);
                }
            }
        }
        let key = self.key(view, &Value::Place(dst.clone()));
        self.record_composite(view, key, src, 0);
    }

    fn record_composite(&mut self, view: &FuncView<'_>, key: Option<Key>, v: &Value, depth: u32) {
        let Value::Composite { ty, fields, .. } = v else {
            return;
        };
        if depth > 4 {
            return;
        }
        for (name, value) in fields {
            match (ty.as_str(), name.as_deref(), &key, value) {
                ("sync.Pool", Some("New"), Some(k), Value::FuncLit(id)) => {
                    self.record_new(view, k.clone(), *id);
                }
                (_, Some(f), _, Value::Composite { .. }) => {
                    let inner = self
                        .field_declared_as_container(f)
                        .then(|| Key::Field(f.to_string()));
                    self.record_composite(view, inner, value, depth + 1);
                }
                _ => {}
            }
        }
    }

    fn record_new(&mut self, view: &FuncView<'_>, key: Key, lit: FuncId) {
        let types = returned_types(view.index, view.file, lit, 0, 0);
        let c = self.containers.entry(key).or_default();
        c.has_new = true;
        match types {
            Some(ts) => c.types.extend(ts),
            None => c.unknown = true,
        }
    }

    /// True when `x.(ty)`, in function `fi` of `file`, cannot fail because
    /// of where `x` comes from.
    pub(super) fn holds(
        &self,
        file: &FileIr,
        fi: usize,
        x: &Value,
        ty: &str,
        at_block: usize,
    ) -> bool {
        let view = FuncView::with_id(self.index, file, FuncId(fi as u32));
        let Some((callee, index)) = origin(&view, x) else {
            return false;
        };
        // A function of the package that only ever returns `ty`.
        if let Some((callee_file, id)) = self.same_package_func(&view, &callee) {
            if let Some(types) = returned_types(self.index, callee_file, id, index, 0) {
                return types.len() == 1 && types.contains(ty);
            }
        }
        let Callee::Method { recv, name } = &callee else {
            return false;
        };
        match name.as_str() {
            "Interface" => implements_guard(&view, recv, at_block),
            "Get" | "Load" | "LoadOrStore" | "Swap" | "LoadAndDelete" if index == 0 => {
                let Some(key) = self.key(&view, recv) else {
                    return false;
                };
                let Some(c) = self.containers.get(&key) else {
                    return false;
                };
                let pool_ok = name != "Get" || c.has_new;
                pool_ok && !c.unknown && c.types.len() == 1 && c.types.contains(ty)
            }
            _ => false,
        }
    }

    /// The function of this package a call calls, with its file.
    fn same_package_func(
        &self,
        view: &FuncView<'_>,
        callee: &Callee,
    ) -> Option<(&'a FileIr, FuncId)> {
        let func: &Func = match callee {
            Callee::Func(name) => self.index.func(name)?,
            Callee::Method { recv, name } => {
                let ty = view.value_type(recv)?;
                let base = ty.trim_start_matches('*');
                let base = base.split('[').next().unwrap_or(base);
                if base.contains('.') {
                    return None;
                }
                self.index.method(base, name)?
            }
            _ => return None,
        };
        locate(self.index, func)
    }
}

/// The file of a function of the package, and its id there.
fn locate<'a>(index: &PackageIndex<'a>, func: &Func) -> Option<(&'a FileIr, FuncId)> {
    index.package.files.iter().find_map(|f| {
        f.funcs
            .iter()
            .position(|g| std::ptr::eq(g, func))
            .map(|i| (f, FuncId(i as u32)))
    })
}

/// The call `x` is the result `index` of: the temp's call, or the one call
/// that assigns the variable `x` (every assignment the same call).
fn origin(view: &FuncView<'_>, x: &Value) -> Option<(Callee, usize)> {
    match x {
        Value::Place(Place::Temp(t)) => match &view.func.temps.get(*t as usize)?.origin {
            TempOrigin::Call { callee, index } => Some((callee.clone(), *index as usize)),
            _ => None,
        },
        Value::Place(Place::Var(k)) if k.func == view.id => {
            let defs = view.defs.var(*k);
            let mut found: Option<(Callee, usize)> = None;
            for d in defs {
                let OpKind::Call { call, .. } = &d.op.kind else {
                    return None;
                };
                let this = (call.callee.clone(), d.index);
                match &found {
                    Some(f) if *f != this => return None,
                    _ => found = Some(this),
                }
            }
            found
        }
        _ => None,
    }
}

/// The types result `index` of function `id` returns, when every `return`
/// says: a composite literal, `new(T)`, a value of known type, or the
/// result of another such function of the package. `None` when a return
/// is `nil`, bare, or of unknown type.
fn returned_types(
    index: &PackageIndex<'_>,
    file: &FileIr,
    id: FuncId,
    result: usize,
    depth: u32,
) -> Option<HashSet<String>> {
    if depth > 3 {
        return None;
    }
    let func = file.funcs.get(id.0 as usize)?;
    let body = func.body.as_ref()?;
    let view = FuncView::with_id(index, file, id);
    let mut out = HashSet::new();
    let mut any = false;
    for block in &body.blocks {
        let Term::Return { values, .. } = &block.term else {
            continue;
        };
        any = true;
        let v = values.get(result)?;
        if values.len() != func.results.len().max(1) {
            return None;
        }
        match v {
            Value::Nil => return None,
            Value::Place(Place::Temp(t)) => {
                // `return g()`: what `g` returns.
                if let Some(TempOrigin::Call {
                    callee: Callee::Func(name),
                    index: i,
                }) = func.temps.get(*t as usize).map(|t| &t.origin)
                {
                    if let Some((f2, id2)) = index.func(name).and_then(|f| locate(index, f)) {
                        out.extend(returned_types(index, f2, id2, *i as usize, depth + 1)?);
                        continue;
                    }
                }
                out.insert(type_of(&view, v)?);
            }
            _ => {
                out.insert(type_of(&view, v)?);
            }
        }
    }
    any.then_some(out)
}

/// The type of a value: what [`FuncView::value_type`] knows, and `new(T)`.
fn type_of(view: &FuncView<'_>, v: &Value) -> Option<String> {
    if let Value::Place(Place::Temp(t)) = v {
        if let Some(call) = view.defs.temp_call(*t) {
            if call.callee == Callee::Func("new".into()) && call.args.len() == 1 {
                return match &call.args[0] {
                    Value::Composite { ty, .. } if !ty.is_empty() => Some(format!("*{ty}")),
                    Value::Place(Place::Global { pkg: None, name }) => Some(format!("*{name}")),
                    Value::Place(Place::Global {
                        pkg: Some(path),
                        name,
                    }) => {
                        let pkg = view
                            .file
                            .imports
                            .iter()
                            .find(|i| i.path == *path)
                            .map_or_else(
                                || path.rsplit('/').next().unwrap_or(path),
                                |i| i.name.as_str(),
                            );
                        Some(format!("*{pkg}.{name}"))
                    }
                    _ => None,
                };
            }
        }
    }
    if let Some(k) = v.var() {
        if k.func != view.id {
            return FuncView::with_id(view.index, view.file, k.func).value_type(v);
        }
    }
    view.value_type(v)
}

/// True when the assertion's block is reached only through the true branch
/// of `if R.Type().Implements(…)` (or past `if !R.Type().Implements(…) {
/// return }`), `R` being the receiver of `R.Interface()`, directly or
/// through `t := R.Type()`.
fn implements_guard(view: &FuncView<'_>, r: &Value, at_block: usize) -> bool {
    let Some(body) = &view.func.body else {
        return false;
    };
    let is_type_of_r = |q: &Value| -> bool {
        let call = match q {
            Value::Place(Place::Temp(t)) => view.defs.temp_call(*t),
            Value::Place(Place::Var(k)) => match view.defs.var(*k) {
                [d] => match &d.op.kind {
                    OpKind::Call { call, .. } => Some(call),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        call.is_some_and(|c| {
            matches!(&c.callee, Callee::Method { recv, name } if name == "Type" && recv.as_ref() == r)
        })
    };
    // The temps holding `…Implements(…)` of R's type.
    let mut guards: HashSet<u32> = HashSet::new();
    for (_, op) in body.ops() {
        if let OpKind::Call { call, dst } = &op.kind {
            if let Callee::Method { recv, name } = &call.callee {
                if name == "Implements" && is_type_of_r(recv) {
                    if let Some(Place::Temp(t)) = dst.first() {
                        guards.insert(*t);
                    }
                }
            }
        }
    }
    if guards.is_empty() {
        return false;
    }
    body.blocks.iter().any(|block| {
        let Some(OpKind::Use(v)) = block.ops.last().map(|o| &o.kind) else {
            return false;
        };
        let true_edge = match v {
            Value::Place(Place::Temp(t)) if guards.contains(t) => 0,
            Value::Not(x) => match &**x {
                Value::Place(Place::Temp(t)) if guards.contains(t) => 1,
                _ => return false,
            },
            _ => return false,
        };
        let Term::Branch(targets) = &block.term else {
            return false;
        };
        if targets.len() != 2 || targets[0] == targets[1] {
            return false;
        }
        dominates(body, targets[true_edge].0 as usize, at_block)
    })
}

/// True when every path from the entry to block `b` goes through `d`.
fn dominates(body: &Cfg, d: usize, b: usize) -> bool {
    if d == b {
        return true;
    }
    let mut seen = vec![false; body.blocks.len()];
    let mut work = vec![0usize];
    while let Some(n) = work.pop() {
        if n == d || seen.get(n).copied().unwrap_or(true) {
            continue;
        }
        if n == b {
            return false;
        }
        seen[n] = true;
        if let Some(block) = body.blocks.get(n) {
            work.extend(successors(&block.term));
        }
    }
    true
}
