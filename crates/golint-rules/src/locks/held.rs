//! Which mutexes a function holds where.
//!
//! A lock is named by where it lives, the way the channel model names
//! channels: `s.mu` of any `*Server` is the lock `Server.mu`, an embedded
//! `sync.Mutex` of `Server` is `Server.Mutex`, a package variable or a local
//! (shared with the closures that capture it) is itself. Two instances of
//! one type are not told apart, as two channels of one field are not.
//!
//! What a function holds is a forward *must* analysis over its CFG: a
//! `Lock`/`RLock` adds the lock, an `Unlock`/`RUnlock` removes it, paths
//! meet on what both hold. A call to a function of the package applies that
//! function's own effect: what it holds on every way out (a `lock()`
//! helper), minus what it unlocks anywhere (an `unlock()` helper). A
//! deferred `Unlock` runs at the return: the lock is held until then.

use golint_analysis::concurrency::funcs::type_base;
use golint_analysis::concurrency::{FuncRef, Model};
use golint_analysis::index::PackageIndex;
use golint_diagnostics::Span;
use golint_ir::{Call, Callee, OpKind, Place, Term, TypeKind, Value};
use std::collections::HashMap;

/// A lock, by where it lives (`Server.mu`, `var:3:12`, `global:mu`).
pub type LockKey = String;

/// A lock held at some point: which, for writing or only reading, and the
/// call that took it (in the function itself, or the call of the helper
/// that did).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub key: LockKey,
    pub write: bool,
    pub at: Span,
    /// The lock as the code names it: `s.mu`, `c` (embedded).
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockOp {
    Acquire { write: bool },
    Release,
}

impl LockOp {
    pub fn acquires(self) -> bool {
        matches!(self, LockOp::Acquire { .. })
    }
}

/// A lock call written in a function's own body.
pub struct LockAt {
    pub key: LockKey,
    pub op: LockOp,
    /// `defer mu.Unlock()`.
    pub deferred: bool,
    /// A release of a read lock (`RUnlock`), not of a write lock.
    pub read_release: bool,
    pub block: u32,
    pub index: u32,
    pub span: Span,
}

/// The lock a call of `Lock`, `RLock`, `Unlock` or `RUnlock` works on, when
/// its receiver is a `sync.Mutex` or `sync.RWMutex` the model can name.
pub fn lock_call(
    m: &Model<'_>,
    index: &PackageIndex<'_>,
    f: FuncRef,
    call: &Call,
) -> Option<(LockKey, LockOp, String)> {
    let Callee::Method { recv, name } = &call.callee else {
        return None;
    };
    method_lock(m, index, f, recv, name)
}

/// The lock of `recv.name` (`name` one of `Lock`, `RLock`, `Unlock`,
/// `RUnlock`), called or used as a method value.
fn method_lock(
    m: &Model<'_>,
    index: &PackageIndex<'_>,
    f: FuncRef,
    recv: &Value,
    name: &str,
) -> Option<(LockKey, LockOp, String)> {
    let op = match name {
        "Lock" => LockOp::Acquire { write: true },
        "RLock" => LockOp::Acquire { write: false },
        "Unlock" | "RUnlock" => LockOp::Release,
        _ => return None,
    };
    let ty = m.funcs.value_type(f, recv)?;
    let base = type_base(&ty);
    let shown = golint_analysis::concurrency::ops::display(&m.funcs, f, recv);
    if is_mutex(&ty) {
        let key = match recv {
            Value::Place(Place::Field(owner, field)) => {
                let owner_ty = m.funcs.value_type(f, owner)?;
                format!("{}.{field}", type_base(&owner_ty))
            }
            Value::Place(Place::Var(k)) => format!("var:{}:{}:{}", f.file, k.func.0, k.var),
            Value::Place(Place::Global { pkg: None, name }) => format!("global:{name}"),
            _ => return None,
        };
        return Some((key, op, shown));
    }
    // `s.mu.Lock()` on a field of anonymous struct type embedding the
    // mutex first (`mu struct { sync.Mutex; m map[K]V }`, the lock grouped
    // with what it guards): the lock is the field.
    if embeds_mutex_first(&ty) {
        let Value::Place(Place::Field(owner, field)) = recv else {
            return None;
        };
        let owner_ty = m.funcs.value_type(f, owner)?;
        return Some((format!("{}.{field}", type_base(&owner_ty)), op, shown));
    }
    // `s.Lock()` on a struct of the package embedding the mutex, when the
    // type does not declare a `Lock` of its own.
    if index.method(base, name).is_some() {
        return None;
    }
    let Some(TypeKind::Struct(fields)) = index.type_decl(base).map(|d| &d.kind) else {
        return None;
    };
    let embedded = fields.iter().find(|fd| fd.embedded && is_mutex(&fd.ty))?;
    let shown = if shown.is_empty() {
        shown
    } else {
        format!("{shown}.{}", embedded.name)
    };
    Some((format!("{base}.{}", embedded.name), op, shown))
}

