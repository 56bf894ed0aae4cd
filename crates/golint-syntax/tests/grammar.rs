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
