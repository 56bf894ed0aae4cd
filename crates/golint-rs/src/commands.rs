//! The subcommands besides the analysis: `rules`, `rule CODE`, `parse-only`.

use std::io::Write;
use std::time::Instant;

use anyhow::{Context, Result};
use golint_syntax::{discover, read_source, DiscoverOptions};
use rayon::prelude::*;

use crate::select::Known;

/// `golint-rs rules`: one line per rule, columns aligned; DEFAULT says
/// whether the rule runs without `--select` / `--extend-select`.
pub fn rules() -> Result<i32> {
    let known = Known::load();
    let header = ["CODE", "NAME", "LEVEL", "DEFAULT", "SUMMARY"];
    let rows: Vec<[&str; 5]> = std::iter::once(header)
        .chain(known.metas.iter().map(|m| {
            [
                m.code,
                m.name,
                m.default_severity.as_str(),
                if m.default_enabled { "yes" } else { "no" },
                m.summary,
            ]
        }))
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].len()).max().unwrap_or(0);
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    let mut out = String::new();
    for [code, name, level, default, summary] in rows {
        out.push_str(&format!(
            "{code:w0$}  {name:w1$}  {level:w2$}  {default:w3$}  {summary}\n"
        ));
    }
    out.push_str(
        "\nRules with DEFAULT no are opt-in: `--extend-select CODE` (or `extend-select` in golint-rs.toml) runs them too, `--select ALL` runs every rule.\n",
    );
    print(&out)
}

/// `golint-rs rule CODE`: the rule's whole documentation.
pub fn rule(code: &str) -> Result<i32> {
    let known = Known::load();
    let Some(meta) = known.lookup(code) else {
        let mut msg = format!("error: unknown rule `{code}`");
        match known.suggest(code) {
            Some(s) => msg.push_str(&format!("\n  help: did you mean `{s}`?")),
            None => msg.push_str("\n  help: `golint-rs rules` lists the rules"),
        }
        eprintln!("{msg}");
        return Ok(2);
    };
    let on = if meta.default_enabled {
        "on by default"
    } else {
        "opt-in"
    };
    let title = format!(
        "{} {} ({}, {on})\n\n{}\n\n",
        meta.code,
        meta.name,
        meta.default_severity.as_str(),
        meta.summary
    );
    print(&(title + &golint_rules::doc_text(meta)))
}

/// `golint-rs parse-only`: the cost of discovering, reading and parsing
/// alone, on the same thread pool as a real run, for the benchmark.
pub fn parse_only(patterns: Vec<String>, tests: bool) -> Result<i32> {
    let start = Instant::now();
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let discovery = discover(&DiscoverOptions {
        cwd,
        patterns,
        tests,
    })?;
    let (files, bytes) = discovery
        .files
        .par_iter()
        .map(|f| match read_source(&f.path) {
            Ok(text) => {
                let parsed = golint_syntax::parse(&text).is_some();
                (usize::from(parsed), text.len())
            }
            Err(_) => (0, 0),
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!(
        "{files} files, {bytes} bytes in {:.2}s",
        start.elapsed().as_secs_f64()
    );
    Ok(0)
}

fn print(s: &str) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to stdout")
        }
        _ => Ok(0),
    }
}
