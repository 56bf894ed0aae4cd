//! Snapshots of what a user sees: the built binary run from the repository
//! root on the bundled sample package (`golint-rs ./testdata/sample`, the
//! README's first command, with `--select ALL` so that the opt-in rules'
//! findings are rendered too) in each output format, and the rule docs.
//!
//! Only stdout is snapshotted; the stderr summary holds the elapsed time and
//! is checked by shape. What varies between machines is redacted before the
//! snapshot: the tool version (`[version]`) and, in SARIF, the absolute
//! `file://` URI of the scan root (`[root]`). The rule docs inside SARIF's
//! `tool.driver.rules` (`fullDescription`, `help`) are checked against
//! `golint-rs rule CODE` and redacted too, so that editing a rule's doc does
//! not break this snapshot (GL401's doc is snapshotted on its own).
//!
//! After an intended change to a rendering: `INSTA_UPDATE=always cargo test
//! -p golint-rs --test snapshots` (or `cargo insta review`), then read the
//! diff of every `.snap` file before committing it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const SAMPLE: &str = "./testdata/sample";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The repository root: the working directory of the README's sample run.
fn repo_root() -> PathBuf {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    std::fs::canonicalize(root).expect("repository root")
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn golint(args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
        .args(args)
        .current_dir(repo_root())
        .env_remove("NO_COLOR")
        .output()
        .expect("run golint-rs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs on the sample in `format`, checks the exit code and the stderr
/// summary, and returns stdout.
fn sample(format: &str) -> String {
    let out = golint(&[
        "--format", format, "--color", "never", "--select", "ALL", SAMPLE,
    ]);
    assert_eq!(
        out.code, 1,
        "exit code\nstdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert_summary(&out.stderr, "4 findings in 1 file (1 package) in ");
    out.stdout
}

/// `stderr` matches `^{prefix}[0-9.]+s\n$`.
#[track_caller]
fn assert_summary(stderr: &str, prefix: &str) {
    let ok = stderr
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix("s\n"))
        .is_some_and(|secs| {
            !secs.is_empty() && secs.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        });
    assert!(ok, "stderr is not `{prefix}<seconds>s`: {stderr:?}");
}

/// Replaces `"key": <value as a JSON string>` (exactly as serde_json
/// pretty-prints it) by `"key": "<with>"`, checking that it occurs once.
#[track_caller]
fn redact_json_string(text: &str, key: &str, value: &str, with: &str) -> String {
    let quoted = serde_json::to_string(value).expect("a string serializes");
    let from = format!("\"{key}\": {quoted}");
    assert_eq!(text.matches(&from).count(), 1, "`{from}` in:\n{text}");
    text.replace(&from, &format!("\"{key}\": \"{with}\""))
}

/// Checks each rule's `fullDescription` and `help` against the doc that
/// `golint-rs rule CODE` prints, and redacts them.
fn redact_rule_docs(mut stdout: String, sarif: &Value) -> String {
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("tool.driver.rules");
    for rule in rules {
        let code = rule["id"].as_str().expect("rule id");
        let doc = golint(&["rule", code]);
        assert_eq!(doc.code, 0, "rule {code}: {}", doc.stderr);
        let markdown = rule["help"]["markdown"].as_str().expect("help.markdown");
        assert!(
            doc.stdout.ends_with(&format!("\n\n{markdown}\n")),
            "{code}: SARIF help is not the doc of `golint-rs rule {code}`"
        );
        let text = rule["help"]["text"].as_str().expect("help.text");
        assert_eq!(text, markdown, "{code}: help.text");
        let first_paragraph = markdown
            .strip_prefix("## What it does\n")
            .and_then(|rest| rest.split("\n\n").next())
            .expect("the doc starts with `## What it does`")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let full = rule["fullDescription"]["text"]
            .as_str()
            .expect("fullDescription");
        assert_eq!(full, first_paragraph, "{code}: fullDescription");

        let with = format!("[doc of `golint-rs rule {code}`]");
        stdout = redact_json_string(&stdout, "markdown", markdown, &with);
        // `help.text` is `help.markdown`, `fullDescription` the only other
        // string equal to `full`.
        stdout = redact_json_string(&stdout, "text", text, &with);
        stdout = redact_json_string(
            &stdout,
            "text",
            full,
            &format!("[first paragraph of the doc of `golint-rs rule {code}`]"),
        );
    }
    stdout
}

#[test]
fn sample_text() {
    let stdout = sample("text");
    assert!(!stdout.contains('\x1b'), "colour with --color never");
    insta::assert_snapshot!("sample_text", stdout);
}

#[test]
fn sample_json() {
    let stdout = sample("json");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["tool"]["version"], VERSION);
    let stdout = redact_json_string(&stdout, "version", VERSION, "[version]");
    insta::assert_snapshot!("sample_json", stdout);
}

#[test]
fn sample_sarif() {
    let stdout = sample("sarif");
    let sarif: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["version"], VERSION);
    assert_eq!(run["tool"]["driver"]["semanticVersion"], VERSION);

    // The scan root is the working directory, as an absolute file URI with a
    // final `/` so that the relative result URIs resolve inside it.
    let root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT% uri");
    let root = repo_root();
    let root = root.to_str().expect("UTF-8 root");
    if root
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~/".contains(&b))
    {
        assert_eq!(root_uri, format!("file://{root}/"));
    } else {
        assert!(
            root_uri.starts_with("file:///") && root_uri.ends_with('/'),
            "{root_uri}"
        );
    }

    let stdout = redact_json_string(&stdout, "version", VERSION, "[version]");
    let stdout = redact_json_string(&stdout, "semanticVersion", VERSION, "[version]");
    let stdout = redact_json_string(&stdout, "uri", root_uri, "[root]");
    let stdout = redact_rule_docs(stdout, &sarif);
    insta::assert_snapshot!("sample_sarif", stdout);
}

#[test]
fn sample_github() {
    let stdout = sample("github");
    insta::assert_snapshot!("sample_github", stdout);
}

#[test]
fn rules_table() {
    let out = golint(&["rules"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("rules", out.stdout);
}

#[test]
fn rule_doc() {
    let out = golint(&["rule", "GL401"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("rule_GL401", out.stdout);
}

/// What a user sees for channel findings: the blocked operation, the
/// goroutine's spawn, the path that abandons it, the other side of a cycle.
#[test]
fn channel_findings_text() {
    let out = golint(&[
        "--format",
        "text",
        "--color",
        "never",
        "--select",
        "GL1",
        "testdata/GL101/rpc_client.go",
        "testdata/GL104/handshake.go",
    ]);
    assert_eq!(out.code, 1, "stderr:\n{}", out.stderr);
    insta::assert_snapshot!("channel_findings_text", out.stdout);
}

/// A deadlock is also a SARIF code flow with one thread flow per goroutine,
/// each step a blocked operation.
#[test]
fn deadlock_code_flows() {
    let out = golint(&[
        "--format",
        "sarif",
        "--select",
        "GL104",
        "testdata/GL104/handshake.go",
    ]);
    assert_eq!(out.code, 1, "stderr:\n{}", out.stderr);
    let sarif: Value = serde_json::from_str(&out.stdout).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty(), "no GL104 result");
    let flows: Vec<&Value> = results.iter().map(|r| &r["codeFlows"]).collect();
    for f in &flows {
        let threads = f[0]["threadFlows"].as_array().expect("threadFlows");
        assert_eq!(threads.len(), 2, "one thread flow per goroutine: {f}");
        for t in threads {
            assert!(!t["locations"].as_array().expect("locations").is_empty());
        }
    }
    insta::assert_json_snapshot!("deadlock_code_flows", flows);
}
