//! Lowers every `.go` file under a directory and prints counts: a smoke test
//! of the lowering on real code (`cargo run --release -p golint-ir --example
//! lower_tree -- /usr/lib/go-1.19/src`). Panics are caught and listed.
//!
//! `PARSE_ONLY=1` parses without lowering (the baseline of the lowering's
//! cost); `KEEP=1` keeps every file's IR to the end, and the peak RSS
//! printed then is the size of the whole tree's IR.

use std::time::Instant;

use golint_diagnostics::FileId;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let start = Instant::now();
    let (mut files, mut funcs, mut ops, mut errors, mut bytes) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut blocks, mut vars, mut temps) = (0usize, 0usize, 0usize);
    let mut keep = Vec::new();
    let mut walk = vec![std::path::PathBuf::from(&root)];
    while let Some(dir) = walk.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                walk.push(p);
            } else if p.extension().is_some_and(|x| x == "go") {
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                bytes += text.len();
                let result = std::panic::catch_unwind(|| {
                    let tree = golint_syntax::parse(&text).expect("parse");
                    if std::env::var_os("PARSE_ONLY").is_some() {
                        return golint_ir::FileIr::default();
                    }
                    golint_ir::lower_file(FileId(0), &text, &tree)
                });
                match result {
                    Ok(ir) => {
                        let ir = if std::env::var_os("KEEP").is_some() {
                            keep.push(ir);
                            keep.last().unwrap()
                        } else {
                            keep.clear();
                            keep.push(ir);
                            keep.last().unwrap()
                        };
                        files += 1;
                        funcs += ir.funcs.len();
                        errors += ir.syntax_errors.len();
                        blocks += ir
                            .funcs
                            .iter()
                            .filter_map(|f| f.body.as_ref())
                            .map(|b| b.blocks.len())
                            .sum::<usize>();
                        vars += ir.funcs.iter().map(|f| f.vars.len()).sum::<usize>();
                        temps += ir.funcs.iter().map(|f| f.temps.len()).sum::<usize>();
                        ops += ir
                            .funcs
                            .iter()
                            .filter_map(|f| f.body.as_ref())
                            .map(|b| b.ops().count())
                            .sum::<usize>();
                    }
                    Err(_) => eprintln!("PANIC lowering {}", p.display()),
                }
            }
        }
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    println!(
        "{}",
        status
            .lines()
            .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("{blocks} blocks, {vars} vars, {temps} temps");
    println!(
        "{files} files, {bytes} bytes, {funcs} funcs, {ops} ops, {errors} syntax errors, {:?}",
        start.elapsed()
    );
}
