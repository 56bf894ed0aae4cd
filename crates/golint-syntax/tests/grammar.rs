//! The patched grammar (crates/tree-sitter-go, PATCHES.md): each patch
//! parses its construct without error and into the expected nodes, and the
//! readings it must not change stay as they were.

use tree_sitter::Node;

/// The tree of `src` in S-expression form; panics on a syntax error.
fn sexp(src: &str) -> String {
    let tree = golint_syntax::parse(src).expect("tree-sitter gave up");
    let root = tree.root_node();
    assert!(
        !root.has_error(),
        "syntax error in:\n{src}\n{}",
        root.to_sexp()
    );
    root.to_sexp()
}

fn find<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    if node.kind() == kind {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    children.into_iter().find_map(|c| find(c, kind))
}

#[test]
fn generic_methods_have_type_parameters() {
    let src = "package p\n\nfunc (r *Rand) N[Int intType, U any](n Int) Int { return n }\n";
    let tree = golint_syntax::parse(src).expect("parse");
    assert!(!tree.root_node().has_error());
    let method = find(tree.root_node(), "method_declaration").expect("a method");
    let tp = method
        .child_by_field_name("type_parameters")
        .expect("type_parameters field");
    assert_eq!(tp.named_child_count(), 2);
    assert_eq!(
        method
            .child_by_field_name("name")
            .map(|n| &src[n.byte_range()]),
        Some("N")
    );
}

#[test]
fn new_takes_an_expression() {
    for arg in [
        "int64(1)",
        "\"key\"",
        "f.GetTerm()",
        "x + 1",
        "limit > 2",
        "[]int{1, 2}",
        "struct{ A int }{A: 1}",
        "<-ch",
    ] {
        let s = sexp(&format!("package p\n\nvar v = new({arg})\n"));
        assert!(s.contains("(call_expression function: (identifier)"), "{s}");
    }
}

#[test]
fn new_and_make_of_a_type_keep_their_type_nodes() {
    let s = sexp("package p\n\nvar a, b, c = new(sync.Mutex), make([]T, n), make(map[K]V)\n");
    assert!(s.contains("(qualified_type"), "{s}");
    assert!(s.contains("(slice_type"), "{s}");
    assert!(s.contains("(map_type"), "{s}");
}

#[test]
fn generic_type_aliases() {
    sexp("package p\n\ntype Set[T comparable] = map[T]struct{}\n\ntype (\n\tL[T any] = []T\n)\n");
}

#[test]
fn empty_init_statements() {
    sexp("package p\n\nfunc f(ok bool, x any) {\n\tif ; ok {\n\t}\n\tswitch ; {\n\t}\n\tswitch ; x.(type) {\n\t}\n}\n");
}

#[test]
fn one_line_const_and_var_groups() {
    sexp("package p\n\nconst ( F = 1 )\n\nvar ( V, W = 1, 2 )\n\nconst ( A = iota; B )\n");
}

#[test]
fn method_expressions_on_type_literals() {
    let s = sexp(
        "package p\n\nvar (\n\tf = interface{ M() }.M\n\tg = struct{ T }.N\n\th = (interface{ M() }).M\n)\n",
    );
    assert_eq!(s.matches("(selector_expression").count(), 3, "{s}");
}

/// `(a.b).c` and `(*p).f` stay expressions: the method-expression patch
/// takes only parenthesized type literals.
#[test]
fn parenthesized_operands_stay_expressions() {
    let s = sexp("package p\n\nfunc f() {\n\t(*p).mu.Lock()\n\t_ = (a.b).c\n}\n");
    assert!(!s.contains("parenthesized_type"), "{s}");
    assert_eq!(s.matches("(parenthesized_expression").count(), 2, "{s}");
}

#[test]
fn labels_in_a_row_at_the_end_of_a_block() {
    sexp("package p\n\nfunc f() {\n\tgoto L\nL:\nM:\n}\n");
}

/// What go/parser accepts and only the type checker rejects: gofmt formats
/// such files (Go's own checker testdata is full of them), so they must not
/// be syntax errors.
#[test]
fn parser_accepts_what_only_the_checker_rejects() {
    sexp("package p\n\nfunc f() { goto }\n");
    let s = sexp("package p\n\nfunc f(t []int) {\n\t_ = make([]int, t...)\n\t_ = new(int...)\n}\n");
    assert_eq!(s.matches("(variadic_argument").count(), 2, "{s}");
    let s = sexp("package p\n\ntype A [...]byte\n\ntype S struct{ b [...]byte }\n");
    assert_eq!(s.matches("(implicit_length_array_type").count(), 2, "{s}");
    let s = sexp("package p\n\nconst b0 = 1\n\nvar b14 = ~b0\n");
    assert!(s.contains("(unary_expression"), "{s}");
    sexp("package p\n\nfunc _() {\n\tvar x = new(T)\n\tf[x.(type)]()\n}\n");
    sexp("package p\n\ntype T struct {\n\t(complex128)\n\t*(bool)\n}\n");
    let s = sexp("package p\n\nvar _, _ = []byte(\"a\", \"b\", 12), []byte()\n");
    assert_eq!(s.matches("(type_conversion_expression").count(), 2, "{s}");
    let s = sexp("package p\n\nvar f = New[string](1, 1e-9)\n");
    assert!(s.contains("(call_expression"), "{s}");
    assert!(!s.contains("type_conversion_expression"), "{s}");
}

/// The patches above leave the valid readings alone: `~T` in a constraint is
/// a negated type, `x.(type)` in a switch header is the type switch, and
/// `[...]T{…}` is a composite literal.
#[test]
fn checker_only_patches_keep_valid_readings() {
    let s = sexp("package p\n\ntype C interface{ ~int | ~string }\n\nfunc F[T ~int](t T) {}\n");
    assert_eq!(s.matches("(negated_type").count(), 3, "{s}");
    assert!(!s.contains("unary_expression"), "{s}");
    let s = sexp(
        "package p\n\nfunc f(x any) {\n\tswitch y := x.(type) {\n\tcase int:\n\t\t_ = y\n\t}\n}\n",
    );
    assert!(s.contains("(type_switch_statement"), "{s}");
    assert!(!s.contains("type_assertion_expression"), "{s}");
    let s =
        sexp("package p\n\nfunc f(x any) {\n\tswitch x.(type) {\n\tcase string, []byte:\n\t}\n}\n");
    assert!(s.contains("(type_switch_statement"), "{s}");
    let s = sexp("package p\n\nvar a = [...]int{1, 2}\n");
    assert!(
        s.contains("(composite_literal type: (implicit_length_array_type"),
        "{s}"
    );
}
