//! `--new-from-rev REV` and `--new-from-merge-base BRANCH`: report only the
//! findings whose primary line was added or changed since a git revision, so
//! that a codebase with old findings can adopt the tool on new code first.
//!
//! The changed lines come from the `git` command (no library): the working
//! tree (staged and unstaged changes included) is diffed against the
//! revision with `git diff -U0`, and every hunk's new-side range counts as
//! changed; untracked files that git does not ignore count as wholly new.
//! Renamed files keep only their edited lines (`--find-renames`), deleted
//! and binary files have no lines, names with spaces or any other byte are
//! read as git quotes them. Files are matched by canonical absolute path.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{anyhow, bail, Result};
use golint_diagnostics::{Diagnostic, FileId, LineIndex, SourceMap};

use crate::cli::CheckArgs;

const SHALLOW_HINT: &str =
    "this is a shallow clone; fetch more history (e.g. actions/checkout with fetch-depth: 0)";

/// What to compare the working tree with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Since {
    /// `--new-from-rev REV`.
    Rev(String),
    /// `--new-from-merge-base BRANCH`: `git merge-base HEAD BRANCH`.
    MergeBase(String),
}

impl Since {
    pub fn from_args(args: &CheckArgs) -> Option<Since> {
        match (&args.new_from_rev, &args.new_from_merge_base) {
            (Some(rev), _) => Some(Since::Rev(rev.clone())),
            (None, Some(branch)) => Some(Since::MergeBase(branch.clone())),
            (None, None) => None,
        }
    }

    /// The flag as the user wrote it, to start error messages.
    fn flag(&self) -> String {
        match self {
            Since::Rev(r) => format!("--new-from-rev {r}"),
            Since::MergeBase(b) => format!("--new-from-merge-base {b}"),
        }
    }
}

/// The lines of one file that are new since the revision.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Lines {
    /// An untracked file: every line is new.
    All,
    /// 1-based inclusive ranges, in diff order.
    Ranges(Vec<(u32, u32)>),
}

/// The lines added or changed since a revision, by canonical absolute path.
#[derive(Debug)]
pub struct Changed {
    files: HashMap<PathBuf, Lines>,
}

