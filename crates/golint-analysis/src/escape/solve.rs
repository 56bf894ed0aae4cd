//! The walk over the location graph (the compiler's `walkAll`/`walkOne`):
//! from each root, the fewest dereferences with which every location's
//! value reaches it. A location whose *address* (fewer than zero
//! dereferences) reaches a root that outlives it escapes, and becomes a
//! root in turn. Parameters reached from the heap or a result make the
//! function's summary.

use std::collections::{HashMap, VecDeque};

use super::graph::{Graph, LocId, LocKind, HEAP};
use super::Reason;

pub(super) struct Solution {
    pub escapes: Vec<bool>,
    /// For each escaping location, the chain of reasons.
    pub why: Vec<Vec<Reason>>,
    /// By parameter slot: leaks to the heap after this many dereferences.
    pub param_heap: Vec<Option<i32>>,
    /// By parameter slot and result.
    pub param_results: Vec<Vec<Option<i32>>>,
    /// By allocation and result: the fewest dereferences with which the
    /// allocation reaches the result (`-1`: its address is returned).
    pub alloc_results: HashMap<LocId, Vec<Option<i32>>>,
}

/// Which locations the walk starts from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Roots {
    /// The heap, the results, too-large allocations, variables declared
    /// outside a loop: the escapes of the function.
    All,
    /// Not the results: what escapes whatever the caller does with them
    /// (the allocations of an inlined copy).
    HeapOnly,
}

/// A walk stops after this many visits per location (a graph with many
/// cycles of decreasing dereferences would otherwise run long).
const MAX_VISITS_PER_LOC: usize = 32;

pub(super) fn solve(g: &Graph, which: Roots) -> Solution {
    let n = g.locs.len();
    let mut s = Solution {
        escapes: vec![false; n],
        why: vec![Vec::new(); n],
        param_heap: vec![None; g.params],
        param_results: vec![vec![None; g.results]; g.params],
        alloc_results: HashMap::new(),
    };
    let mut roots: VecDeque<LocId> = VecDeque::new();
    roots.push_back(HEAP);
    let mut max_depth: std::collections::HashMap<golint_ir::FuncId, u32> = Default::default();
    for (i, l) in g.locs.iter().enumerate() {
        let e = max_depth.entry(l.func).or_insert(0);
        *e = (*e).max(l.loop_depth);
        if let LocKind::Alloc {
            too_large: true,
            span,
            ..
        } = &l.kind
        {
            s.escapes[i] = true;
            s.why[i] = vec![Reason {
                span: *span,
                text: "too large for the stack".into(),
            }];
            roots.push_back(i);
        }
    }
    for (i, l) in g.locs.iter().enumerate() {
        match l.kind {
            LocKind::Result(_) if which == Roots::All => roots.push_back(i),
            LocKind::Var(_) if l.loop_depth < max_depth.get(&l.func).copied().unwrap_or(0) => {
                roots.push_back(i)
            }
            _ => {}
        }
    }
    let mut derefs = vec![i32::MAX; n];
    let mut parent: Vec<Option<(LocId, Option<u32>)>> = vec![None; n];
    let mut visits = vec![0usize; n];
    let mut touched: Vec<LocId> = Vec::new();
    while let Some(root) = roots.pop_front() {
        for &t in &touched {
            derefs[t] = i32::MAX;
            parent[t] = None;
            visits[t] = 0;
        }
        touched.clear();
        walk(
            g,
            root,
            &mut s,
            &mut roots,
            &mut derefs,
            &mut parent,
            &mut visits,
            &mut touched,
        );
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn walk(
    g: &Graph,
    root: LocId,
    s: &mut Solution,
    roots: &mut VecDeque<LocId>,
    derefs: &mut [i32],
    parent: &mut [Option<(LocId, Option<u32>)>],
    visits: &mut [usize],
    touched: &mut Vec<LocId>,
) {
    let heapish = root == HEAP || s.escapes[root];
    let result = match g.locs[root].kind {
        LocKind::Result(i) => Some(i),
        _ => None,
    };
    derefs[root] = 0;
    touched.push(root);
    let mut todo = VecDeque::from([root]);
    while let Some(l) = todo.pop_front() {
        let mut d = derefs[l];
        let made_here = matches!(g.locs[l].kind, LocKind::Alloc { .. })
            || matches!(g.locs[l].kind, LocKind::Var(_)) && d < 0;
        if let (Some(r), true) = (result, made_here) {
            let rs = s
                .alloc_results
                .entry(l)
                .or_insert_with(|| vec![None; g.results]);
            if let Some(e) = rs.get_mut(r) {
                *e = Some(e.map_or(d, |x| x.min(d)));
            }
        }
        if d < 0 {
            d = 0;
            if !s.escapes[l] && outlives(g, root, l, heapish) && escapable(g, l) {
                s.escapes[l] = true;
                s.why[l] = chain(g, l, parent, &s.why[root]);
                roots.push_back(l);
            }
        }
        if let Some(slot) = g.locs[l].param {
            if heapish {
                let e = &mut s.param_heap[slot];
                *e = Some(e.map_or(d, |x| x.min(d)));
            } else if let Some(r) = result {
                if let Some(e) = s.param_results.get_mut(slot).and_then(|v| v.get_mut(r)) {
                    *e = Some(e.map_or(d, |x| x.min(d)));
                }
            }
        }
        for e in &g.locs[l].edges {
            if s.escapes[e.src] && e.src != root {
                continue;
            }
            let nd = d.saturating_add(e.derefs);
            if nd < derefs[e.src] && visits[e.src] < MAX_VISITS_PER_LOC {
                if derefs[e.src] == i32::MAX {
                    touched.push(e.src);
                }
                derefs[e.src] = nd;
                parent[e.src] = Some((l, e.note));
                visits[e.src] += 1;
                todo.push_back(e.src);
            }
        }
    }
}

/// Only variables and allocations live in memory that can move to the heap.
fn escapable(g: &Graph, l: LocId) -> bool {
    matches!(g.locs[l].kind, LocKind::Var(_) | LocKind::Alloc { .. })
}

/// Whether `root` lives longer than `l` (the compiler's `outlives`).
fn outlives(g: &Graph, root: LocId, l: LocId, heapish: bool) -> bool {
    if heapish {
        return true;
    }
    let (r, x) = (&g.locs[root], &g.locs[l]);
    match r.kind {
        // What is returned outlives everything of the frame.
        LocKind::Result(_) => true,
        // Declared outside the loop that allocates `l`: one variable, many
        // allocations.
        LocKind::Var(_) => r.func == x.func && r.loop_depth < x.loop_depth,
        _ => false,
    }
}

/// The reasons from `l` to the root, then the root's own.
fn chain(
    g: &Graph,
    l: LocId,
    parent: &[Option<(LocId, Option<u32>)>],
    root_why: &[Reason],
) -> Vec<Reason> {
    let mut out: Vec<Reason> = Vec::new();
    let mut cur = l;
    let mut steps = 0;
    while let Some((next, note)) = parent[cur] {
        if let Some(n) = note.and_then(|n| g.notes.get(n as usize)) {
            if out.last() != Some(n) {
                out.push(n.clone());
            }
        }
        cur = next;
        steps += 1;
        if steps > g.locs.len() {
            break;
        }
    }
    if let LocKind::Var(_) = g.locs[cur].kind {
        if out.is_empty() {
            // The root itself is a variable declared outside the loop.
        }
    }
    for r in root_why {
        if out.last() != Some(r) {
            out.push(r.clone());
        }
    }
    out
}
