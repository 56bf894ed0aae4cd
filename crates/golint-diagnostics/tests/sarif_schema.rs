//! The SARIF output validates against the SARIF 2.1.0 JSON schema (the
//! OASIS schema, copied in `tests/fixtures`; the CLI tests read it too).

mod common;

use common::{broken_spans, fixture, render_to_string, Fixture};
use golint_diagnostics::render::Format;
use golint_diagnostics::SourceMap;
use serde_json::Value;

fn schema_errors(sarif: &Value) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("schema fixture");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn sarif_of(fx: &Fixture) -> Value {
    serde_json::from_str(&render_to_string(Format::Sarif, fx, false)).expect("SARIF is JSON")
}

fn assert_valid_sarif(fx: &Fixture) {
    let errors = schema_errors(&sarif_of(fx));
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn fixture_sarif_is_valid() {
    assert_valid_sarif(&fixture());
}

#[test]
fn broken_spans_give_valid_sarif() {
    assert_valid_sarif(&broken_spans());
}

#[test]
fn empty_run_is_valid() {
    assert_valid_sarif(&Fixture {
        sources: SourceMap::new("/scan/root"),
        diags: Vec::new(),
    });
}

/// Guards the test itself: a validator that accepts anything proves nothing.
#[test]
fn schema_rejects_a_broken_log() {
    let mut sarif = sarif_of(&fixture());
    sarif["runs"][0]["results"][0]["level"] = "fatal".into();
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert_eq!(schema_errors(&sarif).len(), 2);
}
