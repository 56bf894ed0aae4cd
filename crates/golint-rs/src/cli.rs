//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use golint_diagnostics::render::Format;

const AFTER_HELP: &str = "\
Patterns follow the go command: `./...` (the default), `./dir/...`, a
directory, a file. A directory named like a subcommand (`rules`, `rule`) is
written `./rules`.

Exit status: 0 no findings, 1 findings, 2 usage, configuration or I/O error.";

#[derive(Debug, Parser)]
#[command(
    name = "golint-rs",
    version,
    about = "A static analyzer for Go: concurrency bugs, defer pitfalls, runtime panics",
    after_help = AFTER_HELP,
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub check: CheckArgs,

    /// Worker threads; 0 uses every core. At most one per CPU: a larger
    /// request is capped, with a warning.
    #[arg(long, value_name = "N", default_value_t = 0, global = true)]
    pub threads: usize,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the rules: code, name, default level and summary.
    Rules,
    /// Print the documentation of one rule.
    Rule {
        /// A rule code (`GL601`) or name (`unchecked-type-assertion`).
        code: String,
    },
    /// Run as a Language Server over stdio, for editors' problem panels.
    Lsp,
    /// List the heap escapes of the packages, with the reasons: the
    /// readable counterpart of `go build -gcflags=-m=2`.
    Escape(EscapeArgs),
    /// Discover, read and parse the files, then drop the trees (benchmark baseline).
    #[command(hide = true)]
    ParseOnly {
        /// Packages to parse (default `./...`).
        patterns: Vec<String>,
        /// Include `_test.go` files.
        #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true,
              default_missing_value = "true", action = ArgAction::Set)]
        tests: Option<bool>,
    },
}

#[derive(Debug, Args)]
pub struct EscapeArgs {
    /// Packages to analyze: `./...`, `./dir/...`, `dir`, `file.go` [default: ./...]
    #[arg(value_name = "PATTERNS")]
    pub patterns: Vec<String>,

    /// `text`: `file:line:col: x escapes to heap: reason → reason`; `json`:
    /// one object per line.
    #[arg(long, value_enum, default_value_t = EscapeFormat::Text)]
    pub format: EscapeFormat,

    /// Only packages whose import path (or directory) is PKG or ends with `/PKG`.
    #[arg(long = "package", value_name = "PKG")]
    pub packages: Vec<String>,

    /// Only escapes in functions named NAME (`Foo`, `T.Foo`, `Foo$1` for
    /// a literal, or `Foo` for its literals too).
    #[arg(long = "func", value_name = "NAME")]
    pub funcs: Vec<String>,

    /// Analyze `_test.go` files [default: false, as `go build`].
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = ArgAction::Set)]
    pub tests: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EscapeFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Packages to analyze: `./...`, `./dir/...`, `dir`, `file.go` [default: ./...]
    #[arg(value_name = "PATTERNS")]
    pub patterns: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// Write the findings to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Run only these rules instead of the default set: codes or prefixes,
    /// comma-separated (`GL1,GL601`); `ALL` runs every rule.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Run these rules too, on top of the default set (or of `--select`):
    /// codes or prefixes, comma-separated (`GL601,GL602` for the opt-in rules).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub extend_select: Option<Vec<String>>,

    /// Do not run these rules: codes or prefixes, comma-separated.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,

    /// Analyze `_test.go` files [default: true].
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = ArgAction::Set)]
    pub tests: Option<bool>,

    /// Report findings in generated files (`// Code generated … DO NOT EDIT.`).
    #[arg(long)]
    pub include_generated: bool,

    /// Read the configuration from FILE instead of looking for `golint-rs.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every `golint-rs.toml`.
    #[arg(long)]
    pub no_config: bool,

    /// SARIF: the run's category (`automationDetails.id` is `NAME/`), for
    /// several golint-rs analyses of one repository in code scanning.
    #[arg(long, value_name = "NAME", default_value = "golint-rs", value_parser = category)]
    pub sarif_category: Option<String>,

    /// Show at most N findings of one rule in one file, then a note saying
    /// how many more there are; 0 shows them all.
    #[arg(long, value_name = "N", default_value_t = crate::cap::DEFAULT_LIMIT)]
    pub max_findings_per_rule: usize,

    /// Do not print the summary line on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Print on stderr where the run spent its time: discovery, reading,
    /// parsing and lowering, the package index and shared models, each
    /// rule, rendering.
    #[arg(long)]
    pub timings: bool,

    /// Report only findings on lines added or changed since git revision REV
    /// (uncommitted changes and untracked files included).
    #[arg(long, value_name = "REV", conflicts_with = "new_from_merge_base")]
    pub new_from_rev: Option<String>,

    /// Report only findings on lines added or changed since `git merge-base HEAD BRANCH`.
    #[arg(long, value_name = "BRANCH")]
    pub new_from_merge_base: Option<String>,

    /// Report only findings not recorded in FILE; if FILE does not exist,
    /// record today's findings into it and report none.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Rewrite the --baseline FILE with today's findings and report none.
    #[arg(long, requires = "baseline")]
    pub update_baseline: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// For a terminal, with source snippets.
    Text,
    /// A stable JSON document, for editors and scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (inline annotations).
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// A code scanning category: not empty, no `/` at either end (the id adds one).
fn category(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() || t.starts_with('/') || t.ends_with('/') {
        return Err("expected a non-empty name without a leading or trailing `/`".into());
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_directory_named_rules_is_a_pattern_when_written_with_dot_slash() {
        let cli = Cli::try_parse_from(["golint-rs", "./rules"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.check.patterns, ["./rules"]);
        let cli = Cli::try_parse_from(["golint-rs", "rules"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Rules)));
    }

    #[test]
    fn tests_flag_takes_an_optional_bool() {
        let cli = Cli::try_parse_from(["golint-rs", "--tests=false", "./..."]).unwrap();
        assert_eq!(cli.check.tests, Some(false));
        let cli = Cli::try_parse_from(["golint-rs", "--tests", "./..."]).unwrap();
        assert_eq!(cli.check.tests, Some(true));
        assert_eq!(cli.check.patterns, ["./..."]);
    }

    #[test]
    fn threads_is_global() {
        let cli = Cli::try_parse_from(["golint-rs", "parse-only", "--threads", "2", "."]).unwrap();
        assert_eq!(cli.threads, 2);
    }
}
