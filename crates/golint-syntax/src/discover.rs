//! Package discovery with the go command's rules.
//!
//! Patterns: `./...`, `./dir/...` (and `...` anywhere, as the go command
//! allows), `dir`, `./dir`, `file.go`, absolute paths; no pattern means
//! `./...`. A pattern that is not a path (`example.com/m/pkg/...`) and names
//! nothing under the working directory is resolved as an import path of a
//! known module.
//!
//! Walking for `...` skips directories whose name starts with `.` or `_`,
//! `testdata`, `vendor`, and nested modules (a directory with its own
//! `go.mod`), except the directory named in the pattern itself. Symbolic links
//! to directories are not followed (a warning says so); a symlinked `.go` file
//! is read through. Inside a workspace (`go.work`), `./...` covers the
//! packages of every `use`d module under the pattern's directory.
//!
//! **Invariant:** discovery never fails on what it finds in the tree. Bad
//! `go.mod` files, unreadable directories, broken links and loops become
//! [`Warning`]s; only a pattern that names nothing is an error.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs::{self, FileType};
use std::io;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::gomod::{parse_go_mod, parse_go_work};

#[derive(Clone, Debug)]
pub struct DiscoverOptions {
    /// The working directory: patterns are relative to it, and it is the
    /// root of every relative path in the output.
    pub cwd: PathBuf,
    /// Package patterns; empty means `./...`.
    pub patterns: Vec<String>,
    /// Include `_test.go` files (files named explicitly are always included).
    pub tests: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// Directory holding the `go.mod` (absolute, lexically cleaned).
    pub dir: PathBuf,
    /// The module path; empty if the `go.mod` has no usable `module` line.
    pub path: String,
    /// The `go` directive as (major, minor): `go 1.21.3` → (1, 21).
    pub go_version: Option<(u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoFile {
    /// Path to read (absolute: the working directory joined with what was found).
    pub path: PathBuf,
    /// Relative to the working directory, `/`-separated, e.g. `net/http/server.go`.
    pub rel: String,
    /// Directory relative to the working directory, `.` for the directory itself.
    pub dir_rel: String,
    /// Module path + directory relative to the module root (`std` is left out,
    /// as the go command does); `dir_rel` outside any module.
    pub import_path: String,
    /// Index into [`Discovery::modules`].
    pub module: Option<usize>,
    /// Name ends in `_test.go`.
    pub is_test: bool,
}

/// Something that was skipped, or a file that will not be what the user
/// expects; the run goes on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Warning {
    /// Relative to the working directory when under it (as [`GoFile::rel`]),
    /// else absolute; for a pattern that matched nothing, the pattern.
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

#[derive(Clone, Debug)]
pub struct Discovery {
    /// The working directory, absolute and lexically cleaned.
    pub root: PathBuf,
    /// Modules of the files found and of the workspace, sorted by directory.
    pub modules: Vec<Module>,
    /// Sorted by `rel` (byte order), no duplicates.
    pub files: Vec<GoFile>,
    /// Sorted, no duplicates.
    pub warnings: Vec<Warning>,
    /// The `go.work` in effect, if any.
    pub workspace: Option<PathBuf>,
    /// How many of the warnings are paths that could not be read (a
    /// directory that cannot be listed, a broken or looping link to a `.go`
    /// file): with no file found, the run analyzed nothing it was asked to.
    pub unreadable: usize,
}

#[derive(thiserror::Error, Debug)]
pub enum DiscoverError {
    #[error("cannot use {} as the working directory: {}", path.display(), io_message(source))]
    Cwd { path: PathBuf, source: io::Error },
    #[error("empty package pattern")]
    EmptyPattern,
    #[error("pattern {pattern:?}: {} does not exist", path.display())]
    NotFound { pattern: String, path: PathBuf },
    #[error("pattern {pattern:?}: {} is not a directory", path.display())]
    NotADirectory { pattern: String, path: PathBuf },
    #[error("pattern {pattern:?}: {} is not a directory or a .go file", path.display())]
    NotGoFile { pattern: String, path: PathBuf },
    #[error("pattern {pattern:?}: cannot access {}: {}", path.display(), io_message(source))]
    Io {
        pattern: String,
        path: PathBuf,
        source: io::Error,
    },
}

/// Finds the Go files the patterns name. See the module documentation.
pub fn discover(opts: &DiscoverOptions) -> Result<Discovery, DiscoverError> {
    discover_with_buffers(opts, &[])
}

/// [`discover`], where `buffers` are `.go` files an editor holds that may
/// not be on disk yet (absolute, clean paths): a directory pattern naming
/// the directory of one includes it as if it were there, so a new file is
/// analyzed with its package.
pub fn discover_with_buffers(
    opts: &DiscoverOptions,
    buffers: &[PathBuf],
) -> Result<Discovery, DiscoverError> {
    let cwd = absolute_cwd(&opts.cwd)?;
    let mut d = Discoverer::new(cwd, opts.tests);
    d.buffers = buffers.to_vec();
    d.find_workspace();
    if opts.patterns.is_empty() {
        d.add_pattern("./...")?;
    } else {
        for p in &opts.patterns {
            d.add_pattern(p)?;
        }
    }
    Ok(d.finish())
}

fn absolute_cwd(cwd: &Path) -> Result<PathBuf, DiscoverError> {
    let abs = if cwd.is_absolute() {
        cwd.to_path_buf()
    } else {
        let here = std::env::current_dir().map_err(|source| DiscoverError::Cwd {
            path: cwd.to_path_buf(),
            source,
        })?;
        here.join(cwd)
    };
    let abs = clean(&abs);
    match fs::metadata(&abs) {
        Ok(m) if m.is_dir() => Ok(abs),
        Ok(_) => Err(DiscoverError::Cwd {
            path: abs,
            source: io::Error::other("not a directory"),
        }),
        Err(source) => Err(DiscoverError::Cwd { path: abs, source }),
    }
}

struct Workspace {
    file: PathBuf,
    /// Cleaned absolute directories of the `use`d modules.
    used: BTreeSet<PathBuf>,
}

struct Discoverer {
    cwd: PathBuf,
    tests: bool,
    modules: Vec<Module>,
    module_by_dir: HashMap<PathBuf, usize>,
    has_go_mod_cache: HashMap<PathBuf, bool>,
    module_of_cache: HashMap<PathBuf, Option<usize>>,
    workspace: Option<Workspace>,
    files: Vec<GoFile>,
    warnings: Vec<Warning>,
    /// Editor buffers, see [`discover_with_buffers`].
    buffers: Vec<PathBuf>,
    unreadable: usize,
}

/// What a directory entry that is not a directory turns out to be.
enum FileKind {
    /// A `.go` file to analyze.
    Go,
    /// Not ours (not `.go`, `_x.go`, a test file when tests are off...).
    Skip,
    /// A symbolic link to a directory.
    DirLink,
    /// Something to tell the user about.
    Warn(String),
}

impl Discoverer {
    fn new(cwd: PathBuf, tests: bool) -> Self {
        Discoverer {
            cwd,
            tests,
            modules: Vec::new(),
            module_by_dir: HashMap::new(),
            has_go_mod_cache: HashMap::new(),
            module_of_cache: HashMap::new(),
            workspace: None,
            files: Vec::new(),
            warnings: Vec::new(),
            buffers: Vec::new(),
            unreadable: 0,
        }
    }

    /// A warning about a path that could not be read.
    fn fail(&mut self, path: &Path, message: impl Into<String>) {
        self.unreadable += 1;
        self.warn(path, message);
    }

    fn warn(&mut self, path: &Path, message: impl Into<String>) {
        let path = self.display_path(path);
        self.warnings.push(Warning {
            path,
            message: message.into(),
        });
    }

    /// Relative to cwd when under it, else as is.
    fn display_path(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.cwd) {
            Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
            Ok(rel) => rel.to_path_buf(),
            Err(_) => path.to_path_buf(),
        }
    }

    // ----- modules and workspace -------------------------------------------

    fn has_go_mod(&mut self, dir: &Path) -> bool {
        if let Some(&b) = self.has_go_mod_cache.get(dir) {
            return b;
        }
        // As the go command: a go.mod that exists and is not a directory.
        let b = fs::metadata(dir.join("go.mod"))
            .map(|m| !m.is_dir())
            .unwrap_or(false);
        self.has_go_mod_cache.insert(dir.to_path_buf(), b);
        b
    }

    /// The module whose root is the nearest ancestor-or-self of `dir` with a
    /// go.mod. Cached for every directory on the way up.
    fn module_of(&mut self, dir: &Path) -> Option<usize> {
        let mut pending = Vec::new();
        let mut cur = Some(dir);
        let result = loop {
            let Some(d) = cur else { break None };
            if let Some(&m) = self.module_of_cache.get(d) {
                break m;
            }
            pending.push(d.to_path_buf());
            if self.has_go_mod(d) {
                break Some(self.load_module(d));
            }
            cur = d.parent();
        };
        for p in pending {
            self.module_of_cache.insert(p, result);
        }
        result
    }

    /// Reads the go.mod of `dir` (once) and returns the module's index.
    fn load_module(&mut self, dir: &Path) -> usize {
        if let Some(&i) = self.module_by_dir.get(dir) {
            return i;
        }
        let gomod = dir.join("go.mod");
        let (path, go_version) = match fs::read(&gomod) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let parsed = parse_go_mod(&text);
                for p in &parsed.problems {
                    self.warn(&gomod, format!("malformed go.mod: {p}"));
                }
                (parsed.module.unwrap_or_default(), parsed.go_version)
            }
            Err(e) => {
                self.warn(&gomod, format!("cannot read go.mod: {}", io_message(&e)));
                (String::new(), None)
            }
        };
        let i = self.modules.len();
        self.modules.push(Module {
            dir: dir.to_path_buf(),
            path,
            go_version,
        });
        self.module_by_dir.insert(dir.to_path_buf(), i);
        i
    }

    /// `GOWORK=off` disables workspaces; `GOWORK=/path/go.work` names the
    /// file; otherwise the nearest go.work in cwd or an ancestor, as the go
    /// command does.
    fn find_workspace(&mut self) {
        let file = match std::env::var_os("GOWORK") {
            Some(v) if v == "off" => return,
            Some(v) if !v.is_empty() => Some(clean(&self.cwd.join(v))),
            _ => self
                .cwd
                .ancestors()
                .map(|d| d.join("go.work"))
                .find(|f| fs::metadata(f).map(|m| m.is_file()).unwrap_or(false)),
        };
        let Some(file) = file else { return };
        let text = match fs::read(&file) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                self.warn(
                    &file,
                    format!("cannot read go.work, ignored: {}", io_message(&e)),
                );
                return;
            }
        };
        let work = parse_go_work(&text);
        for p in &work.problems {
            self.warn(&file, format!("malformed go.work: {p}"));
        }
        let base = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.cwd.clone());
        let mut used = BTreeSet::new();
        for u in &work.uses {
            let dir = clean(&base.join(u));
            if self.has_go_mod(&dir) {
                self.load_module(&dir);
                used.insert(dir);
            } else {
                self.warn(
                    &file,
                    format!(
                        "use {u}: {} has no go.mod",
                        self.display_path(&dir).display()
                    ),
                );
            }
        }
        self.workspace = Some(Workspace { file, used });
    }

    fn is_used(&self, dir: &Path) -> bool {
        self.workspace
            .as_ref()
            .is_some_and(|w| w.used.contains(dir))
    }

    /// For a non-path pattern, the directory it names as an import path of
    /// the module of cwd or of a workspace module (longest module path wins).
    fn resolve_import_path(&mut self, pattern: &str) -> Option<PathBuf> {
        let mut candidates: Vec<usize> = Vec::new();
        let cwd = self.cwd.clone();
        if let Some(m) = self.module_of(&cwd) {
            candidates.push(m);
        }
        if let Some(w) = &self.workspace {
            candidates.extend(
                w.used
                    .iter()
                    .filter_map(|d| self.module_by_dir.get(d).copied()),
            );
        }
        let mut best: Option<(usize, PathBuf)> = None;
        for m in candidates {
            let module = &self.modules[m];
            if module.path.is_empty() || module.path == "std" {
                continue;
            }
            let rest = if pattern == module.path {
                ""
            } else if let Some(rest) = pattern
                .strip_prefix(&module.path)
                .and_then(|r| r.strip_prefix('/'))
            {
                rest
            } else {
                continue;
            };
            let better = match &best {
                Some((len, _)) => module.path.len() > *len,
                None => true,
            };
            if better {
                best = Some((module.path.len(), module.dir.join(rest)));
            }
        }
        best.map(|(_, p)| clean(&p))
    }

    // ----- patterns --------------------------------------------------------

    fn add_pattern(&mut self, pattern: &str) -> Result<(), DiscoverError> {
        if pattern.is_empty() {
            return Err(DiscoverError::EmptyPattern);
        }
        let mut resolved = clean(&self.cwd.join(pattern));
        if !is_path_like(pattern) {
            // `net/http` is first a directory under cwd, then an import path.
            let literal = literal_dir(&resolved);
            if !literal.exists() {
                if let Some(p) = self.resolve_import_path(pattern) {
                    resolved = p;
                }
            }
        }
        let comps: Vec<Component> = resolved.components().collect();
        if let Some(i) = comps
            .iter()
            .position(|c| c.as_os_str().to_string_lossy().contains("..."))
        {
            let root: PathBuf = comps[..i].iter().collect();
            let matcher = comps[i..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            return self.walk_pattern(pattern, &root, &matcher);
        }
        match fs::metadata(&resolved) {
            Ok(m) if m.is_dir() => {
                self.dir_pattern(pattern, &resolved);
                Ok(())
            }
            Ok(_) if has_go_ext(&resolved) => {
                self.file_pattern(&resolved);
                Ok(())
            }
            Ok(_) => Err(DiscoverError::NotGoFile {
                pattern: pattern.to_string(),
                path: resolved,
            }),
            Err(e) => {
                let is_link = fs::symlink_metadata(&resolved)
                    .map(|m| m.file_type().is_symlink())
                    .unwrap_or(false);
                if is_link {
                    // A broken symlink or a loop: the user named it, say why it is skipped.
                    let msg = broken_link_message(&e);
                    self.fail(&resolved, msg);
                    Ok(())
                } else if e.kind() == io::ErrorKind::NotFound {
                    Err(DiscoverError::NotFound {
                        pattern: pattern.to_string(),
                        path: resolved,
                    })
                } else {
                    Err(DiscoverError::Io {
                        pattern: pattern.to_string(),
                        path: resolved,
                        source: e,
                    })
                }
            }
        }
    }

    /// `file.go`: the file itself, test or not.
    fn file_pattern(&mut self, path: &Path) {
        let name = file_name(path);
        if name.starts_with('.') || name.starts_with('_') {
            self.warn(
                path,
                "ignored: the go command ignores files whose name starts with '.' or '_'",
            );
            return;
        }
        let Some(dir) = path.parent().map(Path::to_path_buf) else {
            return;
        };
        let module = self.module_of(&dir);
        self.push_file(path, &dir, module);
    }

    /// `dir`: the `.go` files of that directory only.
    fn dir_pattern(&mut self, pattern: &str, dir: &Path) {
        let module = self.module_of(dir);
        let before = self.files.len();
        let walker = WalkDir::new(dir)
            .min_depth(1)
            .max_depth(1)
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    self.walk_error(dir, &err);
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            match self.classify(entry.path(), entry.file_type()) {
                FileKind::Go => self.push_file(entry.path(), dir, module),
                FileKind::Warn(msg) => self.fail(entry.path(), msg),
                FileKind::Skip | FileKind::DirLink => {}
            }
        }
        // Buffers of this directory not on disk yet; a name the go command
        // would skip is skipped here too.
        let new: Vec<PathBuf> = self
            .buffers
            .iter()
            .filter(|b| b.parent() == Some(dir) && fs::symlink_metadata(b).is_err())
            .cloned()
            .collect();
        for b in new {
            if self.buffer_is_go(&b) {
                self.push_file(&b, dir, module);
            }
        }
        if self.files.len() == before {
            self.warnings.push(Warning {
                path: PathBuf::from(pattern),
                message: "no Go files".to_string(),
            });
        }
    }

    /// A pattern with `...`: walk `root`, take the directories whose path
    /// relative to `root` matches `matcher`.
    fn walk_pattern(
        &mut self,
        pattern: &str,
        root: &Path,
        matcher: &str,
    ) -> Result<(), DiscoverError> {
        match fs::metadata(root) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(DiscoverError::NotADirectory {
                    pattern: pattern.to_string(),
                    path: root.to_path_buf(),
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(DiscoverError::NotFound {
                    pattern: pattern.to_string(),
                    path: root.to_path_buf(),
                })
            }
            Err(source) => {
                return Err(DiscoverError::Io {
                    pattern: pattern.to_string(),
                    path: root.to_path_buf(),
                    source,
                })
            }
        }
        let root_module = self.module_of(root);
        if let (Some(m), Some(w)) = (root_module, &self.workspace) {
            let dir = &self.modules[m].dir;
            if !w.used.contains(dir) {
                let msg = format!(
                    "module {} is not used by {}; its packages are analyzed anyway",
                    self.display_path(dir).display(),
                    self.display_path(&w.file).display()
                );
                self.warn(root, msg);
            }
        }
        let before = self.files.len();
        // wanted[d]: whether the files of the directory at depth d are taken.
        let mut wanted: Vec<(bool, Option<usize>)> = Vec::new();
        let mut it = WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = it.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    self.walk_error(root, &err);
                    continue;
                }
            };
            let depth = entry.depth();
            let path = entry.path();
            let ft = entry.file_type();
            if depth == 0 || ft.is_dir() {
                if depth > 0 {
                    let name = file_name(path);
                    if skipped_dir_name(&name) {
                        it.skip_current_dir();
                        continue;
                    }
                    if self.has_go_mod(path) && !self.is_used(path) {
                        // A nested module: not part of this pattern.
                        it.skip_current_dir();
                        continue;
                    }
                }
                let module = self.module_of(path);
                let in_module = match &self.workspace {
                    None => true,
                    Some(w) => module.is_some_and(|m| {
                        Some(m) == root_module || w.used.contains(&self.modules[m].dir)
                    }),
                };
                let rel = rel_slash(path.strip_prefix(root).unwrap_or(Path::new("")));
                let want = in_module && match_pattern(matcher, &rel);
                wanted.truncate(depth);
                wanted.push((want, module));
                continue;
            }
            let Some(&(want, module)) = wanted.get(depth - 1) else {
                continue;
            };
            match self.classify(path, ft) {
                FileKind::Go if want => {
                    let dir = path.parent().unwrap_or(root).to_path_buf();
                    self.push_file(path, &dir, module);
                }
                FileKind::DirLink if !skipped_dir_name(&file_name(path)) => {
                    let msg = dir_link_message(path);
                    self.warn(path, msg);
                }
                FileKind::Warn(msg) if want => self.fail(path, msg),
                _ => {}
            }
        }
        if self.files.len() == before {
            self.warnings.push(Warning {
                path: PathBuf::from(pattern),
                message: "matched no packages".to_string(),
            });
        }
        Ok(())
    }

    fn walk_error(&mut self, root: &Path, err: &walkdir::Error) {
        let path = err.path().unwrap_or(root).to_path_buf();
        let msg = match err.io_error() {
            Some(e) => format!("cannot read directory, skipped: {}", io_message(e)),
            None => format!("skipped: {err}"),
        };
        self.fail(&path, msg);
    }

    /// What a non-directory entry is. Only `.go` names are looked at closer
    /// (a symlink is resolved), except symlinks, which may hide a directory.
    fn classify(&self, path: &Path, ft: FileType) -> FileKind {
        let name = file_name(path);
        if !name.ends_with(".go") {
            if ft.is_symlink() && fs::metadata(path).map(|m| m.is_dir()).unwrap_or(false) {
                return FileKind::DirLink;
            }
            return FileKind::Skip;
        }
        if name.starts_with('.') || name.starts_with('_') {
            return FileKind::Skip;
        }
        if name.ends_with("_test.go") && !self.tests {
            return FileKind::Skip;
        }
        if ft.is_file() {
            return FileKind::Go;
        }
        if ft.is_symlink() {
            return match fs::metadata(path) {
                Ok(m) if m.is_file() => FileKind::Go,
                Ok(m) if m.is_dir() => FileKind::DirLink,
                Ok(_) => FileKind::Warn("not a regular file, skipped".to_string()),
                Err(e) => FileKind::Warn(broken_link_message(&e)),
            };
        }
        FileKind::Warn("not a regular file, skipped".to_string())
    }

    /// Whether a buffer's name makes it a file of its package.
    fn buffer_is_go(&self, path: &Path) -> bool {
        let name = file_name(path);
        name.ends_with(".go")
            && !name.starts_with('.')
            && !name.starts_with('_')
            && (self.tests || !name.ends_with("_test.go"))
    }

    fn push_file(&mut self, path: &Path, dir: &Path, module: Option<usize>) {
        let rel = relative(&self.cwd, path);
        let dir_rel = relative(&self.cwd, dir);
        let import_path = match module {
            Some(m) => {
                let module = &self.modules[m];
                let sub = rel_slash(dir.strip_prefix(&module.dir).unwrap_or(Path::new("")));
                let base = if module.path == "std" {
                    ""
                } else {
                    module.path.as_str()
                };
                match (base.is_empty(), sub.is_empty()) {
                    (true, true) => {
                        if module.path.is_empty() {
                            dir_rel.clone()
                        } else {
                            module.path.clone()
                        }
                    }
                    (true, false) => sub,
                    (false, true) => base.to_string(),
                    (false, false) => format!("{base}/{sub}"),
                }
            }
            None => dir_rel.clone(),
        };
        let is_test = file_name(path).ends_with("_test.go");
        self.files.push(GoFile {
            path: path.to_path_buf(),
            rel,
            dir_rel,
            import_path,
            module,
            is_test,
        });
    }

    fn finish(mut self) -> Discovery {
        // Modules sorted by directory; file indices remapped.
        let mut order: Vec<usize> = (0..self.modules.len()).collect();
        order.sort_by(|&a, &b| self.modules[a].dir.cmp(&self.modules[b].dir));
        let mut remap = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new;
        }
        let modules: Vec<Module> = order.iter().map(|&i| self.modules[i].clone()).collect();
        for f in &mut self.files {
            f.module = f.module.map(|m| remap[m]);
        }
        self.files
            .sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
        self.files.dedup_by(|a, b| a.rel == b.rel);
        self.warnings.sort();
        self.warnings.dedup();
        Discovery {
            root: self.cwd,
            modules,
            files: self.files,
            warnings: self.warnings,
            workspace: self.workspace.map(|w| w.file),
            unreadable: self.unreadable,
        }
    }
}

