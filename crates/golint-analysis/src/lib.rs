//! Analyses over the IR of a whole program: name lookup across files and
//! packages of the module, and (later) the call graph, goroutine origins and
//! the concurrency graphs.

pub mod cfg;
pub mod concurrency;
pub mod cond;
pub mod defs;
pub mod escape;
pub mod index;
pub mod printf;
pub mod stdlib;

pub use defs::{reads, walk_value, writes, Def, Defs};
pub use index::{FuncView, PackageIndex};

use golint_ir::PackageIr;

/// Every package of the run.
#[derive(Debug, Default)]
pub struct Program {
    pub packages: Vec<PackageIr>,
}

impl Program {
    pub fn new(packages: Vec<PackageIr>) -> Self {
        Program { packages }
    }
}
