//! The GitHub Action (`action.yml` at the repository root): its structure,
//! checked statically, and its shell steps, run here by a small stand-in for
//! the Actions runner against the built binary in throwaway Go modules.
//!
//! The runner stand-in (`Sim`) evaluates the few expression forms the action
//! uses (`inputs.*`, `steps.*.outputs.*`, `github.*`, `runner.*`, `==`, `!=`,
//! `&&`) and panics on any other, so that a new construct in action.yml gets
//! a test. `uses:` steps are recorded with their resolved `with:`, not run.
//! What needs GitHub itself (the cache, `cargo install` of the release build,
//! the upload) is checked statically.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{path_with_golint_rs, sarif_schema_errors, Project, CLEAN, DEFER_LOOP};
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn action() -> Yaml {
    let path = repo_root().join("action.yml");
    let text = std::fs::read_to_string(&path).expect("action.yml at the repository root");
    serde_yaml::from_str(&text).expect("action.yml is YAML")
}

fn steps(action: &Yaml) -> &Vec<Yaml> {
    action["runs"]["steps"].as_sequence().expect("runs.steps")
}

fn step<'a>(action: &'a Yaml, id: &str) -> &'a Yaml {
    steps(action)
        .iter()
        .find(|s| s["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no step with id {id}"))
}

fn str_of<'a>(v: &'a Yaml, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {v:?}"))
}

/// The declared inputs with their defaults.
fn declared_inputs(action: &Yaml) -> BTreeMap<String, String> {
    action["inputs"]
        .as_mapping()
        .expect("inputs")
        .iter()
        .map(|(k, v)| {
            let name = str_of(k, "input name").to_string();
            let default = str_of(&v["default"], &format!("default of {name}")).to_string();
            (name, default)
        })
        .collect()
}

/// Every `${{ … }}` expression in a string.
fn expressions(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let end = after.find("}}").expect("unterminated ${{");
        out.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    out
}

