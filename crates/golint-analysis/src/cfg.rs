//! Questions about the shape of a body's control-flow graph.

use golint_ir::{Cfg, Term};

/// The blocks a terminator may jump to, as indices ([`Term::successors`]).
pub fn successors(term: &Term) -> Vec<usize> {
    term.successors()
        .into_iter()
        .map(|b| b.0 as usize)
        .collect()
}

/// True when block `b` can run again after it ran once: some path leads
/// from its end back to its start. A block that is on no cycle runs at most
/// once per call, even inside a `for` loop (every path from it leaves the
/// loop: `return`, `break`, `panic`).
pub fn on_cycle(cfg: &Cfg, b: usize) -> bool {
    let Some(block) = cfg.blocks.get(b) else {
        return false;
    };
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = successors(&block.term);
    while let Some(n) = work.pop() {
        if n == b {
            return true;
        }
        match seen.get_mut(n) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        if let Some(next) = cfg.blocks.get(n) {
            work.extend(successors(&next.term));
        }
    }
    false
}

/// The blocks that can run between two runs of block `b`: those reachable
/// from `b` that can reach `b` again (its strongly connected component),
/// `b` included when it is on a cycle. Empty when `b` is on no cycle.
pub fn cycle_blocks(cfg: &Cfg, b: usize) -> Vec<bool> {
    let n = cfg.blocks.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, block) in cfg.blocks.iter().enumerate() {
        for s in successors(&block.term) {
            if let Some(p) = preds.get_mut(s) {
                p.push(i);
            }
        }
    }
    let reach = |start: &[usize], next: &dyn Fn(usize) -> Vec<usize>| {
        let mut seen = vec![false; n];
        let mut work = start.to_vec();
        while let Some(x) = work.pop() {
            match seen.get_mut(x) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            work.extend(next(x));
        }
        seen
    };
    let Some(block) = cfg.blocks.get(b) else {
        return vec![false; n];
    };
    let forward = reach(&successors(&block.term), &|x| {
        cfg.blocks
            .get(x)
            .map_or(Vec::new(), |bl| successors(&bl.term))
    });
    let backward = reach(&preds[b], &|x| preds[x].clone());
    forward
        .iter()
        .zip(&backward)
        .map(|(f, b)| *f && *b)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use golint_diagnostics::FileId;
    use golint_ir::{lower_file, OpKind};

    /// For each `defer` of the first function, in source order: whether its
    /// block is on a cycle.
    fn defers_on_cycle(src: &str) -> Vec<bool> {
        let tree = golint_syntax::parse(src).expect("parse");
        let ir = lower_file(FileId(0), src, &tree);
        let body = ir.funcs[0].body.as_ref().expect("body");
        let mut out: Vec<(u32, bool)> = body
            .ops()
            .filter(|(_, op)| matches!(op.kind, OpKind::Defer(_)))
            .map(|(b, op)| (op.span.start, on_cycle(body, b.0 as usize)))
            .collect();
        out.sort();
        out.into_iter().map(|(_, c)| c).collect()
    }

    #[test]
    fn a_block_that_always_leaves_the_loop_is_on_no_cycle() {
        let src = r#"package p

func f(xs []string, g func(string) bool) {
	for _, x := range xs {
		defer println(x)
		if g(x) {
			continue
		}
	}
	for _, x := range xs {
		if !g(x) {
			continue
		}
		defer println(x)
		return
	}
	for {
		defer println()
		break
	}
	defer println()
}
"#;
        assert_eq!(defers_on_cycle(src), vec![true, false, false, false]);
    }
}
