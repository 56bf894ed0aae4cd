//! Path questions on one function's CFG: can control leave the function
//! without passing an operation; which blocks repeat; which operations
//! dominate which.

use golint_diagnostics::Span;
use golint_ir::{Cfg, Term};
use petgraph::algo::dominators::{simple_fast, Dominators};
use petgraph::graph::{DiGraph, NodeIndex};

/// How a path found by [`exit_path`] leaves the function.
#[derive(Clone, Copy, Debug)]
pub struct Witness {
    /// The `return` (or the closing brace) that ends the path.
    pub exit: Span,
    /// The first `select` case or `default` taken on the path in a select
    /// that also offered a stopped case: where the partner was passed over.
    pub via: Option<Span>,
}

/// A path from op `start_index` of block `start` to a normal exit
/// (`return`, end of body; not `panic` or `os.Exit`) that crosses no op
/// with `stop_op(block, index)`, takes no select case with
/// `stop_case(block, case)` and no edge with `stop_edge(from, to)`.
/// Breadth first: the witness is a shortest path.
///
/// With `via_case`, only a path that leaves through a `select` case (not
/// the `default`) taken in a `select` that also offered a stopped case is
/// a witness: a loop's `case <-quit: return` next to the receive it
/// serves, not a guard's `return` or a poll.
pub fn exit_path(
    cfg: &Cfg,
    (start, start_index): (u32, u32),
    stop_op: impl Fn(u32, u32) -> bool,
    stop_case: impl Fn(u32, u32) -> bool,
    stop_edge: impl Fn(u32, u32) -> bool,
    via_case: bool,
) -> Option<Witness> {
    let n = cfg.blocks.len();
    // Seen with and without a `via`: in `via_case` mode a block first
    // reached without one must still be searched once with one.
    let mut seen = vec![[false; 2]; n];
    let mut queue = std::collections::VecDeque::new();
    queue.push_back((start, start_index, None::<Span>));
    let mut first = true;
    while let Some((b, from, via)) = queue.pop_front() {
        if !first {
            let slot = usize::from(via_case && via.is_some());
            match seen.get_mut(b as usize).map(|s| &mut s[slot]) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
        }
        first = false;
        let Some(block) = cfg.blocks.get(b as usize) else {
            continue;
        };
        if (from..block.ops.len() as u32).any(|i| stop_op(b, i)) {
            continue;
        }
        match &block.term {
            Term::Return { span, .. } | Term::FallOff { span } => {
                if !via_case || via.is_some() {
                    return Some(Witness { exit: *span, via });
                }
            }
            Term::Panic { .. } | Term::Unreachable => {}
            Term::Goto(_) | Term::Branch(_) => {
                for t in block.term.successors() {
                    if !stop_edge(b, t.0) {
                        queue.push_back((t.0, 0, via));
                    }
                }
            }
            Term::Select(sel) => {
                let contested = (0..sel.cases.len() as u32).any(|c| stop_case(b, c));
                for (ci, case) in sel.cases.iter().enumerate() {
                    if stop_case(b, ci as u32) || stop_edge(b, case.target.0) {
                        continue;
                    }
                    let v = via.or(contested.then_some(case.span));
                    queue.push_back((case.target.0, 0, v));
                }
                if let Some((t, span)) = &sel.default {
                    if !stop_edge(b, t.0) {
                        let v = via.or((contested && !via_case).then_some(*span));
                        queue.push_back((t.0, 0, v));
                    }
                }
            }
        }
    }
    None
}

/// True when some path leads from op `from_index` of block `from` to op
/// `to_index` of block `to` without crossing an op with `stop(block, index)`
/// (the ops at both ends excluded).
pub fn reaches(
    cfg: &Cfg,
    from: (u32, u32),
    to: (u32, u32),
    stop: impl Fn(u32, u32) -> bool,
) -> bool {
    reaches_avoiding(cfg, from, to, stop, |_, _| false)
}

/// [`reaches`], taking no edge with `stop_edge(from_block, to_block)`: an
/// edge that assigns a variable on the way (a `select` case's receive) or
/// that cannot be taken in the state the path is in.
pub fn reaches_avoiding(
    cfg: &Cfg,
    (from, from_index): (u32, u32),
    to: (u32, u32),
    stop: impl Fn(u32, u32) -> bool,
    stop_edge: impl Fn(u32, u32) -> bool,
) -> bool {
    search(
        cfg,
        (from, from_index.saturating_add(1)),
        to,
        stop,
        stop_edge,
    )
}

