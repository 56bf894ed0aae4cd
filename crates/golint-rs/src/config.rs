//! `golint-rs.toml`: found by walking up from the working directory, or
//! given with `--config FILE`.
//!
//! ```toml
//! select = ["GL1", "GL4"]      # replaces the default set
//! extend-select = ["GL601"]     # adds to it (opt-in rules)
//! ignore = ["GL404"]
//! tests = true
//! include-generated = false
//! exclude = ["internal/gen/**", "*.pb.go"]
//!
//! [severity]
//! GL401 = "error"
//!
//! [[per-path]]
//! paths = ["cmd/**"]
//! ignore = ["GL6"]
//! ```
//!
//! Globs are matched against paths relative to the directory of the config
//! file, `/`-separated. A glob without `/` also matches a file or directory
//! name at any depth (as in `.gitignore`); a glob matching a directory
//! covers everything below it. Unknown keys, unknown codes and bad globs are
//! errors naming the file, line and column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use golint_diagnostics::Severity;
use serde::Deserialize;
use toml::Spanned;

use crate::select::{empty_family, parse_entry, CodeSet, Known};

pub const FILE_NAME: &str = "golint-rs.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    tests: Option<bool>,
    include_generated: Option<bool>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    per_path: Vec<RawPerPath>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerPath {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
}

/// A loaded, validated configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from (`None`: no config).
    pub path: Option<PathBuf>,
    /// The directory globs are relative to.
    pub base: PathBuf,
    pub select: Option<CodeSet>,
    pub extend_select: Option<CodeSet>,
    pub ignore: Option<CodeSet>,
    pub tests: Option<bool>,
    pub include_generated: Option<bool>,
    exclude: Option<GlobSet>,
    /// Prefix → severity; the longest matching prefix decides.
    severity: Vec<(String, Severity)>,
    per_path: Vec<(GlobSet, CodeSet)>,
}

impl Config {
    /// Looks for `golint-rs.toml` in `cwd` and its ancestors.
    pub fn find(cwd: &Path) -> Option<PathBuf> {
        cwd.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Reads and validates a config file. The error names the file and,
    /// when it is about a place in the file, its line and column.
    pub fn load(path: &Path, known: &Known) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::parse(&text, path, base, known)
    }

    pub fn parse(text: &str, path: &Path, base: PathBuf, known: &Known) -> Result<Config, String> {
        let at = |span: Option<Range<usize>>, msg: &str| -> String {
            match span {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    format!("{}:{line}:{col}: {msg}", path.display())
                }
                None => format!("{}: {msg}", path.display()),
            }
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| at(e.span(), e.message().trim_end()))?;

        let codes = |entries: &[Spanned<String>]| -> Result<CodeSet, String> {
            let mut warnings = Vec::new();
            for e in entries {
                let prefix =
                    parse_entry(e.get_ref().trim(), known).map_err(|m| at(Some(e.span()), &m))?;
                if let Some(w) = empty_family(&prefix, known) {
                    warnings.push(at(Some(e.span()), &w));
                }
            }
            let plain: Vec<&str> = entries.iter().map(|e| e.get_ref().as_str()).collect();
            let mut set = CodeSet::parse(&plain, known).map_err(|m| at(None, &m))?;
            // The same warnings, located in the file.
            set.warnings = warnings;
            Ok(set)
        };
        let globs = |entries: &[Spanned<String>]| -> Result<GlobSet, String> {
            let mut b = GlobSetBuilder::new();
            for e in entries {
                for g in expand_glob(e.get_ref()) {
                    let glob = GlobBuilder::new(&g)
                        .literal_separator(true)
                        .build()
                        .map_err(|err| {
                            at(
                                Some(e.span()),
                                &format!("bad glob `{}`: {}", e.get_ref(), err.kind()),
                            )
                        })?;
                    b.add(glob);
                }
            }
            b.build().map_err(|err| at(None, &err.to_string()))
        };

