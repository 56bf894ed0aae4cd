//! `golint-rs escape` judged by the Go compiler: over `testdata/escape`,
//! every escape golint-rs reports must be one `go build -gcflags=-m`
//! reports at the same line (same kind, same variable), and every escape
//! the compiler reports of the kinds golint-rs covers must be found, but
//! for the known misses listed below with why.
//!
//! Needs Go 1.27 on PATH (CI installs it, see `.ci/run`); skipped without
//! it, except under `GOLINT_CI`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/escape")
}

/// An escape as both sides can say it: file, line, and the kind — the
/// variable's name for "moved to heap", the form of the expression for
/// "escapes to heap".
type Key = (String, u32, String);

/// What the compiler reports that golint-rs knowingly does not, with why.
const KNOWN_MISSES: &[(&str, u32, &str, &str)] = &[
    (
        "misses.go",
        16,
        "conversion",
        "string and byte-slice conversions are not modeled",
    ),
    (
        "misses.go",
        26,
        "addr_composite",
        "an allocation of an inlined literal is also reported at its call",
    ),
    (
        "inlined_vars.go",
        48,
        "literal",
        "the literal of an inlined function is compiled again in each caller that \
         inlines it, its allocations reported again where they are written",
    ),
];

/// The form of an escaping expression as the compiler prints it; `None`
/// for what golint-rs does not claim to cover (`append` growth, the
/// implicit slice of a `...` call).
fn form(what: &str) -> Option<&'static str> {
    Some(if what.starts_with('&') {
        "addr_composite"
    } else if what.starts_with("new(") {
        "new"
    } else if what.starts_with("make(") {
        "make"
    } else if what.starts_with("func literal") {
        "closure"
    } else if what.starts_with("[]") && what.contains('{') || what.starts_with("map[") {
        "literal"
    } else if what.starts_with("string(") || what.starts_with("[]byte(") {
        "conversion"
    } else if what == "append" || what.starts_with("... argument") {
        return None;
    } else {
        "interface"
    })
}

fn go_minor() -> Option<u32> {
    let out = Command::new("go")
        .args(["env", "GOVERSION"])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .strip_prefix("go1.")?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

fn compiler() -> BTreeMap<Key, usize> {
    let out = Command::new("go")
        .args(["build", "-gcflags=-m", "."])
        .current_dir(corpus())
        .env("GOWORK", "off")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .expect("run go build");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "go build fails:\n{stderr}");
    let mut found = BTreeMap::new();
    for line in stderr.lines() {
        let mut parts = line.splitn(4, ':');
        let (Some(file), Some(ln), Some(_), Some(msg)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(ln) = ln.parse::<u32>() else { continue };
        // `escape/alloc.go` (the compiler names files from the module
        // root): the corpus is one flat directory.
        let file = file.rsplit('/').next().unwrap_or(file).to_string();
        let msg = msg.trim();
        let kind = if let Some(name) = msg.strip_prefix("moved to heap: ") {
            format!("moved {name}")
        } else if let Some(what) = msg.strip_suffix(" escapes to heap") {
            match form(what) {
                Some(f) => f.to_string(),
                None => continue,
            }
        } else {
            continue;
        };
        *found.entry((file, ln, kind)).or_insert(0) += 1;
    }
    found
}

fn golint() -> BTreeMap<Key, usize> {
    let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
        .args(["escape", "--format", "json", "."])
        .current_dir(corpus())
        .output()
        .expect("run golint-rs escape");
    assert!(
        out.status.success(),
        "golint-rs escape failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value = serde_json::from_str(line).expect("one JSON object per line");
        let file = v["file"].as_str().expect("file").to_string();
        let ln = v["line"].as_u64().expect("line") as u32;
        let what = v["what"].as_str().expect("what");
        assert!(v["column"].as_u64().is_some_and(|c| c > 0), "{line}");
        assert!(v["reasons"].is_array(), "{line}");
        let kind = match v["kind"].as_str() {
            Some("moved_to_heap") => format!("moved {what}"),
            Some("escapes_to_heap") => form(what).unwrap_or("other").to_string(),
            k => panic!("unexpected kind {k:?} in {line}"),
        };
        *found.entry((file, ln, kind)).or_insert(0) += 1;
    }
    found
}

#[test]
fn escapes_are_the_compilers() {
    match go_minor() {
        Some(minor) if minor >= 27 => {}
        found => {
            assert!(
                std::env::var_os("GOLINT_CI").is_none(),
                "CI needs Go >= 1.27 on PATH for the escape corpus, found {found:?}"
            );
            eprintln!("skipped: needs Go >= 1.27 on PATH (found {found:?})");
            return;
        }
    }
    let theirs = compiler();
    let ours = golint();
    let count = |m: &BTreeMap<Key, usize>, k: &Key| m.get(k).copied().unwrap_or(0);

    let unconfirmed: Vec<String> = ours
        .iter()
        .filter(|(k, n)| **n > count(&theirs, k))
        .map(|(k, _)| format!("{}:{}: {}", k.0, k.1, k.2))
        .collect();
    assert!(
        unconfirmed.is_empty(),
        "golint-rs reports escapes the compiler does not:\n{}",
        unconfirmed.join("\n")
    );

    let known = |k: &Key| {
        KNOWN_MISSES
            .iter()
            .any(|(f, l, kind, _)| k.0 == *f && k.1 == *l && k.2 == *kind)
    };
    let missed: Vec<String> = theirs
        .iter()
        .filter(|(k, n)| **n > count(&ours, k) && !known(k))
        .map(|(k, _)| format!("{}:{}: {}", k.0, k.1, k.2))
        .collect();
    assert!(
        missed.is_empty(),
        "the compiler reports escapes golint-rs misses:\n{}",
        missed.join("\n")
    );
    // A known miss that is found now must leave the list.
    let stale: Vec<String> = KNOWN_MISSES
        .iter()
        .filter(|(f, l, kind, _)| {
            let k = (f.to_string(), *l, kind.to_string());
            count(&ours, &k) >= count(&theirs, &k)
        })
        .map(|(f, l, kind, why)| format!("{f}:{l}: {kind} ({why})"))
        .collect();
    assert!(
        stale.is_empty(),
        "known misses that are not missed any more:\n{}",
        stale.join("\n")
    );
}

/// The text output: `file:line:col: x escapes to heap: reason → reason`.
#[test]
fn text_output_names_the_reasons() {
    let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
        .args(["escape", "--func", "CallsStore", "."])
        .current_dir(corpus())
        .output()
        .expect("run golint-rs escape");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.trim(),
        "alloc.go:61:7: &Point{...} escapes to heap: assigned to `p` (line 61) → \
         passed to `StoreGlobal`, whose parameter leaks (line 62)"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
        .args(["escape", "--package", "nothing/here", "."])
        .current_dir(corpus())
        .output()
        .expect("run golint-rs escape");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}
