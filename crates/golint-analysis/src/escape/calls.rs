//! Calls: builtins, conversions, the standard-library table, interface
//! and function-value calls, `go` and `defer`, and calls of the package's
//! functions through their summaries (a child module of `graph`).

use golint_diagnostics::Span;
use golint_ir::{Call, Callee, FuncKind, Place, Value, VarKind};

use super::{Builder, Hole, LocKind, MAX_IMPLICIT_STACK};
use crate::escape::inline;
use crate::escape::stdlib::{self, Keeps};
use crate::escape::summary::Summary;
use crate::escape::types::{self, Shape};
use crate::escape::AllocKind;

impl Builder<'_, '_> {
    /// The receiver and every argument of a call the analysis cannot follow
    /// go to the heap, for the same reason.
    fn all_to_heap(&mut self, recv: Option<&Value>, args: &[Value], span: Span, text: &str) {
        for v in recv.into_iter().chain(args) {
            let h = self.heap(span, text.to_string());
            self.flow(v, h);
        }
    }

    /// `escapes`: a `go` statement (`go`) or a `defer` in a loop.
    pub(super) fn lower_call(
        &mut self,
        call: &Call,
        dst: &[Hole],
        span: Span,
        escapes: bool,
        go: bool,
    ) {
        let dst0 = dst.first().copied().unwrap_or(Hole::DISCARD);
        // `go f(x)`, `defer f(x)` in a loop: the call and its arguments
        // outlive the statement.
        if escapes {
            let text = match go {
                true => "run by a goroutine".to_string(),
                false => "deferred in a loop".to_string(),
            };
            if let Callee::Literal(id) = &call.callee {
                if let Some(&c) = self.closures.get(id) {
                    let h = self.heap(span, text.clone());
                    self.edge(h.addr(), c);
                }
            }
            let recv = match &call.callee {
                Callee::Method { recv, .. } => Some(recv.as_ref()),
                _ => None,
            };
            self.all_to_heap(recv, &call.args, span, &text);
            return;
        }
        match &call.callee {
            Callee::Func(name) if self.funcs.by_name(name).is_none() => {
                self.builtin(name, call, dst0, span)
            }
            // The table first: it says what the compiler's own summaries
            // of those functions do not (inlined constructors, `...any`).
            Callee::Qualified { path, name, .. } => {
                if stdlib::known(path, name) || !self.imported_call(call, dst, span) {
                    self.qualified(path, name, call, dst0, span)
                }
            }
            Callee::Conversion(ty) => self.conversion(ty, call, dst0, span),
            Callee::Method { recv, name } => {
                let ty = self.value_type(recv);
                if let Some(keeps) = ty.as_deref().and_then(|t| stdlib::method(t, name)) {
                    let what = format!("`{name}`");
                    self.keeps(keeps, call, dst0, span, &what);
                    return;
                }
                if ty
                    .as_deref()
                    .is_some_and(|t| self.shape(t) == Shape::Interface)
                {
                    // A dynamic call: the compiler cannot see the callee.
                    let text = format!("passed to interface method `{name}`");
                    self.all_to_heap(Some(recv), &call.args, span, &text);
                    return;
                }
                if self.imported_call(call, dst, span) {
                    return;
                }
                self.package_call(call, dst, span);
            }
            // `(*T)(p)`: a conversion to a pointer type the package
            // declares (or another package does), which the IR reads as a
            // call through `*T`: the pointer passes through.
            Callee::Dynamic(f) if self.pointer_conversion(f) => {
                if let [x] = call.args.as_slice() {
                    self.flow(x, dst0);
                }
            }
            Callee::Dynamic(f) => {
                let targets = self.funcs.resolve(self.fref(self.cur), call);
                if let [t] = targets.as_slice() {
                    if t.file == self.file_index
                        && matches!(self.func(t.func).kind, FuncKind::Literal { .. })
                    {
                        self.g.in_place.insert(t.func);
                    }
                    self.package_call(call, dst, span);
                    return;
                }
                let is_param = f
                    .var()
                    .is_some_and(|k| self.file.var(k).kind != VarKind::Local);
                let is_field = matches!(f.as_ref(), Value::Place(Place::Field(..)));
                if is_param || is_field {
                    let text = "passed to a function value".to_string();
                    for a in &call.args {
                        let h = self.heap(span, text.clone());
                        self.flow(a, h);
                    }
                }
            }
            _ => self.package_call(call, dst, span),
        }
    }

