//! The IR: what the analyses and rules see of a Go file.
//!
//! Each function, method and function literal becomes a [`Func`] whose body
//! is a control-flow graph of [`Block`]s holding normalized [`Op`]s.
//! Expressions are flattened in evaluation order: a call or a receive nested
//! in an expression becomes its own op that writes a [`Place::Temp`], and the
//! enclosing expression reads that temp. Names are resolved while lowering:
//! a local is a [`VarKey`] (unique per declaration, so shadowing is
//! harmless), a name of an enclosing function is that function's `VarKey`
//! (closures share the captured variable), anything else is a [`Place::Global`].
//!
//! **Invariant:** no tree-sitter type appears here; the IR owns its strings
//! and spans and outlives the tree it came from.

use golint_diagnostics::{FileId, Span};

/// Index of a function in [`FileIr::funcs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncId(pub u32);

/// Index of a block in [`Cfg::blocks`]. The entry block is `BlockId(0)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockId(pub u32);

/// A local variable or parameter: the function that declares it and its
/// index in that function's [`Func::vars`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VarKey {
    pub func: FuncId,
    pub var: u32,
}

/// One lowered Go file.
#[derive(Clone, Debug, Default)]
pub struct FileIr {
    pub file: FileId,
    /// A `_test.go` file. Set by the driver, which knows the file name (the
    /// lowering sees only the text).
    pub is_test: bool,
    /// The package clause (`main`, `foo`, `foo_test`); empty if missing.
    pub package: String,
    pub imports: Vec<Import>,
    pub funcs: Vec<Func>,
    pub types: Vec<TypeDecl>,
    pub globals: Vec<GlobalVar>,
    /// Top-level declarations, for `//nolint` on a declaration's first line.
    pub decls: Vec<Decl>,
    /// `//nolint…` and `//lint:…` comments, the only comments kept.
    pub directives: Vec<Comment>,
    /// ERROR and MISSING nodes of the parse.
    pub syntax_errors: Vec<SyntaxError>,
    /// Byte offset of the start of each line after the first: the text is
    /// dropped after lowering, and a message may name a line ("on the next
    /// iteration of the loop at line 12").
    pub line_starts: Vec<u32>,
    /// Set when code nested deeper than [`crate::MAX_DEPTH`] was left
    /// opaque (see `lower/budget.rs`); the driver warns about it.
    pub too_deep: Option<TooDeep>,
}

/// The first place of a file nested too deep to lower.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooDeep {
    /// The first statement or expression left opaque.
    pub span: Span,
    /// Its line, 1-based.
    pub line: u32,
    /// How many statements and expressions were left opaque.
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The name the file uses: the alias, or the last path element.
    /// `_` and `.` imports keep their marker.
    pub name: String,
    pub path: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Decl {
    pub span: Span,
    /// Span of the declaration's first line (its keyword), where a `//nolint`
    /// for the whole declaration goes.
    pub head: Span,
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub span: Span,
    /// "missing `)`" or "unexpected `…`".
    pub message: String,
}

/// A type written in the source, normalized: whitespace removed except after
/// `chan`, `func`, `map[K]`, etc. E.g. `chan int`, `*sync.Mutex`, `[]byte`,
/// `<-chan struct{}`, `error`.
pub type TypeText = String;

#[derive(Clone, Debug)]
pub struct TypeDecl {
    pub name: String,
    pub span: Span,
    pub kind: TypeKind,
}

#[derive(Clone, Debug)]
pub enum TypeKind {
    Struct(Vec<FieldDecl>),
    Interface {
        methods: Vec<String>,
        embedded: Vec<TypeText>,
    },
    /// `type T U` or `type T = U`.
    Other(TypeText),
}

#[derive(Clone, Debug)]
pub struct FieldDecl {
    /// For an embedded field, the type's name (`Mutex` for `sync.Mutex`).
    pub name: String,
    pub ty: TypeText,
    pub embedded: bool,
    pub span: Span,
}

