//! Deep and long code: the lowering survives any depth, keeps the IR's
//! values shallow, and marks what it left opaque (see `lower/budget.rs`).

use golint_diagnostics::FileId;
use golint_ir::*;

/// Lowers on a thread with the stack the binary gives its workers.
fn lower(src: String) -> FileIr {
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let tree = golint_syntax::parse(&src).expect("parse");
            lower_file(FileId(0), &src, &tree)
        })
        .expect("spawn")
        .join()
        .expect("lowering panicked")
}

fn in_func(body: &str) -> String {
    format!("package p\n\nfunc f(a bool, x int, ch chan int) {{\n{body}\n}}\n")
}

fn nest(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

/// Deep and long shapes generated code reaches, each well past the budget.
fn shapes() -> Vec<(&'static str, String)> {
    let n = 3000;
    vec![
        (
            "or chain",
            in_func(&format!("\t_ = a{}", " || a".repeat(n))),
        ),
        (
            "string concatenation",
            format!("package p\n\nvar s = \"x\"{}\n", " +\n\t\"line\"".repeat(n)),
        ),
        (
            "function literals",
            in_func(&nest("func() {\n", "x++\n", "}()\n", n)),
        ),
        ("for", in_func(&nest("for {\n", "x++\n", "}\n", n))),
        ("if", in_func(&nest("if a {\n", "x++\n", "}\n", n))),
        ("blocks", in_func(&nest("{", "x++", "}", 100_000))),
        (
            "goroutine",
            in_func(&format!(
                "\tgo func() {{\n{}\n\t}}()",
                nest("if a {\n", "ch <- 1\n", "}\n", n)
            )),
        ),
        (
            "selectors",
            format!(
                "package p\n\ntype T struct{{ a *T }}\n\nvar t T\nvar y = t{}\n",
                ".a".repeat(n)
            ),
        ),
        (
            "parentheses",
            in_func(&format!("\t_ = {}", nest("(", "x", ")", n))),
        ),
        (
            "composite literals",
            in_func(&format!("\t_ = {}", nest("[]any{", "1", "}", n))),
        ),
        (
            "slice type",
            format!("package p\n\nvar v {}int\n", "[]".repeat(n)),
        ),
        (
            "pointer type",
            format!("package p\n\ntype T int\n\nvar v {}T\n", "*".repeat(n)),
        ),
        ("not", in_func(&format!("\t_ = {}a", "!".repeat(n)))),
        ("minus", in_func(&format!("\t_ = {}x", "- ".repeat(n)))),
        ("receive", in_func(&format!("\t_ = {}ch", "<-".repeat(n)))),
        (
            "right-leaning sum",
            in_func(&format!("\t_ = {}", nest("x + (", "x", ")", n))),
        ),
        (
            "calls",
            in_func(&format!("\t_ = {}", nest("g(", "x", ")", n))),
        ),
        (
            "labels",
            in_func(&format!(
                "{}\tx++",
                (0..n).map(|i| format!("L{i}:\n")).collect::<String>()
            )),
        ),
        (
            "else if",
            in_func(&format!(
                "\tif x == 0 {{\n{}\t}}",
                (1..10_000)
                    .map(|i| format!("\t}} else if v := x; v == {i} {{\n\t\tx++\n"))
                    .collect::<String>()
            )),
        ),
        (
            "switch",
            in_func(&format!(
                "\tswitch x {{\n{}\t}}",
                (0..10_000)
                    .map(|i| format!("\tcase {i}:\n\t\tx++\n"))
                    .collect::<String>()
            )),
        ),
    ]
}

/// The deepest nesting of values in the IR, counted without recursion.
fn value_depth(ir: &FileIr) -> usize {
    enum Item<'a> {
        V(&'a Value),
        P(&'a Place),
        C(&'a Callee),
    }
    fn call_items(c: &Call) -> Vec<Item<'_>> {
        let mut v = vec![Item::C(&c.callee)];
        v.extend(c.args.iter().map(Item::V));
        v
    }
    let mut stack: Vec<(Item, usize)> = Vec::new();
    for f in &ir.funcs {
        let Some(body) = &f.body else { continue };
        for b in &body.blocks {
            for op in &b.ops {
                let items: Vec<Item> = match &op.kind {
                    OpKind::Spawn(c) | OpKind::Defer(c) => call_items(c),
                    OpKind::Call { call, dst } => {
                        let mut v = call_items(call);
                        v.extend(dst.iter().map(Item::P));
                        v
                    }
                    OpKind::MakeChan { dst, .. } => vec![Item::P(dst)],
                    OpKind::Send { ch, value } => vec![Item::V(ch), Item::V(value)],
                    OpKind::Recv { ch, dst, .. }
                    | OpKind::RangeChan { ch, dst }
                    | OpKind::Range { x: ch, dst } => std::iter::once(Item::V(ch))
                        .chain(dst.iter().map(Item::P))
                        .collect(),
                    OpKind::Close { ch } => vec![Item::V(ch)],
                    OpKind::Assign { dst, src } | OpKind::Update { dst, src } => {
                        vec![Item::P(dst), Item::V(src)]
                    }
                    OpKind::TypeAssert { x, dst, .. } => std::iter::once(Item::V(x))
                        .chain(dst.iter().map(Item::P))
                        .collect(),
                    OpKind::TypeSwitch { x, .. } | OpKind::Use(x) => vec![Item::V(x)],
                };
                stack.extend(items.into_iter().map(|i| (i, 1)));
            }
            if let Term::Return { values, .. } = &b.term {
                stack.extend(values.iter().map(|v| (Item::V(v), 1)));
            }
        }
    }
    let mut max = 0;
    while let Some((item, d)) = stack.pop() {
        max = max.max(d);
        match item {
            Item::V(v) => match v {
                Value::Place(p) => stack.push((Item::P(p), d + 1)),
                Value::AddrOf(p) => stack.push((Item::P(p), d + 1)),
                Value::FuncName(c) => stack.push((Item::C(c), d + 1)),
                Value::Composite { fields, .. } => {
                    stack.extend(fields.iter().map(|(_, v)| (Item::V(v), d + 1)))
                }
                Value::Expr(_) | Value::Not(_) | Value::Logic { .. } => {
                    stack.extend(v.operands().iter().map(|v| (Item::V(v), d + 1)))
                }
                _ => {}
            },
            Item::P(p) => match p {
                Place::Field(v, _) | Place::Index(v) | Place::Deref(v) => {
                    stack.push((Item::V(v), d + 1))
                }
                _ => {}
            },
            Item::C(c) => match c {
                Callee::Method { recv: v, .. } | Callee::Dynamic(v) => {
                    stack.push((Item::V(v), d + 1))
                }
                _ => {}
            },
        }
    }
    max
}

#[test]
fn every_shape_lowers_with_shallow_values() {
    for (name, src) in shapes() {
        let ir = lower(src);
        let depth = value_depth(&ir);
        // A level of the budget is at most a value and its place (`a.b`),
        // plus the operator nesting kept as written.
        assert!(
            depth <= 2 * MAX_DEPTH as usize + 2 * 32 + 4,
            "{name}: values {depth} deep"
        );
        let opaque = !matches!(
            name,
            "or chain"
                | "string concatenation"
                | "parentheses"
                | "slice type"
                | "pointer type"
                | "not"
                | "minus"
                | "receive"
                | "right-leaning sum"
                | "else if"
                | "switch"
        );
        assert_eq!(ir.too_deep.is_some(), opaque, "{name}: {:?}", ir.too_deep);
        assert!(
            ir.syntax_errors.is_empty(),
            "{name}: {:?}",
            ir.syntax_errors
        );
    }
}

#[test]
fn tree_sitter_parses_walks_and_drops_deep_trees_on_a_small_stack() {
    let src = in_func(&nest(
        "{",
        &format!("_ = {}", nest("(", "x", ")", 100_000)),
        "}",
        100_000,
    ));
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let tree = golint_syntax::parse(&src).expect("parse");
            let mut cursor = tree.walk();
            let mut nodes = 0usize;
            'walk: loop {
                nodes += 1;
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break 'walk;
                    }
                }
            }
            drop(cursor);
            assert!(nodes > 200_000, "{nodes}");
            assert!(!tree.root_node().has_error());
            drop(tree);
        })
        .expect("spawn")
        .join()
        .expect("tree-sitter on a small stack");
}