    /// `f` is `*T` for a type `T` (of the package, or `pkg.T`).
    fn pointer_conversion(&self, f: &Value) -> bool {
        let Value::Place(Place::Deref(t)) = f else {
            return false;
        };
        match t.as_ref() {
            Value::Place(Place::Global { pkg: None, name }) => {
                self.funcs.index.type_decl(name).is_some()
            }
            // A package-level variable of another package holding a
            // pointer to a func is all but unheard of.
            Value::Place(Place::Global { pkg: Some(_), name }) => {
                name.starts_with(|c: char| c.is_ascii_uppercase())
            }
            _ => false,
        }
    }

    fn builtin(&mut self, name: &str, call: &Call, dst: Hole, span: Span) {
        match name {
            "new" => {
                let ty = match call.args.first() {
                    Some(Value::Composite { ty, .. }) => Some(ty.clone()),
                    Some(Value::Place(Place::Global { name, pkg: None })) => Some(name.clone()),
                    Some(v) => self.value_type(v),
                    None => None,
                };
                let large = ty.as_ref().is_some_and(|t| self.too_large(t, true));
                let a = self.alloc(AllocKind::New, span, None, large);
                self.set_text(a, format!("new({})", ty.unwrap_or_default()));
                let is_type = matches!(
                    call.args.first(),
                    Some(Value::Composite { .. } | Value::Place(Place::Global { .. }))
                );
                if let LocKind::Alloc { reported, .. } = &mut self.g.locs[a].kind {
                    *reported = is_type;
                }
                self.edge(dst.addr(), a);
                if let Some(v) = call.args.first() {
                    if !matches!(
                        v,
                        Value::Composite { .. } | Value::Place(Place::Global { .. })
                    ) {
                        self.flow(
                            v,
                            Hole {
                                loc: Some(a),
                                derefs: 0,
                                note: None,
                            },
                        );
                    }
                }
            }
            "make" => {
                let ty = match call.args.first() {
                    Some(Value::Composite { ty, .. }) => ty.clone(),
                    // A named type (`make(nat, n)`) reads as a name.
                    Some(Value::Place(Place::Global { pkg: None, name })) => name.clone(),
                    Some(Value::Place(Place::Global {
                        pkg: Some(pkg),
                        name,
                    })) => format!("{pkg}.{name}"),
                    _ => String::new(),
                };
                let large = match (ty.strip_prefix("[]"), call.args.get(1)) {
                    (Some(elem), Some(n)) => {
                        let len = match n {
                            Value::Int(n) => Some(*n as u64),
                            _ => None,
                        };
                        let cap = match call.args.get(2) {
                            Some(Value::Int(c)) => Some(*c as u64),
                            Some(_) => None,
                            None => len,
                        };
                        match (cap, types::size(self.funcs.index, elem, 0)) {
                            (Some(n), Some(s)) => n.saturating_mul(s) > MAX_IMPLICIT_STACK,
                            _ => false,
                        }
                    }
                    _ => false,
                };
                let a = self.alloc(AllocKind::Make, span, None, large);
                // The text tells the allocations of an inlined copy apart
                // (`nat.make` has `make(nat, 1)` and `make(nat, n, n + 4)`,
                // both reported at each call): the sizes as far as they are
                // a constant or a variable.
                let mut text = format!("make({ty}");
                for n in &call.args[1.min(call.args.len())..] {
                    match n {
                        Value::Int(n) => text.push_str(&format!(", {n}")),
                        Value::Place(Place::Var(k)) => {
                            text.push_str(&format!(", {}", self.file.var(*k).name))
                        }
                        _ => {
                            text.push_str(", ...");
                            break;
                        }
                    }
                }
                text.push(')');
                self.set_text(a, text);
                self.edge(dst.addr(), a);
            }
            "append" => {
                // The result is the slice (or a new one); the appended
                // values are stored in its backing array, which the
                // compiler cannot keep on the stack.
                if let Some(s) = call.args.first() {
                    self.flow(s, dst);
                }
                if call.ellipsis {
                    if let Some(x) = call.args.get(1) {
                        let h = self.heap(span, "appended to a slice".into());
                        self.flow(x, h.deref());
                    }
                } else {
                    for x in call.args.iter().skip(1) {
                        let h = self.heap(span, "appended to a slice".into());
                        self.flow(x, h);
                    }
                }
            }
            "copy" => {
                if let Some(x) = call.args.get(1) {
                    let h = self.heap(span, "copied into a slice".into());
                    self.flow(x, h.deref());
                }
            }
            "panic" => {
                for a in &call.args {
                    let h = self.heap(span, "passed to `panic`".into());
                    self.flow_to_interface(a, span, h);
                }
            }
            _ => {
                // A conversion to a type of the package (`T(x)`) keeps
                // the value; other builtins keep nothing.
                if self.funcs.index.type_decl(name).is_some() {
                    self.conversion(name, call, dst, span);
                }
            }
        }
    }

