//! Reading Go source files, and the questions asked of a file before it is
//! parsed: is it excluded by `//go:build ignore`, is it generated, what is its
//! package clause. The header scan follows `go/build`: only the comments
//! before the package clause count.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use crate::discover::io_message;

/// Files larger than this are skipped with a warning. The largest
/// hand-written Go files are well under 1 MiB and large generated API
/// clients a few MiB; beyond this are embedded data (bindata, tables), whose
/// syntax tree costs about fifty times the file size in memory and
/// seconds of parsing for nothing to find. A 50 MB generated file took 32 s
/// and 4.3 GB of memory before this limit.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Why a file cannot be analyzed. `Display` is a user-facing message meant to
/// follow the file's path (`net/x.go: cannot read: permission denied`).
#[derive(thiserror::Error, Debug)]
pub enum LoadError {
    #[error("cannot read: no such file")]
    NotFound,
    #[error("cannot read: broken symbolic link (its target does not exist)")]
    BrokenSymlink,
    #[error("cannot read: symbolic link loop (too many levels of symbolic links)")]
    SymlinkLoop,
    #[error("cannot read: permission denied")]
    PermissionDenied,
    #[error("cannot read: is a directory")]
    IsDir,
    #[error("cannot read: not a regular file")]
    NotRegular,
    #[error("skipped: {} is larger than the {} MiB limit (generated data?)", human_size(*size), MAX_FILE_SIZE / (1024 * 1024))]
    TooLarge { size: u64 },
    #[error("invalid UTF-8 at byte offset {offset} (line {line}, column {column}); Go source must be UTF-8")]
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based byte column of that byte.
        column: usize,
    },
    #[error("cannot read: {}", io_message(source))]
    Io { source: io::Error },
}

fn human_size(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Reads a Go source file: size checked against [`MAX_FILE_SIZE`] before
/// reading, bytes read once, UTF-8 validated without a copy.
pub fn read_source(path: &Path) -> Result<String, LoadError> {
    let meta = fs::metadata(path).map_err(|e| open_error(path, e))?;
    if meta.is_dir() {
        return Err(LoadError::IsDir);
    }
    if !meta.is_file() {
        // A FIFO or a device would block or never end.
        return Err(LoadError::NotRegular);
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge { size: meta.len() });
    }
    let file = File::open(path).map_err(|e| open_error(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    // The file may have grown since the stat: never read past the limit.
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| open_error(path, e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        LoadError::NotUtf8 {
            offset,
            line,
            column: offset - line_start + 1,
        }
    })
}

fn open_error(path: &Path, e: io::Error) -> LoadError {
    let is_link = || fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match e.kind() {
        io::ErrorKind::NotFound if is_link() => LoadError::BrokenSymlink,
        io::ErrorKind::NotFound => LoadError::NotFound,
        io::ErrorKind::PermissionDenied => LoadError::PermissionDenied,
        _ if is_eloop(&e) => LoadError::SymlinkLoop,
        _ if is_eisdir(&e) => LoadError::IsDir,
        _ => LoadError::Io { source: e },
    }
}

fn is_eloop(e: &io::Error) -> bool {
    let eloop = if cfg!(target_os = "linux") { 40 } else { 62 };
    cfg!(unix) && e.raw_os_error() == Some(eloop)
}

fn is_eisdir(e: &io::Error) -> bool {
    cfg!(unix) && e.raw_os_error() == Some(21)
}

/// What the comments before the package clause say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header<'a> {
    /// The package name, if the file has a package clause.
    pub package: Option<&'a str>,
    /// Byte offset of the `package` keyword (or of the first non-comment text).
    pub package_offset: Option<usize>,
    /// Excluded by `//go:build ignore` (or `// +build ignore`).
    pub build_ignored: bool,
    /// Marked `// Code generated … DO NOT EDIT.`.
    pub generated: bool,
}

/// `//go:build ignore` (or, without a `//go:build` line, `// +build ignore`)
/// in the header: the build constraint is false whatever the other tags are,
/// because `ignore` is a term ANDed at the top (`ignore`, `ignore && linux`,
/// `(ignore)`, `!linux && ignore`). `ignore || linux` and `!ignore` are kept.
pub fn is_build_ignored(text: &str) -> bool {
    scan_header(text).build_ignored
}

