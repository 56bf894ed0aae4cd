//! Statements: building the control-flow graph of one body.

use rustc_hash::FxHashMap as HashMap;

use super::fields::NodeExt;
use golint_diagnostics::Span;
use tree_sitter::Node;

use super::Lowerer;
use crate::ir::*;

/// The function under construction.
pub(crate) struct FnBuilder {
    pub(crate) id: FuncId,
    pub(crate) blocks: Vec<Block>,
    pub(crate) cur: usize,
    pub(crate) loop_depth: u32,
    /// Headers of the enclosing `for` loops, innermost last.
    pub(crate) loop_spans: Vec<Span>,
    pub(crate) vars: Vec<VarInfo>,
    pub(crate) temps: Vec<TempInfo>,
    /// Innermost last: where `break` and `continue` go.
    jumps: Vec<JumpTarget>,
    /// Label name → the block the labeled statement starts.
    labels: HashMap<String, BlockId>,
}

struct JumpTarget {
    label: Option<String>,
    brk: BlockId,
    /// `None` for `switch` and `select`, which `continue` passes through.
    cont: Option<BlockId>,
}

impl FnBuilder {
    pub(crate) fn new(id: FuncId) -> Self {
        FnBuilder {
            id,
            blocks: vec![Block {
                ops: Vec::new(),
                term: Term::Unreachable,
                loop_depth: 0,
                loop_span: None,
                cond: None,
            }],
            cur: 0,
            loop_depth: 0,
            loop_spans: Vec::new(),
            vars: Vec::new(),
            temps: Vec::new(),
            jumps: Vec::new(),
            labels: HashMap::default(),
        }
    }

    fn new_block(&mut self) -> BlockId {
        self.blocks.push(Block {
            ops: Vec::new(),
            term: Term::Unreachable,
            loop_depth: self.loop_depth,
            loop_span: self.loop_spans.last().copied(),
            cond: None,
        });
        BlockId(self.blocks.len() as u32 - 1)
    }
}

/// Where an op was emitted, so that its destinations can be filled in once
/// the left-hand side of an assignment is declared.
#[derive(Clone, Copy)]
pub(crate) struct OpRef {
    block: usize,
    index: usize,
}

impl<'s> Lowerer<'s> {
    fn b(&mut self) -> &mut FnBuilder {
        // Every caller runs inside a function body, where a builder exists.
        self.builders
            .last_mut()
            .expect("statement lowered outside a function")
    }

    pub(crate) fn emit(&mut self, kind: OpKind, span: Span) -> OpRef {
        let b = self.b();
        let block = b.cur;
        b.blocks[block].ops.push(Op { kind, span });
        OpRef {
            block,
            index: b.blocks[block].ops.len() - 1,
        }
    }

    pub(crate) fn op_mut(&mut self, r: OpRef) -> Option<&mut OpKind> {
        self.b()
            .blocks
            .get_mut(r.block)?
            .ops
            .get_mut(r.index)
            .map(|op| &mut op.kind)
    }

    pub(crate) fn new_temp(&mut self, span: Span, origin: TempOrigin) -> Place {
        let b = self.b();
        b.temps.push(TempInfo { span, origin });
        Place::Temp(b.temps.len() as u32 - 1)
    }

    /// Ends the current block with `term` and continues in a fresh,
    /// unreachable block (code after `return` still gets lowered).
    pub(crate) fn terminate(&mut self, term: Term) {
        let b = self.b();
        let cur = b.cur;
        b.blocks[cur].term = term;
        let next = b.new_block();
        b.cur = next.0 as usize;
    }

    fn new_block(&mut self) -> BlockId {
        self.b().new_block()
    }

    fn set_term(&mut self, term: Term) {
        let b = self.b();
        let cur = b.cur;
        b.blocks[cur].term = term;
    }

