//! The concurrency model of one package: functions and the call graph
//! ([`funcs`]), channel and condition-variable objects ([`objects`]), the
//! operations on them ([`ops`]), CFG path questions ([`paths`]) and the
//! channel dependency graph ([`waits`]).
//!
//! Built once per package, on first use by a rule, from the IR alone.

mod func_values;
pub mod funcs;
pub mod objects;
pub mod ops;
pub mod paths;
pub mod waits;

use rustc_hash::FxHashMap as HashMap;

pub use funcs::{Edge, FuncRef, Funcs};
pub use objects::{Class, ClassId, MakeSite, Objects};
pub use ops::{ChanOp, ChanOpKind, OpPos};

use golint_ir::Cap;

use crate::index::PackageIndex;

/// How many functions a goroutine's body is followed into through calls.
pub const GOROUTINE_DEPTH: usize = 48;

pub struct Model<'a> {
    pub funcs: Funcs<'a>,
    pub objects: Objects,
    pub ops: Vec<ChanOp>,
    by_func: HashMap<FuncRef, Vec<usize>>,
    by_class: HashMap<ClassId, Vec<usize>>,
    /// Dominators and loops of each body, on first use.
    shapes: HashMap<FuncRef, std::cell::OnceCell<Option<paths::Shape>>>,
}

impl<'a> Model<'a> {
    pub fn build(index: &'a PackageIndex<'a>) -> Model<'a> {
        let funcs = Funcs::new(index);
        let objects = Objects::build(&funcs);
        let mut ops = ops::collect(&funcs, &objects);
        prune_dead_cases(&funcs, &objects, &mut ops);
        let mut by_func: HashMap<FuncRef, Vec<usize>> = HashMap::default();
        let mut by_class: HashMap<ClassId, Vec<usize>> = HashMap::default();
        for (i, op) in ops.iter().enumerate() {
            by_func.entry(op.func).or_default().push(i);
            by_class.entry(op.class).or_default().push(i);
        }
        let shapes = funcs
            .all()
            .map(|f| (f, std::cell::OnceCell::new()))
            .collect();
        Model {
            funcs,
            objects,
            ops,
            by_func,
            by_class,
            shapes,
        }
    }

    /// The dominators and loops of `f`'s body (`None` without a body).
    pub fn shape(&self, f: FuncRef) -> Option<&paths::Shape> {
        self.shapes
            .get(&f)?
            .get_or_init(|| self.funcs.func(f).body.as_ref().map(paths::Shape::new))
            .as_ref()
    }

    /// The operation's block is on a loop of its function.
    pub fn in_loop(&self, op: &ChanOp) -> bool {
        self.shape(op.func)
            .is_some_and(|s| s.loops.on_loop(op.pos.block()))
    }

    /// Indices in [`Model::ops`] of the operations written in function `f`'s
    /// own body.
    pub fn ops_in(&self, f: FuncRef) -> &[usize] {
        self.by_func.get(&f).map_or(&[], Vec::as_slice)
    }

    /// Indices in [`Model::ops`] of every operation on class `c`.
    pub fn ops_on(&self, c: ClassId) -> &[usize] {
        self.by_class.get(&c).map_or(&[], Vec::as_slice)
    }

    /// Classes with at least one operation, in a stable order.
    pub fn classes_with_ops(&self) -> Vec<ClassId> {
        let mut v: Vec<ClassId> = self.by_class.keys().copied().collect();
        v.sort_unstable();
        v
    }

    pub fn class(&self, c: ClassId) -> Option<&Class> {
        self.objects.class(c)
    }

    /// The capacity of the channel of class `c` that function `f` works on
    /// at block `block`, byte offset `at`: when make sites of the class in
    /// `f` itself come first on every path there (their block dominates,
    /// or the same block earlier), the channel at hand is one of those
    /// (`c.events = make(chan T); go c.run(); c.events <- v`); otherwise any
    /// site may have built it ([`Class::capacity`]).
    pub fn capacity_at(&self, c: ClassId, f: FuncRef, block: u32, at: u32) -> Option<Cap> {
        self.made_before(c, f, block, at)
            .or_else(|| self.class(c)?.capacity())
    }

    /// The capacity of the channel of class `c` at block `block`, byte
    /// offset `at` of `f`, when `f` made it itself: some make site of the
    /// class in `f` comes first on every path there. The channel at hand
    /// is then made by one of the sites of `f` that reach the point — not
    /// only the dominating ones (`ch := make(chan T); if b { ch =
    /// make(chan T, 1) }` may have either), and not only the last one on
    /// the way, since a class may join two variables (a helper called
    /// with both) and the later site may have made the other. `None` when
    /// no site of `f` comes first on every path: the caller knows better.
    pub fn made_before(&self, c: ClassId, f: FuncRef, block: u32, at: u32) -> Option<Cap> {
        let class = self.class(c)?;
        let shape = self.shape(f);
        let mine = |mk: &&MakeSite| mk.func == f && !mk.cond;
        let dominates = |mk: &&MakeSite| {
            if mk.block == block {
                mk.span.start < at
            } else {
                shape.is_some_and(|s| s.dom.dominates(mk.block, block))
            }
        };
        if !class.makes.iter().filter(mine).any(|mk| dominates(&mk)) {
            return None;
        }
        let cfg = self.funcs.func(f).body.as_ref();
        let reaching = |mk: &&MakeSite| {
            if dominates(mk) {
                return true;
            }
            let Some(cfg) = cfg else { return true };
            // The site's op and the point's, as op indices of their blocks.
            let index_of = |b: u32, start: u32| {
                cfg.blocks.get(b as usize).map_or(0, |bl| {
                    bl.ops.iter().take_while(|op| op.span.start < start).count() as u32
                })
            };
            let from = (mk.block, index_of(mk.block, mk.span.start));
            paths::reaches(cfg, from, (block, index_of(block, at)), |_, _| false)
        };
        Class::combine(class.makes.iter().filter(mine).filter(reaching))
    }

    /// True when `f` or a function it calls (same goroutine, bounded) does
    /// an operation on `c` that `pred` accepts.
    pub fn calls_do(&self, f: FuncRef, c: ClassId, pred: impl Fn(&ChanOp) -> bool) -> bool {
        self.funcs
            .same_goroutine(f, GOROUTINE_DEPTH)
            .into_iter()
            .any(|g| {
                self.ops_in(g)
                    .iter()
                    .any(|&i| self.ops[i].class == c && pred(&self.ops[i]))
            })
    }
}

