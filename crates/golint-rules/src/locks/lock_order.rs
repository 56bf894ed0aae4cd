use std::collections::{BTreeMap, HashSet};

use golint_analysis::concurrency::{FuncRef, Model};
use golint_diagnostics::{Diagnostic, Span};
use golint_ir::{Callee, OpKind, Place, Value, VarKind};

use super::held::{lock_call, Held, LockKey, LockOp, Locks};
use crate::channels::func_display;
use crate::{declare_rule, Findings, Rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports two mutexes taken in opposite orders: somewhere `B` is
    /// locked while `A` is held, and somewhere else `A` is locked while
    /// `B` is held. Locks are named by where they live (the field `mu` of
    /// any `Store`, a package variable), so two objects of one type count
    /// as one lock, and a lock taken by a called function counts where it
    /// is called (`s.mu.Lock(); r.tick()` where `tick` locks `r.mu`), three
    /// calls deep, callbacks stored in fields included (a method called
    /// through an interface, or on a value of unknown type, is not
    /// followed: it could be any method of that name). Not reported: the
    /// same order everywhere; a mutex of the same type nested in itself
    /// (parent then child); one lock released before the other is taken;
    /// a lock of an object the function has just created (no one else can
    /// hold it yet); two orders both taken under a third lock held for
    /// writing (it serializes them); two read locks (`RLock` does not wait
    /// for another reader); two fields of one type, each embedding its
    /// mutex (`c.in.Lock()` and `c.out.Lock()` are two mutexes).
    ///
    /// The rule is opt-in: two orders the program never runs at once
    /// (serialized by a channel, a `sync.Once`, the order of startup) look
    /// the same. Enable it with `--extend-select GL204` (or
    /// `extend-select = ["GL204"]` in `golint-rs.toml`).
    ///
    /// ## Why is this bad?
    /// Two goroutines running the two paths at once can each take their
    /// first lock and wait forever for the other's: the classic AB-BA
    /// deadlock. It happens rarely, under load, and hangs every goroutine
    /// that needs either lock afterwards.
    ///
    /// ## Example
    /// ```go
    /// func (c *cache) Get(k string) *entry {
    ///     c.mu.Lock()
    ///     defer c.mu.Unlock()
    ///     e := c.m[k]
    ///     e.mu.Lock() // entry under cache
    ///     defer e.mu.Unlock()
    ///     e.hits++
    ///     return e
    /// }
    ///
    /// func (e *entry) Expire(c *cache) {
    ///     e.mu.Lock()
    ///     defer e.mu.Unlock()
    ///     c.remove(e.key) // locks c.mu: cache under entry
    /// }
    /// ```
    ///
    /// Use instead: one order everywhere (release the entry's lock before
    /// calling into the cache, or take the cache's lock first).
    pub struct LockOrderInversion {
        code: "GL204",
        name: "lock-order-inversion",
        summary: "two mutexes are locked in opposite orders on two paths: goroutines running both deadlock",
        severity: Error,
        default: false,
    }
}

/// How many calls deep an acquisition under a held lock is followed.
const CALL_DEPTH: usize = 3;

/// One acquisition of a lock (`inner`) while another (`outer`) is held.
#[derive(Clone)]
struct Witness {
    outer: Held,
    inner: LockKey,
    inner_write: bool,
    inner_name: String,
    /// The `Lock` call taking `inner`.
    at: Span,
    /// The calls from the function holding `outer` down to `func`.
    via: Vec<(Span, FuncRef)>,
    /// Everything held at the acquisition, with its mode.
    held: Vec<(LockKey, bool)>,
}

impl Rule for LockOrderInversion {
    fn meta(&self) -> &'static golint_diagnostics::RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Findings) {
        let m = cx.model();
        let locks = Locks::new(m, cx.index());
        let mut scan = Scan {
            m,
            locks: &locks,
            seen: HashSet::new(),
            edges: BTreeMap::new(),
        };
        for f in m.funcs.all() {
            scan.func(f, f, Vec::new(), Vec::new(), 0);
        }
        report(m, &scan.edges, out);
    }
}

struct Scan<'s, 'm, 'a> {
    m: &'s Model<'a>,
    locks: &'s Locks<'m, 'a>,
    /// (function, keys held on entry) already scanned.
    seen: HashSet<(FuncRef, Vec<LockKey>)>,
    /// (outer, inner) → every acquisition in that order.
    edges: BTreeMap<(LockKey, LockKey), Vec<Witness>>,
}

