//! `--baseline FILE`: record today's findings once, then report only the
//! findings that are not in the record.
//!
//! A finding is keyed by its rule code, its file (relative to the project
//! root, `/`-separated) and a hash of the trimmed text of its primary line
//! and of its message: line numbers are left out, so edits elsewhere in the
//! file do not turn a recorded finding into a new one. Identical keys are
//! counted: with 2 recorded and 3 found, the last one (in output order) is
//! reported.
//!
//! The project root is the nearest directory, from the working directory
//! up, that holds `.git`; outside a repository, the nearest holding
//! `go.work`, else `go.mod`; else the working directory. The file is JSON,
//! versioned, sorted and written the same way every time (see
//! `docs/only-new-findings.md`).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};
use golint_diagnostics::{Diagnostic, FileId, LineIndex, SourceMap};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format version written in the file; other versions are refused.
pub const VERSION: u32 = 1;

/// (file, code, hash).
type Key = (String, String, String);

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    #[serde(default)]
    tool: String,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// Relative to the project root, `/`-separated.
    file: String,
    code: String,
    /// SHA-256 of the trimmed primary line and the message, first 16 bytes in hex.
    hash: String,
    /// How many findings share this key.
    count: u32,
    /// For the reader only; matching uses `hash`.
    #[serde(default)]
    message: String,
}

enum Mode {
    /// The file does not exist, or `--update-baseline`: write it.
    Record { updating: bool },
    /// How many findings of each key the file allows.
    Compare(HashMap<Key, u32>),
}

pub struct Baseline {
    /// Where to read and write (the working directory joined with FILE).
    path: PathBuf,
    /// FILE as the user wrote it, for messages.
    shown: String,
    root: PathBuf,
    mode: Mode,
}

impl Baseline {
    /// Reads FILE if it exists (and `update` is not set); a malformed file
    /// is an error naming it.
    pub fn open(cwd: &Path, file: &Path, update: bool) -> Result<Baseline> {
        let path = cwd.join(file);
        let shown = file.display().to_string();
        let mode = if update {
            Mode::Record { updating: true }
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => Mode::Compare(parse(&bytes).with_context(|| {
                    format!("malformed baseline {shown} (rewrite it with --update-baseline)")
                })?),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Mode::Record { updating: false },
                Err(e) => return Err(e).with_context(|| format!("cannot read baseline {shown}")),
            }
        };
        Ok(Baseline {
            path,
            shown,
            root: project_root(cwd),
            mode,
        })
    }

    /// Records `diags` and returns nothing to report, or returns the
    /// diagnostics the baseline does not cover (in their order).
    pub fn apply(
        self,
        diags: Vec<Diagnostic>,
        sources: &SourceMap,
        stderr: &mut impl Write,
    ) -> Result<Vec<Diagnostic>> {
        let mut keys = Keys::new(sources, &self.root);
        match self.mode {
            Mode::Record { updating } => {
                let mut entries: BTreeMap<Key, (u32, String)> = BTreeMap::new();
                for d in &diags {
                    let e = entries
                        .entry(keys.key(d))
                        .or_insert_with(|| (0, d.message.clone()));
                    e.0 += 1;
                }
                let file = BaselineFile {
                    version: VERSION,
                    tool: "golint-rs".to_string(),
                    findings: entries
                        .into_iter()
                        .map(|((file, code, hash), (count, message))| Entry {
                            file,
                            code,
                            hash,
                            count,
                            message,
                        })
                        .collect(),
                };
                let mut text =
                    serde_json::to_string_pretty(&file).context("cannot serialize the baseline")?;
                text.push('\n');
                write_atomically(&self.path, text.as_bytes())
                    .with_context(|| format!("cannot write baseline {}", self.shown))?;
                let n = diags.len();
                let _ = writeln!(
                    stderr,
                    "baseline: {} {} {} in {}; later runs with --baseline {} report only findings not in it",
                    if updating { "updated," } else { "recorded" },
                    n,
                    if n == 1 { "finding" } else { "findings" },
                    self.shown,
                    self.shown,
                );
                Ok(Vec::new())
            }
            Mode::Compare(mut allowed) => Ok(diags
                .into_iter()
                .filter(|d| match allowed.get_mut(&keys.key(d)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                })
                .collect()),
        }
    }
}