/// A package-level `var` (or `const`). Initializers are lowered into the
/// package's synthetic init function `init$vars`.
#[derive(Clone, Debug)]
pub struct GlobalVar {
    pub name: String,
    pub ty: Option<TypeText>,
    pub is_const: bool,
    /// A constant's value, when its initializer is an integer literal.
    pub value: Option<i64>,
    /// A constant's initializer as a boolean expression (`const debug =
    /// false`), when it is made of `true`, `false`, names, `!`, `&&` and
    /// `||` only: what folds the conditions that name it ([`BranchCond`]).
    pub bool_value: Option<BoolExpr>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Func {
    /// `Foo`, `T.Foo` for methods, `Foo$1` for the first literal in `Foo`,
    /// `init$vars` for package-level initializers.
    pub name: String,
    pub kind: FuncKind,
    /// The whole declaration or literal.
    pub span: Span,
    /// The name, or the `func` keyword of a literal.
    pub name_span: Span,
    pub type_params: Vec<String>,
    pub params: Vec<Param>,
    pub results: Vec<Param>,
    pub variadic: bool,
    /// Every variable declared in the body, parameters and named results first.
    pub vars: Vec<VarInfo>,
    /// Temporaries: one per flattened sub-expression.
    pub temps: Vec<TempInfo>,
    /// `None` for declarations without a body (assembly, linkname).
    pub body: Option<Cfg>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FuncKind {
    Func,
    Method {
        recv_type: String,
        pointer: bool,
        recv: Option<VarKey>,
    },
    Literal {
        parent: FuncId,
    },
    /// Package-level variable initializers.
    VarInit,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: Option<String>,
    pub ty: TypeText,
    /// The variable bound in [`Func::vars`], if named.
    pub var: Option<VarKey>,
}

#[derive(Clone, Debug)]
pub struct VarInfo {
    pub name: String,
    /// Declared type, when written (`var x T`, parameters) or evident
    /// (`x := make(chan int)`, `x := &T{}`, `x := T{}`).
    pub ty: Option<TypeText>,
    pub span: Span,
    pub kind: VarKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Param,
    Result,
    Receiver,
    Local,
}

#[derive(Clone, Debug)]
pub struct TempInfo {
    pub span: Span,
    /// The op that defines it: a call, a receive, a type assertion...
    pub origin: TempOrigin,
}

#[derive(Clone, Debug)]
pub enum TempOrigin {
    /// The result(s) of a call; `index` picks one of several results.
    Call {
        callee: Callee,
        index: u32,
    },
    Recv,
    TypeAssert {
        ty: TypeText,
    },
    /// Any other expression whose value the lowering does not model.
    Other,
}

/// The control-flow graph of one body.
#[derive(Clone, Debug, Default)]
pub struct Cfg {
    pub blocks: Vec<Block>,
}

impl Cfg {
    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.0 as usize]
    }

    /// Op `index` of block `block`, the position the path searches speak in.
    pub fn op_at(&self, block: u32, index: u32) -> Option<&Op> {
        self.blocks.get(block as usize)?.ops.get(index as usize)
    }

    pub fn ops(&self) -> impl Iterator<Item = (BlockId, &Op)> {
        self.blocks
            .iter()
            .enumerate()
            .flat_map(|(i, b)| b.ops.iter().map(move |op| (BlockId(i as u32), op)))
    }
}

#[derive(Clone, Debug)]
pub struct Block {
    pub ops: Vec<Op>,
    pub term: Term,
    /// Number of `for` loops of this function enclosing the block.
    pub loop_depth: u32,
    /// The header of the innermost `for` loop of this function enclosing the
    /// block (`for _, p := range paths`, from the keyword to the body's `{`
    /// exclusive); `None` when `loop_depth` is 0.
    pub loop_span: Option<Span>,
    /// The condition deciding a `Branch` terminator, when it names a
    /// constant or is one (`if debug {`, `switch { case true:`): the Go
    /// compiler drops the branches such a condition rules out before it
    /// inlines or analyzes escapes. `None` for any other branch.
    pub cond: Option<Box<BranchCond>>,
}

