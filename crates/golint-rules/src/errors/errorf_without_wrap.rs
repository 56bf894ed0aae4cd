use std::collections::HashSet;

use golint_analysis::printf::{parse_format, Directive};
use golint_analysis::{FuncView, PackageIndex};
use golint_diagnostics::{Diagnostic, Edit, Fix, Span};
use golint_ir::{Call, Callee, FileIr, OpKind, Place, TempOrigin, Value};

use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports an operand of `fmt.Errorf` that is evidently an error and is
    /// formatted with `%v` or `%s` in a format that has no `%w`.
    ///
    /// An operand is evidently an error when it is a variable, parameter,
    /// named result, package variable or struct field declared `error`; a
    /// variable assigned from a call whose declared result at that position
    /// is `error` (a function or method of the package, or a common
    /// standard-library function); such a call itself;
    /// a variable bound by a type switch on an error in its `default:` or
    /// a case listing several types (it has the switched value's type); a
    /// variable or field named like an error (`err`, `err2`, `readErr`,
    /// `e.Err`) whose type is not declared or evident as something else —
    /// a name is only a guess, and a known type always wins:
    /// `err := recover()` is an `interface{}`, and so is `err` in
    /// `switch err := v.(type) { default: … }` when `v` is; or `x.Error()`
    /// of any of these.
    ///
    /// An operand the format reports as an observed result next to an
    /// expectation is not a cause, and is not reported: the word `want` after
    /// its verb (or `expected`, `exp`) or `got` right before it
    /// (`"Read = %d, %v; want 0, EOF"`,
    /// `"expected io.EOF, got %v"`). Nor is the expectation itself: the
    /// operand whose verb follows `want`, `expected` or `exp`
    /// (`"got %v, want %v"`), or an operand named so (`want`, `wantErr`,
    /// `tt.expectedErr`, `expErr`). Such an error is often nil, and `%w`
    /// of nil prints `%!w(<nil>)`.
    ///
    /// ## Opt-in
    /// This rule is not in the default set: whether callers need the cause is
    /// a design choice of each package, so many findings are true but nobody
    /// would change the code. Enable it with `--extend-select GL602` (or
    /// `extend-select = ["GL602"]` in `golint-rs.toml`); `--select ALL` runs
    /// it with every other rule.
    ///
    /// ## Why is this bad?
    /// `%v` turns the error into text. The error returned by `fmt.Errorf` no
    /// longer holds the cause, so `errors.Is(err, fs.ErrNotExist)` and
    /// `errors.As(err, &pathErr)` are false for the callers, and the retry,
    /// fallback or status code that depends on them silently stops working.
    /// `%w` formats the same text and keeps the cause.
    ///
    /// ## Known problems
    /// A format that already has a `%w` is not reported: before Go 1.20 a
    /// format can wrap only one error, so the others must use `%v`. `%+v`
    /// and `%#v` are taken as deliberate. Only literal format strings are
    /// checked. Whether the error may be nil is not known: in
    /// `if err != nil || n != 1 { return fmt.Errorf("n=%d err=%v", n, err) }`
    /// it is reported although `%w` of a nil `err` would print
    /// `%!w(<nil>)`. Hiding the cause on purpose (to keep it out of a package's
    /// API) is legitimate: say so with a suppression comment.
    ///
    /// ## Example
    /// ```go
    /// f, err := os.Open(path)
    /// if err != nil {
    ///     return nil, fmt.Errorf("open config %s: %v", path, err)
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// f, err := os.Open(path)
    /// if err != nil {
    ///     return nil, fmt.Errorf("open config %s: %w", path, err)
    /// }
    /// ```
    pub struct ErrorfWithoutWrap {
        code: "GL602",
        name: "errorf-without-wrap",
        summary: "`fmt.Errorf` formats an error with `%v` or `%s` instead of wrapping it with `%w`",
        severity: Warning,
        default: false,
    }
}