/// `struct{sync.Mutex …}`: an anonymous struct whose first field is an
/// embedded mutex. (The type text keeps no separator between fields, so
/// only the first field can be told to be embedded: a later `sync.Mutex`
/// may be the type of a named field.)
fn embeds_mutex_first(ty: &str) -> bool {
    let Some(rest) = ty.strip_prefix("struct") else {
        return false;
    };
    let Some(body) = rest.trim_start().strip_prefix('{') else {
        return false;
    };
    let first = body
        .split(|c: char| c == ';' || c == '}' || c.is_whitespace())
        .find(|t| !t.is_empty());
    first.is_some_and(|t| matches!(t, "sync.Mutex" | "sync.RWMutex"))
}

fn is_mutex(ty: &str) -> bool {
    matches!(ty.trim_start_matches('*'), "sync.Mutex" | "sync.RWMutex")
}

/// What calling a function does to the locks its caller holds.
#[derive(Clone, Debug, Default)]
pub struct Effect {
    /// Held on every way out (taken inside, not given back).
    pub acquires: Vec<(LockKey, bool, String)>,
    /// Unlocked somewhere inside.
    pub releases: Vec<LockKey>,
    /// Locked somewhere inside (depth-limited through callees), for
    /// writing when `true`.
    pub takes: Vec<(LockKey, bool, Span, String)>,
}

/// The locks of a package: the effect of each function and the held set at
/// each op, computed on demand.
pub struct Locks<'m, 'a> {
    pub m: &'m Model<'a>,
    pub index: &'a PackageIndex<'a>,
    effects: std::cell::RefCell<HashMap<FuncRef, Effect>>,
}

/// How many calls deep [`Effect::takes`] looks.
const TAKE_DEPTH: usize = 2;

impl<'m, 'a> Locks<'m, 'a> {
    pub fn new(m: &'m Model<'a>, index: &'a PackageIndex<'a>) -> Self {
        Locks {
            m,
            index,
            effects: Default::default(),
        }
    }

    /// The effect of calling `f`.
    pub fn effect(&self, f: FuncRef) -> Effect {
        if let Some(e) = self.effects.borrow().get(&f) {
            return e.clone();
        }
        let e = self.compute_effect(f);
        self.effects.borrow_mut().insert(f, e.clone());
        e
    }

    fn compute_effect(&self, f: FuncRef) -> Effect {
        let mut e = Effect::default();
        let Some(cfg) = &self.m.funcs.func(f).body else {
            return e;
        };
        // What it holds at its exits, from its own lock calls only.
        let held = self.held_in(f, false);
        let mut out: Option<Vec<Held>> = None;
        for (b, block) in cfg.blocks.iter().enumerate() {
            if !matches!(block.term, Term::Return { .. } | Term::FallOff { .. }) {
                continue;
            }
            let Some(at_end) = held.at(b as u32, block.ops.len() as u32) else {
                continue;
            };
            out = Some(match out {
                None => at_end,
                Some(prev) => meet(&prev, &at_end),
            });
        }
        // A deferred `Unlock` gives the lock back on the way out; a
        // goroutine it starts that unlocks takes the lock over
        // (`mu.Lock(); go func() { …; mu.Unlock() }()`).
        let mut deferred: Vec<LockKey> = self
            .lock_ops(f)
            .into_iter()
            .filter(|l| l.deferred && l.op == LockOp::Release)
            .map(|l| l.key)
            .collect();
        for op in cfg.blocks.iter().flat_map(|b| &b.ops) {
            if let OpKind::Spawn(call) = &op.kind {
                for g in self.m.funcs.resolve(f, call) {
                    deferred.extend(self.releases_in(g));
                }
            }
        }
        e.acquires = out
            .unwrap_or_default()
            .into_iter()
            .filter(|h| !deferred.contains(&h.key))
            .map(|h| (h.key, h.write, h.name))
            .collect();
        self.collect_takes(f, 0, &mut e, &mut Vec::new());
        e
    }

