//! Go package discovery, file loading and parsing.
//!
//! Discovery follows the go command's rules for patterns (`./...`,
//! `./dir/...`, a directory, a file), `go.mod` and `go.work`. Loading reads a
//! file once, rejects what cannot be analyzed (unreadable, not UTF-8, too
//! large) with a clear error, and answers the questions asked before parsing
//! (`//go:build ignore`, generated code).

pub mod discover;
mod gomod;
pub mod imports;
pub mod load;
pub mod parse;
pub mod toolchain;

pub use discover::{
    discover, discover_with_buffers, DiscoverError, DiscoverOptions, Discovery, GoFile, Module,
    Warning,
};
pub use imports::ImportRoots;
pub use load::{
    is_build_ignored, is_generated, package_name, read_source, scan_header, Header, LoadError,
    MAX_FILE_SIZE,
};
pub use parse::{language, parse, parse_ranges, top_level_parts};
