//! Expressions: flattened in evaluation order into ops and temps.

use super::fields::NodeExt;
use tree_sitter::Node;

use super::body::{is_type_node, named, skip_parens, OpRef};
use super::budget::MAX_OPERATOR_NESTING;
use super::types::is_chan_type;
use super::{unquote, Lowerer};
use crate::ir::*;
use golint_diagnostics::Span;

/// Longest string literal (in source bytes) kept as [`Value::Str`].
const MAX_STRING_LITERAL: usize = 4096;

/// Right-hand sides prepared before the left-hand side is declared.
pub(crate) enum Prepared {
    /// One multi-valued op (call, comma-ok receive…) whose destinations are
    /// filled in afterwards.
    Op(OpRef),
    Values(Vec<Value>),
}

impl<'s> Lowerer<'s> {
    pub(crate) fn operator(&self, node: Node) -> &'s str {
        node.f("operator").map(|o| self.text(o)).unwrap_or("")
    }

    pub(crate) fn field_expr(&mut self, node: Node, field: &str) -> Value {
        match node.f(field) {
            Some(e) => self.expr(e),
            None => Value::Expr(Vec::new()),
        }
    }

    pub(crate) fn expr_list(&mut self, list: Node) -> Vec<Value> {
        if list.k() != "expression_list" {
            return vec![self.expr(list)];
        }
        named(list).into_iter().map(|e| self.expr(e)).collect()
    }

    /// Lowers an expression, emitting ops for the calls and receives in it.
    /// One level of the nesting budget; past it the expression is opaque.
    pub(crate) fn expr(&mut self, node: Node) -> Value {
        if !self.enter() {
            return self.opaque(node);
        }
        let v = self.expr_in_budget(node);
        self.leave();
        v
    }

    fn expr_in_budget(&mut self, node: Node) -> Value {
        let node = skip_parens(node);
        match node.k() {
            "identifier" => self.ident(node),
            "nil" => Value::Nil,
            "int_literal" => {
                int_literal(self.text(node)).map_or(Value::Expr(Vec::new()), Value::Int)
            }
            "interpreted_string_literal" | "raw_string_literal" => {
                // Only short literals matter to the rules (formats, keys); the
                // IR outlives the file, so long ones (tables, embedded data)
                // are not copied into it.
                let text = self.text(node);
                if text.len() > MAX_STRING_LITERAL {
                    Value::Expr(Vec::new())
                } else {
                    Value::Str(unquote(text))
                }
            }
            "selector_expression" => {
                let field = node
                    .f("field")
                    .map(|f| self.text(f).to_string())
                    .unwrap_or_default();
                let Some(operand) = node.f("operand") else {
                    return Value::Expr(Vec::new());
                };
                if operand.k() == "identifier" {
                    if let Some(pkg) = self.package_of(self.text(operand)) {
                        return Value::Place(Place::Global {
                            pkg: Some(pkg),
                            name: field,
                        });
                    }
                }
                let recv = self.expr(operand);
                Value::Place(Place::Field(Box::new(recv), field))
            }
            "call_expression" => match self.call_op(node, 1) {
                Some(op) => self.op_result(op, node),
                None => Value::Expr(Vec::new()),
            },
            "unary_expression" => self.unary(node),
            "binary_expression" => self.binary(node),
            "composite_literal" => {
                let ty = node
                    .f("type")
                    .map(|t| self.type_text(t))
                    .unwrap_or_default();
                let fields = node
                    .f("body")
                    .map(|b| self.literal_fields(b, &ty))
                    .unwrap_or_default();
                Value::Composite {
                    ty,
                    addr: false,
                    fields,
                    span: self.span(node),
                }
            }
            "func_literal" => Value::FuncLit(self.func_literal(node)),
            "type_assertion_expression" => {
                let x = self.field_expr(node, "operand");
                let ty = node
                    .f("type")
                    .map(|t| self.type_text(t))
                    .unwrap_or_default();
                let t = self.new_temp(self.span(node), TempOrigin::TypeAssert { ty: ty.clone() });
                self.emit(
                    OpKind::TypeAssert {
                        x,
                        ty,
                        dst: vec![t.clone()],
                        comma_ok: false,
                    },
                    self.span(node),
                );
                Value::Place(t)
            }
            "index_expression" => {
                let operand = self.field_expr(node, "operand");
                let index = self.field_expr(node, "index");
                if !matches!(
                    index,
                    Value::Int(_) | Value::Str(_) | Value::Place(Place::Var(_))
                ) {
                    if let Value::Expr(parts) = &index {
                        if !parts.is_empty() {
                            self.emit(OpKind::Use(index), self.span(node));
                        }
                    }
                }
                Value::Place(Place::Index(Box::new(operand)))
            }
            "slice_expression" => {
                let mut parts = vec![self.field_expr(node, "operand")];
                for f in ["start", "end", "capacity"] {
                    if node.f(f).is_some() {
                        parts.push(self.field_expr(node, f));
                    }
                }
                Value::Expr(parts)
            }
            "type_conversion_expression" => Value::Expr(vec![self.field_expr(node, "operand")]),
            "type_instantiation_expression" => {
                let name = node
                    .f("type")
                    .map(|t| self.text(t).to_string())
                    .unwrap_or_default();
                Value::FuncName(Callee::Func(name))
            }
            _ => Value::Expr(Vec::new()),
        }
    }

    /// A unary expression. Chains (`!!!!x`, `<-<-ch`, `- - x`, through
    /// parentheses) are followed iteratively: a receive becomes an op reading
    /// the value inside it, `!` wraps it in [`Value::Not`], any other
    /// operator in [`Value::Expr`] (up to [`MAX_OPERATOR_NESTING`] times; a longer chain reads the same).
    /// `&` and `*` stop the chain: they make places, one level each.
    fn unary(&mut self, node: Node) -> Value {
        let mut chain = Vec::new();
        let mut cur = node;
        let leaf = loop {
            if cur.k() != "unary_expression" {
                break Some(cur);
            }
            let op = self.operator(cur);
            if matches!(op, "&" | "*") && !chain.is_empty() {
                break Some(cur);
            }
            let Some(operand) = cur.f("operand") else {
                break None;
            };
            if matches!(op, "&" | "*") {
                // The outermost operator is `&` or `*`: one level.
                let inner = self.expr(operand);
                return self.addr_or_deref(op, inner, self.span(cur));
            }
            chain.push((cur, op == "<-"));
            cur = skip_parens(operand);
        };
        let wraps = chain.iter().filter(|(_, recv)| !recv).count() as u32;
        let charged = wraps.min(MAX_OPERATOR_NESTING);
        let mut v = match leaf {
            Some(leaf) => {
                // The levels the wrapping adds count against the budget.
                self.depth += charged;
                let v = self.expr(leaf);
                self.depth -= charged;
                v
            }
            None => Value::Expr(Vec::new()),
        };
        let mut wrapped = 0;
        for (n, recv) in chain.into_iter().rev() {
            let not = !recv && self.operator(n) == "!";
            if recv {
                let span = self.span(n);
                let t = self.new_temp(span, TempOrigin::Recv);
                self.emit(
                    OpKind::Recv {
                        ch: v,
                        dst: vec![t.clone()],
                        comma_ok: false,
                    },
                    span,
                );
                v = Value::Place(t);
            } else if wrapped < MAX_OPERATOR_NESTING {
                wrapped += 1;
                v = if not {
                    Value::Not(Box::new(v))
                } else {
                    Value::Expr(vec![v])
                };
            }
        }
        v
    }

    fn addr_or_deref(&mut self, op: &str, inner: Value, span: Span) -> Value {
        if op == "*" {
            return Value::Place(Place::Deref(Box::new(inner)));
        }
        match inner {
            // The allocation is reported where the `&` is.
            Value::Composite { ty, fields, .. } => Value::Composite {
                ty,
                addr: true,
                fields,
                span,
            },
            Value::Place(p) => Value::AddrOf(Box::new(p)),
            other => other,
        }
    }

    /// A tree of binary operators: `Expr([left, right])` at each level as
    /// written, lowered recursively while the tree is at most
    /// [`MAX_OPERATOR_NESTING`] deep. A deeper tree (a 3,000-term `||`, a
    /// generated string concatenation) is one flat `Expr` of its operands
    /// in evaluation order, gathered iteratively.
    fn binary(&mut self, node: Node) -> Value {
        if self.operators_deeper_than(node, MAX_OPERATOR_NESTING) {
            return self.flat_binary(node);
        }
        self.nested_binary(node)
    }

    fn nested_binary(&mut self, node: Node) -> Value {
        let mut parts = Vec::with_capacity(2);
        for side in ["left", "right"] {
            let v = match node.f(side).map(skip_parens) {
                Some(n) if n.k() == "binary_expression" => {
                    if self.enter() {
                        let v = self.nested_binary(n);
                        self.leave();
                        v
                    } else {
                        self.opaque(n)
                    }
                }
                Some(n) => self.expr(n),
                None => Value::Expr(Vec::new()),
            };
            parts.push(v);
        }
        match (self.operator(node), <[Value; 2]>::try_from(parts)) {
            ("||", Ok(operands)) => Value::Logic {
                or: true,
                operands: Box::new(operands),
            },
            ("&&", Ok(operands)) => Value::Logic {
                or: false,
                operands: Box::new(operands),
            },
            (_, Ok(operands)) => Value::Expr(operands.into()),
            (_, Err(parts)) => Value::Expr(parts),
        }
    }

    /// True when binary operators nest more than `max` levels under `node`.
    fn operators_deeper_than(&self, node: Node, max: u32) -> bool {
        let is_binary = |side: &str| {
            node.f(side)
                .map(skip_parens)
                .is_some_and(|n| n.k() == "binary_expression")
        };
        // The common case, without allocating: no operand is a binary.
        if !is_binary("left") && !is_binary("right") {
            return false;
        }
        let mut stack = vec![(node, 1u32)];
        while let Some((n, d)) = stack.pop() {
            if d > max {
                return true;
            }
            for side in ["left", "right"] {
                if let Some(c) = n.f(side).map(skip_parens) {
                    if c.k() == "binary_expression" {
                        stack.push((c, d + 1));
                    }
                }
            }
        }
        false
    }

    fn flat_binary(&mut self, node: Node) -> Value {
        let mut parts = Vec::new();
        let mut stack = vec![Some(node)];
        while let Some(n) = stack.pop() {
            match n.map(skip_parens) {
                Some(n) if n.k() == "binary_expression" => {
                    stack.push(n.f("right"));
                    stack.push(n.f("left"));
                }
                Some(n) => parts.push(self.expr(n)),
                None => parts.push(Value::Expr(Vec::new())),
            }
        }
        Value::Expr(parts)
    }

    /// `node` as a boolean expression, for folding the constants it names
    /// ([`BoolExpr`]). A name is a package-level one only when no local
    /// shadows it here. Nesting past a few levels is `Other` (generated
    /// chains of `&&` are not constant).
    pub(crate) fn bool_expr(&self, node: Node) -> BoolExpr {
        self.bool_expr_at(node, 0)
    }

    fn bool_expr_at(&self, node: Node, depth: u32) -> BoolExpr {
        const MAX_BOOL_NESTING: u32 = 16;
        if depth > MAX_BOOL_NESTING {
            return BoolExpr::Other;
        }
        let node = skip_parens(node);
        match node.k() {
            "true" => BoolExpr::Lit(true),
            "false" => BoolExpr::Lit(false),
            "identifier" => {
                let name = self.text(node);
                match name {
                    _ if self.lookup(name).is_some() => BoolExpr::Other,
                    "true" => BoolExpr::Lit(true),
                    "false" => BoolExpr::Lit(false),
                    _ => BoolExpr::Name {
                        pkg: None,
                        name: name.to_string(),
                    },
                }
            }
            "selector_expression" => {
                let operand = node.f("operand").filter(|o| o.k() == "identifier");
                let pkg = operand.and_then(|o| self.package_of(self.text(o)));
                match (pkg, node.f("field")) {
                    (Some(pkg), Some(f)) => BoolExpr::Name {
                        pkg: Some(pkg),
                        name: self.text(f).to_string(),
                    },
                    _ => BoolExpr::Other,
                }
            }
            "unary_expression" if self.operator(node) == "!" => match node.f("operand") {
                Some(x) => BoolExpr::Not(Box::new(self.bool_expr_at(x, depth + 1))),
                None => BoolExpr::Other,
            },
            "binary_expression" => {
                let op = self.operator(node);
                let (Some(l), Some(r)) = (node.f("left"), node.f("right")) else {
                    return BoolExpr::Other;
                };
                let l = Box::new(self.bool_expr_at(l, depth + 1));
                let r = Box::new(self.bool_expr_at(r, depth + 1));
                match op {
                    "&&" => BoolExpr::And(l, r),
                    "||" => BoolExpr::Or(l, r),
                    _ => BoolExpr::Other,
                }
            }
            _ => BoolExpr::Other,
        }
    }

    fn ident(&self, node: Node) -> Value {
        let name = self.text(node);
        if let Some(k) = self.lookup(name) {
            return Value::Place(Place::Var(k));
        }
        match name {
            "true" | "false" | "iota" | "_" => Value::Expr(Vec::new()),
            _ => Value::Place(Place::Global {
                pkg: None,
                name: name.to_string(),
            }),
        }
    }

    /// The elements of a literal of type `ty` (as written; empty when it is
    /// elided). An element written `{…}` in a slice, array or map literal
    /// has the element type: `[]*T{{…}}` allocates a `&T{…}` per element,
    /// which the escape analysis must see as such.
    fn literal_fields(&mut self, body: Node, ty: &str) -> Vec<(Option<String>, Value)> {
        let elem = element_type(ty).map(str::to_string);
        let elem = elem.as_deref();
        let mut out = Vec::new();
        for el in named(body) {
            match el.k() {
                "keyed_element" => {
                    let key = el.f("key").and_then(|k| k.named_child(0));
                    let key_name = key
                        .filter(|k| k.k() == "identifier")
                        .map(|k| self.text(k).to_string());
                    if key_name.is_none() {
                        if let Some(k) = key {
                            self.literal_element(k, None);
                        }
                    }
                    let v = el
                        .f("value")
                        .map(|v| self.literal_element(v, elem))
                        .unwrap_or(Value::Nil);
                    out.push((key_name, v));
                }
                "literal_element" => {
                    let v = self.literal_element(el, elem);
                    out.push((None, v));
                }
                _ => {}
            }
        }
        out
    }

    /// One level of the nesting budget: `[]any{[]any{…}}` nests through
    /// here without going through [`Self::expr`].
    fn literal_element(&mut self, el: Node, elem: Option<&str>) -> Value {
        if !self.enter() {
            return self.opaque(el);
        }
        let v = self.literal_element_in_budget(el, elem);
        self.leave();
        v
    }

    fn literal_element_in_budget(&mut self, el: Node, elem: Option<&str>) -> Value {
        let inner = if el.k() == "literal_element" {
            el.named_child(0)
        } else {
            Some(el)
        };
        match inner {
            Some(v) if v.k() == "literal_value" => {
                // An elided `*T` element is `&T{…}`.
                let (ty, addr) = match elem {
                    Some(t) => match t.strip_prefix('*') {
                        Some(pointee) => (pointee.to_string(), true),
                        None => (t.to_string(), false),
                    },
                    None => (String::new(), false),
                };
                let fields = self.literal_fields(v, &ty);
                Value::Composite {
                    ty,
                    addr,
                    fields,
                    span: self.span(v),
                }
            }
            Some(v) => self.expr(v),
            None => Value::Nil,
        }
    }

    /// A place an assignment can write.
    pub(crate) fn place_expr(&mut self, node: Node) -> Option<Place> {
        match self.expr(node) {
            Value::Place(p) => Some(p),
            _ => None,
        }
    }

    fn op_result(&mut self, op: OpRef, node: Node) -> Value {
        let span = self.span(node);
        let origin = match self.op_mut(op) {
            Some(OpKind::Call { call, .. }) => TempOrigin::Call {
                callee: call.callee.clone(),
                index: 0,
            },
            Some(OpKind::MakeChan { .. }) => TempOrigin::Other,
            _ => return Value::Expr(Vec::new()),
        };
        let t = self.new_temp(span, origin);
        match self.op_mut(op) {
            Some(OpKind::Call { dst, .. }) => *dst = vec![t.clone()],
            Some(OpKind::MakeChan { dst, .. }) => *dst = t.clone(),
            _ => {}
        }
        Value::Place(t)
    }

    /// A call as a statement: calls that end the function end the block.
    pub(crate) fn call_stmt(&mut self, node: Node) {
        if let Some(term) = self.noreturn(node) {
            if let Some(args) = node.f("arguments") {
                for a in named(args) {
                    let v = self.expr(a);
                    self.emit(OpKind::Use(v), self.span(a));
                }
            }
            self.terminate(term);
            return;
        }
        self.call_op(node, 0);
    }

    /// `panic`, `os.Exit`, `log.Fatal…`, `runtime.Goexit`, `t.Fatal…`.
    fn noreturn(&self, node: Node) -> Option<Term> {
        let func = skip_parens(node.f("function")?);
        let span = self.span(node);
        match func.k() {
            "identifier" if self.text(func) == "panic" && self.lookup("panic").is_none() => {
                Some(Term::Panic { span, exit: false })
            }
            "selector_expression" => {
                let operand = func.f("operand")?;
                let name = self.text(func.f("field")?);
                if operand.k() != "identifier" {
                    return None;
                }
                let oname = self.text(operand);
                match self.package_of(oname).as_deref() {
                    Some("os") if name == "Exit" => Some(Term::Panic { span, exit: true }),
                    Some("log") if name.starts_with("Fatal") => {
                        Some(Term::Panic { span, exit: true })
                    }
                    Some("log") if name.starts_with("Panic") => {
                        Some(Term::Panic { span, exit: false })
                    }
                    Some("runtime") if name == "Goexit" => Some(Term::Panic { span, exit: false }),
                    Some(_) => None,
                    None => {
                        let key = self.lookup(oname)?;
                        let ty = self.var_type(key)?;
                        let testing = ty.contains("testing.");
                        (testing
                            && matches!(
                                name,
                                "Fatal" | "Fatalf" | "FailNow" | "Skip" | "Skipf" | "SkipNow"
                            ))
                        .then_some(Term::Panic { span, exit: false })
                    }
                }
            }
            _ => None,
        }
    }

    pub(crate) fn var_type(&self, key: VarKey) -> Option<&str> {
        let b = self.builders.iter().find(|b| b.id == key.func)?;
        b.vars.get(key.var as usize)?.ty.as_deref()
    }

    /// Emits the op of a call expression (`make(chan …)` becomes
    /// [`OpKind::MakeChan`], `close` [`OpKind::Close`]); returns where it is so the caller
    /// can set its destinations. `results` is how many values the context takes.
    pub(crate) fn call_op(&mut self, node: Node, results: usize) -> Option<OpRef> {
        let span = self.span(node);
        let func = node.f("function").map(skip_parens)?;
        if func.k() == "identifier" && self.lookup(self.text(func)).is_none() {
            match self.text(func) {
                "make" => {
                    let args = node.f("arguments").map(named).unwrap_or_default();
                    if let Some(ty) = args.first().filter(|t| t.k() == "channel_type") {
                        let elem = ty.f("value").map(|v| self.type_text(v)).unwrap_or_default();
                        let (cap, size) = match args.get(1) {
                            None => (Cap::Zero, None),
                            Some(n) => match self.expr(*n) {
                                Value::Int(0) => (Cap::Zero, None),
                                Value::Int(c) if c > 0 => (Cap::Const(c as u64), None),
                                // A constant or parameter named here: the
                                // analysis may know its value.
                                v @ Value::Place(
                                    Place::Var(_) | Place::Global { pkg: None, .. },
                                ) => (Cap::Unknown, Some(v)),
                                _ => (Cap::Unknown, None),
                            },
                        };
                        return Some(self.emit(
                            OpKind::MakeChan {
                                dst: Place::Blank,
                                elem,
                                cap,
                                size,
                            },
                            span,
                        ));
                    }
                }
                // The builtin takes one argument: `close(a, b)` calls a
                // package function of that name declared in another file.
                "close" if node.f("arguments").map(named).unwrap_or_default().len() == 1 => {
                    let args = node.f("arguments").map(named).unwrap_or_default();
                    let ch = args.first().map(|a| self.expr(*a)).unwrap_or(Value::Nil);
                    self.emit(OpKind::Close { ch }, span);
                    return None;
                }
                _ => {}
            }
        }
        let call = self.call(node)?;
        let _ = results;
        Some(self.emit(
            OpKind::Call {
                call,
                dst: Vec::new(),
            },
            span,
        ))
    }

    /// The callee and arguments of a call expression, arguments lowered.
    pub(crate) fn call(&mut self, node: Node) -> Option<Call> {
        let func = node.f("function").map(skip_parens)?;
        let callee = match func.k() {
            "identifier" => {
                let name = self.text(func);
                match self.lookup(name) {
                    Some(k) => Callee::Dynamic(Box::new(Value::Place(Place::Var(k)))),
                    None => Callee::Func(name.to_string()),
                }
            }
            "selector_expression" => {
                let name = func
                    .f("field")
                    .map(|f| self.text(f).to_string())
                    .unwrap_or_default();
                let operand = func.f("operand");
                let pkg = operand.filter(|o| o.k() == "identifier").and_then(|o| {
                    self.package_of(self.text(o))
                        .map(|p| (self.text(o).to_string(), p))
                });
                match (pkg, operand) {
                    (Some((pkg, path)), _) => Callee::Qualified { pkg, path, name },
                    (None, Some(o)) => Callee::Method {
                        recv: Box::new(self.expr(o)),
                        name,
                    },
                    (None, None) => Callee::Func(name),
                }
            }
            "func_literal" => Callee::Literal(self.func_literal(func)),
            "index_expression" => {
                // Generic instantiation `f[T](x)`, or a func in a slice/map.
                match func.f("operand").map(|o| (o.k(), o)) {
                    Some(("identifier", o)) if self.lookup(self.text(o)).is_none() => {
                        Callee::Func(self.text(o).to_string())
                    }
                    _ => Callee::Dynamic(Box::new(self.expr(func))),
                }
            }
            "array_type" | "slice_type" | "map_type" | "pointer_type" | "channel_type"
            | "function_type" | "interface_type" | "qualified_type" | "parenthesized_type" => {
                Callee::Conversion(self.type_text(func))
            }
            _ => Callee::Dynamic(Box::new(self.expr(func))),
        };
        let mut args = Vec::new();
        let mut arg_spans = Vec::new();
        let mut ellipsis = false;
        if let Some(list) = node.f("arguments") {
            for a in named(list) {
                match a.k() {
                    "variadic_argument" => {
                        ellipsis = true;
                        if let Some(inner) = a.named_child(0) {
                            args.push(self.expr(inner));
                            arg_spans.push(self.span(inner));
                        }
                    }
                    k if k.ends_with("_type") && k != "type_identifier" => {
                        // The operand of `new(pkg.T)` is kept as the zero
                        // `pkg.T` it allocates, so that the result's type
                        // is known (`new(bytes.Buffer)` is a
                        // `*bytes.Buffer`), and that of `make([]T, n)` so
                        // that escape analysis knows what it allocates;
                        // other type operands (conversions) read nothing.
                        let typed = matches!(&callee, Callee::Func(n) if n == "new" || n == "make");
                        args.push(if typed {
                            Value::Composite {
                                ty: self.type_text(a),
                                addr: false,
                                fields: Vec::new(),
                                span: self.span(a),
                            }
                        } else {
                            Value::Expr(Vec::new())
                        });
                        arg_spans.push(self.span(a));
                    }
                    _ => {
                        args.push(self.expr(a));
                        arg_spans.push(self.span(a));
                    }
                }
            }
        }
        Some(Call {
            callee,
            args,
            ellipsis,
            span: self.span(node),
            arg_spans,
        })
    }

    /// Evaluates the right-hand side of an assignment or declaration with
    /// `n` names. A single call, receive, type assertion or `make` writes
    /// its destinations directly (filled in by [`Self::finish_values`]).
    pub(crate) fn prepare_values(&mut self, values: Node, n: usize) -> Prepared {
        let rhs = if values.k() == "expression_list" {
            named(values)
        } else {
            vec![values]
        };
        if rhs.len() == 1 {
            let r = skip_parens(rhs[0]);
            let comma_ok = n > 1;
            match r.k() {
                "call_expression" => {
                    return match self.call_op(r, n) {
                        Some(op) => Prepared::Op(op),
                        None => Prepared::Values(vec![Value::Expr(Vec::new())]),
                    };
                }
                "unary_expression" if self.operator(r) == "<-" => {
                    let ch = self.field_expr(r, "operand");
                    return Prepared::Op(self.emit(
                        OpKind::Recv {
                            ch,
                            dst: Vec::new(),
                            comma_ok,
                        },
                        self.span(r),
                    ));
                }
                "type_assertion_expression" => {
                    let x = self.field_expr(r, "operand");
                    let ty = r.f("type").map(|t| self.type_text(t)).unwrap_or_default();
                    return Prepared::Op(self.emit(
                        OpKind::TypeAssert {
                            x,
                            ty,
                            dst: Vec::new(),
                            comma_ok,
                        },
                        self.span(r),
                    ));
                }
                _ => {}
            }
        }
        let values: Vec<Value> = rhs.into_iter().map(|r| self.expr(r)).collect();
        if n > 1 && values.len() == 1 {
            // `v, ok := m[k]` and the like: every name gets the value.
            return Prepared::Values(vec![values[0].clone(); n]);
        }
        Prepared::Values(values)
    }

    pub(crate) fn finish_values(&mut self, dsts: Vec<Place>, prepared: Prepared, at: Node) {
        match prepared {
            Prepared::Op(op) => match self.op_mut(op) {
                Some(
                    OpKind::Call { dst, .. }
                    | OpKind::Recv { dst, .. }
                    | OpKind::TypeAssert { dst, .. },
                ) => *dst = dsts,
                Some(OpKind::MakeChan { dst, .. }) => {
                    *dst = dsts.into_iter().next().unwrap_or(Place::Blank)
                }
                _ => {}
            },
            Prepared::Values(values) => {
                let span = self.span(at);
                for (dst, src) in dsts.into_iter().zip(values) {
                    self.emit(OpKind::Assign { dst, src }, span);
                }
            }
        }
    }

    /// `var a, b = …` at package level.
    pub(crate) fn assign_values(&mut self, dsts: Vec<Place>, values: Node, at: Node) {
        let prepared = self.prepare_values(values, dsts.len());
        self.finish_values(dsts, prepared, at);
    }

    /// The type of an expression when it is evident from its form.
    pub(crate) fn evident_type(&self, node: Node) -> Option<TypeText> {
        let node = skip_parens(node);
        match node.k() {
            "composite_literal" => node.f("type").map(|t| self.type_text(t)),
            "unary_expression" if self.operator(node) == "&" => {
                let inner = skip_parens(node.f("operand")?);
                (inner.k() == "composite_literal")
                    .then(|| format!("*{}", self.evident_type(inner).unwrap_or_default()))
            }
            "call_expression" => {
                let func = skip_parens(node.f("function")?);
                if func.k() != "identifier" || self.lookup(self.text(func)).is_some() {
                    return None;
                }
                let first = node
                    .f("arguments")
                    .and_then(|a| named(a).into_iter().next())?;
                match self.text(func) {
                    "make" => Some(self.type_text(first)),
                    "new" => self.new_operand_type(first).map(|t| format!("*{t}")),
                    _ => None,
                }
            }
            "interpreted_string_literal" | "raw_string_literal" => Some("string".into()),
            "func_literal" => Some("func".into()),
            _ => None,
        }
    }

    /// The type `T` of `new(x)`'s operand: a type (`new(T)`, `new([]int)`)
    /// or, since Go 1.26, an expression whose type is evident
    /// (`new(int64(n))`, `new("key")`, `new(limit > 2)`, `new(v)` for a typed
    /// local).
    fn new_operand_type(&self, node: Node) -> Option<TypeText> {
        let node = skip_parens(node);
        match node.k() {
            // `new(T)`: a bare name is a type unless it names a local.
            "identifier" => match self.lookup(self.text(node)) {
                Some(k) => self.var_type(k).map(str::to_string),
                None => Some(self.type_text(node)),
            },
            // `new(*T)` is a pointer type unless `T` is a local (a dereference).
            "unary_expression" if self.operator(node) == "*" => {
                let operand = skip_parens(node.f("operand")?);
                (operand.k() == "identifier" && self.lookup(self.text(operand)).is_none())
                    .then(|| self.type_text(node))
            }
            k if is_type_node(k) => Some(self.type_text(node)),
            _ => self.expr_type(node),
        }
    }

    /// The type of an expression when its form or a local's declared type
    /// says it: literals, conversions to predeclared types, comparisons and
    /// typed locals. Used where Go infers a type from a value.
    fn expr_type(&self, node: Node) -> Option<TypeText> {
        let node = skip_parens(node);
        match node.k() {
            "int_literal" => Some("int".into()),
            "float_literal" => Some("float64".into()),
            "imaginary_literal" => Some("complex128".into()),
            "rune_literal" => Some("rune".into()),
            "true" | "false" => Some("bool".into()),
            "identifier" => self
                .var_type(self.lookup(self.text(node))?)
                .map(str::to_string),
            "type_conversion_expression" => node.f("type").map(|t| self.type_text(t)),
            "call_expression" => {
                // A conversion to a predeclared type, e.g. `int64(n)`.
                let func = skip_parens(node.f("function")?);
                let name = self.text(func);
                (func.k() == "identifier"
                    && self.lookup(name).is_none()
                    && crate::predeclared_type(name).is_some())
                .then(|| name.to_string())
            }
            "binary_expression" => match self.operator(node) {
                "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||" => Some("bool".into()),
                "<<" | ">>" => self.expr_type(node.f("left")?),
                _ => self
                    .expr_type(node.f("left")?)
                    .or_else(|| self.expr_type(node.f("right")?)),
            },
            "unary_expression" => match self.operator(node) {
                "!" => Some("bool".into()),
                "-" | "+" | "^" => self.expr_type(node.f("operand")?),
                _ => None,
            },
            _ => self.evident_type(node),
        }
    }

    /// True when a value is evidently a channel: a variable declared with a
    /// channel type. Fields and call results are classified by the analysis.
    pub(crate) fn is_chan_value(&self, v: &Value) -> bool {
        match v.var() {
            Some(k) => self.var_type(k).is_some_and(is_chan_type),
            None => false,
        }
    }
}