    fn conversion(&mut self, ty: &str, call: &Call, dst: Hole, span: Span) {
        let Some(x) = call.args.first() else { return };
        // `Kind(f & mask)`: a value without pointers carries none.
        if self.pointer_free(ty) {
            return;
        }
        match self.shape(ty) {
            Shape::Interface => self.flow_to_interface(x, span, dst),
            Shape::Scalar if ty == "string" => {}
            _ => self.flow(x, dst),
        }
    }

    fn qualified(&mut self, path: &str, name: &str, call: &Call, dst: Hole, span: Span) {
        // `unsafe.String(&b[0], n)`, `unsafe.Pointer(p)`, `unsafe.Slice`,
        // `unsafe.Add`, `unsafe.StringData(s)`: the pointer passes through.
        if path == "unsafe" {
            if !matches!(name, "Sizeof" | "Alignof" | "Offsetof") {
                if let Some(x) = call.args.first() {
                    self.flow(x, dst);
                }
            }
            return;
        }
        let what = format!("`{}.{name}`", path.rsplit('/').next().unwrap_or(path));
        if let Some(keeps) = stdlib::func(path, name) {
            self.keeps(keeps, call, dst, span, &what);
        }
        for &i in stdlib::leaks(path, name) {
            if let Some(a) = call.args.get(i) {
                let at = call.arg_spans.get(i).copied().unwrap_or(span);
                let h = self.heap(at, format!("passed to {what}, which keeps it"));
                self.flow(a, h);
            }
        }
        if let Some(alloc) = stdlib::allocates(path, name) {
            let a = self.alloc(AllocKind::Inlined, span, Some(alloc.to_string()), false);
            let note = self.note(span, format!("made by {what}, inlined here"));
            self.edge(Hole { note, ..dst.addr() }, a);
        }
    }

    fn keeps(&mut self, keeps: Keeps, call: &Call, dst: Hole, span: Span, what: &str) {
        match keeps {
            Keeps::VariadicAny(from) => {
                let text = format!("passed to {what} (its arguments escape)");
                for (i, a) in call.args.iter().enumerate().skip(from) {
                    let at = call.arg_spans.get(i).copied().unwrap_or(span);
                    let h = self.heap(at, text.clone());
                    if call.ellipsis {
                        self.flow(a, h.deref());
                    } else {
                        self.flow_to_interface_at(a, at, true, h);
                    }
                }
            }
            Keeps::Arg(i) => {
                if let Some(a) = call.args.get(i) {
                    let h = self.heap(span, format!("passed to {what}"));
                    self.flow(a, h);
                }
            }
            Keeps::Allocates(text) => {
                let a = self.alloc(AllocKind::Inlined, span, Some(text.to_string()), false);
                self.edge(dst.addr(), a);
                for x in &call.args {
                    self.flow(
                        x,
                        Hole {
                            loc: Some(a),
                            derefs: 0,
                            note: None,
                        },
                    );
                }
            }
        }
    }

