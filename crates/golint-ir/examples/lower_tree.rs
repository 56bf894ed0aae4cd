//! Lowers every `.go` file under a directory and prints counts: a smoke test
//! of the lowering on real code (`cargo run --release -p golint-ir --example
//! lower_tree -- /usr/lib/go-1.19/src`). Panics are caught and listed.

use std::time::Instant;

use golint_diagnostics::FileId;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let start = Instant::now();
    let (mut files, mut funcs, mut ops, mut errors, mut bytes) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
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
                        files += 1;
                        funcs += ir.funcs.len();
                        errors += ir.syntax_errors.len();
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
    println!(
        "{files} files, {bytes} bytes, {funcs} funcs, {ops} ops, {errors} syntax errors, {:?}",
        start.elapsed()
    );
}