impl Changed {
    /// Asks git, in the repository holding `cwd`, what changed since `since`.
    pub fn load(cwd: &Path, since: &Since) -> Result<Changed> {
        let flag = since.flag();
        let top = toplevel(cwd, &flag)?;
        let git = Git { dir: top.clone() };
        let rev = match since {
            Since::Rev(rev) => git.commit(rev, &flag)?,
            Since::MergeBase(branch) => git.merge_base(branch, &flag)?,
        };

        let diff = git.run_ok(
            &[
                "-c",
                "core.quotepath=off",
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--find-renames",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                "-U0",
                &rev,
                "--",
            ],
            &flag,
        )?;
        let mut files = HashMap::new();
        for (rel, ranges) in parse_diff(&diff) {
            if !ranges.is_empty() {
                files.insert(top.join(bytes_to_path(&rel)), Lines::Ranges(ranges));
            }
        }
        let untracked = git.run_ok(&["ls-files", "--others", "--exclude-standard", "-z"], &flag)?;
        for rel in untracked.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            files.insert(top.join(bytes_to_path(rel)), Lines::All);
        }
        Ok(Changed { files })
    }

    /// Keeps the diagnostics whose primary line is new; the order is kept.
    pub fn retain(&self, diags: Vec<Diagnostic>, sources: &SourceMap) -> Vec<Diagnostic> {
        let mut cache: HashMap<FileId, Option<(&Lines, Option<LineIndex>)>> = HashMap::new();
        diags
            .into_iter()
            .filter(|d| {
                let entry = cache.entry(d.span.file).or_insert_with(|| {
                    let src = sources.get(d.span.file)?;
                    let path = canonical(&src.path);
                    let lines = self.files.get(&path)?;
                    let index = match lines {
                        Lines::All => None,
                        Lines::Ranges(_) => sources.text(d.span.file).map(|t| LineIndex::new(&t)),
                    };
                    Some((lines, index))
                });
                match entry {
                    None => false,
                    Some((Lines::All, _)) => true,
                    Some((Lines::Ranges(ranges), index)) => {
                        // A file that cannot be read again has no known lines.
                        let Some(index) = index else { return false };
                        let line = index.line_of(d.span.start) as u32 + 1;
                        ranges.iter().any(|&(a, b)| a <= line && line <= b)
                    }
                }
            })
            .collect()
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The top-level directory of the work tree holding `cwd`, canonical.
fn toplevel(cwd: &Path, flag: &str) -> Result<PathBuf> {
    let out =
        git_command(cwd, &["rev-parse", "--show-toplevel"]).map_err(|e| spawn_error(e, flag))?;
    if !out.status.success() {
        let reason = stderr_reason(&out);
        if reason.contains("not a git repository") {
            bail!(
                "{flag}: {} is not in a git repository, so there is no revision to compare with",
                cwd.display()
            );
        }
        bail!(
            "{flag}: git cannot open the repository of {}: {reason}",
            cwd.display()
        );
    }
    let stdout = trim_newline(&out.stdout);
    if stdout.is_empty() {
        bail!(
            "{flag}: {} is not in a git work tree (a bare repository or inside .git)",
            cwd.display()
        );
    }
    Ok(canonical(&bytes_to_path(stdout)))
}

struct Git {
    dir: PathBuf,
}

impl Git {
    /// Runs git and returns its stdout; a failure is an error naming the flag.
    fn run_ok(&self, args: &[&str], flag: &str) -> Result<Vec<u8>> {
        let out = git_command(&self.dir, args).map_err(|e| spawn_error(e, flag))?;
        if !out.status.success() {
            bail!(
                "{flag}: `git {}` failed: {}",
                args.join(" "),
                stderr_reason(&out)
            );
        }
        Ok(out.stdout)
    }

    /// The commit `rev` names, as a full hash; an error says why there is none.
    fn commit(&self, rev: &str, flag: &str) -> Result<String> {
        self.resolve(rev)
            .map_err(|()| self.missing(&format!("revision {rev:?}"), flag))?
            .ok_or_else(|| anyhow!("{flag}: {rev:?} is not a valid revision"))
    }

    /// `Ok(None)`: `rev` cannot be a revision at all; `Err(())`: it does not exist.
    fn resolve(&self, rev: &str) -> std::result::Result<Option<String>, ()> {
        // Never let a revision be read as an option (`--output=…`).
        if rev.is_empty() || rev.starts_with('-') {
            return Ok(None);
        }
        let spec = format!("{rev}^{{commit}}");
        match git_command(
            &self.dir,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        ) {
            Ok(out) if out.status.success() => {
                let hash = String::from_utf8_lossy(trim_newline(&out.stdout)).into_owned();
                if hash.is_empty() {
                    Err(())
                } else {
                    Ok(Some(hash))
                }
            }
            _ => Err(()),
        }
    }

    /// `git merge-base HEAD BRANCH`.
    fn merge_base(&self, branch: &str, flag: &str) -> Result<String> {
        let other = self
            .resolve(branch)
            .map_err(|()| self.missing(&format!("branch or revision {branch:?}"), flag))?
            .ok_or_else(|| anyhow!("{flag}: {branch:?} is not a valid branch or revision"))?;
        let head = self
            .resolve("HEAD")
            .map_err(|()| {
                anyhow!("{flag}: HEAD does not exist (the repository has no commit yet)")
            })?
            .unwrap_or_default();
        let out = git_command(&self.dir, &["merge-base", &head, &other])
            .map_err(|e| spawn_error(e, flag))?;
        let base = String::from_utf8_lossy(trim_newline(&out.stdout)).into_owned();
        if out.status.success() && !base.is_empty() {
            return Ok(base);
        }
        let reason = if out.status.code() == Some(1) && out.stderr.is_empty() {
            format!("HEAD and {branch:?} have no common ancestor")
        } else {
            format!(
                "`git merge-base HEAD {branch}` failed: {}",
                stderr_reason(&out)
            )
        };
        if self.is_shallow() {
            bail!("{flag}: {reason}: {SHALLOW_HINT}");
        }
        bail!("{flag}: {reason}");
    }

    /// The error for a revision that does not exist.
    fn missing(&self, what: &str, flag: &str) -> anyhow::Error {
        if self.is_shallow() {
            anyhow!("{flag}: {what} does not exist in this repository: {SHALLOW_HINT}")
        } else {
            anyhow!("{flag}: {what} does not exist in this repository (not a known commit, branch or tag)")
        }
    }

    fn is_shallow(&self) -> bool {
        git_command(&self.dir, &["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| out.status.success() && trim_newline(&out.stdout) == b"true")
    }
}

/// `git ARGS` in `dir`, without touching the index lock or paging.
fn git_command(dir: &Path, args: &[&str]) -> io::Result<Output> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(std::process::Stdio::null())
        .output()
}

fn spawn_error(e: io::Error, flag: &str) -> anyhow::Error {
    if e.kind() == io::ErrorKind::NotFound {
        anyhow!("{flag}: git is not installed (not found on PATH); it is needed to find the changed lines")
    } else {
        anyhow!("{flag}: cannot run git: {e}")
    }
}

/// Git's message, on one line, without the `fatal: ` prefix.
fn stderr_reason(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.strip_prefix("fatal: ")
                .or_else(|| l.strip_prefix("error: "))
                .unwrap_or(l)
        })
        .collect();
    if lines.is_empty() {
        format!("git exited with {}", out.status)
    } else {
        lines.join("; ")
    }
}