fn parse(bytes: &[u8]) -> Result<HashMap<Key, u32>> {
    let file: BaselineFile = serde_json::from_slice(bytes)?;
    if file.version != VERSION {
        bail!(
            "version {} is not supported (this golint-rs reads version {VERSION})",
            file.version
        );
    }
    let mut allowed = HashMap::new();
    for e in file.findings {
        *allowed.entry((e.file, e.code, e.hash)).or_insert(0) += e.count;
    }
    Ok(allowed)
}

/// Writes next to the target, then renames: a baseline is never half-written.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

type Text = (std::sync::Arc<str>, LineIndex);

/// Computes keys, reading each file with findings once.
struct Keys<'a> {
    sources: &'a SourceMap,
    root: &'a Path,
    /// By file: its path relative to the root, and its text if readable.
    files: HashMap<FileId, (String, Option<Text>)>,
}

impl<'a> Keys<'a> {
    fn new(sources: &'a SourceMap, root: &'a Path) -> Keys<'a> {
        Keys {
            sources,
            root,
            files: HashMap::new(),
        }
    }

    fn key(&mut self, d: &Diagnostic) -> Key {
        let (sources, root) = (self.sources, self.root);
        let (rel, text) = self.files.entry(d.span.file).or_insert_with(|| {
            let rel = match sources.get(d.span.file) {
                Some(src) => {
                    let path = std::fs::canonicalize(&src.path).unwrap_or(src.path.clone());
                    relative(root, &path)
                }
                None => String::new(),
            };
            let text = sources
                .text(d.span.file)
                .map(|t| (t.clone(), LineIndex::new(&t)));
            (rel, text)
        });
        let line = match text {
            Some((text, index)) => {
                let line0 = index.line_of(d.span.start);
                let start = index.line_start(line0) as usize;
                let end = if line0 + 1 < index.line_count() {
                    index.line_start(line0 + 1) as usize
                } else {
                    text.len()
                };
                text.get(start..end).unwrap_or("").trim()
            }
            None => "",
        };
        (rel.clone(), d.code.to_string(), hash(line, &d.message))
    }
}

fn hash(line: &str, message: &str) -> String {
    let mut h = Sha256::new();
    // A NUL between the two: neither can run into the other.
    h.update(line.as_bytes());
    h.update([0]);
    h.update(message.as_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The directory baseline paths are relative to (see the module doc).
fn project_root(cwd: &Path) -> PathBuf {
    let cwd = std::fs::canonicalize(cwd).unwrap_or(cwd.to_path_buf());
    let nearest = |name: &str| cwd.ancestors().find(|d| d.join(name).exists());
    nearest(".git")
        .or_else(|| nearest("go.work"))
        .or_else(|| nearest("go.mod"))
        .unwrap_or(&cwd)
        .to_path_buf()
}

/// `target` relative to `base`, `/`-separated (`..` when outside it).
fn relative(base: &Path, target: &Path) -> String {
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return target.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/c/d.go")),
            "c/d.go"
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/x/d.go")),
            "../x/d.go"
        );
    }

    #[test]
    fn hash_ignores_nothing_but_is_stable() {
        assert_eq!(hash("x", "m"), hash("x", "m"));
        assert_ne!(hash("x", "m"), hash("x", "n"));
        assert_ne!(hash("xm", ""), hash("x", "m"));
        assert_eq!(hash("x", "m").len(), 32);
    }

    #[test]
    fn versions_other_than_1_are_refused() {
        let err = parse(br#"{"version": 2, "findings": []}"#).unwrap_err();
        assert!(err.to_string().contains("version 2"), "{err}");
        assert!(parse(br#"{"version": 1, "findings": []}"#).is_ok());
        assert!(parse(b"[]").is_err());
    }
}