    /// A call of a function of this package: its summary says where each
    /// argument goes. A literal called directly shares this graph.
    fn package_call(&mut self, call: &Call, dst: &[Hole], span: Span) {
        let targets = self.funcs.resolve(self.fref(self.cur), call);
        let [target] = targets.as_slice() else {
            return;
        };
        let callee = self.funcs.func(*target);
        // Receiver first, as in the summary.
        let mut args: Vec<(Value, Span)> = Vec::new();
        let mut slot_of_first_arg = 0;
        if let FuncKind::Method { pointer, .. } = &callee.kind {
            slot_of_first_arg = 1;
            if let Callee::Method { recv, .. } = &call.callee {
                // `v.M()` on an addressable `v` of a pointer method passes `&v`.
                let r = match (recv.as_ref(), pointer, self.value_shape(recv)) {
                    (Value::Place(p), true, Shape::Struct | Shape::Array) => {
                        Value::AddrOf(Box::new(p.clone()))
                    }
                    _ => recv.as_ref().clone(),
                };
                args.push((r, call.span));
            } else {
                return;
            }
        }
        for (i, a) in call.args.iter().enumerate() {
            args.push((a.clone(), call.arg_spans.get(i).copied().unwrap_or(span)));
        }
        if let FuncKind::Literal { .. } = callee.kind {
            if target.file != self.file_index || !self.direct.contains(&target.func) {
                // Called through a variable: arguments into its parameters
                // all the same (the literal is in this graph).
                if target.file != self.file_index {
                    return;
                }
            }
            for (i, (a, at)) in args.iter().enumerate() {
                if let Some(k) = callee.params.get(i).and_then(|p| p.var) {
                    let l = self.var_loc(k);
                    let note = self.note(*at, format!("passed to `{}`", callee.name));
                    self.flow(
                        a,
                        Hole {
                            loc: Some(l),
                            derefs: 0,
                            note,
                        },
                    );
                }
            }
            if self.direct.contains(&target.func) {
                for (i, d) in dst.iter().enumerate() {
                    let key = (target.func, i);
                    let l = match self.literal_results.get(&key) {
                        Some(&l) => l,
                        None => {
                            let l = self.new_loc(LocKind::Temp, target.func, 0);
                            self.literal_results.insert(key, l);
                            l
                        }
                    };
                    self.edge(*d, l);
                }
            }
            return;
        }
        let Some(summary) = self.summaries.get(target) else {
            return;
        };
        let static_call = matches!(call.callee, Callee::Func(_) | Callee::Method { .. });
        let name = callee.name.clone();
        let variadic = callee.variadic;
        let nparams = slot_of_first_arg + callee.params.len();
        self.apply_summary(
            &name,
            summary,
            &args,
            variadic,
            nparams,
            static_call,
            None,
            call,
            dst,
        );
    }

    /// A call of a function of another package whose summary is known:
    /// `pkg.F(x)`, or `v.M(x)` on a value of a type `pkg.T`.
    pub(super) fn imported_call(&mut self, call: &Call, dst: &[Hole], span: Span) -> bool {
        let Some(imports) = self.imports else {
            return false;
        };
        let (path, key, recv) = match &call.callee {
            Callee::Qualified { path, name, .. } => (path.clone(), name.clone(), None),
            Callee::Method { recv, name } => {
                let Some(ty) = self.value_type(recv) else {
                    return false;
                };
                let base = ty.trim_start_matches('*');
                let Some((pkg, tname)) = base.split_once('.') else {
                    return false;
                };
                if tname.contains(['[', '.', ' ']) {
                    return false;
                }
                let Some(path) = self.file.imports.iter().find(|i| i.name == pkg) else {
                    return false;
                };
                (
                    path.path.clone(),
                    format!("{tname}.{name}"),
                    Some((recv.as_ref().clone(), ty.starts_with('*'))),
                )
            }
            _ => return false,
        };
        let Some(pkg) = imports.package(&path) else {
            return false;
        };
        let Some(summary) = pkg.funcs.get(&key) else {
            return false;
        };
        let mut args: Vec<(Value, Span)> = Vec::new();
        if let Some((r, is_pointer)) = recv {
            // `v.M()` on an addressable `v` of a pointer method passes `&v`.
            let r = match (&r, summary.pointer_recv, is_pointer) {
                (Value::Place(p @ Place::Var(_)), true, false) => {
                    Value::AddrOf(Box::new(p.clone()))
                }
                _ => r,
            };
            args.push((r, call.span));
        }
        for (i, a) in call.args.iter().enumerate() {
            args.push((a.clone(), call.arg_spans.get(i).copied().unwrap_or(span)));
        }
        let pkg_name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let name = format!("{pkg_name}.{key}");
        let nparams = summary.params.len();
        self.apply_summary(
            &name,
            summary,
            &args,
            summary.variadic,
            nparams,
            true,
            Some(&pkg_name),
            call,
            dst,
        );
        true
    }