fn trim_newline(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}

#[cfg(unix)]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// A path relative to the top level (raw bytes) and its new-side ranges.
type FileHunks = (Vec<u8>, Vec<(u32, u32)>);

/// The new-side line ranges of a `git diff -U0` patch, by path relative to
/// the top level (the `+++ b/…` name; deleted files, binary files and pure
/// renames have none). Hunk bodies are skipped by their line counts, so an
/// added line that reads `++ b/x` is never taken for a header.
fn parse_diff(patch: &[u8]) -> Vec<FileHunks> {
    let mut files: Vec<FileHunks> = Vec::new();
    let mut current: Option<usize> = None;
    let (mut old_left, mut new_left) = (0u32, 0u32);
    for line in patch.split(|&b| b == b'\n') {
        if old_left > 0 || new_left > 0 {
            match line.first() {
                Some(b'-') => {
                    old_left = old_left.saturating_sub(1);
                    continue;
                }
                Some(b'+') => {
                    new_left = new_left.saturating_sub(1);
                    continue;
                }
                Some(b' ') => {
                    old_left = old_left.saturating_sub(1);
                    new_left = new_left.saturating_sub(1);
                    continue;
                }
                Some(b'\\') => continue,
                // A truncated hunk: read the line as a header.
                _ => (old_left, new_left) = (0, 0),
            }
        }
        if line.starts_with(b"diff ") {
            current = None;
        } else if let Some(name) = line.strip_prefix(b"+++ ") {
            current = new_path(name).map(|p| {
                files.push((p, Vec::new()));
                files.len() - 1
            });
        } else if line.starts_with(b"@@ ") {
            if let Some((old_count, start, count)) = hunk_header(line) {
                (old_left, new_left) = (old_count, count);
                if let (Some(i), true) = (current, count > 0) {
                    files[i].1.push((start, start + (count - 1)));
                }
            }
        }
    }
    files
}

/// The path of a `+++ ` line: `b/name`, `"b/quoted\tname"`, or `/dev/null`.
fn new_path(name: &[u8]) -> Option<Vec<u8>> {
    // Git appends a tab to a name holding a space (for GNU patch); a name
    // holding a tab itself is quoted.
    let name = name.strip_suffix(b"\t").unwrap_or(name);
    if name == b"/dev/null" {
        return None;
    }
    let name = if name.first() == Some(&b'"') {
        c_unquote(name)?
    } else {
        name.to_vec()
    };
    Some(match name.strip_prefix(b"b/") {
        Some(rest) => rest.to_vec(),
        None => name,
    })
}

/// Undoes git's C-style quoting: `"a\tb\303\251"` → bytes.
fn c_unquote(s: &[u8]) -> Option<Vec<u8>> {
    let inner = s.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let e = *inner.get(i)?;
        i += 1;
        out.push(match e {
            b'a' => 0x07,
            b'b' => 0x08,
            b't' => b'\t',
            b'n' => b'\n',
            b'v' => 0x0b,
            b'f' => 0x0c,
            b'r' => b'\r',
            b'0'..=b'3' => {
                let digits = inner.get(i - 1..i + 2)?;
                if !digits.iter().all(|d| (b'0'..=b'7').contains(d)) {
                    return None;
                }
                i += 2;
                digits.iter().fold(0u8, |n, d| n * 8 + (d - b'0'))
            }
            other => other,
        });
    }
    Some(out)
}