/// A `select` case receiving from a channel of the package that nothing
/// sends on or closes (and that no code outside the package can reach)
/// can never be taken: a select whose other cases are all such is no
/// way out. `select { case out <- v: case <-w.quit: }` blocks like a plain
/// send when nothing ever closes `w.quit`.
fn prune_dead_cases(funcs: &Funcs<'_>, objects: &Objects, ops: &mut [ChanOp]) {
    let fed: rustc_hash::FxHashSet<ClassId> = ops
        .iter()
        .filter(|o| matches!(o.kind, ChanOpKind::Send | ChanOpKind::Close))
        .map(|o| o.class)
        .collect();
    let never = |o: &ChanOp| {
        o.kind == ChanOpKind::Recv
            && !fed.contains(&o.class)
            && objects
                .class(o.class)
                .is_some_and(|c| !c.open && !c.makes.is_empty())
    };
    let mut dead: HashMap<(FuncRef, u32), usize> = HashMap::default();
    for o in ops.iter() {
        if let OpPos::Case { block, .. } = o.pos {
            if never(o) {
                *dead.entry((o.func, block)).or_default() += 1;
            }
        }
    }
    if dead.is_empty() {
        return;
    }
    for o in ops.iter_mut() {
        // The dead case itself is no finding of its own: the select blocks
        // at its live case.
        let OpPos::Case { block, .. } = o.pos else {
            continue;
        };
        if never(o) {
            continue;
        }
        let (Some(sel), Some(&d)) = (o.select.as_mut(), dead.get(&(o.func, block))) else {
            continue;
        };
        let cases = funcs
            .func(o.func)
            .body
            .as_ref()
            .and_then(|cfg| cfg.blocks.get(block as usize))
            .map_or(0, |b| match &b.term {
                golint_ir::Term::Select(s) => s.cases.len(),
                _ => 0,
            });
        let live = cases.saturating_sub(d) + usize::from(sel.has_default);
        sel.alternatives = live > 1;
    }
}