// ----- helpers ---------------------------------------------------------------

/// Directory names `...` does not descend into.
fn skipped_dir_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') || name == "testdata" || name == "vendor"
}

/// `./x`, `../x`, `.`, `..`, absolute: a path, never an import path.
fn is_path_like(pattern: &str) -> bool {
    pattern == "."
        || pattern == ".."
        || pattern.starts_with("./")
        || pattern.starts_with("../")
        || Path::new(pattern).is_absolute()
}

/// The part of a cleaned pattern path before its first `...` component.
fn literal_dir(p: &Path) -> PathBuf {
    p.components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains("..."))
        .collect()
}

fn has_go_ext(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "go")
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn rel_slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Lexical cleaning, as Go's `filepath.Clean`: drops `.`, resolves `..`
/// against the previous element (never above the root).
pub(crate) fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            Component::Normal(n) => out.push(n),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// `target` relative to `base` (both absolute and clean), `/`-separated;
/// `.` when equal, `../x` when outside.
fn relative(base: &Path, target: &Path) -> String {
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..b.len() {
        parts.push("..".to_string());
    }
    for c in &t[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// The go command's pattern matching: `...` matches any string, `/` included,
/// and a trailing `/...` also matches the empty string (`net/...` matches `net`).
fn match_pattern(pattern: &str, name: &str) -> bool {
    if let Some(prefix) = pattern.strip_suffix("/...") {
        if wildcard(prefix, name) {
            return true;
        }
    }
    if pattern == "..." {
        return true;
    }
    wildcard(pattern, name)
}

fn wildcard(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split("...").collect();
    let (first, last) = match (parts.first(), parts.last()) {
        (Some(f), Some(l)) if parts.len() > 1 => (*f, *l),
        _ => return pattern == s,
    };
    let Some(mut rest) = s.strip_prefix(first) else {
        return false;
    };
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn broken_link_message(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::NotFound {
        "broken symbolic link (its target does not exist), skipped".to_string()
    } else if is_loop(e) {
        "symbolic link loop (too many levels of symbolic links), skipped".to_string()
    } else {
        format!("cannot resolve symbolic link, skipped: {}", io_message(e))
    }
}

fn is_loop(e: &io::Error) -> bool {
    // ELOOP: 40 on Linux, 62 on the BSDs and macOS.
    let eloop = if cfg!(target_os = "linux") { 40 } else { 62 };
    cfg!(unix) && e.raw_os_error() == Some(eloop)
}

fn dir_link_message(path: &Path) -> String {
    let target = fs::canonicalize(path).ok();
    let parent = path.parent().and_then(|p| fs::canonicalize(p).ok());
    match (target, parent) {
        (Some(t), Some(p)) if p.starts_with(&t) => {
            "symbolic link loop (points to an enclosing directory), not followed".to_string()
        }
        _ => "symbolic link to a directory, not followed (as the go command does for ./...)"
            .to_string(),
    }
}

/// A user-facing rendering of an I/O error, without the `(os error N)` noise
/// for the common cases.
pub(crate) fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error ") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_the_go_command() {
        assert!(match_pattern("...", ""));
        assert!(match_pattern("...", "a/b"));
        assert!(match_pattern("ne.../http", "net/http"));
        assert!(!match_pattern("ne.../http", "net/https"));
        assert!(match_pattern("x.../...", "xy"));
        assert!(match_pattern("x.../...", "xy/z"));
        assert!(!match_pattern(".../foo", "foo"));
        assert!(match_pattern(".../foo", "a/foo"));
    }

    #[test]
    fn clean_and_relative() {
        assert_eq!(clean(Path::new("/a/./b/../c/")), PathBuf::from("/a/c"));
        assert_eq!(clean(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/c/d.go")),
            "c/d.go"
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/x/d.go")),
            "../x/d.go"
        );
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), ".");
    }
}
