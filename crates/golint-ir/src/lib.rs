//! Lowering of Go syntax trees into the golint-rs IR (see [`ir`]).
//!
//! **Invariant:** lowering never fails. Broken code is input: ERROR nodes
//! become [`ir::SyntaxError`]s and the rest of the file is lowered.

pub mod ir;
mod lower;
mod predeclared;

pub use ir::*;
pub use lower::budget::{MAX_DEPTH, STACK_SIZE};
pub use lower::types::{is_chan_type, strip_pointer};
pub use lower::{lower_file, parse_and_lower, parse_and_lower_in_parts, PART_SIZE};
pub use predeclared::predeclared_type;

/// Sets [`PackageIr::has_external_test`] on each package whose directory
/// also holds `<name>_test`.
pub fn link_external_tests(packages: &mut [&mut PackageIr]) {
    let external: std::collections::HashSet<(String, String)> = packages
        .iter()
        .filter_map(|p| Some((p.dir.clone(), p.name.strip_suffix("_test")?.to_string())))
        .collect();
    for p in packages.iter_mut() {
        p.has_external_test = external.contains(&(p.dir.clone(), p.name.clone()));
    }
}

/// A Go package: the lowered files of one directory with one package clause.
#[derive(Clone, Debug, Default)]
pub struct PackageIr {
    /// The package clause (`foo`, or `foo_test` for an external test package).
    pub name: String,
    /// The import path (`example.com/mod/dir`), or the directory relative to
    /// the scan root outside a module.
    pub import_path: String,
    /// The directory, relative to the scan root, `/`-separated (`.` for the root).
    pub dir: String,
    /// The `go` directive of the module, e.g. `(1, 21)`.
    pub go_version: Option<(u32, u32)>,
    /// The directory also holds the external test package `foo_test`, which
    /// sees the exported names the `_test.go` files of `foo` declare (the
    /// `export_test.go` idiom). Without one, nothing outside `foo`'s own
    /// tests can use them.
    pub has_external_test: bool,
    pub files: Vec<FileIr>,
}