    /// Records what decides the branch that ends the current block, when
    /// a constant may (see [`BranchCond`]).
    fn set_cond(&mut self, cond: BranchCond) {
        let keep = match &cond {
            BranchCond::If(c) => !c.is_opaque(),
            BranchCond::Switch(clauses) => clauses
                .iter()
                .any(|(c, _)| c.iter().flatten().any(|e| !e.is_opaque())),
        };
        if keep {
            let b = self.b();
            let cur = b.cur;
            b.blocks[cur].cond = Some(Box::new(cond));
        }
    }

    fn switch_to(&mut self, block: BlockId) {
        self.b().cur = block.0 as usize;
    }

    fn goto_and_switch(&mut self, target: BlockId) {
        self.set_term(Term::Goto(target));
        self.switch_to(target);
    }

    fn push_scope(&mut self) {
        self.scopes.push();
    }

    fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    /// The statements of a `block` node, in a new scope.
    pub(crate) fn block_stmts(&mut self, block: Node) {
        self.push_scope();
        for stmt in statements(block) {
            self.stmt(stmt);
        }
        self.pop_scope();
    }

    /// Lowers one statement: one level of the nesting budget; past it the
    /// statement is opaque.
    fn stmt(&mut self, node: Node) {
        if !self.enter() {
            self.opaque(node);
            return;
        }
        self.stmt_in_budget(node);
        self.leave();
    }

    fn stmt_in_budget(&mut self, node: Node) {
        match node.k() {
            "block" => self.block_stmts(node),
            "statement_list" => {
                for stmt in statements(node) {
                    self.stmt(stmt);
                }
            }
            "expression_statement" => {
                if let Some(e) = node.named_child(0) {
                    self.expr_stmt(e);
                }
            }
            "send_statement" => {
                let ch = self.field_expr(node, "channel");
                let value = self.field_expr(node, "value");
                self.emit(OpKind::Send { ch, value }, self.span(node));
            }
            "short_var_declaration" => self.assignment(node, true),
            "assignment_statement" => {
                let op = node.f("operator").map(|o| self.text(o)).unwrap_or("=");
                if op == "=" {
                    self.assignment(node, false);
                } else {
                    self.update(node);
                }
            }
            "inc_statement" | "dec_statement" => {
                if let Some(e) = node.named_child(0) {
                    if let Some(dst) = self.place_expr(e) {
                        self.emit(
                            OpKind::Update {
                                dst,
                                src: Value::Int(1),
                            },
                            self.span(node),
                        );
                    }
                }
            }
            "var_declaration" | "const_declaration" => self.local_decl(node),
            "type_declaration" => {}
            "return_statement" => {
                let values = match node.named_child(0) {
                    Some(list) => self.expr_list(list),
                    None => Vec::new(),
                };
                self.terminate(Term::Return {
                    values,
                    span: self.span(node),
                });
            }
            "go_statement" | "defer_statement" => self.go_or_defer(node),
            "if_statement" => self.if_stmt(node),
            "for_statement" => self.for_stmt(node, None),
            "expression_switch_statement" => self.switch_stmt(node, None),
            "type_switch_statement" => self.type_switch(node, None),
            "select_statement" => self.select_stmt(node, None),
            "labeled_statement" => self.labeled(node),
            "break_statement" | "continue_statement" => self.break_continue(node),
            "goto_statement" => {
                if let Some(l) = node.named_child(0) {
                    let name = self.text(l).to_string();
                    let target = self.label_block(&name);
                    self.terminate(Term::Goto(target));
                }
            }
            // `fallthrough` is handled by the switch; empty statements and
            // stray ERROR nodes lower to nothing.
            _ => {}
        }
    }

    fn expr_stmt(&mut self, e: Node) {
        let e = skip_parens(e);
        match e.k() {
            "call_expression" => self.call_stmt(e),
            "unary_expression" if self.operator(e) == "<-" => {
                let ch = self.field_expr(e, "operand");
                self.emit(
                    OpKind::Recv {
                        ch,
                        dst: Vec::new(),
                        comma_ok: false,
                    },
                    self.span(e),
                );
            }
            _ => {
                let v = self.expr(e);
                self.emit(OpKind::Use(v), self.span(e));
            }
        }
    }