/// Every expression of the action: the `${{ }}` in any string, and the bare
/// expressions of `if:`.
fn all_expressions(action: &Yaml) -> Vec<String> {
    fn walk(v: &Yaml, key: Option<&str>, out: &mut Vec<String>) {
        match v {
            Yaml::String(s) => {
                if key == Some("if") && !s.contains("${{") {
                    out.push(s.clone());
                }
                out.extend(expressions(s).into_iter().map(str::to_string));
            }
            Yaml::Sequence(items) => items.iter().for_each(|i| walk(i, None, out)),
            Yaml::Mapping(m) => {
                for (k, v) in m {
                    walk(v, k.as_str(), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(action, None, &mut out);
    out
}

/// The `ctx.a.b…` references of an expression for one context name, as the
/// dotted path after it.
fn references(expr: &str, ctx: &str) -> Vec<String> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    let prefix = format!("{ctx}.");
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = expr[i..].find(&prefix) {
        let at = i + pos;
        let starts_word = at == 0 || !ident(expr[..at].chars().next_back().unwrap());
        let tail: String = expr[at + prefix.len()..]
            .chars()
            .take_while(|&c| ident(c))
            .collect();
        if starts_word && !tail.is_empty() {
            out.push(tail.clone());
        }
        i = at + prefix.len() + tail.len();
    }
    out
}

#[test]
fn is_a_composite_action_with_described_inputs_and_outputs() {
    let a = action();
    assert_eq!(a["runs"]["using"].as_str(), Some("composite"));
    assert!(a["name"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(a["description"].as_str().is_some_and(|s| !s.is_empty()));
    let inputs = a["inputs"].as_mapping().expect("inputs");
    for (name, spec) in inputs {
        assert!(
            spec["description"].as_str().is_some_and(|s| !s.is_empty()),
            "input {name:?} has no description"
        );
        assert!(
            spec["default"].as_str().is_some(),
            "input {name:?} has no string default (every input is optional)"
        );
    }
    let defaults = declared_inputs(&a);
    assert_eq!(defaults["mode"], "sarif");
    assert_eq!(defaults["patterns"], "./...");
    assert_eq!(defaults["working-directory"], ".");
    assert_eq!(defaults["category"], "golint-rs");
    assert_eq!(defaults["fail-on-findings"], "true");
    assert_eq!(defaults["sarif-file"], "golint-rs.sarif");
    for (name, spec) in a["outputs"].as_mapping().expect("outputs") {
        assert!(spec["description"].as_str().is_some(), "output {name:?}");
        assert!(spec["value"].as_str().is_some(), "output {name:?}");
    }
}

#[test]
fn every_input_used_is_declared_and_every_declared_input_is_used() {
    let a = action();
    let declared = declared_inputs(&a);
    let mut used = std::collections::BTreeSet::new();
    for expr in all_expressions(&a) {
        for name in references(&expr, "inputs") {
            assert!(
                declared.contains_key(&name),
                "`inputs.{name}` is used in `{expr}` but not declared"
            );
            used.insert(name);
        }
    }
    for name in declared.keys() {
        assert!(used.contains(name), "input {name} is declared but unused");
    }
}

#[test]
fn steps_are_well_formed() {
    let a = action();
    let mut ids = Vec::new();
    for s in steps(&a) {
        let id = str_of(&s["id"], "step id").to_string();
        assert!(!ids.contains(&id), "duplicate step id {id}");
        // `steps.X` may only name an earlier step.
        for key in ["if", "env", "with", "working-directory"] {
            let mut exprs = Vec::new();
            collect_strings(&s[key], &mut exprs);
            for text in exprs {
                let mut all: Vec<String> =
                    expressions(&text).iter().map(|e| e.to_string()).collect();
                if key == "if" {
                    all.push(text.clone());
                }
                for expr in all {
                    for r in references(&expr, "steps") {
                        let target = r.split('.').next().unwrap();
                        assert!(
                            ids.iter().any(|i| i == target),
                            "step {id} refers to `steps.{r}`, not an earlier step"
                        );
                    }
                }
            }
        }
        ids.push(id.clone());
        match (s["run"].as_str(), s["uses"].as_str()) {
            (Some(script), None) => {
                // Composite run steps need a shell; ours are bash scripts.
                assert_eq!(s["shell"].as_str(), Some("bash"), "step {id}");
                assert!(
                    !script.contains("${{"),
                    "step {id}: inputs reach scripts through env:, not ${{{{ }}}} (script injection)"
                );
                let out = Command::new("bash")
                    .args(["-n", "-c", script])
                    .output()
                    .expect("bash");
                assert!(
                    out.status.success(),
                    "step {id} is not valid bash: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            (None, Some(uses)) => {
                let (_, version) = uses.split_once('@').expect("uses: is pinned to a version");
                assert!(!version.is_empty(), "step {id}");
            }
            _ => panic!("step {id} has neither or both of run: and uses:"),
        }
    }
    for (name, spec) in a["outputs"].as_mapping().unwrap() {
        for expr in expressions(str_of(&spec["value"], "output value")) {
            for r in references(expr, "steps") {
                let target = r.split('.').next().unwrap();
                assert!(
                    ids.iter().any(|i| i == target),
                    "output {name:?}: steps.{r}"
                );
            }
        }
    }
}

fn collect_strings(v: &Yaml, out: &mut Vec<String>) {
    match v {
        Yaml::String(s) => out.push(s.clone()),
        Yaml::Sequence(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Yaml::Mapping(m) => m.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

#[test]
fn installs_from_its_own_checkout_with_a_cache_keyed_on_cargo_lock() {
    let a = action();
    let install = step(&a, "install");
    let script = str_of(&install["run"], "install script");
    assert!(script.contains("cargo install --locked"), "{script}");
    assert!(
        script.contains("--path \"$ACTION_PATH/crates/golint-rs\""),
        "{script}"
    );
    assert_eq!(
        install["env"]["ACTION_PATH"].as_str(),
        Some("${{ github.action_path }}")
    );
    // The path it installs from is this crate.
    let manifest =
        std::fs::read_to_string(repo_root().join("crates/golint-rs/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"golint-rs\""));
    let install_if = str_of(&install["if"], "install if");
    assert!(
        install_if.contains("inputs.install == 'source'"),
        "{install_if}"
    );
    assert!(
        install_if.contains("steps.cache.outputs.cache-hit != 'true'"),
        "{install_if}"
    );

    let cache = step(&a, "cache");
    assert_eq!(cache["uses"].as_str(), Some("actions/cache@v4"));
    let paths = str_of(&cache["with"]["path"], "cache paths");
    assert!(paths.contains("~/.cargo/bin/golint-rs"), "{paths}");
    assert!(paths.contains("~/.cargo/registry"), "{paths}");
    assert!(paths.contains("golint-rs-target"), "{paths}");
    assert!(
        script.contains("--target-dir \"$TARGET_DIR\"")
            && str_of(&install["env"]["TARGET_DIR"], "TARGET_DIR").ends_with("golint-rs-target"),
        "the install builds in the cached target directory"
    );
    let key = str_of(&cache["with"]["key"], "cache key");
    assert!(key.contains("steps.key.outputs.lock"), "{key}");
    let restore = str_of(&cache["with"]["restore-keys"], "restore-keys");
    assert!(restore.contains("steps.key.outputs.lock"), "{restore}");
    assert!(!restore.contains("steps.key.outputs.source"), "{restore}");

    // The key step hashes Cargo.lock (hashFiles cannot: it only sees the
    // workspace, not the action's checkout). Run it on this repository.
    let ws = tempfile::tempdir().unwrap();
    let mut sim = Sim::new(&a, ws.path(), &[("install", "source")]);
    sim.run_step(step(&a, "key")).expect("key step");
    let lock = &sim.outputs["key"]["lock"];
    let sha = Command::new("sh")
        .arg("-c")
        .arg("sha256sum < Cargo.lock 2>/dev/null || shasum -a 256 < Cargo.lock")
        .current_dir(repo_root())
        .output()
        .unwrap();
    let sha = String::from_utf8_lossy(&sha.stdout);
    assert_eq!(lock.as_str(), &sha[..16]);
    assert_eq!(sim.outputs["key"]["source"].len(), 16);
}

#[test]
fn the_run_step_uses_the_format_of_the_mode() {
    let a = action();
    let run = step(&a, "run");
    let script = str_of(&run["run"], "run script");
    assert!(script.contains("golint-rs --format sarif --output \"$sarif\""));
    assert!(script.contains("golint-rs --format github"));
    assert_eq!(
        run["working-directory"].as_str(),
        Some("${{ inputs.working-directory }}")
    );
    assert_eq!(
        run["env"]["PATTERNS"].as_str(),
        Some("${{ inputs.patterns }}")
    );
    assert_eq!(run["env"]["ARGS"].as_str(), Some("${{ inputs.args }}"));
}

#[test]
fn the_upload_step_uses_upload_sarif_with_the_category() {
    let a = action();
    let upload = step(&a, "upload");
    assert_eq!(
        upload["uses"].as_str(),
        Some("github/codeql-action/upload-sarif@v3")
    );
    assert_eq!(
        upload["with"]["category"].as_str(),
        Some("${{ inputs.category }}")
    );
    assert_eq!(
        upload["with"]["sarif_file"].as_str(),
        Some("${{ steps.run.outputs.sarif-file }}")
    );
    let cond = str_of(&upload["if"], "upload if");
    assert!(cond.contains("inputs.mode == 'sarif'"), "{cond}");
    assert!(cond.contains("inputs.upload == 'true'"), "{cond}");
    // The category also reaches the SARIF file itself: upload-sarif applies
    // its category input only to runs without automationDetails.
    assert_eq!(
        step(&a, "sarif")["env"]["CATEGORY"].as_str(),
        Some("${{ inputs.category }}")
    );
}

/// The SARIF golint-rs writes for the bundled sample is what code scanning
/// takes with the action's default category.
#[test]
fn sarif_of_the_sample_fits_code_scanning_and_the_default_category() {
    let sample = repo_root().join("testdata/sample");
    let out = Command::new(env!("CARGO_BIN_EXE_golint-rs"))
        .args(["--format", "sarif", "--quiet", "."])
        .current_dir(&sample)
        .output()
        .expect("run golint-rs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif: Json = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let errors = sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "code scanning wants one run per category");
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "golint-rs");

    // The category: the part of automationDetails.id before the last `/`.
    let category = declared_inputs(&action())["category"].clone();
    assert!(category_is_valid(&category), "{category:?}");
    let id = run["automationDetails"]["id"]
        .as_str()
        .expect("automationDetails.id");
    assert_eq!(id, format!("{category}/"), "the action's default category");
    assert_eq!(id.rsplit_once('/').unwrap().0, category);

    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let uris = check_uris(&sarif, &sample);
    assert!(uris.iter().all(|u| u == "server.go"), "{uris:?}");
    for r in results {
        assert!(
            r["partialFingerprints"]["primaryLocationLineHash"].is_string(),
            "{r}"
        );
    }
}

/// What the action passes as a category ends up as `CATEGORY/`: a
/// non-empty value without control characters.
fn category_is_valid(c: &str) -> bool {
    !c.is_empty() && !c.chars().any(char::is_control) && c.trim() == c
}

/// Checks every `artifactLocation` of the SARIF document: relative to
/// `%SRCROOT%`, no scheme, no `..`, and naming a file under `root`; and that
/// `%SRCROOT%` is `root`. Returns the URIs.
fn check_uris(sarif: &Json, root: &Path) -> Vec<String> {
    fn walk(v: &Json, out: &mut Vec<Json>) {
        match v {
            Json::Object(m) => {
                if m.contains_key("uriBaseId") {
                    out.push(v.clone());
                }
                m.values().for_each(|x| walk(x, out));
            }
            Json::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let run = &sarif["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    let base_path = percent_decode(base.strip_prefix("file://").expect("file URI"));
    assert_eq!(
        Path::new(&base_path).canonicalize().unwrap(),
        root.canonicalize().unwrap(),
        "%SRCROOT% is {base}"
    );
    assert!(base.ends_with('/'), "{base}");
    let mut locations = Vec::new();
    walk(&run["results"], &mut locations);
    assert!(!locations.is_empty());
    let mut uris = Vec::new();
    for loc in locations {
        assert_eq!(loc["uriBaseId"], "%SRCROOT%", "{loc}");
        let uri = loc["uri"].as_str().expect("uri");
        assert!(
            !uri.contains(':') && !uri.starts_with('/'),
            "not relative: {uri}"
        );
        assert!(!uri.split('/').any(|s| s == ".." || s == "."), "{uri}");
        let file = root.join(percent_decode(uri));
        assert!(
            file.is_file(),
            "{uri} names no file under {}",
            root.display()
        );
        uris.push(uri.to_string());
    }
    uris
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("percent escape"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

// ---------------------------------------------------------------------------
// The runner stand-in.

/// One composite-action run: inputs resolved, steps run in order until one
/// fails, as the Actions runner does.
struct Sim<'a> {
    action: &'a Yaml,
    inputs: BTreeMap<String, String>,
    workspace: PathBuf,
    temp: tempfile::TempDir,
    path: OsString,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug)]
struct Outcome {
    /// The ids of the steps that ran (`uses:` steps included).
    ran: Vec<String>,
    /// The step that failed and its exit status.
    failed: Option<(String, i32)>,
    /// stdout and stderr of every step, in order.
    log: String,
    /// The `uses:` steps that ran, with their resolved `with:`.
    uses: Vec<(String, BTreeMap<String, String>)>,
    /// The action's outputs.
    outputs: BTreeMap<String, String>,
}

impl<'a> Sim<'a> {
    fn new(action: &'a Yaml, workspace: &Path, inputs: &[(&str, &str)]) -> Sim<'a> {
        let mut sim = Sim {
            action,
            inputs: BTreeMap::new(),
            workspace: workspace.canonicalize().unwrap(),
            temp: tempfile::tempdir().unwrap(),
            path: path_with_golint_rs(true),
            outputs: BTreeMap::new(),
        };
        let mut values = declared_inputs(action);
        for (k, v) in inputs {
            assert!(values.contains_key(*k), "undeclared input {k}");
            values.insert(k.to_string(), v.to_string());
        }
        // Defaults may be expressions (`${{ github.workspace }}`).
        let values = values
            .into_iter()
            .map(|(k, v)| {
                let v = sim.substitute(&v);
                (k, v)
            })
            .collect();
        sim.inputs = values;
        sim
    }

    fn without_golint_rs(mut self) -> Self {
        self.path = path_with_golint_rs(false);
        self
    }

    fn eval(&self, expr: &str) -> String {
        let expr = expr.trim();
        if let Some(name) = expr.strip_prefix("inputs.") {
            return self
                .inputs
                .get(name)
                .unwrap_or_else(|| panic!("undeclared {expr}"))
                .clone();
        }
        if let Some(rest) = expr.strip_prefix("steps.") {
            let (id, rest) = rest.split_once('.').expect("steps.ID.outputs.NAME");
            let name = rest
                .strip_prefix("outputs.")
                .expect("steps.ID.outputs.NAME");
            return self
                .outputs
                .get(id)
                .and_then(|o| o.get(name))
                .cloned()
                .unwrap_or_default();
        }
        match expr {
            "github.action_path" => repo_root().display().to_string(),
            "github.workspace" => self.workspace.display().to_string(),
            "runner.temp" => self.temp.path().display().to_string(),
            "runner.os" => "Linux".into(),
            "runner.arch" => "X64".into(),
            _ => panic!("the runner stand-in does not know `{expr}`: teach it"),
        }
    }

    fn substitute(&self, s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            let end = after.find("}}").unwrap();
            out.push_str(&self.eval(&after[..end]));
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// `A && B && …` of `X == 'lit'` and `X != 'lit'` (case-insensitive, as
    /// GitHub compares strings).
    fn condition(&self, cond: &str) -> bool {
        let cond = cond.trim();
        let cond = cond
            .strip_prefix("${{")
            .and_then(|c| c.strip_suffix("}}"))
            .unwrap_or(cond);
        cond.split("&&").all(|term| {
            let (lhs, rhs, eq) = if let Some((l, r)) = term.split_once("==") {
                (l, r, true)
            } else if let Some((l, r)) = term.split_once("!=") {
                (l, r, false)
            } else {
                panic!("the runner stand-in does not know the condition `{term}`")
            };
            let lit = rhs
                .trim()
                .strip_prefix('\'')
                .and_then(|r| r.strip_suffix('\''))
                .unwrap_or_else(|| panic!("not a string literal: {rhs}"));
            (self.eval(lhs).to_lowercase() == lit.to_lowercase()) == eq
        })
    }

    fn run(mut self) -> Outcome {
        let mut out = Outcome {
            ran: Vec::new(),
            failed: None,
            log: String::new(),
            uses: Vec::new(),
            outputs: BTreeMap::new(),
        };
        for s in steps(self.action) {
            let id = str_of(&s["id"], "step id").to_string();
            if let Some(cond) = s["if"].as_str() {
                if !self.condition(cond) {
                    continue;
                }
            }
            out.ran.push(id.clone());
            if let Some(uses) = s["uses"].as_str() {
                let with = s["with"]
                    .as_mapping()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| {
                                (
                                    str_of(k, "with key").to_string(),
                                    self.substitute(str_of(v, "with")),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.uses.push((uses.to_string(), with));
                continue;
            }
            match self.run_step(s) {
                Ok(log) => out.log.push_str(&log),
                Err((code, log)) => {
                    out.log.push_str(&log);
                    out.failed = Some((id, code));
                    break;
                }
            }
        }
        for (name, spec) in self.action["outputs"].as_mapping().unwrap() {
            let value = self.substitute(str_of(&spec["value"], "output value"));
            out.outputs
                .insert(str_of(name, "output").to_string(), value);
        }
        out
    }

    /// Runs one `run:` step as the runner does (`bash --noprofile --norc -eo
    /// pipefail`), with its env, working directory, GITHUB_OUTPUT and
    /// GITHUB_PATH. Returns its log, or its exit status and log.
    fn run_step(&mut self, s: &Yaml) -> Result<String, (i32, String)> {
        let id = str_of(&s["id"], "step id").to_string();
        let script = str_of(&s["run"], "run");
        let dir = self.temp.path().join(format!("step-{id}"));
        std::fs::create_dir_all(&dir).unwrap();
        let script_file = dir.join("script.sh");
        std::fs::write(&script_file, script).unwrap();
        let output_file = dir.join("output");
        let path_file = dir.join("path");
        std::fs::write(&output_file, "").unwrap();
        std::fs::write(&path_file, "").unwrap();
        let cwd = match s["working-directory"].as_str() {
            Some(wd) => self.workspace.join(self.substitute(wd)),
            None => self.workspace.clone(),
        };
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_file)
            .current_dir(&cwd)
            .env("PATH", &self.path)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_PATH", &path_file)
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_ACTION_PATH", repo_root())
            .env("RUNNER_TEMP", self.temp.path())
            .env("NO_COLOR", "1");
        if let Some(env) = s["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(
                    str_of(k, "env name"),
                    self.substitute(str_of(v, "env value")),
                );
            }
        }
        let result = cmd.output().expect("run bash");
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
        let mut outputs = BTreeMap::new();
        for line in std::fs::read_to_string(&output_file).unwrap().lines() {
            let (k, v) = line.split_once('=').unwrap_or_else(|| {
                panic!(
                    "step {id}: GITHUB_OUTPUT line {line:?} (multi-line values are not simulated)"
                )
            });
            outputs.insert(k.to_string(), v.to_string());
        }
        self.outputs.insert(id, outputs);
        for dir in std::fs::read_to_string(&path_file).unwrap().lines().rev() {
            let mut paths = vec![PathBuf::from(dir)];
            paths.extend(std::env::split_paths(&self.path));
            self.path = std::env::join_paths(paths).unwrap();
        }
        match result.status.code() {
            Some(0) => Ok(log),
            code => Err((code.unwrap_or(-1), log)),
        }
    }
}

/// jq rewrites the SARIF file for a category or a working directory.
fn have_jq() -> bool {
    let ok = Command::new("jq")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("GOLINT_CI").as_deref() != Ok("1"),
            "jq is not installed (GOLINT_CI=1: required)"
        );
        eprintln!("note: jq is not installed; skipping the action's SARIF rewrite");
    }
    ok
}

/// A repository with a Go module at its root and another in `api v2/`
/// (a space, to exercise URI encoding), each with a GL401 on line 8.
fn monorepo() -> Project {
    let p = Project::new();
    p.write("store.go", DEFER_LOOP)
        .write("api v2/go.mod", "module example.com/api\n\ngo 1.19\n")
        .write(
            "api v2/internal/db/db.go",
            DEFER_LOOP.replace("package m", "package db"),
        );
    p
}

fn read_sarif(path: &str) -> Json {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let sarif: Json = serde_json::from_str(&text).expect("SARIF is JSON");
    let errors = sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(sarif["runs"].as_array().map(Vec::len), Some(1));
    sarif
}

#[test]
fn sarif_mode_uploads_then_fails_on_findings() {
    let a = action();
    let p = monorepo();
    let out = Sim::new(&a, p.path(), &[("install", "none")]).run();
    assert_eq!(out.failed, Some(("check".into(), 1)), "{out:#?}");
    assert_eq!(out.outputs["exit-code"], "1");
    let ws = p.path().canonicalize().unwrap();
    let sarif_file = ws.join("golint-rs.sarif").display().to_string();
    assert_eq!(out.outputs["sarif-file"], sarif_file);
    // The upload came before the failure, with the default category.
    assert_eq!(out.uses.len(), 1, "{:?}", out.uses);
    let (uses, with) = &out.uses[0];
    assert_eq!(uses, "github/codeql-action/upload-sarif@v3");
    assert_eq!(with["sarif_file"], sarif_file);
    assert_eq!(with["category"], "golint-rs");
    assert_eq!(with["checkout_path"], ws.display().to_string());
    let sarif = read_sarif(&sarif_file);
    assert_eq!(sarif["runs"][0]["automationDetails"]["id"], "golint-rs/");
    // `./...` skips the nested module.
    let uris = check_uris(&sarif, &ws);
    assert!(uris.iter().all(|u| u == "store.go"), "{uris:?}");
}

#[test]
fn sarif_mode_in_a_subdirectory_with_a_category() {
    if !have_jq() {
        return;
    }
    let a = action();
    let p = monorepo();
    let out = Sim::new(
        &a,
        p.path(),
        &[
            ("install", "none"),
            ("working-directory", "api v2"),
            ("category", "golint-rs-api"),
            ("fail-on-findings", "false"),
        ],
    )
    .run();
    assert_eq!(out.failed, None, "{out:#?}");
    assert_eq!(out.outputs["exit-code"], "1");
    let ws = p.path().canonicalize().unwrap();
    let sarif_file = ws.join("api v2/golint-rs.sarif").display().to_string();
    assert_eq!(out.outputs["sarif-file"], sarif_file);
    assert_eq!(out.uses[0].1["category"], "golint-rs-api");
    let sarif = read_sarif(&sarif_file);
    let run = &sarif["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "golint-rs-api/");
    // Paths are relative to the repository, not to the working directory.
    let uris = check_uris(&sarif, &ws);
    assert!(!uris.is_empty());
    assert!(
        uris.iter().all(|u| u == "api%20v2/internal/db/db.go"),
        "{uris:?}"
    );
    // Fingerprints, rules and the rest are untouched.
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "GL401");
    assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_string());
    assert!(!run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn sarif_mode_without_upload() {
    let a = action();
    let p = Project::new();
    p.write("clean.go", CLEAN);
    let out = Sim::new(&a, p.path(), &[("install", "none"), ("upload", "false")]).run();
    assert_eq!(out.failed, None, "{out:#?}");
    assert!(out.uses.is_empty(), "{:?}", out.uses);
    assert_eq!(out.outputs["exit-code"], "0");
    let sarif = read_sarif(&out.outputs["sarif-file"]);
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn annotations_mode_prints_workflow_commands_with_repository_paths() {
    let a = action();
    let p = monorepo();
    let out = Sim::new(
        &a,
        p.path(),
        &[
            ("install", "none"),
            ("mode", "annotations"),
            ("working-directory", "api v2"),
        ],
    )
    .run();
    assert_eq!(out.failed, Some(("check".into(), 1)), "{out:#?}");
    assert!(out.uses.is_empty(), "no upload in annotations mode");
    assert!(!out.ran.contains(&"sarif".to_string()));
    let annotations: Vec<&str> = out
        .log
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(annotations.len(), 1, "{}", out.log);
    assert!(
        annotations[0].starts_with("::warning file=api v2/internal/db/db.go,line=8,"),
        "{}",
        annotations[0]
    );
    assert!(annotations[0].contains("GL401"), "{}", annotations[0]);
    assert_eq!(out.outputs["sarif-file"], "");
}

#[test]
fn annotations_mode_at_the_root_with_args_and_patterns() {
    let a = action();
    let p = monorepo();
    p.write(
        "cmd/tool/main.go",
        DEFER_LOOP.replace("package m", "package main"),
    );
    // Only cmd/...: one finding, the path as golint-rs prints it.
    let out = Sim::new(
        &a,
        p.path(),
        &[
            ("install", "none"),
            ("mode", "annotations"),
            ("patterns", "./cmd/...  ./cmd/tool"),
            ("fail-on-findings", "false"),
        ],
    )
    .run();
    assert_eq!(out.failed, None, "{out:#?}");
    assert_eq!(out.outputs["exit-code"], "1");
    let annotations: Vec<&str> = out
        .log
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(annotations.len(), 1, "{}", out.log);
    assert!(annotations[0].starts_with("::warning file=cmd/tool/main.go,line=8,"));

    // Extra arguments reach golint-rs: no GL6 finding, a clean run.
    let out = Sim::new(
        &a,
        p.path(),
        &[
            ("install", "none"),
            ("mode", "annotations"),
            ("args", "--select GL6 --tests=false"),
        ],
    )
    .run();
    assert_eq!(out.failed, None, "{out:#?}");
    assert_eq!(out.outputs["exit-code"], "0");
    assert!(!out.log.contains("::warning"), "{}", out.log);
}

#[test]
fn an_error_fails_the_step_whatever_fail_on_findings_says() {
    let a = action();
    let p = monorepo();
    for mode in ["sarif", "annotations"] {
        let out = Sim::new(
            &a,
            p.path(),
            &[
                ("install", "none"),
                ("mode", mode),
                ("patterns", "./missing/..."),
                ("fail-on-findings", "false"),
            ],
        )
        .run();
        assert_eq!(out.failed, Some(("run".into(), 2)), "{mode}: {out:#?}");
        assert_eq!(out.outputs["exit-code"], "2");
        assert!(out.uses.is_empty(), "{mode}: nothing is uploaded");
        assert!(out.log.contains("missing"), "{}", out.log);
    }
}

#[test]
fn bad_inputs_and_a_missing_binary_are_errors() {
    let a = action();
    let p = monorepo();
    let out = Sim::new(&a, p.path(), &[("install", "none"), ("mode", "html")]).run();
    assert_eq!(out.failed, Some(("validate".into(), 2)), "{out:#?}");
    assert!(
        out.log.contains("input mode must be sarif or annotations"),
        "{}",
        out.log
    );

    let out = Sim::new(
        &a,
        p.path(),
        &[("install", "none"), ("fail-on-findings", "yes")],
    )
    .run();
    assert_eq!(out.failed, Some(("validate".into(), 2)), "{out:#?}");

    let out = Sim::new(&a, p.path(), &[("install", "none")])
        .without_golint_rs()
        .run();
    assert_eq!(out.failed, Some(("locate".into(), 2)), "{out:#?}");
    assert!(out.log.contains("cargo install --locked"), "{}", out.log);
}
