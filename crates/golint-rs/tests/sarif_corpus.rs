//! `golint-rs --format sarif` over real code validates against the SARIF
//! 2.1.0 JSON schema and holds what GitHub code scanning needs: one run, an
//! `automationDetails.id`, URIs relative to `%SRCROOT%` that name files of
//! the scanned tree, 1-based regions, rule ids described in
//! `tool.driver.rules`, and a `primaryLocationLineHash` on every result.
//!
//! Trees: the `testdata/` module of this repository, the Go standard library
//! (`$(go env GOROOT)/src`, else `/usr/lib/go/src`; skipped with a message
//! when absent), and any tree named by `GOLINT_SARIF_TREE` (see
//! `scripts/validate-sarif.sh`). Run with `--nocapture` to see the counts.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::sarif_schema_errors;
use serde_json::Value;

/// What a run produced, for the report.
struct Report {
    results: usize,
    rules: usize,
    files: usize,
    by_rule: BTreeMap<String, usize>,
    elapsed: Duration,
    warnings: usize,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} results in {} files, {} rules described, {} warnings on stderr, {:.1}s; by rule:",
            self.results,
            self.files,
            self.rules,
            self.warnings,
            self.elapsed.as_secs_f64()
        )?;
        for (code, n) in &self.by_rule {
            write!(f, " {code} {n}")?;
        }
        Ok(())
    }
}

/// Runs `golint-rs --select ALL --format sarif --output <tmp> ./...` in
/// `dir` (every rule, the opt-in ones too, so that each rule's output is
/// checked), validates the document and checks it for code scanning;
/// panics listing every problem.
fn check_tree(dir: &Path) -> Report {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_path = tmp.path().join("golint-rs.sarif");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
        .args(["--select", "ALL", "--format", "sarif", "--output"])
        .arg(&out_path)
        .arg("./...")
        .current_dir(dir)
        .output()
        .expect("run golint-rs");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "{}: exit {code}\nstderr:\n{stderr}",
        dir.display()
    );
    for bad in ["panicked", "internal error"] {
        assert!(!stderr.contains(bad), "{}: {bad}:\n{stderr}", dir.display());
    }

    let text = std::fs::read_to_string(&out_path).expect("read the SARIF output");
    let sarif: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let errors = sarif_schema_errors(&sarif);
    assert!(
        errors.is_empty(),
        "{}: {} schema errors, first ones:\n{}",
        dir.display(),
        errors.len(),
        errors[..errors.len().min(20)].join("\n")
    );
    let mut problems = Vec::new();
    let mut report = code_scanning_problems(&sarif, dir, &mut problems);
    assert!(
        problems.is_empty(),
        "{}: {} problems for code scanning, first ones:\n{}",
        dir.display(),
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
    let expected = i32::from(report.results > 0);
    assert_eq!(code, expected, "exit code for {} results", report.results);

    report.elapsed = elapsed;
    // Everything but the summary line (the last one) is a warning.
    report.warnings = stderr.lines().count().saturating_sub(1);
    report
}