/// The Go convention for generated files: a line comment matching
/// `^// Code generated .* DO NOT EDIT\.$` before the package clause.
pub fn is_generated(text: &str) -> bool {
    scan_header(text).generated
}

/// The name in the package clause, found without parsing the file.
pub fn package_name(text: &str) -> Option<&str> {
    scan_header(text).package
}

/// Scans the leading comments of a Go file as `go/build` does: blank lines,
/// `//` comments and `/* */` comments up to the first other text.
pub fn scan_header(text: &str) -> Header<'_> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut header = Header::default();
    // End of the part where `// +build` lines count: the last blank line
    // before the first non-comment line.
    let mut plus_build_end = bom;
    let mut ended = false;
    let mut in_block = false;
    let mut go_build: Option<&str> = None;
    let mut pos = bom;
    'lines: while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let raw = &text[pos..line_end];
        pos = (line_end + 1).min(text.len());
        let line = raw.trim();
        if line.is_empty() && !ended {
            plus_build_end = pos;
            continue;
        }
        if !line.starts_with("//") {
            ended = true;
        }
        if !in_block {
            if go_build.is_none() {
                go_build = split_go_build(line);
            }
            if is_generated_comment(raw) {
                header.generated = true;
            }
        }
        let mut rest = line;
        loop {
            if rest.is_empty() {
                continue 'lines;
            }
            if in_block {
                match rest.find("*/") {
                    Some(i) => {
                        in_block = false;
                        rest = rest[i + 2..].trim();
                        continue;
                    }
                    None => continue 'lines,
                }
            }
            if rest.starts_with("//") {
                continue 'lines;
            }
            if let Some(after) = rest.strip_prefix("/*") {
                in_block = true;
                rest = after.trim();
                continue;
            }
            // Non-comment text: the package clause (or garbage).
            let offset = rest.as_ptr() as usize - text.as_ptr() as usize;
            header.package_offset = Some(offset);
            header.package = package_clause_name(&text[offset..]);
            break 'lines;
        }
    }
    header.build_ignored = match go_build {
        // A //go:build line, when there is one, is the constraint.
        Some(expr) => constraint_is_false(expr),
        None => text[..plus_build_end.min(text.len())]
            .lines()
            .filter_map(|l| split_plus_build(l.trim()))
            .any(plus_build_is_false),
    };
    header
}

/// `^// Code generated .* DO NOT EDIT\.$` on a line comment's text.
fn is_generated_comment(raw: &str) -> bool {
    const PREFIX: &str = "// Code generated ";
    const SUFFIX: &str = " DO NOT EDIT.";
    let s = raw.trim_start();
    let s = s.strip_suffix('\r').unwrap_or(s);
    s.len() >= PREFIX.len() + SUFFIX.len() && s.starts_with(PREFIX) && s.ends_with(SUFFIX)
}

/// The expression of a `//go:build` line (the prefix followed by a space, or
/// alone), as `go/build/constraint` splits it.
fn split_go_build(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("//go:build")?;
    let trimmed = rest.trim();
    if rest.is_empty() || trimmed.len() < rest.len() {
        Some(trimmed)
    } else {
        None
    }
}

/// The expression of a `// +build` line (the space after `//` is optional).
fn split_plus_build(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("//")?.trim();
    let rest = rest.strip_prefix("+build")?;
    let trimmed = rest.trim();
    if rest.is_empty() || trimmed.len() < rest.len() {
        Some(trimmed)
    } else {
        None
    }
}

/// Three-valued truth: a build tag other than `ignore` may or may not be set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truth {
    False,
    Unknown,
    True,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
            Truth::True => Truth::False,
        }
    }
    fn and(self, o: Truth) -> Truth {
        match (self, o) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }
    fn or(self, o: Truth) -> Truth {
        self.not().and(o.not()).not()
    }
}

fn tag_truth(tag: &str) -> Truth {
    if tag == "ignore" {
        Truth::False
    } else {
        Truth::Unknown
    }
}