/// A boolean expression, as far as folding constants needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoolExpr {
    /// `true`, `false`.
    Lit(bool),
    /// A package-level name of this package (`pkg` is `None`) or of an
    /// imported one: a constant when the package declares it so.
    Name {
        pkg: Option<String>,
        name: String,
    },
    Not(Box<BoolExpr>),
    And(Box<BoolExpr>, Box<BoolExpr>),
    Or(Box<BoolExpr>, Box<BoolExpr>),
    /// Anything else (a local, a call, a comparison).
    Other,
}

impl BoolExpr {
    /// Nothing in it can be a constant: not worth keeping.
    pub fn is_opaque(&self) -> bool {
        match self {
            BoolExpr::Lit(_) | BoolExpr::Name { .. } => false,
            BoolExpr::Not(x) => x.is_opaque(),
            BoolExpr::And(x, y) | BoolExpr::Or(x, y) => x.is_opaque() && y.is_opaque(),
            BoolExpr::Other => true,
        }
    }
}

/// What decides a block's `Branch` terminator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BranchCond {
    /// `if c` (successors: then, else or after) and `for c` (body, exit):
    /// the first successor when `c` holds, else the second.
    If(BoolExpr),
    /// A switch without a tag: per clause in order (the successors, then
    /// the exit when there is no `default`), its case expressions, `None`
    /// for `default`; and whether the clause ends in `fallthrough`.
    Switch(Vec<(Option<Vec<BoolExpr>>, bool)>),
}

/// How a block ends.
#[derive(Clone, Debug)]
pub enum Term {
    Goto(BlockId),
    /// `if`, `switch`, a loop condition, `range`: any of the successors.
    Branch(Vec<BlockId>),
    /// A `select` statement: blocks until one case is ready (or takes
    /// `default`).
    Select(Select),
    Return {
        values: Vec<Value>,
        span: Span,
    },
    /// `panic(…)`, `log.Fatal…`, `os.Exit`: the function does not return
    /// normally. `exit` is true when deferred calls do not run (`os.Exit`,
    /// `log.Fatal`).
    Panic {
        span: Span,
        exit: bool,
    },
    /// End of a body without `return`.
    FallOff {
        span: Span,
    },
    /// A block nothing jumps to after a `return`, `break`…; or `for {}`
    /// without a way out.
    Unreachable,
}

impl Term {
    /// The blocks this terminator may jump to, in order: the targets of a
    /// `Branch`, the cases of a `Select` then its `default`.
    pub fn successors(&self) -> Vec<BlockId> {
        match self {
            Term::Goto(b) => vec![*b],
            Term::Branch(bs) => bs.clone(),
            Term::Select(s) => s
                .cases
                .iter()
                .map(|c| c.target)
                .chain(s.default.iter().map(|(b, _)| *b))
                .collect(),
            Term::Return { .. } | Term::Panic { .. } | Term::FallOff { .. } | Term::Unreachable => {
                Vec::new()
            }
        }
    }