/// Checks what GitHub code scanning relies on beyond the schema; pushes a
/// line per problem.
fn code_scanning_problems(sarif: &Value, root: &Path, problems: &mut Vec<String>) -> Report {
    let mut report = Report {
        results: 0,
        rules: 0,
        files: 0,
        by_rule: BTreeMap::new(),
        elapsed: Duration::ZERO,
        warnings: 0,
    };
    if sarif["version"] != "2.1.0" {
        problems.push(format!("version {}", sarif["version"]));
    }
    let runs = sarif["runs"].as_array().map_or(&[][..], Vec::as_slice);
    if runs.len() != 1 {
        problems.push(format!(
            "{} runs, code scanning wants exactly one",
            runs.len()
        ));
        return report;
    }
    let run = &runs[0];
    if !run["automationDetails"]["id"]
        .as_str()
        .is_some_and(|id| !id.is_empty())
    {
        problems.push("no automationDetails.id".into());
    }
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap_or("");
    if !(base.starts_with("file:///") && base.ends_with('/')) {
        problems.push(format!(
            "%SRCROOT% is not an absolute directory URI: {base:?}"
        ));
    }

    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    if unique.len() != ids.len() {
        problems.push(format!("duplicate rule ids: {ids:?}"));
    }
    report.rules = ids.len();

    let results = run["results"].as_array().map_or(&[][..], Vec::as_slice);
    let mut files = BTreeSet::new();
    for (i, r) in results.iter().enumerate() {
        let at = format!("results[{i}]");
        let rule = r["ruleId"].as_str().unwrap_or("");
        *report.by_rule.entry(rule.to_string()).or_default() += 1;
        if !unique.contains(rule) {
            problems.push(format!("{at}: ruleId {rule:?} not in tool.driver.rules"));
        }
        if let Some(index) = r["ruleIndex"].as_u64() {
            let described = usize::try_from(index).ok().and_then(|i| ids.get(i));
            if described != Some(&rule) {
                problems.push(format!("{at}: ruleIndex {index} is not {rule}"));
            }
        }
        if !r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()) {
            problems.push(format!("{at}: no message text"));
        }
        if !r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .is_some_and(|h| !h.is_empty())
        {
            problems.push(format!(
                "{at}: no partialFingerprints.primaryLocationLineHash"
            ));
        }

        let locations = r["locations"].as_array().map_or(&[][..], Vec::as_slice);
        if locations.len() != 1 {
            problems.push(format!("{at}: {} locations", locations.len()));
        }
        for (j, loc) in locations.iter().enumerate() {
            let at = format!("{at}.locations[{j}]");
            let phys = &loc["physicalLocation"];
            if let Some(uri) = check_artifact(&phys["artifactLocation"], root, &at, problems) {
                files.insert(uri.to_string());
            }
            check_region(&phys["region"], &at, problems);
        }
        let related = r["relatedLocations"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        for (j, loc) in related.iter().enumerate() {
            let at = format!("{at}.relatedLocations[{j}]");
            let phys = &loc["physicalLocation"];
            check_artifact(&phys["artifactLocation"], root, &at, problems);
            check_region(&phys["region"], &at, problems);
            if !loc["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
            {
                problems.push(format!("{at}: a secondary label without its message"));
            }
        }
        let fixes = r["fixes"].as_array().map_or(&[][..], Vec::as_slice);
        for (j, fix) in fixes.iter().enumerate() {
            let changes = fix["artifactChanges"]
                .as_array()
                .map_or(&[][..], Vec::as_slice);
            for (k, change) in changes.iter().enumerate() {
                let at = format!("{at}.fixes[{j}].artifactChanges[{k}]");
                check_artifact(&change["artifactLocation"], root, &at, problems);
                let replacements = change["replacements"]
                    .as_array()
                    .map_or(&[][..], Vec::as_slice);
                for (l, rep) in replacements.iter().enumerate() {
                    check_region(
                        &rep["deletedRegion"],
                        &format!("{at}.replacements[{l}]"),
                        problems,
                    );
                }
            }
        }
    }
    report.results = results.len();
    report.files = files.len();
    report
}

/// A URI relative to `%SRCROOT%` naming a file of the tree; returns it.
fn check_artifact<'a>(
    loc: &'a Value,
    root: &Path,
    at: &str,
    problems: &mut Vec<String>,
) -> Option<&'a str> {
    if loc["uriBaseId"] != "%SRCROOT%" {
        problems.push(format!("{at}: uriBaseId {}", loc["uriBaseId"]));
    }
    let Some(uri) = loc["uri"].as_str() else {
        problems.push(format!("{at}: no uri"));
        return None;
    };
    let relative = !uri.is_empty()
        && !uri.starts_with('/')
        && !uri.starts_with("file:")
        && !uri.contains("://")
        && !uri.contains('\\')
        && !uri
            .split('/')
            .any(|seg| seg == ".." || seg == "." || seg.is_empty());
    if !relative {
        problems.push(format!("{at}: uri {uri:?} is not a plain relative path"));
    } else if !uri.contains('%') && !root.join(uri).is_file() {
        // Percent-encoded URIs are left alone: decoding them is the
        // renderer's unit tests' business.
        problems.push(format!("{at}: uri {uri:?} names no file of the tree"));
    }
    Some(uri)
}