fn is_valid_tag(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// Whether a `//go:build` expression is false for every setting of the tags
/// other than `ignore`. A malformed expression is not (the file is kept).
fn constraint_is_false(expr: &str) -> bool {
    let mut p = ExprParser {
        s: expr,
        pos: 0,
        depth: 0,
    };
    match p.or() {
        Some(t) if p.at_end() => t == Truth::False,
        _ => false,
    }
}

/// A `// +build` line: space-separated options ORed, each a comma-separated
/// AND of possibly negated tags; invalid terms mean `ignore`, as in Go.
fn plus_build_is_false(expr: &str) -> bool {
    let mut any = false;
    let mut x = Truth::False;
    for clause in expr.split_whitespace() {
        any = true;
        let mut y = Truth::True;
        for lit in clause.split(',') {
            let z = if lit.starts_with("!!") || lit == "!" {
                Truth::False
            } else {
                let (neg, tag) = match lit.strip_prefix('!') {
                    Some(t) => (true, t),
                    None => (false, lit),
                };
                let t = if is_valid_tag(tag) {
                    tag_truth(tag)
                } else {
                    Truth::False
                };
                if neg {
                    t.not()
                } else {
                    t
                }
            };
            y = y.and(z);
        }
        x = x.or(y);
    }
    // An empty `// +build` line means `ignore`.
    !any || x == Truth::False
}

/// Recursive descent over `||`, `&&`, `!`, parentheses and tags.
struct ExprParser<'a> {
    s: &'a str,
    pos: usize,
    /// `!` and `(` entered: each recurses, so a line of thousands would
    /// overflow the stack; past [`MAX_CONSTRAINT_DEPTH`] it is malformed.
    depth: u32,
}

/// Deepest `!` and parenthesis nesting of a build constraint (go vet
/// rejects far less; the bound only has to keep the recursion small).
const MAX_CONSTRAINT_DEPTH: u32 = 1000;

impl ExprParser<'_> {
    fn skip_ws(&mut self) {
        let rest = &self.s[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }
    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.pos == self.s.len()
    }
    fn eat(&mut self, tok: &str) -> bool {
        self.skip_ws();
        if self.s[self.pos..].starts_with(tok) {
            self.pos += tok.len();
            true
        } else {
            false
        }
    }
    fn or(&mut self) -> Option<Truth> {
        let mut t = self.and()?;
        while self.eat("||") {
            t = t.or(self.and()?);
        }
        Some(t)
    }
    fn and(&mut self) -> Option<Truth> {
        let mut t = self.not()?;
        while self.eat("&&") {
            t = t.and(self.not()?);
        }
        Some(t)
    }
    fn not(&mut self) -> Option<Truth> {
        if self.depth >= MAX_CONSTRAINT_DEPTH {
            return None;
        }
        self.depth += 1;
        let t = self.not_in_depth();
        self.depth -= 1;
        t
    }
    fn not_in_depth(&mut self) -> Option<Truth> {
        if self.eat("!") {
            return Some(self.not()?.not());
        }
        if self.eat("(") {
            let t = self.or()?;
            return if self.eat(")") { Some(t) } else { None };
        }
        self.skip_ws();
        let rest = &self.s[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        self.pos += len;
        Some(tag_truth(&rest[..len]))
    }
}

/// `package name` at the start of `text`, comments and blanks allowed around
/// the name.
fn package_clause_name(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("package")?;
    if !rest.starts_with(|c: char| c.is_whitespace() || c == '/') {
        return None;
    }
    let rest = skip_blanks_and_comments(rest)?;
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..len];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(name)
}

fn skip_blanks_and_comments(mut s: &str) -> Option<&str> {
    loop {
        s = s.trim_start();
        if let Some(r) = s.strip_prefix("//") {
            // A line comment after `package` ends the line: only legal if the
            // name follows on the next line.
            s = &r[r.find('\n')?..];
        } else if let Some(r) = s.strip_prefix("/*") {
            s = &r[r.find("*/")? + 2..];
        } else {
            return Some(s);
        }
    }
}