        let mut severity = Vec::new();
        for (code, level) in &raw.severity {
            let prefix =
                parse_entry(code.get_ref().trim(), known).map_err(|m| at(Some(code.span()), &m))?;
            let sev = Severity::parse(level.get_ref()).ok_or_else(|| {
                at(
                    Some(level.span()),
                    &format!(
                        "unknown severity `{}` (expected \"error\", \"warning\" or \"note\")",
                        level.get_ref()
                    ),
                )
            })?;
            severity.push((prefix, sev));
        }
        let mut per_path = Vec::new();
        for p in &raw.per_path {
            per_path.push((globs(&p.paths)?, codes(&p.ignore)?));
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            base,
            select: raw.select.as_deref().map(codes).transpose()?,
            extend_select: raw.extend_select.as_deref().map(codes).transpose()?,
            ignore: raw.ignore.as_deref().map(codes).transpose()?,
            tests: raw.tests,
            include_generated: raw.include_generated,
            exclude: if raw.exclude.is_empty() {
                None
            } else {
                Some(globs(&raw.exclude)?)
            },
            severity,
            per_path,
        })
    }

    /// The path globs are matched against: relative to the config's
    /// directory when the file is below it, else the path relative to the
    /// scan root.
    pub fn match_path(&self, abs: &Path, rel: &str) -> String {
        match abs.strip_prefix(&self.base) {
            Ok(p) if !self.base.as_os_str().is_empty() => p
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            _ => rel.to_string(),
        }
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }

    /// True when a `[[per-path]]` entry ignores `code` in `path`.
    pub fn is_ignored_in(&self, code: &str, path: &str) -> bool {
        self.per_path
            .iter()
            .any(|(g, codes)| codes.contains(code) && g.is_match(path))
    }

    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(p, _)| code.starts_with(p.as_str()))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, s)| *s)
    }
}

/// `*.pb.go` also matches at any depth; `gen` or `gen/**` covers the files below.
fn expand_glob(g: &str) -> Vec<String> {
    let g = g.trim().trim_start_matches("./").trim_end_matches('/');
    let mut out = vec![g.to_string(), format!("{g}/**")];
    if !g.contains('/') {
        out.push(format!("**/{g}"));
        out.push(format!("**/{g}/**"));
    }
    out
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(
            text,
            Path::new("/p/golint-rs.toml"),
            PathBuf::from("/p"),
            &Known::load(),
        )
    }

    #[test]
    fn full_config() {
        let c = parse(
            r#"
select = ["GL0"]
extend-select = ["GL601", "GL3"]
ignore = ["GL002"]
tests = false
include-generated = true
exclude = ["gen/**", "*.pb.go", "third_party"]

[severity]
GL001 = "error"

[[per-path]]
paths = ["cmd/**"]
ignore = ["GL000"]
"#,
        )
        .unwrap();
        assert_eq!(c.tests, Some(false));
        let extend = c.extend_select.as_ref().unwrap();
        assert!(extend.contains("GL601"));
        // A family with no rule yet parses, with a warning located in the file.
        assert_eq!(extend.warnings.len(), 1);
        assert!(
            extend.warnings[0].starts_with("/p/golint-rs.toml:3:27: `GL3` matches no rule"),
            "{:?}",
            extend.warnings
        );
        assert_eq!(c.include_generated, Some(true));
        assert!(c.is_excluded("gen/a.go"));
        assert!(c.is_excluded("x/y/foo.pb.go"));
        assert!(c.is_excluded("third_party/a/b.go"));
        assert!(!c.is_excluded("a.go"));
        assert_eq!(c.severity_of("GL001"), Some(Severity::Error));
        assert_eq!(c.severity_of("GL002"), None);
        assert!(c.is_ignored_in("GL000", "cmd/x/main.go"));
        assert!(!c.is_ignored_in("GL000", "main.go"));
        assert!(!c.is_ignored_in("GL001", "cmd/main.go"));
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let e = parse("select = [\"GL0\"]\nfoo = 1\n").unwrap_err();
        assert!(
            e.starts_with("/p/golint-rs.toml:2:1: unknown field `foo`"),
            "{e}"
        );
        let e = parse("select = [\n  \"GL999\",\n]\n").unwrap_err();
        assert!(
            e.starts_with("/p/golint-rs.toml:2:3: unknown rule code or prefix `GL999`"),
            "{e}"
        );
        let e = parse("[severity]\nGL001 = \"fatal\"\n").unwrap_err();
        assert!(
            e.starts_with("/p/golint-rs.toml:2:9: unknown severity `fatal`"),
            "{e}"
        );
        let e = parse("select = [\"GL0\"\n").unwrap_err();
        assert!(e.starts_with("/p/golint-rs.toml:"), "{e}");
        let e = parse("exclude = [\"a[\"]\n").unwrap_err();
        assert!(e.starts_with("/p/golint-rs.toml:1:12: bad glob"), "{e}");
    }

    #[test]
    fn paths_are_relative_to_the_config_directory() {
        let c = parse("").unwrap();
        assert_eq!(c.match_path(Path::new("/p/a/b.go"), "b.go"), "a/b.go");
        assert_eq!(c.match_path(Path::new("/q/b.go"), "../q/b.go"), "../q/b.go");
    }
}
