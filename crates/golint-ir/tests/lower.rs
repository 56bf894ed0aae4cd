//! Lowering tests: small Go sources, assertions on the IR's shape.

use golint_diagnostics::FileId;
use golint_ir::*;

fn lower(src: &str) -> FileIr {
    let tree = golint_syntax::parse(src).expect("parse");
    lower_file(FileId(0), src, &tree)
}

fn func<'a>(ir: &'a FileIr, name: &str) -> &'a Func {
    ir.funcs.iter().find(|f| f.name == name).unwrap_or_else(|| {
        panic!(
            "no func {name}: {:?}",
            ir.funcs.iter().map(|f| &f.name).collect::<Vec<_>>()
        )
    })
}

fn ops(f: &Func) -> Vec<&OpKind> {
    f.body
        .as_ref()
        .map(|b| b.ops().map(|(_, op)| &op.kind).collect())
        .unwrap_or_default()
}

#[test]
fn file_level_facts() {
    let ir = lower(
        r#"package p

import (
	"fmt"
	str "strings"
	_ "embed"
)

//nolint:GL601 // reason
type S struct {
	sync.Mutex
	ch chan int
	a, b *T
}

type I interface{ Run() error }

var global = make(chan int, 3)

func (s *S) Run() error { return fmt.Errorf("x %v", str.ToUpper("a")) }
"#,
    );
    assert_eq!(ir.package, "p");
    assert_eq!(
        ir.imports
            .iter()
            .map(|i| (i.name.as_str(), i.path.as_str()))
            .collect::<Vec<_>>(),
        vec![("fmt", "fmt"), ("str", "strings"), ("_", "embed")]
    );
    assert_eq!(ir.directives.len(), 1);
    let TypeKind::Struct(fields) = &ir.types[0].kind else {
        panic!()
    };
    assert_eq!(
        fields
            .iter()
            .map(|f| (f.name.as_str(), f.embedded))
            .collect::<Vec<_>>(),
        vec![("Mutex", true), ("ch", false), ("a", false), ("b", false)]
    );
    assert!(
        matches!(&ir.types[1].kind, TypeKind::Interface { methods, .. } if methods == &["Run"])
    );
    let init = func(&ir, "init$vars");
    assert!(matches!(
        ops(init)[0],
        OpKind::MakeChan {
            cap: Cap::Const(3),
            dst: Place::Global { .. },
            ..
        }
    ));
    let run = func(&ir, "S.Run");
    assert!(
        matches!(&run.kind, FuncKind::Method { recv_type, pointer: true, recv: Some(_) } if recv_type == "S")
    );
    let calls: Vec<_> = ops(run)
        .into_iter()
        .filter_map(|k| match k {
            OpKind::Call { call, .. } => Some(call.callee.clone()),
            _ => None,
        })
        .collect();
    assert!(calls[0].is_qualified("strings", "ToUpper"));
    assert!(calls[1].is_qualified("fmt", "Errorf"));
    assert_eq!(ir.decls.len(), 4);
}