impl Rule for ErrorfWithoutWrap {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let index = PackageIndex::new(cx.package);
        let many_w = cx.package.go_version.is_some_and(|v| v >= (1, 20));
        for file in &cx.package.files {
            for func in &file.funcs {
                let Some(body) = &func.body else { continue };
                let mut view = None;
                for (_, op) in body.ops() {
                    let OpKind::Call { call, .. } = &op.kind else {
                        continue;
                    };
                    if !call.callee.is_qualified("fmt", "Errorf") {
                        continue;
                    }
                    let Some(format) = call.args.first().and_then(literal_string) else {
                        continue;
                    };
                    let directives = parse_format(&format);
                    if directives.iter().any(|d| d.verb == 'w') {
                        continue;
                    }
                    let view = view.get_or_insert_with(|| FuncView::new(&index, file, func));
                    let found = unwrapped_errors(view, call, &format, &directives);
                    let fixable = found.len() == 1 || many_w;
                    for (d, k, ev) in found {
                        out.push(report(view, call, &format, d, k, ev, fixable));
                    }
                }
            }
        }
    }
}

/// Why an operand is taken for an error.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Evidence {
    /// Declared `error` (variable, parameter, result, package variable).
    Declared,
    /// Assigned the `error` result of this call (described for the user)
    /// before the use.
    Result(String),
    /// Assigned the `error` result of this call only at or after the use
    /// (`err = fmt.Errorf("…: %v", err)`).
    ResultLater(String),
    /// A package-level variable initialized with an `error`
    /// (`var errX = errors.New(…)`).
    PackageVar,
    /// Of type `error` as far as the function shows (bound by a type
    /// switch on an `error`, assigned from one).
    Typed,
    /// Named like an error, with no declared type saying otherwise.
    Named,
    /// `x.Error()` where `x` is an error.
    Text,
}

/// The `%v`/`%s` directives of a call whose operand is an error, one per
/// operand: the directive, the operand's index among the arguments after
/// the format, and the evidence.
fn unwrapped_errors<'d>(
    view: &FuncView<'_>,
    call: &Call,
    format: &str,
    directives: &'d [Directive],
) -> Vec<(&'d Directive, usize, Evidence)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for d in directives {
        if !matches!(d.verb, 'v' | 's') || d.flags.plus || d.flags.sharp {
            continue;
        }
        let Some(k) = d.operand else { continue };
        let Some(arg) = call.args.get(k + 1) else {
            continue;
        };
        if !seen.insert(k) || compared_with_expectation(format, d) {
            continue;
        }
        if value_text(view, arg).is_some_and(|t| is_expectation_name(&t)) {
            continue;
        }
        if let Some(ev) = evidence(view, arg, call.span.start, 0) {
            out.push((d, k, ev));
        }
    }
    out
}

/// True when the format reports the operand as an observed result next to
/// an expectation, the Go convention for test and check messages
/// (`"Read = %d, %v; want 0, EOF"`, `"expected io.EOF, got %v"`): the word
/// `want` (or `wanted`) after the directive, or `got` right before it. The
/// operand is a value under comparison, often nil, not the cause of the new
/// error: `%w` would print `%!w(<nil>)` for a nil error.
fn compared_with_expectation(format: &str, d: &Directive) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let after = format.get(d.range.end..).unwrap_or("");
    let before = format.get(..d.range.start).unwrap_or("");
    let want = words(after)
        .iter()
        .any(|w| EXPECTATION_WORDS.contains(&w.as_str()));
    // The expectation itself: `want %v`, `expected: %v`.
    let expected = words(before)
        .last()
        .is_some_and(|w| EXPECTATION_WORDS.contains(&w.as_str()));
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '=');
    let got = before.len() >= 3
        && before
            .get(before.len() - 3..)
            .is_some_and(|w| w.eq_ignore_ascii_case("got"))
        && !before[..before.len() - 3]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    want || got || expected
}

/// Words that introduce the expected value in a check's message.
const EXPECTATION_WORDS: &[&str] = &["want", "wanted", "expect", "expected", "expecting", "exp"];