/// `@@ -a[,b] +c[,d] @@…` → (b, c, d); a missing count is 1.
fn hunk_header(line: &[u8]) -> Option<(u32, u32, u32)> {
    let text = std::str::from_utf8(line.get(3..)?).ok().or_else(|| {
        // The function context after the second `@@` may be any bytes.
        let end = line.windows(3).skip(3).position(|w| w == b" @@")? + 3;
        std::str::from_utf8(&line[3..end]).ok()
    })?;
    let mut parts = text.split(' ');
    let old = parts.next()?.strip_prefix('-')?;
    let new = parts.next()?.strip_prefix('+')?;
    let range = |r: &str| -> Option<(u32, u32)> {
        match r.split_once(',') {
            Some((a, n)) => Some((a.parse().ok()?, n.parse().ok()?)),
            None => Some((r.parse().ok()?, 1)),
        }
    };
    let (_, old_count) = range(old)?;
    let (start, count) = range(new)?;
    Some((old_count, start, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(patch: &str) -> Vec<(String, Vec<(u32, u32)>)> {
        parse_diff(patch.as_bytes())
            .into_iter()
            .map(|(p, r)| (String::from_utf8(p).unwrap(), r))
            .collect()
    }

    #[test]
    fn hunks_become_new_side_ranges() {
        let patch = "\
diff --git a/my file.go b/my file.go
index de98044..a7bc997 100644
--- a/my file.go\t
+++ b/my file.go\t
@@ -2 +2 @@ a
-b
+B
@@ -3,0 +4,2 @@ c
+d
+++ b/not a header
@@ -9,2 +10,0 @@
-x
-y
diff --git a/old.go b/new.go
similarity index 88%
rename from old.go
rename to new.go
--- a/old.go
+++ b/new.go
@@ -8,0 +9 @@
+9
\\ No newline at end of file
diff --git \"a/tab\\there.go\" \"b/tab\\there.go\"
--- \"a/tab\\there.go\"
+++ \"b/tab\\there.go\"
@@ -1 +1 @@
-q
+r
diff --git a/gone.go b/gone.go
deleted file mode 100644
--- a/gone.go
+++ /dev/null
@@ -1,3 +0,0 @@
-a
-b
-c
diff --git a/img.png b/img.png
Binary files a/img.png and b/img.png differ
diff --git a/caf\u{e9}.go b/caf\u{e9}.go
--- a/caf\u{e9}.go
+++ b/caf\u{e9}.go
@@ -0,0 +1,3 @@
+x
+y
+z
";
        assert_eq!(
            parsed(patch),
            [
                ("my file.go".to_string(), vec![(2, 2), (4, 5)]),
                ("new.go".to_string(), vec![(9, 9)]),
                ("tab\there.go".to_string(), vec![(1, 1)]),
                ("caf\u{e9}.go".to_string(), vec![(1, 3)]),
            ]
        );
    }

    #[test]
    fn quoted_names_are_unquoted() {
        assert_eq!(
            new_path(b"\"b/caf\\303\\251 \\\"x\\\".go\"\t").unwrap(),
            "caf\u{e9} \"x\".go".as_bytes()
        );
        assert_eq!(new_path(b"/dev/null"), None);
        assert_eq!(c_unquote(b"\"bad\\9\""), Some(b"bad9".to_vec()));
        assert_eq!(c_unquote(b"\"trunc\\30\""), None);
    }

    #[test]
    fn hunk_headers() {
        assert_eq!(hunk_header(b"@@ -1 +1 @@"), Some((1, 1, 1)));
        assert_eq!(hunk_header(b"@@ -3,0 +4,2 @@ func f()"), Some((0, 4, 2)));
        assert_eq!(hunk_header(b"@@ -0,0 +1 @@"), Some((0, 1, 1)));
        assert_eq!(hunk_header(b"@@ -1,2 +0,0 @@ \xff"), Some((2, 0, 0)));
        assert_eq!(hunk_header(b"@@ junk @@"), None);
    }
}