#[test]
fn channels_goroutines_and_closures() {
    let ir = lower(
        r#"package p

func f(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
"#,
    );
    let f = func(&ir, "f");
    let lit = func(&ir, "f$1");
    assert_eq!(lit.kind, FuncKind::Literal { parent: FuncId(0) });
    let ch_key = match ops(f)[0] {
        OpKind::MakeChan {
            dst: Place::Var(k),
            cap: Cap::Zero,
            ..
        } => *k,
        other => panic!("{other:?}"),
    };
    assert!(matches!(
        ops(f)[1],
        OpKind::Spawn(Call {
            callee: Callee::Literal(_),
            ..
        })
    ));
    // The literal's send is on the captured variable of `f`.
    assert!(ops(lit)
        .iter()
        .any(|k| matches!(k, OpKind::Send { ch, .. } if ch.var() == Some(ch_key))));
    let body = f.body.as_ref().unwrap();
    let sel = body
        .blocks
        .iter()
        .find_map(|b| match &b.term {
            Term::Select(s) => Some(s),
            _ => None,
        })
        .expect("select");
    assert_eq!(sel.cases.len(), 2);
    assert!(
        matches!(&sel.cases[0].comm, Comm::Recv { ch, dst, .. } if ch.var() == Some(ch_key) && dst.len() == 1)
    );
    assert!(matches!(
        &sel.cases[1].comm,
        Comm::Recv {
            ch: Value::Place(Place::Temp(_)),
            ..
        }
    ));
    assert!(sel.default.is_none());
}

#[test]
fn loops_defer_and_assertions() {
    let ir = lower(
        r#"package p

func g(xs []string, x interface{}) {
	for _, name := range xs {
		f, _ := os.Open(name)
		defer f.Close()
	}
	defer log.Printf("took %v", time.Since(start))
	s := x.(string)
	if n, ok := x.(int); ok {
		_ = n
	}
	switch v := x.(type) {
	case int:
		_ = v
	}
	for v := range make(chan int) {
		_ = v
	}
	panic(s)
}
"#,
    );
    let g = func(&ir, "g");
    let body = g.body.as_ref().unwrap();
    let mut defers: Vec<(u32, u32)> = body
        .blocks
        .iter()
        .flat_map(|b| {
            b.ops
                .iter()
                .filter(|o| matches!(o.kind, OpKind::Defer(_)))
                .map(move |o| (o.span.start, b.loop_depth))
        })
        .collect();
    defers.sort();
    let defers: Vec<u32> = defers.into_iter().map(|d| d.1).collect();
    assert_eq!(defers, vec![1, 0]);
    let asserts: Vec<bool> = ops_sorted(g)
        .into_iter()
        .filter_map(|k| match k {
            OpKind::TypeAssert { comma_ok, .. } => Some(*comma_ok),
            _ => None,
        })
        .collect();
    assert_eq!(asserts, vec![false, true]);
    assert!(ops(g)
        .iter()
        .any(|k| matches!(k, OpKind::TypeSwitch { .. })));
    assert!(body
        .blocks
        .iter()
        .any(|b| matches!(b.term, Term::Panic { exit: false, .. })));
    // The deferred Printf's argument is the temp of the time.Since call.
    let Some(OpKind::Defer(call)) = ops(g)
        .into_iter()
        .find(|k| matches!(k, OpKind::Defer(c) if c.callee.name() == Some("Printf")))
    else {
        panic!()
    };
    let Value::Place(Place::Temp(t)) = &call.args[1] else {
        panic!("{:?}", call.args)
    };
    assert!(
        matches!(&g.temps[*t as usize].origin, TempOrigin::Call { callee, .. } if callee.name() == Some("Since"))
    );
}

#[test]
fn broken_code_still_lowers() {
    let ir = lower("package p\n\nfunc f() {\n\tx := \n}\n\nfunc g() { h() }\n");
    assert!(!ir.syntax_errors.is_empty());
    assert!(ir.funcs.iter().any(|f| f.name == "g"));
    let ir = lower("package p\nfunc f( {\n");
    assert!(!ir.syntax_errors.is_empty());
    let ir = lower("");
    assert!(ir.funcs.is_empty());
}

fn ops_sorted(f: &Func) -> Vec<&OpKind> {
    let mut v: Vec<&Op> = f
        .body
        .as_ref()
        .map(|b| b.ops().map(|(_, op)| op).collect())
        .unwrap_or_default();
    v.sort_by_key(|o| o.span.start);
    v.into_iter().map(|o| &o.kind).collect()
}

#[test]
fn loop_headers_and_argument_spans() {
    let src = r#"package p

func h(xs []string, err error) error {
	for i := 0; i < 3; i++ {
		for _, x := range xs {
			defer use(x)
		}
		defer use(i)
	}
	go func() {
		defer use(0)
	}()
	return fmt.Errorf("a %v: %s",
		xs, err)
}
"#;
    let ir = lower(src);
    let text = |s: golint_diagnostics::Span| &src[s.range()];
    let h = func(&ir, "h");
    let body = h.body.as_ref().unwrap();
    let mut defers: Vec<(u32, Option<&str>)> = body
        .blocks
        .iter()
        .flat_map(|b| {
            b.ops
                .iter()
                .filter(|o| matches!(o.kind, OpKind::Defer(_)))
                .map(move |o| (o.span.start, b.loop_span.map(text)))
        })
        .collect();
    defers.sort();
    let loops: Vec<Option<&str>> = defers.into_iter().map(|d| d.1).collect();
    assert_eq!(
        loops,
        vec![Some("for _, x := range xs"), Some("for i := 0; i < 3; i++")]
    );
    // A literal is a function of its own: no enclosing loop.
    let lit = func(&ir, "h$1");
    assert!(lit
        .body
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .all(|b| b.loop_span.is_none() && b.loop_depth == 0));
    let Some(OpKind::Call { call, .. }) = ops(h)
        .into_iter()
        .find(|k| matches!(k, OpKind::Call { call, .. } if call.callee.name() == Some("Errorf")))
    else {
        panic!()
    };
    let args: Vec<&str> = call.arg_spans.iter().map(|s| text(*s)).collect();
    assert_eq!(args, vec!["\"a %v: %s\"", "xs", "err"]);
}

/// The type of a local declared with `:=`.
fn var_ty<'a>(f: &'a Func, name: &str) -> Option<&'a str> {
    f.vars
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no var {name} in {}", f.name))
        .ty
        .as_deref()
}

