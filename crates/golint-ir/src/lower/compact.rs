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
    // Where a jump to each block really lands. Each block is resolved once
    // (chains of empty jumps are shared: an `else if` or `goto` chain of
    // thousands would otherwise be walked from each of its blocks).
    let mut forward: Vec<u32> = (0..n as u32).collect();
    // 0: not seen, 1: on the chain being followed, 2: resolved.
    let mut state = vec![0u8; n];
    state[0] = 2;
    let mut chain = Vec::new();
    for start in 1..n {
        let mut cur = start;
        let target = loop {
            match state[cur] {
                2 => break forward[cur],
                // A cycle of empty jumps (`for {}`): it ends here.
                1 => break cur as u32,
                _ => {}
            }
            match blocks[cur].term {
                Term::Goto(t) if blocks[cur].ops.is_empty() && t.0 as usize != cur => {
                    state[cur] = 1;
                    chain.push(cur);
                    cur = t.0 as usize;
                }
                _ => {
                    state[cur] = 2;
                    break cur as u32;
                }
            }
        };
        for b in chain.drain(..) {
            forward[b] = target;
            state[b] = 2;
        }
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
