//! Rule behaviour beyond the testdata packages: extensions of the spec
//! (fields, closures, conditions the guard analysis must not misread) and
//! the suggested fixes, applied to the source. Data-driven through
//! [`check`] and [`fixed`].

use golint_analysis::Program;
use golint_diagnostics::{Diagnostic, FileId, LineIndex};
use golint_ir::{lower_file, PackageIr};
use golint_rules::{registry, Findings, RuleContext};

/// Runs every rule over one file of package `p` (module at `go`).
fn run(src: &str, go: (u32, u32)) -> Vec<Diagnostic> {
    let tree = golint_syntax::parse(src).expect("parse");
    let ir = lower_file(FileId(0), src, &tree);
    assert!(ir.syntax_errors.is_empty(), "{:?}", ir.syntax_errors);
    let program = Program::new(vec![PackageIr {
        name: ir.package.clone(),
        go_version: Some(go),
        files: vec![ir],
        ..PackageIr::default()
    }]);
    let mut found = Findings::new(0);
    RuleContext::with(&program, &program.packages[0], |cx| {
        for rule in registry::all() {
            rule.check(cx, &mut found);
        }
    });
    let (mut out, _) = found.finish();
    out.sort_by_key(|d| (d.span.start, d.code));
    out
}

/// Asserts the findings as `(line, code)`, in order.
fn check(src: &str, expect: &[(u32, &str)]) {
    let lines = LineIndex::new(src);
    let got: Vec<(u32, &str)> = run(src, (1, 19))
        .iter()
        .map(|d| (lines.line_col(src, d.span.start).line, d.code))
        .collect();
    assert_eq!(got, expect, "\n{src}");
}

/// The source after applying the fix of every finding of `code`.
fn fixed(src: &str, code: &str, go: (u32, u32)) -> String {
    let mut edits: Vec<_> = run(src, go)
        .into_iter()
        .filter(|d| d.code == code)
        .flat_map(|d| d.fix.map(|f| f.edits).unwrap_or_default())
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = src.to_string();
    for e in edits {
        out.replace_range(e.span.range(), &e.replacement);
    }
    out
}

const HEADER: &str = "package p\n\nimport (\n\t\"fmt\"\n\t\"log\"\n\t\"os\"\n\t\"time\"\n)\n\nvar _, _, _, _ = fmt.Errorf, log.Printf, os.Open, time.Now\n";

fn with_header(body: &str) -> String {
    format!("{HEADER}{body}")
}

#[test]
fn gl602_fields_follow_their_declared_type_or_name() {
    let src = with_header(
        r#"
type job struct {
	err     error
	lastErr string
	Err     string
}

func (j *job) fail(e *os.PathError, x struct{ Err error }) error {
	_ = fmt.Errorf("a: %v", j.err)     // declared error
	_ = fmt.Errorf("b: %v", j.lastErr) // declared string
	_ = fmt.Errorf("c: %v", e.Err)     // unknown struct: named like an error
	_ = fmt.Errorf("d: %v", j.Err)     // declared string
	return nil
}
"#,
    );
    check(&src, &[(19, "GL602"), (21, "GL602")]);
}