    /// [`Term::successors`], mutable.
    pub fn successors_mut(&mut self) -> Vec<&mut BlockId> {
        match self {
            Term::Goto(b) => vec![b],
            Term::Branch(bs) => bs.iter_mut().collect(),
            Term::Select(s) => {
                let default = s.default.as_mut().map(|(b, _)| b);
                s.cases
                    .iter_mut()
                    .map(|c| &mut c.target)
                    .chain(default)
                    .collect()
            }
            Term::Return { .. } | Term::Panic { .. } | Term::FallOff { .. } | Term::Unreachable => {
                Vec::new()
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct Select {
    pub span: Span,
    pub cases: Vec<SelectCase>,
    /// The `default` case's block.
    pub default: Option<(BlockId, Span)>,
}

#[derive(Clone, Debug)]
pub struct SelectCase {
    /// The `case …:` clause header.
    pub span: Span,
    pub comm: Comm,
    /// Where the case body starts.
    pub target: BlockId,
}

/// The communication of a select case.
#[derive(Clone, Debug)]
pub enum Comm {
    Send {
        ch: Value,
        value: Value,
    },
    Recv {
        ch: Value,
        dst: Vec<Place>,
        comma_ok: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Op {
    pub kind: OpKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum OpKind {
    /// `go f(x)`: the call is evaluated (arguments now), then runs in a new goroutine.
    Spawn(Call),
    /// `defer f(x)`: arguments evaluated now, call pushed on the defer stack.
    Defer(Call),
    /// A call statement or a call in an expression (then `dst` holds its results).
    Call { call: Call, dst: Vec<Place> },
    /// `make(chan T, cap)`.
    MakeChan {
        dst: Place,
        elem: TypeText,
        cap: Cap,
        /// The capacity operand when it is a name whose value the lowering
        /// cannot know (`cap` is then `Unknown`): a package-level constant,
        /// a local constant or a parameter, which the analysis may resolve.
        size: Option<Value>,
    },
    /// `ch <- v`.
    Send { ch: Value, value: Value },
    /// `<-ch`, `v := <-ch`, `v, ok := <-ch`.
    Recv {
        ch: Value,
        dst: Vec<Place>,
        comma_ok: bool,
    },
    /// `close(ch)`.
    Close { ch: Value },
    /// The head of `for v := range ch`: receives until the channel is closed.
    /// The block's terminator branches to the body or past the loop.
    RangeChan { ch: Value, dst: Vec<Place> },
    /// `for … range x` over something else (slice, map, string, func).
    Range { x: Value, dst: Vec<Place> },
    /// `dst = src`, `dst := src`, also one per field of a struct literal
    /// assigned to a variable is *not* produced: see [`Value::Composite`].
    Assign { dst: Place, src: Value },
    /// `x.(T)`. `comma_ok` for `v, ok := x.(T)`. Type switches produce
    /// [`OpKind::TypeSwitch`] instead.
    TypeAssert {
        x: Value,
        ty: TypeText,
        dst: Vec<Place>,
        comma_ok: bool,
    },
    /// `switch v := x.(type)`: the last op of its block, whose `Branch`
    /// terminator has one target per clause, in source order, plus the end
    /// of the switch when there is no `default`.
    TypeSwitch {
        x: Value,
        /// The types each clause lists, parallel to the branch targets
        /// (empty for `default`). `nil` is written `nil`.
        cases: Vec<Vec<TypeText>>,
    },
    /// `x++`, `x += y` and other updates that read and write `dst`.
    Update { dst: Place, src: Value },
    /// An expression evaluated for its effects, or a value read without being stored
    /// (kept so that a use of a variable is visible), e.g. the condition of an `if`.
    Use(Value),
}

/// The capacity of `make(chan T, n)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    /// Unbuffered, or `make(chan T, 0)`.
    Zero,
    Const(u64),
    /// Not a constant the lowering can evaluate.
    Unknown,
}

#[derive(Clone, Debug)]
pub struct Call {
    pub callee: Callee,
    pub args: Vec<Value>,
    /// `f(xs...)`.
    pub ellipsis: bool,
    pub span: Span,
    /// The span of each argument expression as written, parallel to `args`
    /// (for `xs...`, the span of `xs`).
    pub arg_spans: Vec<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Callee {
    /// A function of this package or a builtin: `foo(…)`, `len(…)`.
    Func(String),
    /// A function of an imported package: `fmt.Errorf` is
    /// `Qualified { pkg: "fmt", path: "fmt", name: "Errorf" }` (`pkg` is the
    /// name used in the file, `path` the import path).
    Qualified {
        pkg: String,
        path: String,
        name: String,
    },
    /// A method call on a value: `s.mu.Lock()`, `ctx.Done()`.
    Method { recv: Box<Value>, name: String },
    /// A function literal called directly: `func() { … }()`.
    Literal(FuncId),
    /// A call through a variable, a field holding a func, or anything else.
    Dynamic(Box<Value>),
    /// A conversion to a named or composite type (`[]byte(s)`, `T(x)` is
    /// indistinguishable from a call and is a `Func`).
    Conversion(TypeText),
}

impl Callee {
    /// The called name without qualifier: `Errorf`, `Lock`, `foo`.
    pub fn name(&self) -> Option<&str> {
        match self {
            Callee::Func(n) => Some(n),
            Callee::Qualified { name, .. } | Callee::Method { name, .. } => Some(name),
            _ => None,
        }
    }

    /// True for `pkgpath.name`, e.g. `is_qualified("fmt", "Errorf")`.
    pub fn is_qualified(&self, pkg_path: &str, func: &str) -> bool {
        matches!(self, Callee::Qualified { path, name, .. } if path == pkg_path && name == func)
    }
}

/// Where a value is stored.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Var(VarKey),
    /// A package-level name of this package (`pkg` is `None`) or of an
    /// imported one (`pkg` is the import path).
    Global {
        pkg: Option<String>,
        name: String,
    },
    /// `x.f`.
    Field(Box<Value>, String),
    /// `x[i]`.
    Index(Box<Value>),
    /// `*x`.
    Deref(Box<Value>),
    Temp(u32),
    /// `_`.
    Blank,
}

/// A value read by an op. Nested calls and receives are already flattened
/// into temps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    Place(Place),
    /// `&x`.
    AddrOf(Box<Place>),
    FuncLit(FuncId),
    /// A named function used as a value (`go worker(ch)` has it as callee,
    /// `f := worker` as a value).
    FuncName(Callee),
    /// `T{…}` / `&T{…}`: field names (None when positional) and values.
    /// `span` is the literal as written, from the `&` when `addr` (where
    /// the compiler reports its allocation); the type operand of `new(T)`
    /// and `make(T, …)` is kept as a zero `T` with the span of the type.
    Composite {
        ty: TypeText,
        addr: bool,
        fields: Vec<(Option<String>, Value)>,
        span: Span,
    },
    /// A string literal, unquoted (raw and interpreted both).
    Str(String),
    Int(i64),
    Nil,
    /// Any other literal or expression (arithmetic, comparison, slice…):
    /// the places it reads, in order.
    Expr(Vec<Value>),
    /// `!x`. Kept apart from [`Value::Expr`] because a condition on a
    /// comma-ok result (`if !ok { return }`) says which branch runs once a
    /// channel is closed: the analyses evaluate it
    /// (`golint_analysis::eval_bool`).
    Not(Box<Value>),
    /// `a || b` (`or`) or `a && b`. Kept apart for the same reason as
    /// [`Value::Not`]: `if !ok || v == nil { return }` is taken once the
    /// channel is closed, whatever `v` holds.
    Logic {
        or: bool,
        operands: Box<[Value; 2]>,
    },
}

impl Value {
    pub fn var(&self) -> Option<VarKey> {
        match self {
            Value::Place(Place::Var(v)) => Some(*v),
            _ => None,
        }
    }

    /// The operands of an operator: the parts of an [`Value::Expr`], the
    /// operand of a [`Value::Not`], the two sides of a [`Value::Logic`];
    /// empty for anything else. For walks that treat every operator alike.
    pub fn operands(&self) -> &[Value] {
        match self {
            Value::Expr(parts) => parts,
            Value::Not(x) => std::slice::from_ref(&**x),
            Value::Logic { operands, .. } => &operands[..],
            _ => &[],
        }
    }
}

impl FileIr {
    /// The 1-based line of byte offset `offset`.
    pub fn line_of(&self, offset: u32) -> u32 {
        self.line_starts.partition_point(|&s| s <= offset) as u32 + 1
    }

    pub fn func(&self, id: FuncId) -> &Func {
        &self.funcs[id.0 as usize]
    }

    pub fn var(&self, key: VarKey) -> &VarInfo {
        &self.funcs[key.func.0 as usize].vars[key.var as usize]
    }

    /// [`Self::var`] for a key that may not belong to this file.
    pub fn var_info(&self, key: VarKey) -> Option<&VarInfo> {
        self.funcs
            .get(key.func.0 as usize)?
            .vars
            .get(key.var as usize)
    }

    /// The import path a file-local package name refers to.
    pub fn import_path(&self, name: &str) -> Option<&str> {
        self.imports
            .iter()
            .find(|i| i.name == name)
            .map(|i| i.path.as_str())
    }
}
