//! The concurrency model on small packages: which channel operations share
//! an object, which objects may be touched from outside, how calls resolve,
//! and which waits form a cycle.

use golint_analysis::concurrency::waits::deadlocks;
use golint_analysis::concurrency::{ChanOpKind, Edge, Model};
use golint_analysis::PackageIndex;
use golint_diagnostics::FileId;
use golint_ir::{lower_file, PackageIr};

fn package(src: &str) -> PackageIr {
    let tree = golint_syntax::parse(src).expect("parse");
    PackageIr {
        name: "p".into(),
        files: vec![lower_file(FileId(0), src, &tree)],
        ..PackageIr::default()
    }
}

/// The operations of one class as `(kind, name)`.
type Ops = Vec<(ChanOpKind, String)>;

/// The operations of the model, grouped by class (with whether it is open),
/// in source order within a class and classes by their first operation.
fn classes(m: &Model<'_>) -> Vec<(bool, Ops)> {
    let mut out: Vec<(u32, bool, Ops)> = Vec::new();
    for c in m.classes_with_ops() {
        let mut ops: Vec<_> = m.ops_on(c).iter().map(|&i| &m.ops[i]).collect();
        ops.sort_by_key(|o| o.span.start);
        let open = m.class(c).is_some_and(|x| x.open);
        out.push((
            ops[0].span.start,
            open,
            ops.iter().map(|o| (o.kind, o.name.clone())).collect(),
        ));
    }
    out.sort_by_key(|x| x.0);
    out.into_iter().map(|(_, open, ops)| (open, ops)).collect()
}

fn with_model<R>(src: &str, f: impl FnOnce(&Model<'_>) -> R) -> R {
    let pkg = package(src);
    let index = PackageIndex::new(&pkg);
    let m = Model::build(&index);
    f(&m)
}

use ChanOpKind::*;

#[test]
fn a_channel_is_one_object_through_constructors_fields_parameters_and_closures() {
    let src = r#"package p

type server struct {
	reqs chan int
	done chan struct{}
}

func newServer() *server {
	return &server{reqs: make(chan int), done: make(chan struct{})}
}

func (s *server) loop() {
	for r := range s.reqs {
		_ = r
	}
	close(s.done)
}

func (s *server) do(v int) {
	s.reqs <- v
}

func worker(out chan<- int) {
	out <- 1
}

func run() int {
	ch := make(chan int)
	go worker(ch)
	go func() {
		ch <- 2
	}()
	return <-ch
}

func start() {
	s := newServer()
	go s.loop()
	s.do(1)
	<-s.done
}
"#;
    with_model(src, |m| {
        let got = classes(m);
        let name = |s: &str| s.to_string();
        assert_eq!(
            got,
            vec![
                (false, vec![(Range, name("s.reqs")), (Send, name("s.reqs"))]),
                (false, vec![(Close, name("s.done")), (Recv, name("s.done"))]),
                (
                    false,
                    vec![(Send, name("out")), (Send, name("ch")), (Recv, name("ch"))]
                ),
            ]
        );
        // The spawns: worker, the literal, loop.
        assert_eq!(m.funcs.spawns.len(), 3);
    });
}

#[test]
fn channels_others_can_touch_are_open() {
    let src = r#"package p

import "os/signal"

type Conn struct {
	Closed  chan struct{}
	pending chan int
}

var Events = make(chan string)

func Notify() {
	sigs := make(chan int, 1)
	signal.Notify(sigs)
	<-sigs
}

func Exported(in chan int) {
	<-in
}

func (c *Conn) wait() {
	<-c.Closed
	<-c.pending
	<-Events
}
"#;
    with_model(src, |m| {
        for (open, ops) in classes(m) {
            let name = &ops[0].1;
            let expect_open = name != "c.pending";
            assert_eq!(open, expect_open, "{name}: {ops:?}");
        }
    });
}

#[test]
fn interface_calls_resolve_to_the_package_types_with_the_method() {
    let src = r#"package p

type store interface{ put(v int) }

type mem struct{}

func (m *mem) put(v int) {}

type disk struct{}

func (d *disk) put(v int) {}

func save(s store) {
	s.put(1)
}
"#;
    with_model(src, |m| {
        assert_eq!(
            edges_from(m, "save", Edge::Call),
            vec!["disk.put", "mem.put"]
        );
    });
}

#[test]
fn recursion_and_deep_chains_are_bounded() {
    let mut src = String::from("package p\n\nfunc f0() { f1(); f0() }\n");
    for i in 1..200 {
        src.push_str(&format!(
            "func f{i}() {{ f{}(); go f{}() }}\n",
            i + 1,
            i - 1
        ));
    }
    src.push_str("func f200() { f0() }\n");
    with_model(&src, |m| {
        let f0 = m.funcs.by_name("f0").unwrap();
        let reach = m.funcs.same_goroutine(f0, 48);
        assert_eq!(reach.len(), 48);
    });
}

#[test]
fn circular_waits_are_found_and_agreeing_orders_are_not() {
    let bad = r#"package p

func exchange() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		b <- 1
		<-a
	}()
	a <- 1
	<-b
}
"#;
    with_model(bad, |m| {
        let found = deadlocks(m);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.goroutines.len(), 2);
        let kinds: Vec<_> = d
            .ops
            .iter()
            .map(|b| (m.ops[b.op].kind, m.ops[b.op].name.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![(Send, "b".to_string()), (Send, "a".to_string())]
        );
    });
    // Both sides agree on the order.
    let good = bad.replace("\ta <- 1\n\t<-b\n", "\t<-b\n\ta <- 1\n");
    with_model(&good, |m| assert!(deadlocks(m).is_empty()));
    // A buffer lets the first send through: no cycle.
    let buffered = bad.replace("a := make(chan int)", "a := make(chan int, 1)");
    with_model(&buffered, |m| assert!(deadlocks(m).is_empty()));
    // But a buffer does not help two receives waiting for each other.
    let receives = bad
        .replace("\t\tb <- 1\n\t\t<-a\n", "\t\t<-a\n\t\tb <- 1\n")
        .replace("\ta <- 1\n\t<-b\n", "\t<-b\n\ta <- 1\n")
        .replace("b := make(chan int)", "b := make(chan int, 1)");
    with_model(&receives, |m| assert_eq!(deadlocks(m).len(), 1));
}

