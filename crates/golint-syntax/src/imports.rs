//! Where the source of an imported package is, as the `go` command would
//! find it, without running it: the standard library in `$GOROOT/src` (its
//! own dependencies in `$GOROOT/src/vendor`), the packages of the main
//! module under its root, a `vendor/` directory, the module cache for the
//! versions `go.mod` requires, and a `GOPATH`-style `…/src/` tree around
//! the working directory. The escape analysis reads what an imported
//! function keeps of its arguments and allocates when inlined from there.

use std::path::{Path, PathBuf};

use crate::gomod::parse_go_mod;

/// The roots an import path is looked up in, found once per run.
#[derive(Clone, Debug, Default)]
pub struct ImportRoots {
    goroot_src: Option<PathBuf>,
    /// The main module: its path and root directory.
    module: Option<(String, PathBuf)>,
    requires: Vec<(String, String)>,
    mod_cache: Option<PathBuf>,
    /// `…/src` directories above the working directory (GOPATH layout).
    gopath_srcs: Vec<PathBuf>,
}

impl ImportRoots {
    /// Roots for a run in `cwd`, with the Go root given (`$GOROOT`).
    pub fn new(cwd: &Path, goroot: Option<&Path>) -> Self {
        let mut roots = ImportRoots {
            goroot_src: goroot.map(|r| r.join("src")),
            ..ImportRoots::default()
        };
        for dir in cwd.ancestors() {
            if roots.module.is_none() {
                if let Ok(text) = std::fs::read_to_string(dir.join("go.mod")) {
                    let m = parse_go_mod(&text);
                    if let Some(path) = m.module {
                        roots.module = Some((path, dir.to_path_buf()));
                        roots.requires = m.requires;
                    }
                }
            }
            if dir.file_name().is_some_and(|n| n == "src") {
                roots.gopath_srcs.push(dir.to_path_buf());
            }
        }
        roots.mod_cache = mod_cache();
        roots
    }

    /// The directory of the package `path`, if its source is at hand.
    pub fn dir(&self, path: &str) -> Option<PathBuf> {
        if path.is_empty() || path.contains("..") || path.starts_with('/') {
            return None;
        }
        let first = path.split('/').next()?;
        let found = |d: PathBuf| d.is_dir().then_some(d);
        // A standard-library path has no dot in its first element.
        if !first.contains('.') {
            return found(self.goroot_src.as_ref()?.join(path));
        }
        if let Some((module, root)) = &self.module {
            if let Some(rest) = strip_path_prefix(path, module) {
                return found(root.join(rest));
            }
            if let Some(d) = found(root.join("vendor").join(path)) {
                return Some(d);
            }
        }
        // The standard library's own copies (`golang.org/x/crypto/...`),
        // when the standard library is what is analyzed.
        if let Some(src) = &self.goroot_src {
            if self
                .module
                .as_ref()
                .is_some_and(|(_, r)| r.starts_with(src))
            {
                if let Some(d) = found(src.join("vendor").join(path)) {
                    return Some(d);
                }
            }
        }
        if let Some(cache) = &self.mod_cache {
            let required = self
                .requires
                .iter()
                .filter_map(|(m, v)| strip_path_prefix(path, m).map(|rest| (m, v, rest)))
                .max_by_key(|(m, _, _)| m.len());
            if let Some((m, v, rest)) = required {
                let dir = cache.join(format!("{}@{}", escape_path(m), escape_path(v)));
                if let Some(d) = found(dir.join(rest)) {
                    return Some(d);
                }
            }
        }
        self.gopath_srcs
            .iter()
            .find_map(|src| found(src.join(path)))
    }
}

/// `rest` when `path` is `prefix` or `prefix/rest` ("" for the former).
fn strip_path_prefix<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    match path.strip_prefix(prefix)? {
        "" => Some(""),
        rest => rest.strip_prefix('/'),
    }
}

/// The module cache's case encoding: `Azure` is `!azure`.
fn escape_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `$GOMODCACHE`, else `$GOPATH/pkg/mod` (the first GOPATH entry), else
/// `$HOME/go/pkg/mod`: the `go` command's defaults, without running it.
fn mod_cache() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(c) = var("GOMODCACHE") {
        return Some(PathBuf::from(c));
    }
    if let Some(gopath) = var("GOPATH") {
        let first = std::env::split_paths(&gopath).next()?;
        return Some(first.join("pkg/mod"));
    }
    var("HOME").map(|h| PathBuf::from(h).join("go/pkg/mod"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_cache_case_encoding() {
        assert_eq!(
            escape_path("github.com/Azure/go-ansiterm"),
            "github.com/!azure/go-ansiterm"
        );
    }

    #[test]
    fn path_prefixes() {
        assert_eq!(
            strip_path_prefix("example.com/m/x/y", "example.com/m"),
            Some("x/y")
        );
        assert_eq!(
            strip_path_prefix("example.com/m", "example.com/m"),
            Some("")
        );
        assert_eq!(strip_path_prefix("example.com/mx", "example.com/m"), None);
    }

    #[test]
    fn packages_of_the_main_module_and_its_vendor_directory() {
        let tmp = std::env::temp_dir().join(format!("golint-imports-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        for d in ["a/b", "vendor/example.org/dep/p", "cmd"] {
            std::fs::create_dir_all(tmp.join(d)).expect("temp dir");
        }
        std::fs::write(tmp.join("go.mod"), "module example.com/m\n\ngo 1.22\n").expect("go.mod");
        let roots = ImportRoots::new(&tmp.join("cmd"), None);
        assert_eq!(roots.dir("example.com/m/a/b"), Some(tmp.join("a/b")));
        assert_eq!(
            roots.dir("example.org/dep/p"),
            Some(tmp.join("vendor/example.org/dep/p"))
        );
        assert_eq!(roots.dir("example.com/m/missing"), None);
        assert_eq!(roots.dir("fmt"), None, "no Go root given");
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