    /// The locks that another function of `f`'s family (its enclosing
    /// function and the literals in it) unlocks without locking, or that
    /// the family hands out as a method value (`onStart = mu.Unlock`): a
    /// mutex used as a one-shot signal (`mu.Lock(); callback := func() {
    /// mu.Unlock() }; …; mu.Lock()` waits for the callback).
    pub fn handed_over(&self, f: FuncRef) -> Vec<LockKey> {
        let mut out = Vec::new();
        // The outermost function of the family.
        let mut top = f.func;
        while let golint_ir::FuncKind::Literal { parent } = self
            .m
            .funcs
            .func(FuncRef {
                file: f.file,
                func: top,
            })
            .kind
        {
            top = parent;
        }
        let family =
            |g: FuncRef| g.file == f.file && (g.func == top || self.m.funcs.encloses(top, g));
        for g in self.m.funcs.all() {
            if !family(g) {
                continue;
            }
            if let Some(cfg) = &self.m.funcs.func(g).body {
                for op in cfg.blocks.iter().flat_map(|b| &b.ops) {
                    for v in golint_analysis::reads(&op.kind) {
                        golint_analysis::walk_value(v, &mut |x| {
                            if let Value::Place(Place::Field(recv, name)) = x {
                                if let Some((key, LockOp::Release, _)) =
                                    method_lock(self.m, self.index, g, recv, name)
                                {
                                    out.push(key);
                                }
                            }
                        });
                    }
                }
            }
            if g == f {
                continue;
            }
            let locked: Vec<LockKey> = self
                .lock_ops(g)
                .into_iter()
                .filter(|l| l.op.acquires())
                .map(|l| l.key)
                .collect();
            out.extend(
                self.releases_in(g)
                    .into_iter()
                    .filter(|k| !locked.contains(k)),
            );
        }
        out
    }

    /// The locks whose address `f`'s body takes (`lock = &c.rlock`,
    /// `sync.NewCond(&mu)`): handed to code that may unlock them.
    pub fn addressed(&self, f: FuncRef) -> Vec<LockKey> {
        let mut out = Vec::new();
        let Some(cfg) = &self.m.funcs.func(f).body else {
            return out;
        };
        let returned = cfg.blocks.iter().flat_map(|b| match &b.term {
            Term::Return { values, .. } => values.iter().collect(),
            _ => Vec::new(),
        });
        let read = cfg
            .blocks
            .iter()
            .flat_map(|b| &b.ops)
            .flat_map(|op| golint_analysis::reads(&op.kind));
        for v in read.chain(returned) {
            golint_analysis::walk_value(v, &mut |x| {
                if let Value::AddrOf(p) = x {
                    let place = Value::Place((**p).clone());
                    if let Some((key, _, _)) = method_lock(self.m, self.index, f, &place, "Lock") {
                        out.push(key);
                    }
                }
            });
        }
        out
    }

    /// The lock calls of `f`'s own body, deferred ones included, in block
    /// order.
    pub fn lock_ops(&self, f: FuncRef) -> Vec<LockAt> {
        let Some(cfg) = &self.m.funcs.func(f).body else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (b, block) in cfg.blocks.iter().enumerate() {
            for (i, op) in block.ops.iter().enumerate() {
                let (call, deferred) = match &op.kind {
                    OpKind::Call { call, .. } => (call, false),
                    OpKind::Defer(call) => (call, true),
                    _ => continue,
                };
                if let Some((key, lock_op, _)) = lock_call(self.m, self.index, f, call) {
                    out.push(LockAt {
                        key,
                        op: lock_op,
                        deferred,
                        read_release: matches!(&call.callee, Callee::Method { name, .. } if name == "RUnlock"),
                        block: b as u32,
                        index: i as u32,
                        span: op.span,
                    });
                }
            }
        }
        out
    }

    /// The locks `f`'s own body unlocks.
    fn releases_in(&self, f: FuncRef) -> Vec<LockKey> {
        self.lock_ops(f)
            .into_iter()
            .filter(|l| l.op == LockOp::Release)
            .map(|l| l.key)
            .collect()
    }

    fn collect_takes(&self, f: FuncRef, depth: usize, e: &mut Effect, seen: &mut Vec<FuncRef>) {
        if seen.contains(&f) {
            return;
        }
        seen.push(f);
        let Some(cfg) = &self.m.funcs.func(f).body else {
            return;
        };
        for block in &cfg.blocks {
            for op in &block.ops {
                let OpKind::Call { call, .. } = &op.kind else {
                    continue;
                };
                match lock_call(self.m, self.index, f, call) {
                    Some((key, LockOp::Acquire { write }, name))
                        if depth == 0 || !e.takes.iter().any(|t| t.0 == key) =>
                    {
                        e.takes.push((key, write, op.span, name));
                    }
                    Some((key, LockOp::Release, _)) if depth == 0 && !e.releases.contains(&key) => {
                        e.releases.push(key);
                    }
                    Some(_) => {}
                    None if depth < TAKE_DEPTH => {
                        for g in self.m.funcs.resolve(f, call) {
                            self.collect_takes(g, depth + 1, e, seen);
                        }
                    }
                    None => {}
                }
            }
        }
    }

