//! CFG compaction. Lowering creates blocks freely — after every `return`,
//! for every `if` without `else`, for labels — and about half of them end up
//! empty: jumped through or never reached. The IR of every file lives for
//! the whole run, so they are removed once the body is built.

use crate::ir::{Block, Term};

/// Threads jumps through empty `Goto` blocks, drops empty blocks that
/// nothing reaches, and renumbers. The entry stays `BlockId(0)`; blocks with
/// ops are kept even when unreachable (dead code is still code to check).
pub(crate) fn compact(mut blocks: Vec<Block>) -> Vec<Block> {
    let n = blocks.len();
    if n <= 1 {
        return blocks;
    }
    // Where a jump to each block really lands.
    let mut forward: Vec<u32> = (0..n as u32).collect();
    for (start, fwd) in forward.iter_mut().enumerate().skip(1) {
        let mut cur = start;
        let mut steps = 0;
        while cur != 0 && blocks[cur].ops.is_empty() && steps < n {
            match blocks[cur].term {
                Term::Goto(t) if t.0 as usize != cur => cur = t.0 as usize,
                _ => break,
            }
            steps += 1;
        }
        *fwd = cur as u32;
    }
    for b in &mut blocks {
        for succ in b.term.successors_mut() {
            succ.0 = forward[succ.0 as usize];
        }
    }
    // Keep what the entry or any code reaches.
    let mut keep = vec![false; n];
    let mut stack: Vec<usize> = std::iter::once(0)
        .chain((1..n).filter(|&i| !blocks[i].ops.is_empty()))
        .collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut keep[i], true) {
            continue;
        }
        for succ in blocks[i].term.successors_mut() {
            stack.push(succ.0 as usize);
        }
    }
    let mut new_id = vec![u32::MAX; n];
    let mut next = 0;
    for (i, k) in keep.iter().enumerate() {
        if *k {
            new_id[i] = next;
            next += 1;
        }
    }
    let mut out = Vec::with_capacity(next as usize);
    for (i, mut b) in blocks.into_iter().enumerate() {
        if !keep[i] {
            continue;
        }
        for succ in b.term.successors_mut() {
            succ.0 = new_id[succ.0 as usize];
        }
        out.push(b);
    }
    out
}
