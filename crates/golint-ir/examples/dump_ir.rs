//! Prints the IR of one Go file, function by function, block by block: a
//! debugging aid (`cargo run -p golint-ir --example dump_ir -- file.go`).

use golint_diagnostics::FileId;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_ir FILE.go");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let Some(tree) = golint_syntax::parse(&text) else {
        eprintln!("{path}: tree-sitter gave up");
        std::process::exit(2);
    };
    let ir = golint_ir::lower_file(FileId(0), &text, &tree);
    for (i, f) in ir.funcs.iter().enumerate() {
        println!("func #{i} {} {:?}", f.name, f.kind);
        for (j, v) in f.vars.iter().enumerate() {
            println!("  var {j} {} {:?} {:?}", v.name, v.ty, v.kind);
        }
        for (j, t) in f.temps.iter().enumerate() {
            println!("  temp {j} {:?}", t.origin);
        }
        let Some(cfg) = &f.body else { continue };
        for (j, b) in cfg.blocks.iter().enumerate() {
            println!("  block {j} (loop depth {})", b.loop_depth);
            for op in &b.ops {
                println!("    {:?}", op.kind);
            }
            println!("    -> {:?}", b.term);
        }
    }
}
