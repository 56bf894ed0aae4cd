//! The default command: analyze the packages, filter, render, summarize.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use golint_diagnostics::render::{render, Format, RenderContext};
use golint_diagnostics::{sort_diagnostics, Diagnostic, RuleMeta};
use golint_rules::meta::SyntaxError;

use crate::cap;
use crate::cli::{CheckArgs, ColorArg};
use crate::config::Config;
use crate::pipeline;
use crate::select::{CliCodes, CodeSet, Known, Selection};
use crate::suppress;
use crate::timings::{Phase, Timings};

/// Exit status: 0 nothing found, 1 findings; an error (exit 2) when files
/// were found but none could be analyzed.
pub fn run(args: CheckArgs) -> Result<i32> {
    let start = Instant::now();
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let known = Known::load();
    let config = load_config(&args, &cwd, &known)?;

    let cli_codes = |entries: &Option<Vec<String>>, flag: &str| -> Result<Option<CodeSet>> {
        entries
            .as_ref()
            .map(|e| {
                let mut set = CodeSet::parse(e, &known).map_err(|m| anyhow!("{flag}: {m}"))?;
                for w in &mut set.warnings {
                    *w = format!("{flag}: {w}");
                }
                Ok(set)
            })
            .transpose()
    };
    let selection = Selection::resolve(
        CliCodes {
            select: cli_codes(&args.select, "--select")?,
            extend_select: cli_codes(&args.extend_select, "--extend-select")?,
            ignore: cli_codes(&args.ignore, "--ignore")?,
        },
        &config,
    );
    for w in selection.warnings() {
        eprintln!("warning: {w}");
    }
    let tests = args.tests.or(config.tests).unwrap_or(true);
    let include_generated = args.include_generated || config.include_generated.unwrap_or(false);

    let rules = selection.rules();
    let timings = args
        .timings
        .then(|| Timings::new(rules.iter().map(|r| r.meta().code)));
    let checks = pipeline::Checks {
        rules: &rules,
        syntax_errors: selection.is_selected(SyntaxError::META.code),
        max_per_rule: args.max_findings_per_rule,
        package_hook: None,
        timings: timings.as_ref(),
    };
    // Before the analysis: a bad revision or baseline fails fast.
    let changed = crate::changed::Since::from_args(&args)
        .map(|since| crate::changed::Changed::load(&cwd, &since))
        .transpose()?;
    let baseline = args
        .baseline
        .as_deref()
        .map(|file| crate::baseline::Baseline::open(&cwd, file, args.update_baseline))
        .transpose()?;
    let loaded = pipeline::analyze(cwd.clone(), args.patterns.clone(), tests, &checks)?;
    let finish = Instant::now();
    let mut stderr = std::io::stderr().lock();
    for w in &loaded.warnings {
        let _ = writeln!(stderr, "warning: {w}");
    }
    let files_analyzed = loaded.files_analyzed;
    // "0 findings" would read as a pass: say the run failed instead.
    if files_analyzed == 0 && loaded.files_failed > 0 {
        let n = loaded.files_failed;
        return Err(anyhow!(
            "nothing was analyzed: {n} {} could not be read (see the warnings above)",
            if n == 1 { "path" } else { "paths" }
        ));
    }
    let packages = loaded.packages;
    let mut loaded = loaded;
    let diags = std::mem::take(&mut loaded.diagnostics);
    let mut diags = finalize(
        diags,
        &loaded,
        &config,
        &known,
        &selection,
        include_generated,
    );
    let sources = loaded.sources;
    // Only what is new: not in the baseline, on a line changed since REV.
    if let Some(baseline) = baseline {
        diags = baseline.apply(diags, &sources, &mut stderr)?;
    }
    if let Some(changed) = &changed {
        diags = changed.retain(diags, &sources);
    }
    // Last: what is cut is what would have been shown.
    let diags = cap::apply(
        diags,
        &loaded.hidden,
        args.max_findings_per_rule,
        &known.metas,
    );

    let metas: Vec<RuleMeta> = known
        .metas
        .iter()
        .filter(|m| selection.is_selected(m.code))
        .map(|m| RuleMeta {
            default_severity: config.severity_of(m.code).unwrap_or(m.default_severity),
            ..m.clone()
        })
        .collect();
    let format: Format = args.format.into();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && !std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        }
    };
    let cx = RenderContext {
        sources: &sources,
        rules: &metas,
        tool_version: env!("CARGO_PKG_VERSION"),
        color,
        sarif_category: args.sarif_category.as_deref(),
    };
    write_output(format, &diags, &cx, args.output.as_deref())?;

    if !args.quiet {
        let _ = writeln!(
            stderr,
            "{}",
            summary(diags.len(), files_analyzed, packages, start)
        );
    }
    if let Some(t) = &timings {
        t.add_wall(Phase::Finish, finish);
        let threads = rayon::current_num_threads();
        let _ = write!(stderr, "{}", t.report(threads, start.elapsed()));
    }
    Ok(if diags.is_empty() { 0 } else { 1 })
}

/// Suppression directives, generated files, the config's excludes and
/// per-path ignores, severity overrides; then the findings in output order.
/// The LSP server shares it, so the editor shows what the command line does.
pub fn finalize(
    diags: Vec<Diagnostic>,
    loaded: &pipeline::Analyzed,
    config: &Config,
    known: &Known,
    selection: &Selection,
    include_generated: bool,
) -> Vec<Diagnostic> {
    let sources = &loaded.sources;
    let mut diags = suppress::apply(diags, &loaded.directives, known, selection);
    diags.retain(|d| {
        let file = d.span.file;
        if !include_generated
            && loaded
                .generated
                .get(file.0 as usize)
                .copied()
                .unwrap_or(false)
        {
            return false;
        }
        if config.path.is_none() {
            return true;
        }
        let Some(src) = sources.get(file) else {
            return true;
        };
        let path = config.match_path(&src.path, &src.rel);
        !config.is_excluded(&path) && !config.is_ignored_in(d.code, &path)
    });
    for d in &mut diags {
        if let Some(sev) = config.severity_of(d.code) {
            d.severity = sev;
        }
    }
    sort_diagnostics(&mut diags);
    diags
}

fn load_config(args: &CheckArgs, cwd: &Path, known: &Known) -> Result<Config> {
    if args.no_config {
        return Ok(Config::default());
    }
    let path: Option<PathBuf> = match &args.config {
        Some(p) => Some(cwd.join(p)),
        None => Config::find(cwd),
    };
    match path {
        Some(p) => Config::load(&p, known).map_err(|m| anyhow!(m)),
        None => Ok(Config::default()),
    }
}

/// Renders everything first, then writes it in one go: a file is never left
/// half-written by a rendering error, and stdout gets whole findings.
fn write_output(
    format: Format,
    diags: &[Diagnostic],
    cx: &RenderContext,
    output: Option<&Path>,
) -> Result<()> {
    let mut buf = Vec::new();
    render(format, &mut buf, diags, cx).context("cannot render the findings")?;
    match output {
        Some(path) => {
            std::fs::write(path, &buf)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&buf).and_then(|()| out.flush()) {
                Ok(()) => {}
                // `golint-rs | head`: the reader is gone, nothing to report.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return Err(e).context("cannot write to stdout"),
            }
        }
    }
    Ok(())
}

fn summary(findings: usize, files: usize, packages: usize, start: Instant) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} in {} ({}) in {:.2}s",
        plural(findings, "finding", "findings"),
        plural(files, "file", "files"),
        plural(packages, "package", "packages"),
        start.elapsed().as_secs_f64()
    )
}