/// [`reaches`] from a point *before* op `first` of block `from`: that op is
/// on the path (and may stop it). `(b, 0)` is the start of block `b`, where
/// a `select` case's body begins.
pub fn reaches_from(
    cfg: &Cfg,
    (from, first): (u32, u32),
    to: (u32, u32),
    stop: impl Fn(u32, u32) -> bool,
) -> bool {
    search(cfg, (from, first), to, stop, |_, _| false)
}

fn search(
    cfg: &Cfg,
    (from, first): (u32, u32),
    (to, to_index): (u32, u32),
    stop: impl Fn(u32, u32) -> bool,
    stop_edge: impl Fn(u32, u32) -> bool,
) -> bool {
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = vec![(from, first)];
    while let Some((b, start)) = work.pop() {
        let Some(block) = cfg.blocks.get(b as usize) else {
            continue;
        };
        if b == to && to_index >= start {
            if !(start..to_index).any(|i| stop(b, i)) {
                return true;
            }
            continue;
        }
        if (start..block.ops.len() as u32).any(|i| stop(b, i)) {
            continue;
        }
        for s in block.term.successors() {
            if stop_edge(b, s.0) {
                continue;
            }
            if let Some(x) = seen.get_mut(s.0 as usize) {
                if !*x {
                    *x = true;
                    work.push((s.0, 0));
                }
            }
        }
    }
    false
}

fn block_graph(cfg: &Cfg) -> DiGraph<(), ()> {
    let mut g = DiGraph::with_capacity(cfg.blocks.len(), cfg.blocks.len() * 2);
    for _ in &cfg.blocks {
        g.add_node(());
    }
    for (i, b) in cfg.blocks.iter().enumerate() {
        for s in b.term.successors() {
            if (s.0 as usize) < cfg.blocks.len() {
                g.add_edge(NodeIndex::new(i), NodeIndex::new(s.0 as usize), ());
            }
        }
    }
    g
}

/// The loops of a body: the strongly connected components of its CFG, each
/// with its entry block (the one dominating the others).
pub struct Loops {
    /// Per block: the loop it is on.
    pub id: Vec<Option<usize>>,
    /// Per block: the entry block of its loop.
    pub entry: Vec<Option<u32>>,
}

impl Loops {
    pub fn new(cfg: &Cfg, dom: &Dom) -> Loops {
        let g = block_graph(cfg);
        let n = cfg.blocks.len();
        let mut id = vec![None; n];
        let mut entry = vec![None; n];
        for (k, scc) in petgraph::algo::tarjan_scc(&g).into_iter().enumerate() {
            let cyclic = scc.len() > 1 || scc.iter().any(|&x| g.contains_edge(x, x));
            if !cyclic {
                continue;
            }
            let blocks: Vec<u32> = scc.iter().map(|x| x.index() as u32).collect();
            let head = blocks
                .iter()
                .copied()
                .find(|&e| blocks.iter().all(|&b| dom.dominates(e, b)));
            for &b in &blocks {
                id[b as usize] = Some(k);
                entry[b as usize] = head;
            }
        }
        Loops { id, entry }
    }

    /// The loop block `b` is on.
    pub fn of(&self, b: u32) -> Option<usize> {
        self.id.get(b as usize).copied().flatten()
    }

    /// The entry block of the loop block `b` is on.
    pub fn entry_of(&self, b: u32) -> Option<u32> {
        self.entry.get(b as usize).copied().flatten()
    }

    pub fn on_loop(&self, b: u32) -> bool {
        self.of(b).is_some()
    }
}

/// What the rules ask of a body's shape, computed once per function
/// ([`super::Model::shape`]).
pub struct Shape {
    pub dom: Dom,
    pub loops: Loops,
}

impl Shape {
    pub fn new(cfg: &Cfg) -> Shape {
        let dom = Dom::new(cfg);
        let loops = Loops::new(cfg, &dom);
        Shape { dom, loops }
    }
}

/// The dominator tree of a body's blocks (entry: block 0).
pub struct Dom {
    doms: Dominators<NodeIndex>,
}

impl Dom {
    pub fn new(cfg: &Cfg) -> Dom {
        let g = block_graph(cfg);
        Dom {
            doms: simple_fast(&g, NodeIndex::new(0)),
        }
    }

    /// Block `a` dominates block `b`: every path from the entry to `b`
    /// passes `a`.
    pub fn dominates(&self, a: u32, b: u32) -> bool {
        let (a, b) = (NodeIndex::new(a as usize), NodeIndex::new(b as usize));
        self.doms
            .dominators(b)
            .is_some_and(|mut it| it.any(|d| d == a))
    }

    /// Block `b` is reachable from the entry.
    pub fn reachable(&self, b: u32) -> bool {
        self.doms.dominators(NodeIndex::new(b as usize)).is_some()
    }
}