/// An operand that holds the expected value of a check (`want`, `wantErr`,
/// `tt.expectedErr`, `expErr`): the error under comparison is the other
/// operand, and the expectation is often nil.
fn is_expectation_name(text: &str) -> bool {
    let name = text.rsplit('.').next().unwrap_or(text);
    let lower = name.to_ascii_lowercase();
    EXPECTATION_WORDS.iter().any(|w| {
        lower.starts_with(w)
            && name[w.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

/// The `err` naming convention: `err`, `err2`, `readErr`, `lastErr`.
fn named_like_error(name: &str) -> bool {
    name.strip_prefix("err")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
        || name.ends_with("Err")
}

/// Why `v`, used by the call at offset `at`, is an error, if it evidently is.
fn evidence(view: &FuncView<'_>, v: &Value, at: u32, depth: u32) -> Option<Evidence> {
    if depth > 4 {
        return None;
    }
    let Value::Place(place) = v else { return None };
    match place {
        Place::Var(k) => {
            let var = view
                .file
                .funcs
                .get(k.func.0 as usize)?
                .vars
                .get(k.var as usize)?;
            match &var.ty {
                Some(t) if t == "error" => return Some(Evidence::Declared),
                Some(_) => return None,
                None => {}
            }
            if k.func == view.id {
                // The assignment that reaches the use is likely the closest
                // one before it: it is the one the label names.
                let mut defs: Vec<_> = view.defs.var(*k).to_vec();
                defs.sort_by_key(|d| {
                    let s = d.op.span.start;
                    (s >= at, std::cmp::Reverse(s))
                });
                for def in defs {
                    let OpKind::Call { call, .. } = &def.op.kind else {
                        continue;
                    };
                    // `x.Error()` is the text of an error: a string.
                    if matches!(&call.callee, Callee::Method { name, .. } if name == "Error")
                        && call.args.is_empty()
                    {
                        return None;
                    }
                    match view.call_result_type(&call.callee, def.index) {
                        Some(t) if t == "error" && def.op.span.start < at => {
                            return Some(Evidence::Result(callee_text(view, &call.callee)))
                        }
                        Some(t) if t == "error" => {
                            return Some(Evidence::ResultLater(callee_text(view, &call.callee)))
                        }
                        Some(_) => return None,
                        None => {}
                    }
                }
            }
            // A known type decides; the name is only a guess for what
            // has none (`switch err := v.(type) { default: … }` binds
            // `err` to `v`'s type, `interface{}` for `recover()`).
            let typed = if k.func == view.id {
                view.value_type(v)
            } else {
                FuncView::with_id(view.index, view.file, k.func).value_type(v)
            };
            match typed {
                Some(t) if t == "error" => Some(Evidence::Typed),
                Some(_) => None,
                None => named_like_error(&var.name).then_some(Evidence::Named),
            }
        }
        Place::Temp(t) => {
            let TempOrigin::Call { callee, index } = &view.func.temps.get(*t as usize)?.origin
            else {
                return None;
            };
            if let Callee::Method { recv, name } = callee {
                let no_args = view.defs.temp_call(*t).is_some_and(|c| c.args.is_empty());
                if name == "Error" && no_args && evidence(view, recv, at, depth + 1).is_some() {
                    return Some(Evidence::Text);
                }
            }
            let ty = view.call_result_type(callee, *index as usize)?;
            (ty == "error").then(|| Evidence::Result(callee_text(view, callee)))
        }
        Place::Field(_, field) => match view.value_type(v) {
            Some(t) => (t == "error").then_some(Evidence::Declared),
            None => named_like_error(field).then_some(Evidence::Named),
        },
        Place::Global { pkg: None, name } => {
            let declared = view.index.global(name)?.ty.is_some();
            let ev = if declared {
                Evidence::Declared
            } else {
                Evidence::PackageVar
            };
            (view.value_type(v)? == "error").then_some(ev)
        }
        _ => None,
    }
}

/// An operand or callee as the user wrote it, when it is simple enough.
fn value_text(view: &FuncView<'_>, v: &Value) -> Option<String> {
    match v {
        Value::Place(Place::Var(k)) => Some(
            view.file
                .funcs
                .get(k.func.0 as usize)?
                .vars
                .get(k.var as usize)?
                .name
                .clone(),
        ),
        Value::Place(Place::Global { pkg: None, name }) => Some(name.clone()),
        Value::Place(Place::Global {
            pkg: Some(path),
            name,
        }) => Some(format!("{}.{name}", import_name(view.file, path))),
        Value::Place(Place::Field(base, f)) => Some(format!("{}.{f}", value_text(view, base)?)),
        Value::Place(Place::Temp(t)) => match &view.func.temps.get(*t as usize)?.origin {
            TempOrigin::Call { callee, .. } => {
                let no_args = view.defs.temp_call(*t).is_some_and(|c| c.args.is_empty());
                let args = if no_args { "()" } else { "(…)" };
                Some(format!("{}{args}", callee_text(view, callee)))
            }
            _ => None,
        },
        _ => None,
    }
}

fn callee_text(view: &FuncView<'_>, callee: &Callee) -> String {
    match callee {
        Callee::Func(n) => n.clone(),
        Callee::Qualified { pkg, name, .. } => format!("{pkg}.{name}"),
        Callee::Method { recv, name } => match value_text(view, recv) {
            Some(r) => format!("{r}.{name}"),
            None => name.clone(),
        },
        _ => "the call".to_string(),
    }
}

fn import_name<'f>(file: &'f FileIr, path: &'f str) -> &'f str {
    file.imports.iter().find(|i| i.path == path).map_or_else(
        || path.rsplit('/').next().unwrap_or(path),
        |i| i.name.as_str(),
    )
}

/// The text of a literal format: a string literal, or a concatenation of
/// string literals (`"a" + "b"`; a binary expression over strings whose
/// value is a format can only be `+`).
fn literal_string(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Expr(parts) if parts.len() >= 2 => parts
            .iter()
            .map(literal_string)
            .collect::<Option<Vec<_>>>()
            .map(|p| p.concat()),
        _ => None,
    }
}

fn report(
    view: &FuncView<'_>,
    call: &Call,
    format: &str,
    d: &Directive,
    k: usize,
    ev: Evidence,
    fixable: bool,
) -> Diagnostic {
    let m = &ErrorfWithoutWrap::META;
    let arg = &call.args[k + 1];
    let arg_span = call.arg_spans.get(k + 1).copied().unwrap_or(call.span);
    let verb = &format[d.range.clone()];
    let text = value_text(view, arg);
    let message = match (&ev, &text) {
        (Evidence::Text, Some(t)) => format!(
            "`fmt.Errorf` formats `{t}`, the text of an error, with `{verb}` instead of wrapping the error with `%w`"
        ),
        (Evidence::Text, None) => format!(
            "`fmt.Errorf` formats the text of an error with `{verb}` instead of wrapping the error with `%w`"
        ),
        (_, Some(t)) => {
            format!("`fmt.Errorf` formats the error `{t}` with `{verb}` instead of wrapping it with `%w`")
        }
        (_, None) => {
            format!("`fmt.Errorf` formats an error with `{verb}` instead of wrapping it with `%w`")
        }
    };
    let label = match &ev {
        Evidence::Declared => "declared as `error`".to_string(),
        Evidence::Result(f) => format!("the `error` result of `{f}`"),
        Evidence::ResultLater(f) => {
            format!("an `error`: the variable also holds the `error` result of `{f}`")
        }
        Evidence::Named => "an error, by its name".to_string(),
        Evidence::Typed => "an `error`".to_string(),
        Evidence::PackageVar => "a package-level error variable".to_string(),
        Evidence::Text => "the text of an error: the error itself is lost".to_string(),
    };
    let mut d_out = Diagnostic::new(m.code, m.name, arg_span, message)
        .with_severity(m.default_severity)
        .with_primary_label(label);
    // The verb inside the literal, when the literal's bytes map one to one
    // onto its value (no escape sequences).
    let fmt_span = call.arg_spans.first().copied();
    let exact = match (fmt_span, call.args.first()) {
        (Some(s), Some(Value::Str(lit))) if (s.end - s.start) as usize == lit.len() + 2 => {
            Some(s.start + 1)
        }
        _ => None,
    };
    match (exact, fmt_span) {
        (Some(base), _) => {
            let span = Span::new(
                arg_span.file,
                base + d.range.start as u32,
                base + d.range.end as u32,
            );
            d_out = d_out.with_label(
                span,
                "formats the error as text, out of reach of `errors.Is` and `errors.As`",
            );
        }
        (None, Some(s)) => {
            d_out = d_out.with_label(s, format!("the format formats it with `{verb}`"));
        }
        (None, None) => {}
    }
    d_out = d_out.with_help(
        "use `%w` to wrap the error, so that callers can still match it with `errors.Is` and `errors.As`",
    );
    if !fixable {
        d_out = d_out.with_note(
            "before Go 1.20 a format wraps at most one error: use `%w` for the one callers need to inspect",
        );
    }
    if let (true, Some(base)) = (fixable, exact) {
        let verb_end = base + d.range.end as u32;
        let verb_start = verb_end - d.verb.len_utf8() as u32;
        let mut edits = vec![Edit {
            span: Span::new(arg_span.file, verb_start, verb_end),
            replacement: "w".to_string(),
        }];
        let mut ok = true;
        if ev == Evidence::Text {
            // `%w` of `err.Error()` is a string: wrap `err` itself.
            let recv = match arg {
                Value::Place(Place::Temp(t)) => {
                    view.defs.temp_call(*t).and_then(|c| match &c.callee {
                        Callee::Method { recv, .. } => value_text(view, recv),
                        _ => None,
                    })
                }
                _ => None,
            };
            match recv {
                Some(r) => edits.push(Edit {
                    span: arg_span,
                    replacement: r,
                }),
                None => ok = false,
            }
        }
        if ok {
            d_out = d_out.with_fix(Fix {
                message: "wrap the error with `%w`".to_string(),
                edits,
            });
        }
    }
    d_out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names() {
        for n in ["err", "err2", "readErr", "rbErr", "lastErr", "Err"] {
            assert!(named_like_error(n), "{n}");
        }
        for n in ["errCount", "error", "errs", "e", "erratic", "errMsg"] {
            assert!(!named_like_error(n), "{n}");
        }
    }

    #[test]
    fn expectations() {
        let check = |f: &str, i: usize| {
            let ds = parse_format(f);
            compared_with_expectation(f, &ds[i])
        };
        assert!(check("Read = %d, %v; want 0, EOF", 1));
        assert!(check("Seek(%d) = %v, wanted nil", 1));
        assert!(check("expected io.EOF, got %v", 0));
        assert!(check("got: %v", 0));
        assert!(check("#%d: got %v; want %v", 1));
        assert!(!check("open %s: %v", 1));
        assert!(!check("encoding want %q: %s", 1));
        assert!(!check("forgot %v", 0));
        assert!(!check("wants: %v", 0));
        assert!(check("got %v, want %v", 1));
        assert!(check("expected: %v", 0));
        assert!(check("exp %v got %v", 0));
        assert!(!check("expression %v", 0));
    }

    #[test]
    fn expectation_names() {
        for n in [
            "want",
            "wantErr",
            "tt.wantErr",
            "expected",
            "expectedErr",
            "expErr",
            "want2",
        ] {
            assert!(is_expectation_name(n), "{n}");
        }
        for n in [
            "err",
            "wanted_by",
            "exporter",
            "expr",
            "expiredErr",
            "wantonErr",
        ] {
            assert!(!is_expectation_name(n), "{n}");
        }
    }

    #[test]
    fn literal_formats() {
        assert_eq!(
            literal_string(&Value::Str("a %v".into())).as_deref(),
            Some("a %v")
        );
        let concat = Value::Expr(vec![Value::Str("a ".into()), Value::Str("%v".into())]);
        assert_eq!(literal_string(&concat).as_deref(), Some("a %v"));
        assert_eq!(
            literal_string(&Value::Expr(vec![Value::Str("x".into())])),
            None
        );
        assert_eq!(literal_string(&Value::Nil), None);
    }
}