    fn go_or_defer(&mut self, node: Node) {
        let Some(call) = node.named_child(0).map(skip_parens) else {
            return;
        };
        if call.k() != "call_expression" {
            self.expr(call);
            return;
        }
        let Some(call) = self.call(call) else { return };
        let kind = if node.k() == "go_statement" {
            OpKind::Spawn(call)
        } else {
            OpKind::Defer(call)
        };
        self.emit(kind, self.span(node));
    }

    fn assignment(&mut self, node: Node, define: bool) {
        let (Some(left), Some(right)) = (node.f("left"), node.f("right")) else {
            return;
        };
        let lhs: Vec<Node> = named(left);
        let types: Vec<Option<TypeText>> =
            named(right).iter().map(|r| self.evident_type(*r)).collect();
        // All right-hand sides are evaluated before any name is declared.
        let prepared = self.prepare_values(right, lhs.len());
        let dsts = self.lhs_places(&lhs, define, Some(&types));
        self.finish_values(dsts, prepared, node);
    }

    /// Places of the left-hand side; with `define`, new names are declared
    /// (names already declared in the same scope are reused, as Go does).
    fn lhs_places(
        &mut self,
        lhs: &[Node],
        define: bool,
        types: Option<&[Option<TypeText>]>,
    ) -> Vec<Place> {
        let mut out = Vec::with_capacity(lhs.len());
        for (i, l) in lhs.iter().enumerate() {
            if define && l.k() == "identifier" {
                let name = self.text(*l);
                if name == "_" {
                    out.push(Place::Blank);
                    continue;
                }
                let existing = self.scopes.in_innermost(name);
                let key = match existing {
                    Some(k) => k,
                    None => {
                        let ty = types.and_then(|t| t.get(i).cloned().flatten());
                        self.declare(name, ty, *l, VarKind::Local)
                    }
                };
                out.push(Place::Var(key));
            } else {
                out.push(self.place_expr(*l).unwrap_or(Place::Blank));
            }
        }
        out
    }

    /// `x op= v`: the right side is an expression list of one (a receive
    /// or a call in it is an op like anywhere else).
    fn update(&mut self, node: Node) {
        let src = node
            .f("right")
            .and_then(|r| self.expr_list(r).into_iter().next())
            .unwrap_or(Value::Expr(Vec::new()));
        if let Some(left) = node.f("left").and_then(|l| l.named_child(0)) {
            if let Some(dst) = self.place_expr(left) {
                self.emit(OpKind::Update { dst, src }, self.span(node));
            }
        }
    }

    fn local_decl(&mut self, node: Node) {
        let specs = var_specs(node);
        for spec in specs {
            let ty = spec.f("type").map(|t| self.type_text(t));
            let values = spec.f("value");
            let rhs_types: Vec<Option<TypeText>> = values
                .map(|v| named(v).iter().map(|r| self.evident_type(*r)).collect())
                .unwrap_or_default();
            let mut c2 = spec.walk();
            let names: Vec<Node> = spec
                .fs("name", &mut c2)
                .filter(|n| n.k() == "identifier")
                .collect();
            // Values are evaluated before the names are in scope.
            let vals = values.map(|v| self.prepare_values(v, names.len()));
            let mut dsts = Vec::new();
            for (i, n) in names.iter().enumerate() {
                let name = self.text(*n);
                if name == "_" {
                    dsts.push(Place::Blank);
                    continue;
                }
                let t = ty.clone().or_else(|| rhs_types.get(i).cloned().flatten());
                let key = self.declare(name, t, *n, VarKind::Local);
                dsts.push(Place::Var(key));
            }
            if let Some(vals) = vals {
                self.finish_values(dsts, vals, spec);
            }
        }
    }

