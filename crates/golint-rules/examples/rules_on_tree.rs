//! Runs the registered rules over every `.go` file under a directory
//! (`testdata` and `vendor` directories skipped, nested modules included)
//! and prints per-rule counts and a sample of findings with their source
//! line. A tool for reading what the rules report on code nobody here wrote:
//!
//! ```text
//! cargo run --release -p golint-rules --example rules_on_tree -- /usr/lib/go-1.19/src [SAMPLE] [CODE]
//! ```
//!
//! `SAMPLE` is how many findings to print per rule (default 20, spread over
//! the whole list); `CODE` restricts the printout to one rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use golint_analysis::Program;
use golint_diagnostics::{FileId, LineIndex};
use golint_ir::{lower_file, PackageIr};
use golint_rules::{registry, Findings, RuleContext};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "/usr/lib/go-1.19/src".into()));
    let sample: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let only = args.next();
    let start = Instant::now();

    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    let mut texts = Vec::with_capacity(paths.len());
    let mut packages: BTreeMap<(PathBuf, String), PackageIr> = BTreeMap::new();
    for (i, p) in paths.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(p) else {
            texts.push(String::new());
            continue;
        };
        let Some(tree) = golint_syntax::parse(&text) else {
            texts.push(text);
            continue;
        };
        let ir = lower_file(FileId(i as u32), &text, &tree);
        let dir = p.parent().unwrap_or(&root).to_path_buf();
        packages
            .entry((dir.clone(), ir.package.clone()))
            .or_insert_with(|| PackageIr {
                name: ir.package.clone(),
                dir: dir.to_string_lossy().into_owned(),
                go_version: Some((1, 19)),
                ..PackageIr::default()
            })
            .files
            .push(ir);
        texts.push(text);
    }
    let lowered = start.elapsed();

    let program = Program::new(packages.into_values().collect());
    let rules = registry::all();
    let mut by_rule: BTreeMap<&str, Vec<golint_diagnostics::Diagnostic>> = BTreeMap::new();
    let mut rule_time = BTreeMap::new();
    for rule in &rules {
        let t = Instant::now();
        let mut out = Findings::new(0);
        for package in &program.packages {
            RuleContext::with(&program, package, |cx| rule.check(cx, &mut out));
        }
        rule_time.insert(rule.meta().code, t.elapsed());
        by_rule.insert(rule.meta().code, out.finish().0);
    }

    println!(
        "{} files, {} packages under {} (lowered in {:.2?})",
        paths.len(),
        program.packages.len(),
        root.display(),
        lowered
    );
    for (code, diags) in &by_rule {
        let tests = diags
            .iter()
            .filter(|d| path_of(&paths, d.span.file).ends_with("_test.go"))
            .count();
        println!(
            "{code}: {} findings ({} in _test.go files) in {:.2?}",
            diags.len(),
            tests,
            rule_time[code]
        );
    }
    for (code, diags) in &by_rule {
        if only.as_deref().is_some_and(|o| o != *code) || diags.is_empty() {
            continue;
        }
        println!("\n== {code} sample");
        let step = (diags.len() / sample.max(1)).max(1);
        for d in diags.iter().step_by(step).take(sample) {
            let i = d.span.file.0 as usize;
            let text = &texts[i];
            let lc = LineIndex::new(text).line_col(text, d.span.start);
            let line = text.lines().nth(lc.line as usize - 1).unwrap_or("").trim();
            let rel = paths[i].strip_prefix(&root).unwrap_or(&paths[i]);
            println!(
                "{}:{}: {} [{}]",
                rel.display(),
                lc.line,
                d.message,
                d.primary_label
            );
            println!("    {line}");
        }
    }
}

fn path_of(paths: &[PathBuf], f: FileId) -> &str {
    paths
        .get(f.0 as usize)
        .and_then(|p| p.to_str())
        .unwrap_or("")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if p.is_dir() {
            if name != "testdata" && name != "vendor" && !name.starts_with('.') {
                walk(&p, out);
            }
        } else if name.ends_with(".go") {
            out.push(p);
        }
    }
}