/// 1-based lines and columns, the end not before the start.
fn check_region(region: &Value, at: &str, problems: &mut Vec<String>) {
    let get = |key: &str| region[key].as_u64();
    let (Some(line), Some(col)) = (get("startLine"), get("startColumn")) else {
        problems.push(format!(
            "{at}: region without startLine/startColumn: {region}"
        ));
        return;
    };
    if line < 1 || col < 1 {
        problems.push(format!("{at}: region starts at {line}:{col}"));
    }
    let end_line = get("endLine").unwrap_or(line);
    let end_col = get("endColumn").unwrap_or(col);
    if end_line < line || end_col < 1 || (end_line == line && end_col < col) {
        problems.push(format!(
            "{at}: region {line}:{col}-{end_line}:{end_col} ends before it starts"
        ));
    }
}

fn repo_root() -> PathBuf {
    std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).expect("repository root")
}

/// `$(go env GOROOT)/src`, else `/usr/lib/go/src`.
fn goroot_src() -> Option<PathBuf> {
    let from_go = Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .map(|s| Path::new(&s).join("src"));
    from_go
        .into_iter()
        .chain([PathBuf::from("/usr/lib/go/src")])
        .find(|p| p.join("go.mod").is_file())
}

#[test]
fn testdata_module() {
    let dir = repo_root().join("testdata");
    let report = check_tree(&dir);
    println!("testdata: {report}");
    assert!(report.results > 0, "testdata has findings to report");
    for code in ["GL401", "GL404", "GL601", "GL602"] {
        assert!(report.by_rule.contains_key(code), "no {code} in testdata");
    }
}

#[test]
fn go_standard_library() {
    let Some(dir) = goroot_src() else {
        println!("go_standard_library: skipped, no Go standard library source (go env GOROOT, /usr/lib/go/src)");
        return;
    };
    let report = check_tree(&dir);
    println!("{}: {report}", dir.display());
    assert!(report.results > 0, "the standard library has findings");
}

/// The tree named by `GOLINT_SARIF_TREE` (`scripts/validate-sarif.sh`).
#[test]
fn tree_from_env() {
    let Some(dir) = std::env::var_os("GOLINT_SARIF_TREE") else {
        println!("tree_from_env: skipped, GOLINT_SARIF_TREE is not set");
        return;
    };
    let dir = PathBuf::from(dir);
    assert!(
        dir.is_dir(),
        "GOLINT_SARIF_TREE: {} is not a directory",
        dir.display()
    );
    let report = check_tree(&dir);
    println!("{}: valid SARIF for code scanning: {report}", dir.display());
}

/// Guards the checks: a document breaking each rule is caught.
#[test]
fn the_checks_reject_what_code_scanning_would() {
    let good = serde_json::json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "golint-rs", "rules": [{"id": "GL601"}]}},
            "automationDetails": {"id": "golint-rs/"},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///scan/"}},
            "results": [{
                "ruleId": "GL601",
                "ruleIndex": 0,
                "message": {"text": "m"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "go.mod", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}
                }}],
                "partialFingerprints": {"primaryLocationLineHash": "0123:1"}
            }]
        }]
    });
    let root = repo_root().join("testdata");
    let problems = |doc: &Value| {
        let mut p = Vec::new();
        code_scanning_problems(doc, &root, &mut p);
        p
    };
    assert_eq!(problems(&good), Vec::<String>::new());

    let result = "/runs/0/results/0";
    let loc = "/runs/0/results/0/locations/0/physicalLocation";
    let breakages: Vec<(String, Value)> = vec![
        ("/runs/0/automationDetails".into(), Value::Null),
        (format!("{result}/ruleId"), "GL999".into()),
        (format!("{result}/ruleIndex"), 3.into()),
        (format!("{result}/partialFingerprints"), Value::Null),
        (format!("{loc}/artifactLocation/uri"), "/abs/go.mod".into()),
        (
            format!("{loc}/artifactLocation/uri"),
            "file:///scan/go.mod".into(),
        ),
        (format!("{loc}/artifactLocation/uri"), "missing.go".into()),
        (format!("{loc}/artifactLocation/uriBaseId"), "ROOT".into()),
        (format!("{loc}/region/startColumn"), 0.into()),
    ];
    for (pointer, value) in breakages {
        let mut doc = good.clone();
        *doc.pointer_mut(&pointer).expect("pointer") = value.clone();
        assert!(!problems(&doc).is_empty(), "{pointer} = {value} accepted");
    }
    let mut two_runs = good.clone();
    let run = two_runs["runs"][0].clone();
    two_runs["runs"].as_array_mut().expect("runs").push(run);
    assert!(!problems(&two_runs).is_empty(), "two runs accepted");
}