    /// Where a call's arguments go by the callee's summary; the
    /// allocations of an inlined callee are made at the call.
    #[allow(clippy::too_many_arguments)]
    fn apply_summary(
        &mut self,
        callee: &str,
        summary: &Summary,
        args: &[(Value, Span)],
        variadic: bool,
        nparams: usize,
        static_call: bool,
        pkg: Option<&str>,
        call: &Call,
        dst: &[Hole],
    ) {
        // An inlined callee: its allocations are made here, each a new
        // one per call, and reported here.
        let inlined = summary
            .inline_cost
            .is_some_and(|c| !self.big || c <= inline::BIG_CALLER_MAX_COST);
        if static_call && inlined {
            for inl in &summary.inlined {
                // A variable of another package's function is `pkg.x` at
                // the call, no name of this package's source: left out.
                if inl.var && pkg.is_some() {
                    continue;
                }
                let (kind, what) = match pkg {
                    _ if inl.var => (AllocKind::Var, inl.what.clone()),
                    Some(p) => (AllocKind::Inlined, qualify(&inl.what, p)),
                    None => (AllocKind::Inlined, inl.what.clone()),
                };
                let a = self.alloc(kind, call.span, Some(what.clone()), false);
                // Inlined again in the callers of this function.
                self.set_text(a, what);
                if inl.heap {
                    let h = self.heap(
                        call.span,
                        format!("made by `{callee}`, inlined here: {}", inl.reason),
                    );
                    self.edge(h.addr(), a);
                }
                for (r, d) in inl.results.iter().enumerate() {
                    let (Some(d), Some(hole)) = (d, dst.get(r)) else {
                        continue;
                    };
                    let note = self.note(
                        call.span,
                        format!("made by `{callee}`, inlined here, and returned"),
                    );
                    self.edge(
                        Hole {
                            note,
                            ..hole.shift(*d)
                        },
                        a,
                    );
                }
            }
        }
        let variadic = variadic && !call.ellipsis;
        let last = nparams.saturating_sub(1);
        for (i, (a, at)) in args.iter().enumerate() {
            let slot = if variadic && i > last { last } else { i };
            let Some(leak) = summary.params.get(slot) else {
                continue;
            };
            // A variadic argument is an element of the implicit slice.
            let extra = if variadic && slot == last { -1 } else { 0 };
            if let Some(d) = leak.heap {
                let h = self.heap(*at, format!("passed to `{callee}`, whose parameter leaks"));
                self.flow(a, h.shift((d + extra).max(0)));
            }
            for (r, d) in leak.results.iter().enumerate() {
                let (Some(d), Some(hole)) = (d, dst.get(r)) else {
                    continue;
                };
                let note = self.note(*at, format!("returned by `{callee}`"));
                self.flow(
                    a,
                    Hole {
                        note,
                        ..hole.shift((d + extra).max(0))
                    },
                );
            }
        }
    }
}

/// An allocation of package `pkg` as its importers print it:
/// `&Reader{...}` is `&strings.Reader{...}`, `new(Reader)` is
/// `new(bufio.Reader)`; predeclared and composite types stay as they are.
fn qualify(what: &str, pkg: &str) -> String {
    let (prefix, rest) = ["&", "new(", "make("]
        .iter()
        .find_map(|p| what.strip_prefix(p).map(|r| (*p, r)))
        .unwrap_or(("", what));
    let ident: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let qualified = rest[ident.len()..].starts_with('.');
    if prefix.is_empty() || ident.is_empty() || qualified || types::is_predeclared(&ident) {
        return what.to_string();
    }
    format!("{prefix}{pkg}.{rest}")
}