impl Scan<'_, '_, '_> {
    /// Walks `f` entered with `initial` held (reached by the calls `via`),
    /// recording each lock taken under another, and following calls made
    /// with something held.
    fn func(
        &mut self,
        root: FuncRef,
        f: FuncRef,
        initial: Vec<Held>,
        via: Vec<(Span, FuncRef)>,
        depth: usize,
    ) {
        let mut keys: Vec<LockKey> = initial.iter().map(|h| h.key.clone()).collect();
        keys.sort();
        if !self.seen.insert((f, keys)) {
            return;
        }
        let Some(cfg) = &self.m.funcs.func(f).body else {
            return;
        };
        // A function holding nothing on entry and locking nothing itself
        // takes no lock under another: only its callees can.
        let own = self.locks.lock_ops(f);
        if initial.is_empty() && !own.iter().any(|l| l.op.acquires()) {
            return;
        }
        let held = self.locks.held_from(f, true, initial);
        // A mutex used as a one-shot signal (unlocked by another function
        // of the family) is not held in the sense of an order.
        let handed = self.locks.handed_over(f);
        for (b, block) in cfg.blocks.iter().enumerate() {
            for (i, op) in block.ops.iter().enumerate() {
                let OpKind::Call { call, .. } = &op.kind else {
                    continue;
                };
                let Some(mut h) = held.at(b as u32, i as u32) else {
                    continue;
                };
                h.retain(|x| !handed.contains(&x.key));
                if h.is_empty() {
                    continue;
                }
                match lock_call(self.m, self.locks.index, f, call) {
                    Some((key, LockOp::Acquire { write }, name)) => {
                        if handed.contains(&key) || fresh_object(self.m, f, call) {
                            continue;
                        }
                        let all: Vec<(LockKey, bool)> =
                            h.iter().map(|x| (x.key.clone(), x.write)).collect();
                        for outer in h.iter().filter(|x| x.key != key) {
                            let chain: Vec<FuncRef> = std::iter::once(root)
                                .chain(via.iter().map(|v| v.1))
                                .collect();
                            if outer_is_fresh(self.m, &chain, outer) {
                                continue;
                            }
                            self.edges
                                .entry((outer.key.clone(), key.clone()))
                                .or_default()
                                .push(Witness {
                                    outer: outer.clone(),
                                    inner: key.clone(),
                                    inner_write: write,
                                    inner_name: name.clone(),
                                    at: op.span,
                                    via: via.clone(),
                                    held: all.clone(),
                                });
                        }
                    }
                    Some(_) => {}
                    None if depth < CALL_DEPTH => {
                        for g in static_callees(self.m, self.locks, f, call) {
                            if g == f || via.iter().any(|v| v.1 == g) {
                                continue;
                            }
                            let mut next = via.clone();
                            next.push((op.span, g));
                            self.func(root, g, h.clone(), next, depth + 1);
                        }
                    }
                    None => {}
                }
            }
        }
    }
}

/// The functions a call runs in place, when they are known: a function, a
/// method on a value of a known concrete type, a func value (a callback in
/// a field, a literal). A method called through an interface or on a value
/// of unknown type would be every method of that name in the package, and
/// an order through one of them is rarely one the program takes.
fn static_callees(
    m: &Model<'_>,
    locks: &Locks<'_, '_>,
    f: FuncRef,
    call: &golint_ir::Call,
) -> Vec<FuncRef> {
    if let Callee::Method { recv, .. } = &call.callee {
        let concrete = m.funcs.value_type(f, recv).is_some_and(|ty| {
            let base = golint_analysis::concurrency::funcs::type_base(&ty);
            !matches!(
                locks.index.type_decl(base).map(|d| &d.kind),
                Some(golint_ir::TypeKind::Interface { .. }) | None
            )
        });
        if !concrete {
            return m
                .funcs
                .value_runs(f, call)
                .iter()
                .filter(|x| x.1 == golint_analysis::concurrency::Edge::Call)
                .map(|x| x.0)
                .collect();
        }
    }
    m.funcs.called_by(f, call)
}

/// The receiver of lock call `call` is an object `f` created itself
/// (`x := &T{}; x.mu.Lock()`): a local assigned only composite literals or
/// `new(T)`, declared in `f` (not captured by a closure, which may run once
/// the object is shared). Its lock is taken, in practice, while the
/// function sets the object up, before anyone else sees it.
fn fresh_object(m: &Model<'_>, f: FuncRef, call: &golint_ir::Call) -> bool {
    let Callee::Method { recv, .. } = &call.callee else {
        return false;
    };
    let mut v: &Value = recv;
    // `x.mu` → `x`; `x.a.mu` → `x`; an embedded lock's receiver is `x`.
    let key = loop {
        match v {
            Value::Place(Place::Field(base, _)) => v = base,
            Value::Place(Place::Var(k)) => break *k,
            _ => return false,
        }
    };
    // Declared in `f` itself: a closure capturing it runs when the object
    // may be shared.
    if key.func != f.func {
        return false;
    }
    let owner = f;
    let file = m.funcs.file(owner);
    if file.var_info(key).map(|i| i.kind) != Some(VarKind::Local) {
        return false;
    }
    let defs = m.funcs.view(owner).defs.var(key);
    !defs.is_empty()
        && defs.iter().all(|d| match &d.op.kind {
            OpKind::Assign { src, .. } => matches!(src, Value::Composite { .. }),
            OpKind::Call { call, .. } => matches!(&call.callee, Callee::Func(n) if n == "new"),
            _ => false,
        })
}