/// Long operator chains: flat past the nesting kept as written, which is
/// what shorter ones keep.
#[test]
fn long_operator_chains_are_flat_short_ones_as_written() {
    let last_use = |ir: &FileIr| -> Value {
        let f = ir.funcs.iter().find(|f| f.name == "f").expect("f");
        let ops: Vec<_> = f.body.as_ref().expect("body").ops().collect();
        match ops.iter().rev().find_map(|(_, op)| match &op.kind {
            OpKind::Assign { src, .. } => Some(src.clone()),
            _ => None,
        }) {
            Some(v) => v,
            None => panic!("no assignment: {ops:?}"),
        }
    };
    let ir = lower(in_func(&format!("\t_ = a{}", " || a".repeat(2999))));
    assert!(ir.too_deep.is_none());
    match last_use(&ir) {
        Value::Expr(parts) => assert_eq!(parts.len(), 3000),
        other => panic!("{other:?}"),
    }
    // `a || a && a` as written: (a || (a && a)), the operators kept.
    let ir = lower(in_func("\t_ = a || a && a"));
    match last_use(&ir) {
        Value::Logic { or: true, operands } => {
            assert!(matches!(&operands[0], Value::Place(_)));
            assert!(matches!(&operands[1], Value::Logic { or: false, .. }));
        }
        other => panic!("{other:?}"),
    }
    // Other operators read their operands: ((a + a) + a).
    let ir = lower(in_func("\t_ = a + a + a"));
    match last_use(&ir) {
        Value::Expr(parts) => {
            assert_eq!(parts.len(), 2);
            assert!(matches!(&parts[0], Value::Expr(p) if p.len() == 2));
        }
        other => panic!("{other:?}"),
    }
    // `!!ok` keeps its two levels; a receive chain is one op per `<-`.
    let ir = lower(in_func("\t_ = !!a"));
    assert!(
        matches!(&last_use(&ir), Value::Not(p) if matches!(&**p, Value::Not(q) if matches!(&**q, Value::Place(_))))
    );
    let ir = lower(in_func(&format!("\t_ = {}ch", "<-".repeat(5000))));
    let f = ir.funcs.iter().find(|f| f.name == "f").expect("f");
    let recvs = f
        .body
        .as_ref()
        .expect("body")
        .ops()
        .filter(|(_, op)| matches!(op.kind, OpKind::Recv { .. }))
        .count();
    assert_eq!(recvs, 5000);
    assert!(ir.too_deep.is_none());
}