#[test]
fn circular_waits_through_helpers_count_the_callee_operations_at_the_call() {
    let bad = r#"package p

func get(c chan int) int { return <-c }

func put(c chan int, v int) { c <- v }

func exchange() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		get(a)
		put(b, 1)
	}()
	get(b)
	put(a, 1)
}
"#;
    with_model(bad, |m| {
        let found = deadlocks(m);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        let seen: Vec<_> = d
            .ops
            .iter()
            .map(|b| {
                let callees: Vec<String> = b
                    .calls
                    .iter()
                    .map(|c| m.funcs.func(c.callee).name.clone())
                    .collect();
                (m.ops[b.op].kind, b.caller_name(m), callees)
            })
            .collect();
        assert_eq!(
            seen,
            // One operation in `get`, performed by both sides: the
            // spawning function's first.
            vec![
                (Recv, "b".to_string(), vec!["get".to_string()]),
                (Recv, "a".to_string(), vec!["get".to_string()])
            ]
        );
    });
    // A helper that may skip its receive does not hold back what follows.
    let maybe = bad.replace(
        "func get(c chan int) int { return <-c }",
        "func get(c chan int) int {\n\tif len(c) > 8 {\n\t\treturn 0\n\t}\n\treturn <-c\n}",
    );
    with_model(&maybe, |m| assert!(deadlocks(m).is_empty()));
    // A helper something else calls may be the partner for that caller.
    let shared = format!("{bad}\nfunc other() {{\n\tc := make(chan int, 1)\n\tput(c, 2)\n}}\n");
    with_model(&shared, |m| assert!(deadlocks(m).is_empty()));
}

/// The functions `from` reaches by one edge of `kind`, by name.
fn edges_from(m: &Model<'_>, from: &str, kind: Edge) -> Vec<String> {
    let f = m.funcs.by_name(from).expect("function");
    let node = m
        .funcs
        .graph
        .node_indices()
        .find(|&n| m.funcs.graph[n] == f)
        .expect("node");
    let mut out: Vec<String> = m
        .funcs
        .graph
        .edges(node)
        .filter(|e| *e.weight() == kind)
        .map(|e| {
            m.funcs
                .func(m.funcs.graph[petgraph::visit::EdgeRef::target(&e)])
                .name
                .clone()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn funcs_handed_to_helpers_run_where_the_helper_runs_them() {
    let src = r#"package p

import (
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type pool struct{ wg sync.WaitGroup }

// Go starts job; goNamed hands it on to Go.
func (p *pool) Go(job func()) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		job()
	}()
}

func (p *pool) goNamed(job func()) { p.Go(job) }

// queue keeps its funcs: a method named Go that starts nothing.
type queue struct{ fns []func() }

func (q *queue) Go(f func()) { q.fns = append(q.fns, f) }

func withLock(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

type srv struct{ ch chan int }

func (s *srv) loop() { s.ch <- 1 }

func use(p *pool, q *queue, s *srv, mu *sync.Mutex) error {
	var g errgroup.Group
	var wg sync.WaitGroup
	var once sync.Once
	p.Go(func() {})
	p.goNamed(s.loop)
	q.Go(func() {})
	withLock(mu, func() {})
	time.AfterFunc(time.Second, s.loop)
	g.Go(func() error { return nil })
	wg.Go(func() {})
	once.Do(func() {})
	return g.Wait()
}
"#;
    with_model(src, |m| {
        // use$1 (p.Go), srv.loop (goNamed, AfterFunc: two sites), use$4
        // (g.Go) and use$5 (wg.Go) are goroutines; q.Go's literal, use$2,
        // is not run at all.
        assert_eq!(
            edges_from(m, "use", Edge::Spawn),
            vec!["srv.loop", "srv.loop", "use$1", "use$4", "use$5"]
        );
        // withLock's and once.Do's literals run in use's goroutine.
        let calls = edges_from(m, "use", Edge::Call);
        assert!(calls.contains(&"use$3".to_string()), "{calls:?}");
        assert!(calls.contains(&"use$6".to_string()), "{calls:?}");
        assert!(!calls.contains(&"use$2".to_string()), "{calls:?}");
        // The goroutine's label is the helper's name.
        let site = m
            .funcs
            .spawns
            .iter()
            .find(|s| m.funcs.func(s.target).name == "use$4")
            .unwrap();
        assert_eq!(
            &src[site.start.start as usize..site.start.end as usize],
            "g.Go"
        );
    });
}