    /// An `if` and its `else if` chain, iteratively (generated code chains
    /// thousands): every branch ends in the one block after the chain. Each
    /// `if` opens a scope for its initializer that the `else` branches see.
    fn if_stmt(&mut self, node: Node) {
        let mut after = None;
        let mut scopes = 0;
        let mut cur = node;
        loop {
            self.push_scope();
            scopes += 1;
            if let Some(init) = cur.f("initializer") {
                self.stmt(init);
            }
            let cond = self.field_expr(cur, "condition");
            self.emit(
                OpKind::Use(cond),
                cur.f("condition").map_or(self.span(cur), |c| self.span(c)),
            );
            if let Some(c) = cur.f("condition") {
                self.set_cond(BranchCond::If(self.bool_expr(c)));
            }
            let then_b = self.new_block();
            let after = match after {
                Some(b) => b,
                None => *after.insert(self.new_block()),
            };
            let else_b = cur.f("alternative").map(|alt| (alt, self.new_block()));
            self.set_term(Term::Branch(vec![then_b, else_b.map_or(after, |(_, b)| b)]));
            self.switch_to(then_b);
            if let Some(c) = cur.f("consequence") {
                self.block_stmts(c);
            }
            self.set_term(Term::Goto(after));
            let Some((alt, b)) = else_b else { break };
            self.switch_to(b);
            if alt.k() == "if_statement" {
                cur = alt;
                continue;
            }
            self.stmt(alt);
            self.set_term(Term::Goto(after));
            break;
        }
        if let Some(after) = after {
            self.switch_to(after);
        }
        for _ in 0..scopes {
            self.pop_scope();
        }
    }

    fn for_stmt(&mut self, node: Node, label: Option<String>) {
        self.push_scope();
        let mut cursor = node.walk();
        let clause = node
            .named_children(&mut cursor)
            .find(|c| c.k() != "block" && c.k() != "comment");
        let body = node.f("body");
        let exit = self.new_block();
        let mut post: Option<Node> = None;
        let mut cond: Option<Node> = None;
        let mut range: Option<Node> = None;
        match clause.map(|c| (c.k(), c)) {
            Some(("for_clause", c)) => {
                if let Some(init) = c.f("initializer") {
                    self.stmt(init);
                }
                cond = c.f("condition");
                post = c.f("update");
            }
            Some(("range_clause", c)) => range = Some(c),
            Some((_, c)) => cond = Some(c),
            None => {}
        }
        // The range operand is evaluated once, before the loop.
        let range_x = range.map(|r| (r, self.field_expr(r, "right")));
        let header = self.loop_header(node, body);
        self.b().loop_depth += 1;
        self.b().loop_spans.push(header);
        let head = self.new_block();
        let body_b = self.new_block();
        let cont_b = if post.is_some() {
            self.new_block()
        } else {
            head
        };
        self.goto_and_switch(head);
        let mut has_exit = true;
        if let Some((r, x)) = range_x {
            let span = self.span(r);
            let left = r.f("left").map(named).unwrap_or_default();
            let define = self.text(r).contains(":=");
            let dsts = self.lhs_places(&left, define, None);
            let kind = if self.is_chan_value(&x) {
                OpKind::RangeChan { ch: x, dst: dsts }
            } else {
                OpKind::Range { x, dst: dsts }
            };
            self.emit(kind, span);
        } else if let Some(c) = cond {
            let v = self.expr(c);
            self.emit(OpKind::Use(v), self.span(c));
            self.set_cond(BranchCond::If(self.bool_expr(c)));
        } else {
            has_exit = false;
        }
        self.set_term(if has_exit {
            Term::Branch(vec![body_b, exit])
        } else {
            Term::Goto(body_b)
        });
        self.switch_to(body_b);
        self.b().jumps.push(JumpTarget {
            label,
            brk: exit,
            cont: Some(cont_b),
        });
        if let Some(body) = body {
            self.block_stmts(body);
        }
        self.b().jumps.pop();
        self.set_term(Term::Goto(cont_b));
        if let Some(p) = post {
            self.switch_to(cont_b);
            self.stmt(p);
            self.set_term(Term::Goto(head));
        }
        self.b().loop_depth -= 1;
        self.b().loop_spans.pop();
        self.switch_to(exit);
        self.pop_scope();
    }

