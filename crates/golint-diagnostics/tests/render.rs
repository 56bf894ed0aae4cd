//! Snapshots of the four renderings of one synthetic run, and the
//! properties of the output that snapshots alone would not pin down.

mod common;

use common::{broken_spans, fixture, main_go_diags, render_to_string, sources, Fixture, MAIN_GO};
use golint_diagnostics::render::Format;
use golint_diagnostics::sort_diagnostics;
use serde_json::Value;

#[test]
fn text_snapshot() {
    insta::assert_snapshot!(render_to_string(Format::Text, &fixture(), false));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(render_to_string(Format::Json, &fixture(), false));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!(render_to_string(Format::Sarif, &fixture(), false));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(render_to_string(Format::Github, &fixture(), false));
}

#[test]
fn text_is_coloured_only_when_asked() {
    let fx = fixture();
    assert!(render_to_string(Format::Text, &fx, true).contains("\x1b["));
    assert!(!render_to_string(Format::Text, &fx, false).contains('\x1b'));
}

#[test]
fn columns_count_characters_not_bytes() {
    let json: Value = serde_json::from_str(&render_to_string(Format::Json, &fixture(), false))
        .expect("valid JSON");
    // `\tfmt.Println("€ total:", v.(int), n)`: `v` is the 26th character,
    // but the 28th byte, since `€` takes three.
    let d = &json["diagnostics"][1];
    assert_eq!(d["start"], serde_json::json!({"line": 10, "column": 26}));
    assert_eq!(d["end"], serde_json::json!({"line": 10, "column": 33}));
}

fn fingerprints(fx: &Fixture) -> Vec<(String, u64)> {
    let sarif: Value =
        serde_json::from_str(&render_to_string(Format::Sarif, fx, false)).expect("valid JSON");
    sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "GL601")
        .map(|r| {
            let hash = r["partialFingerprints"]["primaryLocationLineHash"].as_str();
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64();
            (hash.expect("hash").to_string(), line.expect("line"))
        })
        .collect()
}

fn main_go_only(text: &str) -> Fixture {
    let (sources, main, _, _) = sources(text);
    let mut diags = main_go_diags(main, text);
    sort_diagnostics(&mut diags);
    Fixture { sources, diags }
}

#[test]
fn fingerprints_survive_edits_above_the_finding() {
    let before = fingerprints(&main_go_only(MAIN_GO));
    let edited = MAIN_GO.replacen(
        "func first",
        "// A comment and a new function above.\nfunc helper() {}\n\nfunc first",
        1,
    );
    let after = fingerprints(&main_go_only(&edited));
    assert_eq!(before.len(), 3);
    for ((hash_before, line_before), (hash_after, line_after)) in before.iter().zip(&after) {
        assert_eq!(hash_before, hash_after);
        assert_eq!(line_before + 3, *line_after);
    }
    // The two `n := v.(int)` lines are told apart by their occurrence.
    let base = |h: &str| h.split(':').next().map(str::to_string);
    assert_eq!(base(&before[0].0), base(&before[2].0));
    assert!(before[0].0.ends_with(":1") && before[2].0.ends_with(":2"));
    assert!(before[1].0.ends_with(":1"));
}

#[test]
fn broken_spans_do_not_panic() {
    let fx = broken_spans();
    for format in Format::ALL {
        let out = render_to_string(format, &fx, false);
        assert!(out.contains("unknown file"), "{format}: {out}");
    }
}

#[test]
fn formats_parse_by_name() {
    for format in Format::ALL {
        assert_eq!(Format::parse(format.as_str()), Some(format));
    }
    assert_eq!(Format::parse("xml"), None);
}