#[test]
fn gl602_fix_replaces_the_verb_and_unwraps_error_text() {
    let src = with_header(
        r#"
func f(err error) error {
	return fmt.Errorf("open: %v (%s)", err, err.Error())
}

func g(err error) error {
	return fmt.Errorf("open: %[1]v", err)
}
"#,
    );
    // Go 1.19: two errors in one call, only one may be wrapped: no fix
    // there; the single error of `g` is fixed.
    let fixed19 = fixed(&src, "GL602", (1, 19));
    assert!(
        fixed19.contains(r#"fmt.Errorf("open: %v (%s)", err, err.Error())"#),
        "{fixed19}"
    );
    assert!(
        fixed19.contains(r#"fmt.Errorf("open: %[1]w", err)"#),
        "{fixed19}"
    );
    let fixed20 = fixed(&src, "GL602", (1, 20));
    assert!(
        fixed20.contains(r#"fmt.Errorf("open: %w (%w)", err, err)"#),
        "{fixed20}"
    );
    assert!(
        fixed20.contains(r#"fmt.Errorf("open: %[1]w", err)"#),
        "{fixed20}"
    );
}

#[test]
fn gl602_escaped_format_gets_no_fix_but_is_reported() {
    let src = with_header(
        r#"
func f(err error) error {
	return fmt.Errorf("tab\there: %v", err)
}
"#,
    );
    check(&src, &[(13, "GL602")]);
    assert_eq!(fixed(&src, "GL602", (1, 19)), src);
}

#[test]
fn gl404_fix_wraps_the_call_in_a_literal() {
    let src = with_header(
        r#"
func f(start time.Time) {
	defer log.Printf("took %v", time.Since(start))
}
"#,
    );
    let out = fixed(&src, "GL404", (1, 19));
    assert!(
        out.contains(r#"defer func() { log.Printf("took %v", time.Since(start)) }()"#),
        "{out}"
    );
}

#[test]
fn gl404_searches_operators_and_composites_but_not_literals() {
    let src = with_header(
        r#"
type stat struct{ d time.Duration }

func f(start time.Time, report func(...interface{})) {
	defer report(2 * time.Since(start))
	defer report([]stat{{d: time.Until(start)}})
	defer report(func() time.Duration { return time.Since(start) })
	defer report(time.Now())
	defer report(start.Sub(time.Now()))
	go report(time.Since(start))
}
"#,
    );
    check(&src, &[(15, "GL404"), (16, "GL404"), (19, "GL404")]);
}

#[test]
fn gl601_guard_is_not_fooled() {
    let src = with_header(
        r#"
func loopGuard(v interface{}) {
	_, ok := v.(int)
	for ok {
		_ = v.(int) // guarded: the loop runs while ok
		break
	}
}

func closureWrites(v interface{}) int {
	_, ok := v.(int)
	reset := func() { v = "s" }
	if !ok {
		return 0
	}
	reset()
	return v.(int) // v changes behind the check
}

func addressTaken(v interface{}) int {
	_, ok := v.(int)
	if !ok {
		return 0
	}
	set(&v)
	return v.(int) // v may change through the pointer
}

func set(p *interface{}) { *p = "s" }

func switchOnOk(v interface{}) int {
	_, ok := v.(int)
	switch ok {
	case false:
		return v.(int) // a tagged switch is not an if
	}
	return 0
}

func okReassigned(v interface{}, w interface{}) int {
	_, ok := v.(int)
	_, ok = w.(string)
	if ok {
		return v.(int) // ok is about w now
	}
	return 0
}
"#,
    );
    check(
        &src,
        &[(27, "GL601"), (36, "GL601"), (45, "GL601"), (54, "GL601")],
    );
}

#[test]
fn gl401_loop_label_points_at_the_innermost_loop() {
    let src = with_header(
        r#"
func f(paths [][]string) {
	for _, ps := range paths {
		for _, p := range ps {
			f, _ := os.Open(p)
			defer f.Close()
		}
	}
}
"#,
    );
    let d = run(&src, (1, 19));
    assert_eq!(d.len(), 1);
    let loop_label = &d[0].labels[0];
    assert_eq!(&src[loop_label.span.range()], "for _, p := range ps");
}

#[test]
fn gl602_package_variables_by_declaration_or_initializer() {
    let src = with_header(
        r#"
var errClosed = fmt.Errorf("closed")

var errCount = 0

var lastFailure error

func f() error {
	_ = fmt.Errorf("a: %v", errClosed)
	_ = fmt.Errorf("b: %v", errCount)
	return fmt.Errorf("c: %v", lastFailure)
}
"#,
    );
    check(&src, &[(19, "GL602"), (21, "GL602")]);
    let labels: Vec<String> = run(&src, (1, 19))
        .into_iter()
        .map(|d| d.primary_label)
        .collect();
    assert_eq!(
        labels,
        vec!["a package-level error variable", "declared as `error`"]
    );
}

#[test]
fn gl404_no_fix_inside_a_loop_before_go_1_22() {
    let src = with_header(
        r#"
func f(starts []time.Time) {
	for _, s := range starts {
		defer log.Printf("took %v", time.Since(s))
	}
}
"#,
    );
    let d: Vec<_> = run(&src, (1, 19))
        .into_iter()
        .filter(|d| d.code == "GL404")
        .collect();
    assert_eq!(d.len(), 1);
    assert!(d[0].fix.is_none());
    assert_ne!(fixed(&src, "GL404", (1, 22)), src);
}

#[test]
fn gl106_says_when_the_close_meets_the_send_on_the_next_iteration() {
    let src = with_header(
        r#"
func ticker(out chan<- time.Time, tick <-chan time.Time, stop <-chan struct{}) {
	for {
		select {
		case t := <-tick:
			out <- t
		case <-stop:
			close(out)
		}
	}
}

func after(out chan int, xs []int) {
	for _, x := range xs {
		if x < 0 {
			close(out)
		}
		out <- x
	}
}
"#,
    );
    let msgs: Vec<String> = run(&src, (1, 19))
        .into_iter()
        .filter(|d| d.code == "GL106")
        .map(|d| d.message)
        .collect();
    assert_eq!(
        msgs,
        vec![
            "send on a closed channel on the next iteration of the loop at line 13: this panics",
            "send on a closed channel: this panics",
        ]
    );
}

#[test]
fn gl106_a_package_close_function_is_not_the_builtin() {
    // `close(a, b)` takes two arguments: the package's own function, as in
    // the `math` tests, never the builtin.
    let src = with_header(
        r#"
func close(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func check(xs, ys []float64) int {
	bad := 0
	for i := range xs {
		if !close(xs[i], ys[i]) {
			bad++
		}
		if !close(-xs[i], -ys[i]) {
			bad++
		}
	}
	return bad
}
"#,
    );
    check(&src, &[]);
}

#[test]
fn gl102_a_function_without_a_body_is_implemented_elsewhere() {
    // `//go:linkname` (or assembly): the channel it returns is made and
    // fed by code the model does not see.
    let src = with_header(
        r#"
func registerServer(addr string) <-chan int

func port(addr string) int {
	ports := registerServer(addr)
	return <-ports
}
"#,
    );
    check(&src, &[]);
}

#[test]
fn gl601_label_reads_an_int() {
    let src = "package p\n\nfunc f(x interface{}) int {\n\treturn x.(int)\n}\n";
    let d = run(src, (1, 19));
    let d = d
        .iter()
        .find(|d| d.code == "GL601")
        .expect("a GL601 finding");
    assert_eq!(d.primary_label, "panics unless the value is an `int`");
}

#[test]
fn gl601_pool_of_a_qualified_type() {
    let src = "package p\n\nimport (\n\t\"bytes\"\n\t\"sync\"\n)\n\nvar pool = sync.Pool{New: func() interface{} { return new(bytes.Buffer) }}\n\nfunc get() *bytes.Buffer {\n\treturn pool.Get().(*bytes.Buffer)\n}\n";
    check(src, &[]);
}

#[test]
fn gl108_help_follows_the_module_go_version() {
    let src = with_header(
        r#"
func wait(done <-chan struct{}) {
	t := time.NewTimer(time.Second)
	select {
	case <-done:
	case <-t.C:
	}
	if !t.Stop() {
		<-t.C
	}
}
"#,
    );
    let help = |go| {
        run(&src, go)
            .into_iter()
            .find(|d| d.code == "GL108")
            .and_then(|d| d.help)
            .expect("a GL108 finding with help")
    };
    assert!(help((1, 22)).contains("only when its value was not received"));
    assert!(help((1, 23)).starts_with("since Go 1.23 `Stop` discards a pending value"));
}