    /// The span of a `for` statement up to its body, trailing blanks excluded.
    fn loop_header(&self, node: Node, body: Option<Node>) -> Span {
        let start = node.start_byte();
        let mut end = body.map_or(node.end_byte(), |b| b.start_byte()).max(start);
        while end > start && self.src[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        Span::new(self.file, start as u32, end as u32)
    }

    fn switch_stmt(&mut self, node: Node, label: Option<String>) {
        self.push_scope();
        if let Some(init) = node.f("initializer") {
            self.stmt(init);
        }
        if node.f("value").is_some() {
            let v = self.field_expr(node, "value");
            self.emit(OpKind::Use(v), self.span(node));
        }
        let cases: Vec<Node> = named(node)
            .into_iter()
            .filter(|c| matches!(c.k(), "expression_case" | "default_case"))
            .collect();
        if node.f("value").is_none() {
            let clauses: Vec<(Option<Vec<BoolExpr>>, bool)> = cases
                .iter()
                .map(|case| {
                    let exprs = case
                        .f("value")
                        .map(|vals| named(vals).into_iter().map(|v| self.bool_expr(v)).collect());
                    let falls = statements(*case)
                        .iter()
                        .any(|s| s.k() == "fallthrough_statement");
                    (exprs, falls)
                })
                .collect();
            self.set_cond(BranchCond::Switch(clauses));
        }
        self.switch_cases(node, &cases, label, |lw, case| {
            if let Some(vals) = case.f("value") {
                for v in named(vals) {
                    let v = lw.expr(v);
                    lw.emit(OpKind::Use(v), lw.span(case));
                }
            }
        });
        self.pop_scope();
    }

    fn type_switch(&mut self, node: Node, label: Option<String>) {
        self.push_scope();
        if let Some(init) = node.f("initializer") {
            self.stmt(init);
        }
        let x = self.field_expr(node, "value");
        let alias = node.f("alias").and_then(|a| a.named_child(0));
        let cases: Vec<Node> = named(node)
            .into_iter()
            .filter(|c| matches!(c.k(), "type_case" | "default_case"))
            .collect();
        let case_types = cases
            .iter()
            .map(|case| {
                let mut c = case.walk();
                case.fs("type", &mut c)
                    .filter(|t| t.is_named())
                    .map(|t| self.type_text(t))
                    .collect()
            })
            .collect();
        self.emit(
            OpKind::TypeSwitch {
                x: x.clone(),
                cases: case_types,
            },
            self.span(node),
        );
        self.switch_cases(node, &cases, label, |lw, case| {
            if let Some(a) = alias {
                let mut c = case.walk();
                let tys: Vec<Node> = case.fs("type", &mut c).filter(|t| t.is_named()).collect();
                let ty = (tys.len() == 1).then(|| lw.type_text(tys[0]));
                let name = lw.text(a);
                // Each clause declares its own variable, where the clause
                // is (as go/types and the compiler place it: "moved to
                // heap: t" is reported at the clause's first type).
                let at = tys.first().copied().unwrap_or(case);
                let key = lw.declare(name, ty, at, VarKind::Local);
                lw.emit(
                    OpKind::Assign {
                        dst: Place::Var(key),
                        src: x.clone(),
                    },
                    lw.span(case),
                );
            }
        });
        self.pop_scope();
    }

    /// Lowers the clauses of a switch: a branch to each case body, the
    /// default (or past the switch) when none matches, `fallthrough` into
    /// the next body.
    fn switch_cases(
        &mut self,
        node: Node,
        cases: &[Node],
        label: Option<String>,
        mut head: impl FnMut(&mut Self, Node),
    ) {
        let exit = self.new_block();
        let bodies: Vec<BlockId> = cases.iter().map(|_| self.new_block()).collect();
        let has_default = cases.iter().any(|c| c.k() == "default_case");
        let mut targets = bodies.clone();
        if !has_default {
            targets.push(exit);
        }
        self.set_term(Term::Branch(targets));
        self.b().jumps.push(JumpTarget {
            label,
            brk: exit,
            cont: None,
        });
        for (i, case) in cases.iter().enumerate() {
            self.switch_to(bodies[i]);
            self.push_scope();
            head(self, *case);
            let mut falls = false;
            for stmt in statements(*case) {
                if matches!(case.f("value"), Some(v) if v.id() == stmt.id()) {
                    continue;
                }
                if case.k() == "type_case" && stmt.k() != "comment" && is_type_node(stmt.k()) {
                    continue;
                }
                if stmt.k() == "fallthrough_statement" {
                    falls = true;
                    continue;
                }
                self.stmt(stmt);
            }
            self.pop_scope();
            let next = if falls {
                bodies.get(i + 1).copied().unwrap_or(exit)
            } else {
                exit
            };
            self.set_term(Term::Goto(next));
        }
        self.b().jumps.pop();
        let _ = node;
        self.switch_to(exit);
    }

    fn select_stmt(&mut self, node: Node, label: Option<String>) {
        let exit = self.new_block();
        let mut cases = Vec::new();
        let mut default = None;
        let clauses = named(node);
        // Channel operands and sent values are evaluated on entering the select.
        let mut comms = Vec::new();
        for clause in &clauses {
            if clause.k() != "communication_case" {
                comms.push(None);
                continue;
            }
            let comm = clause.f("communication");
            let c = match comm.map(|c| (c.k(), c)) {
                Some(("send_statement", s)) => {
                    let ch = self.field_expr(s, "channel");
                    let value = self.field_expr(s, "value");
                    Some((Comm::Send { ch, value }, None))
                }
                Some(("receive_statement", r)) => {
                    let right = r.f("right").map(skip_parens);
                    let ch = match right {
                        Some(u) if u.k() == "unary_expression" => self.field_expr(u, "operand"),
                        Some(other) => self.expr(other),
                        None => Value::Nil,
                    };
                    let left = r.f("left");
                    Some((
                        Comm::Recv {
                            ch,
                            dst: Vec::new(),
                            comma_ok: false,
                        },
                        left.map(|l| (l, self.text(r).contains(":="))),
                    ))
                }
                Some((_, e)) => {
                    let e = skip_parens(e);
                    let ch = if e.k() == "unary_expression" {
                        self.field_expr(e, "operand")
                    } else {
                        self.expr(e)
                    };
                    Some((
                        Comm::Recv {
                            ch,
                            dst: Vec::new(),
                            comma_ok: false,
                        },
                        None,
                    ))
                }
                None => None,
            };
            comms.push(c);
        }
        let select_block = self.b().cur;
        self.b().jumps.push(JumpTarget {
            label,
            brk: exit,
            cont: None,
        });
        for (clause, comm) in clauses.iter().zip(comms) {
            let target = self.new_block();
            self.switch_to(target);
            self.push_scope();
            let header_end = clause
                .named_children(&mut clause.walk())
                .find(|c| c.k() != "comment")
                .map_or(clause.end_byte(), |c| c.end_byte());
            let header = Span::new(
                self.file,
                clause.start_byte() as u32,
                header_end.max(clause.start_byte()) as u32,
            );
            match comm {
                Some((mut comm, left)) => {
                    if let (Comm::Recv { dst, comma_ok, .. }, Some((left, define))) =
                        (&mut comm, left)
                    {
                        let lhs = named(left);
                        *comma_ok = lhs.len() > 1;
                        *dst = self.lhs_places(&lhs, define, None);
                    }
                    cases.push(SelectCase {
                        span: header,
                        comm,
                        target,
                    });
                }
                None if clause.k() == "default_case" => default = Some((target, header)),
                None => {}
            }
            for stmt in statements(*clause) {
                if matches!(clause.f("communication"), Some(comm) if comm.id() == stmt.id()) {
                    continue;
                }
                self.stmt(stmt);
            }
            self.pop_scope();
            self.set_term(Term::Goto(exit));
        }
        self.b().jumps.pop();
        let b = self.b();
        b.blocks[select_block].term = Term::Select(Select {
            span: Span::default(),
            cases,
            default,
        });
        let span = self.span(node);
        if let Term::Select(s) = &mut self.b().blocks[select_block].term {
            s.span = span;
        }
        self.switch_to(exit);
    }

    fn labeled(&mut self, node: Node) {
        let Some(l) = node.f("label") else {
            return;
        };
        let name = self.text(l).to_string();
        let target = self.label_block(&name);
        self.goto_and_switch(target);
        let Some(stmt) = named(node)
            .into_iter()
            .find(|c| c.k() != "label_name" && c.k() != "comment")
        else {
            return;
        };
        match stmt.k() {
            "for_statement" => self.for_stmt(stmt, Some(name)),
            "expression_switch_statement" => self.switch_stmt(stmt, Some(name)),
            "type_switch_statement" => self.type_switch(stmt, Some(name)),
            "select_statement" => self.select_stmt(stmt, Some(name)),
            _ => self.stmt(stmt),
        }
    }

    fn label_block(&mut self, name: &str) -> BlockId {
        if let Some(b) = self.b().labels.get(name) {
            return *b;
        }
        let b = self.new_block();
        self.b().labels.insert(name.to_string(), b);
        b
    }

    fn break_continue(&mut self, node: Node) {
        let is_break = node.k() == "break_statement";
        let label = node.named_child(0).map(|l| self.text(l).to_string());
        let target = self.b().jumps.iter().rev().find_map(|j| {
            if let Some(l) = &label {
                if j.label.as_deref() != Some(l.as_str()) {
                    return None;
                }
            }
            if is_break {
                Some(j.brk)
            } else {
                j.cont
            }
        });
        match target {
            Some(t) => self.terminate(Term::Goto(t)),
            None => self.terminate(Term::Unreachable),
        }
    }
}

/// The `var_spec`s and `const_spec`s of a declaration, grouped or not.
pub(crate) fn var_specs(node: Node) -> Vec<Node> {
    let mut specs = Vec::new();
    for child in named(node) {
        match child.k() {
            "var_spec" | "const_spec" => specs.push(child),
            "var_spec_list" => {
                specs.extend(named(child).into_iter().filter(|c| c.k() == "var_spec"))
            }
            _ => {}
        }
    }
    specs
}

/// The named children of a block or case clause, with the statements of
/// its `statement_list` (tree-sitter-go 0.25 wraps them in one) in place.
pub(crate) fn statements(node: Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.k() == "statement_list" {
            let mut c2 = child.walk();
            out.extend(child.named_children(&mut c2));
        } else {
            out.push(child);
        }
    }
    out
}

pub(crate) fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !c.is_extra())
        .collect()
}

pub(crate) fn skip_parens(mut node: Node) -> Node {
    while node.k() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

pub(crate) fn is_type_node(kind: &str) -> bool {
    matches!(
        kind,
        "type_identifier"
            | "qualified_type"
            | "pointer_type"
            | "slice_type"
            | "array_type"
            | "map_type"
            | "channel_type"
            | "function_type"
            | "interface_type"
            | "struct_type"
            | "generic_type"
            | "parenthesized_type"
            | "negated_type"
    )
}