/// [`fresh_object`] for the lock call that took `outer`: found by its span
/// in the functions on the way from the root of the walk to the
/// acquisition (a helper's effect leaves the call's span: not a lock call).
fn outer_is_fresh(m: &Model<'_>, chain: &[FuncRef], outer: &Held) -> bool {
    for &g in chain {
        let Some(cfg) = &m.funcs.func(g).body else {
            continue;
        };
        for op in cfg.blocks.iter().flat_map(|b| &b.ops) {
            if op.span != outer.at {
                continue;
            }
            if let OpKind::Call { call, .. } = &op.kind {
                return fresh_object(m, g, call);
            }
        }
    }
    false
}

/// Each pair of locks taken in both orders, once: at the acquisition that
/// comes later in the source, with the opposite pair as a secondary
/// location.
fn report(m: &Model<'_>, edges: &BTreeMap<(LockKey, LockKey), Vec<Witness>>, out: &mut Findings) {
    for ((a, b), ab) in edges {
        if a >= b {
            continue;
        }
        let Some(ba) = edges.get(&(b.clone(), a.clone())) else {
            continue;
        };
        let pair = ab.iter().find_map(|w1| {
            ba.iter()
                .find(|w2| {
                    conflicts(w1, w2)
                        && !gated(w1, w2)
                        && same_path(&w1.outer.name, &w2.inner_name)
                        && same_path(&w1.inner_name, &w2.outer.name)
                })
                .map(|w2| (w1, w2))
        });
        let Some((w1, w2)) = pair else {
            continue;
        };
        let (first, second) = if (w1.at.file, w1.at.start) > (w2.at.file, w2.at.start) {
            (w2, w1)
        } else {
            (w1, w2)
        };
        out.push(diagnostic(m, second, first));
    }
}

/// Two names of one lock class may name one mutex: their field paths, past
/// the variable, agree (one ends the other: `c.mu` and `s.mu`, `hc.Mutex`
/// and `c.in.Mutex`). `c.in.Mutex` and `c.out.Mutex` (two fields of one
/// type, each embedding its mutex) are two mutexes of every object.
fn same_path(a: &str, b: &str) -> bool {
    let (Some((_, pa)), Some((_, pb))) = (a.split_once('.'), b.split_once('.')) else {
        return true;
    };
    let ends = |long: &str, short: &str| long == short || long.ends_with(&format!(".{short}"));
    ends(pa, pb) || ends(pb, pa)
}

/// Each goroutine's second lock waits for the other's first: not both
/// read locks on either side.
fn conflicts(w1: &Witness, w2: &Witness) -> bool {
    // w1 holds A, wants B; w2 holds B, wants A.
    let b_blocks = w1.inner_write || w2.outer.write;
    let a_blocks = w2.inner_write || w1.outer.write;
    a_blocks && b_blocks
}

/// A third lock held by both, for writing by one: the two paths cannot
/// run at once.
fn gated(w1: &Witness, w2: &Witness) -> bool {
    w1.held.iter().any(|(k1, write1)| {
        k1 != &w1.inner
            && k1 != &w1.outer.key
            && w2
                .held
                .iter()
                .any(|(k2, write2)| k1 == k2 && (*write1 || *write2))
    })
}

fn diagnostic(m: &Model<'_>, w: &Witness, other: &Witness) -> Diagnostic {
    let mut d = Diagnostic::new(
        LockOrderInversion::META.code,
        LockOrderInversion::META.name,
        w.at,
        format!(
            "`{}` is locked while `{}` is held, and elsewhere `{}` is locked while `{}` is held: two goroutines taking them in these orders deadlock",
            w.inner_name, w.outer.name, other.inner_name, other.outer.name
        ),
    )
    .with_severity(golint_diagnostics::Severity::Error)
    .with_primary_label(format!("waits for `{}` holding `{}`", w.inner_name, w.outer.name))
    .with_label(w.outer.at, format!("`{}` is locked here", w.outer.name));
    // The calls through which each inner lock is reached, with the outer
    // lock held.
    let via = |mut d: Diagnostic, w: &Witness| {
        for (span, g) in &w.via {
            d = d.with_label(
                *span,
                format!(
                    "{} is called here with `{}` held",
                    func_display(m, *g),
                    w.outer.name
                ),
            );
        }
        d
    };
    d = via(d, w);
    d = d
        .with_label(
            other.at,
            format!(
                "the opposite order: `{}` is locked here while `{}` is held",
                other.inner_name, other.outer.name
            ),
        )
        .with_label(
            other.outer.at,
            format!("`{}` is locked here", other.outer.name),
        );
    via(d, other).with_help(
        "take the two locks in one order everywhere, or release the first before taking the second",
    )
}