/// `new(expr)` (Go 1.26) has type `*T` of its operand; `new(T)` keeps its
/// meaning, including when the grammar reads the bare name as an expression.
#[test]
fn new_of_an_expression_points_to_the_operand_type() {
    let ir = lower(
        r#"package p

func f(t *Term, limit int64) {
	a := new(int64(1))
	b := new("key")
	c := new(limit)
	d := new(limit > 2)
	e := new(0.5)
	g := new(Options)
	h := new(sync.WaitGroup)
	i := new([]int{1, 2})
	j := new(*Term)
	k := new(t.GetTerm())
	l := new(-limit)
	_, _, _, _, _, _, _, _, _, _, _ = a, b, c, d, e, g, h, i, j, k, l
}
"#,
    );
    assert!(ir.syntax_errors.is_empty(), "{:?}", ir.syntax_errors);
    let f = func(&ir, "f");
    assert_eq!(var_ty(f, "a"), Some("*int64"));
    assert_eq!(var_ty(f, "b"), Some("*string"));
    assert_eq!(var_ty(f, "c"), Some("*int64"));
    assert_eq!(var_ty(f, "d"), Some("*bool"));
    assert_eq!(var_ty(f, "e"), Some("*float64"));
    assert_eq!(var_ty(f, "g"), Some("*Options"));
    assert_eq!(var_ty(f, "h"), Some("*sync.WaitGroup"));
    assert_eq!(var_ty(f, "i"), Some("*[]int"));
    assert_eq!(var_ty(f, "j"), Some("**Term"));
    // A method's result type is not known while lowering one file.
    assert_eq!(var_ty(f, "k"), None);
    assert_eq!(var_ty(f, "l"), Some("*int64"));
    // The operand is evaluated: the call is in the IR.
    assert!(ops(f).iter().any(|op| matches!(op,
        OpKind::Call { call, .. } if matches!(&call.callee, Callee::Method { name, .. } if name == "GetTerm"))));
}

/// Generic methods (Go 1.27) are methods, with their own type parameters.
#[test]
fn generic_methods_are_methods() {
    let ir = lower(
        r#"package p

func (r *Rand) N[Int intType](n Int) Int {
	return Int(r.src.Int64N(int64(n)))
}

func (b Box[T]) Map[U any, V comparable](f func(T) U) Box[U] {
	return Box[U]{v: f(b.v)}
}
"#,
    );
    assert!(ir.syntax_errors.is_empty(), "{:?}", ir.syntax_errors);
    let n = func(&ir, "Rand.N");
    assert!(
        matches!(&n.kind, FuncKind::Method { recv_type, pointer: true, .. } if recv_type == "Rand")
    );
    assert_eq!(n.type_params, vec!["Int"]);
    assert_eq!(n.params.len(), 1);
    let m = func(&ir, "Box.Map");
    assert!(
        matches!(&m.kind, FuncKind::Method { recv_type, pointer: false, .. } if recv_type == "Box")
    );
    assert_eq!(m.type_params, vec!["U", "V"]);
}