/// The value of a Go integer literal (`4`, `0x10`, `0b1`, `0o7`, `1_000`,
/// legacy octal `017`), when it fits an `i64`.
pub(crate) fn int_literal(text: &str) -> Option<i64> {
    let t = text.replace('_', "");
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        i64::from_str_radix(b, 2).ok()
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        i64::from_str_radix(o, 8).ok()
    } else if t.len() > 1 && t.starts_with('0') {
        i64::from_str_radix(&t[1..], 8).ok()
    } else {
        t.parse().ok()
    }
}

/// The element type of a slice, array or map type as written (`[]*T`,
/// `[4]T`, `[...]T`, `map[K]V`: `*T`, `T`, `T`, `V`); `None` for any other
/// type, whose elements the lowering cannot name from the text alone.
fn element_type(ty: &str) -> Option<&str> {
    let open = if ty.starts_with("map[") {
        3
    } else if ty.starts_with('[') {
        0
    } else {
        return None;
    };
    let mut depth = 0usize;
    for (i, c) in ty.char_indices().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let elem = ty[i + 1..].trim();
                    return (!elem.is_empty()).then_some(elem);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::element_type;

    #[test]
    fn element_types_of_composite_literal_types() {
        assert_eq!(element_type("[]*T"), Some("*T"));
        assert_eq!(element_type("[4]pkg.T"), Some("pkg.T"));
        assert_eq!(element_type("[...]T"), Some("T"));
        assert_eq!(element_type("[][]*T"), Some("[]*T"));
        assert_eq!(element_type("map[string]*T"), Some("*T"));
        assert_eq!(element_type("map[[2]int][]T"), Some("[]T"));
        assert_eq!(element_type("T"), None);
        assert_eq!(element_type("struct{}"), None);
        assert_eq!(element_type("[]"), None);
    }
}