    /// The locks `f` holds before each of its ops, from entry (holding
    /// nothing). `callees`: apply the effect of calls to the package's
    /// functions.
    pub fn held_in(&self, f: FuncRef, callees: bool) -> HeldMap {
        self.held_from(f, callees, Vec::new())
    }

    /// [`Locks::held_in`] with `initial` held on entry.
    pub fn held_from(&self, f: FuncRef, callees: bool, initial: Vec<Held>) -> HeldMap {
        let Some(cfg) = &self.m.funcs.func(f).body else {
            return HeldMap::default();
        };
        let n = cfg.blocks.len();
        let mut entry: Vec<Option<Vec<Held>>> = vec![None; n];
        if n == 0 {
            return HeldMap::default();
        }
        entry[0] = Some(initial);
        let mut work = vec![0u32];
        let mut per_op: Vec<Vec<Vec<Held>>> = vec![Vec::new(); n];
        // Each block's entry set only shrinks, so this ends.
        let mut rounds = 0usize;
        while let Some(b) = work.pop() {
            rounds += 1;
            if rounds > 50 * n + 100 {
                break;
            }
            let Some(mut cur) = entry[b as usize].clone() else {
                continue;
            };
            let block = &cfg.blocks[b as usize];
            let mut states = Vec::with_capacity(block.ops.len() + 1);
            for op in &block.ops {
                states.push(cur.clone());
                self.transfer(f, &op.kind, op.span, callees, &mut cur);
            }
            states.push(cur.clone());
            per_op[b as usize] = states;
            for s in golint_analysis::cfg::successors(&block.term) {
                let next = match &entry[s] {
                    None => cur.clone(),
                    Some(prev) => meet(prev, &cur),
                };
                if entry[s].as_ref() != Some(&next) {
                    entry[s] = Some(next);
                    work.push(s as u32);
                }
            }
        }
        HeldMap { per_op }
    }

    /// The op gives `key` back: an `Unlock`/`RUnlock` of it, or a call of a
    /// function of the package that unlocks it ([`Effect::releases`]), as
    /// [`Locks::held_in`] with callees sees it.
    pub fn op_releases(&self, f: FuncRef, kind: &OpKind, key: &str) -> bool {
        let OpKind::Call { call, .. } = kind else {
            return false;
        };
        match lock_call(self.m, self.index, f, call) {
            Some((k, op, _)) => op == LockOp::Release && k == key,
            None => self
                .m
                .funcs
                .resolve(f, call)
                .into_iter()
                .any(|g| g != f && self.effect(g).releases.iter().any(|k| k == key)),
        }
    }

    fn transfer(&self, f: FuncRef, kind: &OpKind, span: Span, callees: bool, cur: &mut Vec<Held>) {
        let OpKind::Call { call, .. } = kind else {
            return;
        };
        match lock_call(self.m, self.index, f, call) {
            Some((key, LockOp::Acquire { write }, name)) => acquire(
                cur,
                Held {
                    key,
                    write,
                    at: span,
                    name,
                },
            ),
            Some((key, LockOp::Release, _)) => cur.retain(|h| h.key != key),
            None if callees => {
                for g in self.m.funcs.resolve(f, call) {
                    if g == f {
                        continue;
                    }
                    let e = self.effect(g);
                    cur.retain(|h| !e.releases.contains(&h.key));
                    for (key, write, name) in e.acquires {
                        acquire(
                            cur,
                            Held {
                                key,
                                write,
                                at: span,
                                name,
                            },
                        );
                    }
                }
            }
            None => {}
        }
    }
}

/// Locks held on both sides of a merge.
fn meet(a: &[Held], b: &[Held]) -> Vec<Held> {
    a.iter()
        .filter_map(|h| {
            let other = b.iter().find(|o| o.key == h.key)?;
            Some(Held {
                write: h.write && other.write,
                ..h.clone()
            })
        })
        .collect()
}

/// The locks held before each op of each block (and at its end).
#[derive(Default)]
pub struct HeldMap {
    per_op: Vec<Vec<Vec<Held>>>,
}

impl HeldMap {
    /// Held before op `index` of block `b` (`index` = the op count: at the
    /// block's end). `None` for a block no path reaches.
    pub fn at(&self, b: u32, index: u32) -> Option<Vec<Held>> {
        self.per_op.get(b as usize)?.get(index as usize).cloned()
    }
}

/// `h` is held from now on, in place of an earlier hold of its lock.
fn acquire(cur: &mut Vec<Held>, h: Held) {
    cur.retain(|x| x.key != h.key);
    cur.push(h);
}
