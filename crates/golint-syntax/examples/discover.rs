//! Runs discovery (and optionally reads every file) and prints counts and
//! timings: `cargo run --release -p golint-syntax --example discover -- [--read] [DIR] [PATTERN...]`.

use std::path::PathBuf;
use std::time::Instant;

use golint_syntax::{discover, is_build_ignored, is_generated, read_source, DiscoverOptions};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let read = args.first().is_some_and(|a| a == "--read");
    if read {
        args.remove(0);
    }
    let cwd = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let patterns = args.iter().skip(1).cloned().collect();
    let start = Instant::now();
    let d = match discover(&DiscoverOptions {
        cwd,
        patterns,
        tests: true,
    }) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let elapsed = start.elapsed();
    for w in &d.warnings {
        eprintln!("warning: {w}");
    }
    let tests = d.files.iter().filter(|f| f.is_test).count();
    let mut dirs: Vec<&str> = d.files.iter().map(|f| f.dir_rel.as_str()).collect();
    dirs.dedup();
    println!(
        "{} files ({} tests) in {} directories, {} modules, {} warnings: {:.1} ms",
        d.files.len(),
        tests,
        dirs.len(),
        d.modules.len(),
        d.warnings.len(),
        elapsed.as_secs_f64() * 1e3
    );
    if read {
        let start = Instant::now();
        let (mut bytes, mut ignored, mut generated, mut errors) = (0usize, 0, 0, 0);
        for f in &d.files {
            match read_source(&f.path) {
                Ok(text) => {
                    bytes += text.len();
                    ignored += usize::from(is_build_ignored(&text));
                    generated += usize::from(is_generated(&text));
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("warning: {}: {e}", f.rel);
                }
            }
        }
        println!(
            "read {bytes} bytes: {ignored} build-ignored, {generated} generated, {errors} unreadable: {:.1} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}