/// A big file is lowered one part at a time (`parse_and_lower`); the IR is
/// the one of the whole file: names, imports, literals' numbering,
/// package-level initializers, directives and syntax errors alike.
#[test]
fn lowering_in_parts_gives_the_whole_file_ir() {
    let src = r#"// Package p is big.
package p

import (
	"fmt"
	str "strings"
)

const limit = 3

// T is a type.
type T struct {
	ch chan int
	mu interface{ Lock() }
}

var table = map[string]func() int{
	"a": func() int { return 1 },
	"b": func() int { return len(str.TrimSpace(" b ")) },
}

var doc = `
func notAFunction() {
}
`

func (t *T) Run(xs []string) error {
	for _, x := range xs {
		defer fmt.Println(x) //nolint:GL401 // on purpose
		go func() { t.ch <- len(x) }()
	}
	return fmt.Errorf("run: %v", <-t.ch)
}

/* func commented() {} */
func broken( {
}

var later = func() string { return fmt.Sprint(limit) }()

func Last(v interface{}) int {
	return v.(int)
}
"#;
    let tree = golint_syntax::parse(src).unwrap();
    let whole = lower_file(FileId(3), src, &tree);
    assert!(!whole.syntax_errors.is_empty());
    assert!(!whole.directives.is_empty());
    for part_size in [1, 200, 400] {
        let parts = parse_and_lower_in_parts(FileId(3), src, part_size).unwrap();
        assert_eq!(
            format!("{parts:#?}"),
            format!("{whole:#?}"),
            "parts of {part_size} bytes"
        );
    }
    assert!(golint_syntax::top_level_parts(src, 1).len() > 5);
}

/// The same on real files over [`PART_SIZE`]: every `.go` file of the
/// directories in `GOLINT_RS_PARTS_CORPUS` (colon-separated, searched
/// recursively) without syntax errors, lowered whole and in parts, gives
/// the same IR. Slow: run by hand (`cargo test -p golint-ir --test lower -- --ignored`).
#[test]
#[ignore]
fn lowering_in_parts_matches_on_real_files() {
    // Real files nest deeper than a test thread's stack allows in a debug
    // build.
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(compare_real_files)
        .unwrap()
        .join()
        .unwrap();
}

fn compare_real_files() {
    let Some(dirs) = std::env::var_os("GOLINT_RS_PARTS_CORPUS") else {
        eprintln!("GOLINT_RS_PARTS_CORPUS not set: nothing to compare");
        return;
    };
    let mut stack: Vec<std::path::PathBuf> = std::env::split_paths(&dirs).collect();
    let mut compared = 0;
    let mut skipped = 0;
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
            continue;
        }
        if p.extension().is_none_or(|e| e != "go") {
            continue;
        }
        let Ok(src) = std::fs::read_to_string(&p) else {
            continue;
        };
        if src.len() <= PART_SIZE {
            continue;
        }
        let tree = golint_syntax::parse(&src).unwrap();
        if tree.root_node().has_error() {
            // Error recovery differs between a whole file and its parts (a
            // part's error cannot swallow the next part): not comparable.
            skipped += 1;
            continue;
        }
        let whole = lower_file(FileId(0), &src, &tree);
        drop(tree);
        let parts = parse_and_lower(FileId(0), &src).unwrap();
        let what = p.display();
        assert_eq!(whole.funcs.len(), parts.funcs.len(), "{what}");
        for (a, b) in whole.funcs.iter().zip(&parts.funcs) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}: {}", a.name);
        }
        let rest = |ir: &FileIr| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?}",
                ir.package,
                ir.imports,
                ir.types,
                ir.globals,
                ir.decls,
                ir.directives,
                ir.syntax_errors
            )
        };
        assert_eq!(rest(&whole), rest(&parts), "{what}");
        compared += 1;
    }
    eprintln!("{compared} files compared, {skipped} with syntax errors skipped");
    assert!(compared > 0);
}

#[test]
fn channel_sizes_named_by_constants_and_parameters_are_kept() {
    let ir = lower(
        "package p\n\nconst (\n\tdepth = 4\n\tmode  = 0o17\n\tk     = iota\n)\n\nconst a, b = 010, 0x10\n\nfunc f(n int) {\n\tx := make(chan int, depth)\n\ty := make(chan int, n)\n\tz := make(chan int, n+1)\n\t_, _, _ = x, y, z\n}\n",
    );
    let values: Vec<(&str, Option<i64>)> = ir
        .globals
        .iter()
        .map(|g| (g.name.as_str(), g.value))
        .collect();
    assert_eq!(
        values,
        vec![
            ("depth", Some(4)),
            ("mode", Some(15)),
            ("k", None),
            ("a", Some(8)),
            ("b", Some(16)),
        ]
    );
    let sizes: Vec<Option<&Value>> = ops(func(&ir, "f"))
        .into_iter()
        .filter_map(|k| match k {
            OpKind::MakeChan { cap, size, .. } => {
                assert_eq!(*cap, Cap::Unknown);
                Some(size.as_ref())
            }
            _ => None,
        })
        .collect();
    assert!(matches!(
        sizes[0],
        Some(Value::Place(Place::Global { pkg: None, name })) if name == "depth"
    ));
    assert!(matches!(sizes[1], Some(Value::Place(Place::Var(_)))));
    assert!(sizes[2].is_none());
}
