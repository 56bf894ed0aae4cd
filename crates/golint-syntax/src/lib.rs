//! Go package discovery, file loading and parsing.
//!
//! Discovery follows the go command's rules for patterns (`./...`,
//! `./dir/...`, a directory, a file), `go.mod` and `go.work`. Loading reads a
//! file once, rejects what cannot be analyzed (unreadable, not UTF-8, too
//! large) with a clear error, and answers the questions asked before parsing
//! (`//go:build ignore`, generated code).

pub mod parse;

pub use parse::{language, parse};
