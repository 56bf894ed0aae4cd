//! `golint-rs`: the command-line driver. See `golint-rs --help`.
//!
//! Exit status: 0 no findings, 1 findings, 2 usage, configuration or I/O
//! error.

mod baseline;
mod cap;
mod changed;
mod check;
mod cli;
mod commands;
mod config;
mod escape;
mod guard;
mod lsp;
mod pipeline;
mod select;
mod suppress;
mod timings;

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{Cli, Command};

/// Lowering makes millions of small allocations from every thread at once;
/// mimalloc serves them with about a fifth fewer instructions than glibc
/// (callgrind over `net/...`), for some 30 MB more peak memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tree_sitter_on_mimalloc();
    let cli = Cli::parse();
    if !matches!(cli.command, Some(Command::Lsp)) {
        keep_freed_memory();
    }
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Tree-sitter's C core allocates every node of every syntax tree with the
/// C allocator, not Rust's: on glibc's malloc that was about 6% of a run's
/// CPU over the standard library (`perf`). With mimalloc the run takes 6%
/// less CPU and peaks some 50 MB lower.
fn tree_sitter_on_mimalloc() {
    use std::ffi::c_void;
    unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
        match n.checked_mul(size) {
            // SAFETY: mi_zalloc has calloc's contract for the total size.
            Some(total) => unsafe { libmimalloc_sys::mi_zalloc(total) },
            None => std::ptr::null_mut(),
        }
    }
    // SAFETY: called first in `main`, before any tree-sitter object exists,
    // so nothing one allocator allocated is freed by the other; mimalloc's
    // malloc, realloc and free have the C functions' contracts.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
}

/// A run lowers a package, drops its IR and trees, and lowers the next: by
/// default mimalloc hands the freed pages back to the kernel 10 ms later and
/// the next package faults them in again, zeroed (`clear_page_rep` was 3% of
/// a run over the standard library, sys time 1 s of 19). A command that
/// exits when done keeps them instead: 4% less CPU, some 20 MB more peak.
/// The language server lives on between edits and keeps the default.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc 2 and 3's `mi_option_t`; the Rust
    // bindings do not name it. -1: never purge.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a global option read on each purge; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn run(cli: Cli) -> Result<u8> {
    // Lowering and rules run on the pool. Their recursion is bounded
    // (golint_ir::MAX_DEPTH) for this stack; the default 2 MiB overflowed
    // at about 400 nested function literals.
    rayon::ThreadPoolBuilder::new()
        .num_threads(thread_count(cli.threads))
        .stack_size(golint_ir::STACK_SIZE)
        .build_global()
        .context("cannot start the thread pool")?;
    let code = match cli.command {
        Some(Command::Rules) => commands::rules()?,
        Some(Command::Rule { code }) => commands::rule(&code)?,
        Some(Command::Lsp) => lsp::run()?,
        Some(Command::Escape(args)) => escape::run(args)?,
        Some(Command::ParseOnly { patterns, tests }) => {
            commands::parse_only(patterns, tests.unwrap_or(true))?
        }
        None => check::run(cli.check)?,
    };
    Ok(code as u8)
}

/// `--threads N`, at most one per CPU: each thread lowers files and holds
/// the IR of the packages in flight, so threads beyond the cores only add
/// memory (`--threads 64` cost 1.6 GB on the standard library) without
/// speed. 0 means one per CPU.
fn thread_count(requested: usize) -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if requested > cpus {
        eprintln!(
            "warning: --threads {requested} is more than the {cpus} CPUs of this machine; using {cpus}"
        );
        return cpus;
    }
    requested
}