/// Past the budget, a statement is a call to an unknown function taking
/// the names it mentions: the channel escapes, so no rule claims its
/// send never happens. The file says where the opaque code starts.
#[test]
fn opaque_code_hands_over_what_it_mentions() {
    let depth = MAX_DEPTH as usize + 100;
    let src = in_func(&format!(
        "\tdone := make(chan int)\n\tgo func() {{\n{}\n\t}}()\n\t<-done",
        nest("if a {\n", "done <- x\n", "}\n", depth)
    ));
    let ir = lower(src);
    let deep = ir.too_deep.clone().expect("too deep");
    // Line 4 is `done := …`, 5 `go func() {`, then `if` number k on line
    // 5 + k. The `go` statement is one level, `if` number k is k + 1, its
    // condition one more: the condition of `if` number MAX_DEPTH - 1 is
    // the first thing past the budget.
    assert_eq!(deep.line, 4 + MAX_DEPTH, "{deep:?}");
    let lit = ir
        .funcs
        .iter()
        .find(|f| matches!(f.kind, FuncKind::Literal { .. }))
        .expect("literal");
    let done = ir
        .funcs
        .iter()
        .find(|f| f.name == "f")
        .and_then(|f| f.vars.iter().position(|v| v.name == "done"))
        .expect("done");
    let opaque_args: Vec<&Value> = lit
        .body
        .as_ref()
        .expect("body")
        .ops()
        .filter_map(|(_, op)| match &op.kind {
            OpKind::Call { call, .. } if matches!(call.callee, Callee::Dynamic(_)) => {
                Some(&call.args)
            }
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        opaque_args
            .iter()
            .any(|v| matches!(v, Value::Place(Place::Var(k)) if k.var as usize == done)),
        "{opaque_args:?}"
    );
    assert!(opaque_args
        .iter()
        .any(|v| matches!(v, Value::Place(Place::Var(_)))));
}

/// An `else if` chain is a loop, not a recursion: all of it is lowered,
/// each `if` a branch, every branch ending in the block after the chain.
#[test]
fn else_if_chains_are_lowered_whole() {
    let n = 10_000;
    let src = in_func(&format!(
        "\tif x == 0 {{\n\t\tx++\n{}\t}}\n\tch <- x",
        (1..n)
            .map(|i| format!("\t}} else if v := x; v == {i} {{\n\t\tch <- v\n"))
            .collect::<String>()
    ));
    let ir = lower(src);
    assert!(ir.too_deep.is_none());
    let f = ir.funcs.iter().find(|f| f.name == "f").expect("f");
    let body = f.body.as_ref().expect("body");
    let branches = body
        .blocks
        .iter()
        .filter(|b| matches!(b.term, Term::Branch(_)))
        .count();
    assert_eq!(branches, n);
    let sends = body
        .ops()
        .filter(|(_, op)| matches!(op.kind, OpKind::Send { .. }))
        .count();
    assert_eq!(sends, n);
    // Every `v` is its own variable.
    assert_eq!(f.vars.iter().filter(|v| v.name == "v").count(), n - 1);
}
