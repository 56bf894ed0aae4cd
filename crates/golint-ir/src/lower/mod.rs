//! Lowering of one file's syntax tree into [`FileIr`].
//!
//! The file level (this module) records the package clause, imports, types,
//! globals, directives and syntax errors, and hands each function body to
//! [`body`], which builds its CFG; expressions are flattened by [`expr`].

mod body;
pub(crate) mod budget;
mod compact;
mod expr;
mod fields;
mod queries;
mod scopes;
pub(crate) mod types;

use rustc_hash::FxHashMap as HashMap;

use fields::NodeExt;
use golint_diagnostics::{FileId, Span};
use tree_sitter::{Node, Tree};

use crate::ir::*;
use body::FnBuilder;
use scopes::Scopes;
use types::normalize_type;

/// Lowers a parsed file. Never fails: what cannot be lowered is skipped, and
/// ERROR/MISSING nodes are recorded as [`SyntaxError`]s.
pub fn lower_file(file: FileId, text: &str, tree: &Tree) -> FileIr {
    let root = tree.root_node();
    let mut lw = Lowerer::new(file, text);
    lw.collect_queries(root);
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        lw.top_level(child);
    }
    lw.finish_var_init();
    lw.ir.funcs.shrink_to_fit();
    lw.ir
}

/// Above this size a file is parsed and lowered in parts.
pub const PART_SIZE: usize = 256 << 10;

/// Parses and lowers `text`; `None` only if tree-sitter gives up.
///
/// A syntax tree costs 50 to 100 times the text it comes from, so a file
/// over [`PART_SIZE`] (generated code: tables, bindings) is parsed one part
/// of top-level declarations at a time (`golint_syntax::top_level_parts`),
/// each part together with the package clause and imports so that names
/// resolve as in the whole file, and each tree is dropped once its
/// declarations are lowered. The IR is the one of the whole file: the parts
/// go through one [`Lowerer`], in order.
pub fn parse_and_lower(file: FileId, text: &str) -> Option<FileIr> {
    parse_and_lower_in_parts(file, text, PART_SIZE)
}

/// [`parse_and_lower`] with parts of about `part_size` bytes (tests use
/// small parts to compare with the whole-file lowering).
pub fn parse_and_lower_in_parts(file: FileId, text: &str, part_size: usize) -> Option<FileIr> {
    let parts = golint_syntax::top_level_parts(text, part_size);
    if parts.len() < 2 {
        let tree = golint_syntax::parse(text)?;
        return Some(lower_file(file, text, &tree));
    }
    let mut lw = Lowerer::new(file, text);
    let mut directives = Vec::new();
    let mut errors = Vec::new();
    // The package clause and imports (and what precedes them), with the
    // rest of their last line: every later part is parsed after them.
    let mut header = 0..0;
    for (k, part) in parts.iter().enumerate() {
        let tree = if k == 0 {
            golint_syntax::parse_ranges(text, std::slice::from_ref(part))?
        } else {
            golint_syntax::parse_ranges(text, &[header.clone(), part.clone()])?
        };
        let root = tree.root_node();
        lw.collect_queries(root);
        let from = if k == 0 { 0 } else { part.start };
        let mine = |span: &Span| span.start as usize >= from;
        directives.extend(
            std::mem::take(&mut lw.ir.directives)
                .into_iter()
                .filter(|d| mine(&d.span)),
        );
        errors.extend(
            std::mem::take(&mut lw.ir.syntax_errors)
                .into_iter()
                .filter(|e| mine(&e.span)),
        );
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor) {
            if child.end_byte() <= from {
                continue;
            }
            if k == 0 && matches!(child.k(), "package_clause" | "import_declaration") {
                let end = child.end_byte();
                let line_end = text.as_bytes()[end..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(text.len(), |p| end + p + 1);
                header = 0..line_end;
            }
            lw.top_level(child);
        }
    }
    lw.ir.directives = directives;
    lw.ir.syntax_errors = errors;
    lw.finish_var_init();
    lw.ir.funcs.shrink_to_fit();
    Some(lw.ir)
}

impl<'s> Lowerer<'s> {
    fn new(file: FileId, text: &'s str) -> Self {
        Lowerer {
            file,
            src: text.as_bytes(),
            text,
            ir: FileIr {
                file,
                line_starts: text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1)
                    .collect(),
                ..FileIr::default()
            },
            imports: HashMap::default(),
            builders: Vec::new(),
            scopes: Scopes::default(),
            literal_counts: HashMap::default(),
            depth: 0,
        }
    }
}

/// Lowering state for one file. Function bodies nest (literals inside
/// functions), so builders and scopes are stacks shared by all levels: a
/// name resolves through the scopes of every enclosing function, which is
/// how closures see the variables they capture.
pub(crate) struct Lowerer<'s> {
    pub(crate) file: FileId,
    pub(crate) src: &'s [u8],
    pub(crate) text: &'s str,
    pub(crate) ir: FileIr,
    /// File-local package name → import path.
    pub(crate) imports: HashMap<String, String>,
    pub(crate) builders: Vec<FnBuilder>,
    /// Names borrow the source text: no allocation per declaration.
    pub(crate) scopes: Scopes<'s>,
    /// Literal counters per top-level function name, for `Foo$1`, `Foo$2`…
    literal_counts: HashMap<String, u32>,
    /// Levels of nesting entered, against [`budget::MAX_DEPTH`].
    pub(crate) depth: u32,
}

impl<'s> Lowerer<'s> {
    pub(crate) fn span(&self, node: Node) -> Span {
        Span::new(self.file, node.start_byte() as u32, node.end_byte() as u32)
    }

    pub(crate) fn text(&self, node: Node) -> &'s str {
        // Token boundaries of valid UTF-8 are character boundaries; `get`
        // checks that in O(1) where `from_utf8` would rescan the bytes.
        self.text
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }

    pub(crate) fn type_text(&self, node: Node) -> TypeText {
        normalize_type(self.text(node))
    }

    /// Directives, imports and syntax errors. Each is looked for only where
    /// it can be: a query over the whole tree costs as much as the parse.
    fn collect_queries(&mut self, root: Node) {
        let Some(q) = queries::queries() else { return };
        let src = self.src;

        // Directives: find the comment texts first, then let the query
        // confirm each candidate is a comment (not a string) in its range.
        let mut directives = Vec::new();
        for start in directive_candidates(src) {
            let end = src[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(src.len(), |p| start + p);
            queries::for_each_match_in(&q.directives, root, src, start..end, |caps| {
                for (_, node) in caps {
                    if node.start_byte() == start {
                        directives.push(Comment {
                            span: self.span(*node),
                            text: self.text(*node).to_string(),
                        });
                    }
                }
            });
        }
        self.ir.directives = directives;

        let mut imports = Vec::new();
        let mut cursor = root.walk();
        for decl in root
            .named_children(&mut cursor)
            .filter(|n| n.k() == "import_declaration")
        {
            queries::for_each_match(&q.imports, decl, src, |caps| {
                let mut name = None;
                let mut path = None;
                let mut spec = None;
                for (cap, node) in caps {
                    match *cap {
                        "name" => name = Some(self.text(*node).to_string()),
                        "path" => path = Some(unquote(self.text(*node))),
                        _ => spec = Some(*node),
                    }
                }
                if let (Some(path), Some(spec)) = (path, spec) {
                    let name = name.unwrap_or_else(|| default_import_name(&path));
                    imports.push(Import {
                        name,
                        path,
                        span: self.span(spec),
                    });
                }
            });
        }
        for imp in &imports {
            if imp.name != "_" && imp.name != "." {
                self.imports.insert(imp.name.clone(), imp.path.clone());
            }
        }
        self.ir.imports = imports;

        if root.has_error() {
            let mut errors = Vec::new();
            collect_errors(root, &mut |node| {
                let message = if node.is_missing() {
                    format!("missing `{}`", node.k())
                } else {
                    let t = self.text(node);
                    let first: String = t
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .chars()
                        .take(20)
                        .collect();
                    if first.is_empty() {
                        "syntax error".to_string()
                    } else {
                        format!("syntax error: unexpected `{first}`")
                    }
                };
                errors.push(SyntaxError {
                    span: self.span(node),
                    message,
                });
            });
            self.ir.syntax_errors = errors;
        }
    }

    fn top_level(&mut self, node: Node) {
        match node.k() {
            "package_clause" => {
                if let Some(id) = node.named_child(0) {
                    self.ir.package = self.text(id).to_string();
                }
                return;
            }
            "function_declaration" | "method_declaration" => {
                self.function_decl(node);
            }
            "type_declaration" => self.type_decl(node),
            "var_declaration" | "const_declaration" => self.global_decl(node),
            "import_declaration" | "comment" => return,
            _ => return,
        }
        let head_end = self.src[node.start_byte()..node.end_byte()]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(node.end_byte(), |p| node.start_byte() + p);
        self.ir.decls.push(Decl {
            span: self.span(node),
            head: Span::new(self.file, node.start_byte() as u32, head_end as u32),
        });
    }

    fn function_decl(&mut self, node: Node) {
        let name_node = node.f("name");
        let name = name_node
            .map(|n| self.text(n).to_string())
            .unwrap_or_default();
        let mut kind = FuncKind::Func;
        let mut recv_param = None;
        if let Some(recv) = node.f("receiver") {
            let first = body::named(recv)
                .into_iter()
                .find(|c| c.k() == "parameter_declaration");
            if let Some(p) = first {
                let ty_node = p.f("type");
                let ty = ty_node.map(|t| self.type_text(t)).unwrap_or_default();
                let pointer = ty.starts_with('*');
                let base = ty.trim_start_matches('*');
                let base = base.split('[').next().unwrap_or(base).to_string();
                kind = FuncKind::Method {
                    recv_type: base,
                    pointer,
                    recv: None,
                };
                let recv_name = p.f("name").map(|n| self.text(n));
                recv_param = Some((recv_name, ty, p));
            }
        }
        let full_name = match &kind {
            FuncKind::Method { recv_type, .. } => format!("{recv_type}.{name}"),
            _ => name,
        };
        let id = self.begin_func(full_name, kind, node, name_node.unwrap_or(node));
        if let Some((Some(rname), ty, p)) = recv_param {
            let key = self.declare(rname, Some(ty), p, VarKind::Receiver);
            if let FuncKind::Method { recv, .. } = &mut self.ir.funcs[id.0 as usize].kind {
                *recv = Some(key);
            }
        }
        self.signature(id, node);
        self.body_and_end(id, node);
    }

    /// Reserves the function's id (so literals nested in it get later ids),
    /// pushes its builder and parameter scope.
    pub(crate) fn begin_func(
        &mut self,
        name: String,
        kind: FuncKind,
        node: Node,
        name_node: Node,
    ) -> FuncId {
        let id = FuncId(self.ir.funcs.len() as u32);
        self.ir.funcs.push(Func {
            name,
            kind,
            span: self.span(node),
            name_span: self.span(name_node),
            type_params: Vec::new(),
            params: Vec::new(),
            results: Vec::new(),
            variadic: false,
            vars: Vec::new(),
            temps: Vec::new(),
            body: None,
        });
        self.builders.push(FnBuilder::new(id));
        self.scopes.push();
        id
    }

    /// Lowers the body (if any) and pops the function's builder and scope.
    pub(crate) fn body_and_end(&mut self, _id: FuncId, node: Node) {
        let body = node.f("body");
        if let Some(body) = body {
            self.block_stmts(body);
            let end = Span::new(
                self.file,
                body.end_byte().saturating_sub(1) as u32,
                body.end_byte() as u32,
            );
            self.terminate(Term::FallOff { span: end });
        }
        self.scopes.pop();
        if let Some(b) = self.builders.pop() {
            self.finish_builder(b, body.is_some());
        }
    }

    /// Moves a finished builder into its [`Func`]. The IR of every file is
    /// kept for the whole run, so vectors give back their growth slack.
    fn finish_builder(&mut self, b: FnBuilder, with_body: bool) {
        let FnBuilder {
            id,
            blocks,
            mut vars,
            mut temps,
            ..
        } = b;
        let mut blocks = compact::compact(blocks);
        vars.shrink_to_fit();
        temps.shrink_to_fit();
        for block in &mut blocks {
            block.ops.shrink_to_fit();
        }
        blocks.shrink_to_fit();
        let f = &mut self.ir.funcs[id.0 as usize];
        f.vars = vars;
        f.temps = temps;
        if with_body {
            f.body = Some(Cfg { blocks });
        }
    }

    fn signature(&mut self, id: FuncId, node: Node) {
        if let Some(tp) = node.f("type_parameters") {
            let mut cursor = tp.walk();
            let mut names = Vec::new();
            for decl in tp.named_children(&mut cursor) {
                let mut c2 = decl.walk();
                for n in decl.fs("name", &mut c2) {
                    names.push(self.text(n).to_string());
                }
            }
            self.ir.funcs[id.0 as usize].type_params = names;
        }
        let (params, variadic) = match node.f("parameters") {
            Some(p) => self.param_list(p, VarKind::Param),
            None => (Vec::new(), false),
        };
        let results = match node.f("result") {
            Some(r) if r.k() == "parameter_list" => self.param_list(r, VarKind::Result).0,
            Some(r) => vec![Param {
                name: None,
                ty: self.type_text(r),
                var: None,
            }],
            None => Vec::new(),
        };
        let f = &mut self.ir.funcs[id.0 as usize];
        f.params = params;
        f.results = results;
        f.variadic = variadic;
    }

    fn param_list(&mut self, list: Node, kind: VarKind) -> (Vec<Param>, bool) {
        let mut out = Vec::new();
        let mut variadic = false;
        let mut cursor = list.walk();
        for decl in list.named_children(&mut cursor) {
            let is_variadic = decl.k() == "variadic_parameter_declaration";
            if decl.k() != "parameter_declaration" && !is_variadic {
                continue;
            }
            variadic |= is_variadic;
            let mut ty = decl
                .f("type")
                .map(|t| self.type_text(t))
                .unwrap_or_default();
            if is_variadic {
                ty = format!("[]{ty}");
            }
            let mut c2 = decl.walk();
            let names: Vec<Node> = decl.fs("name", &mut c2).collect();
            if names.is_empty() {
                out.push(Param {
                    name: None,
                    ty: ty.clone(),
                    var: None,
                });
            }
            for n in names {
                let name = self.text(n);
                let var = (name != "_").then(|| self.declare(name, Some(ty.clone()), n, kind));
                out.push(Param {
                    name: Some(name.to_string()),
                    ty: ty.clone(),
                    var,
                });
            }
        }
        (out, variadic)
    }

    /// Starts a function literal nested in the current function.
    pub(crate) fn func_literal(&mut self, node: Node) -> FuncId {
        let parent = self.builders.last().map(|b| b.id).unwrap_or(FuncId(0));
        let top = self.top_name(parent);
        let n = self.literal_counts.entry(top.clone()).or_insert(0);
        *n += 1;
        let name = format!("{top}${n}");
        let func_kw = node.child(0).unwrap_or(node);
        let id = self.begin_func(name, FuncKind::Literal { parent }, node, func_kw);
        self.signature(id, node);
        self.body_and_end(id, node);
        id
    }

    fn top_name(&self, mut id: FuncId) -> String {
        while let Some(f) = self.ir.funcs.get(id.0 as usize) {
            match f.kind {
                FuncKind::Literal { parent } => id = parent,
                _ => return f.name.clone(),
            }
        }
        String::from("func")
    }

    fn type_decl(&mut self, node: Node) {
        let mut cursor = node.walk();
        for spec in node.named_children(&mut cursor) {
            let (Some(name), Some(ty)) = (spec.f("name"), spec.f("type")) else {
                continue;
            };
            let kind = match ty.k() {
                "struct_type" => TypeKind::Struct(self.struct_fields(ty)),
                "interface_type" => {
                    let mut methods = Vec::new();
                    let mut embedded = Vec::new();
                    let mut c2 = ty.walk();
                    for elem in ty.named_children(&mut c2) {
                        match elem.k() {
                            "method_elem" => {
                                if let Some(n) = elem.f("name") {
                                    methods.push(self.text(n).to_string());
                                }
                            }
                            "type_elem" => embedded.push(self.type_text(elem)),
                            _ => {}
                        }
                    }
                    TypeKind::Interface { methods, embedded }
                }
                _ => TypeKind::Other(self.type_text(ty)),
            };
            self.ir.types.push(TypeDecl {
                name: self.text(name).to_string(),
                span: self.span(spec),
                kind,
            });
        }
    }

    pub(crate) fn struct_fields(&self, st: Node) -> Vec<FieldDecl> {
        let mut out = Vec::new();
        let mut cursor = st.walk();
        let Some(list) = st
            .named_children(&mut cursor)
            .find(|c| c.k() == "field_declaration_list")
        else {
            return out;
        };
        let mut c2 = list.walk();
        for fd in list.named_children(&mut c2) {
            if fd.k() != "field_declaration" {
                continue;
            }
            let ty = fd.f("type").map(|t| self.type_text(t)).unwrap_or_default();
            let mut c3 = fd.walk();
            let names: Vec<Node> = fd.fs("name", &mut c3).collect();
            if names.is_empty() {
                // `*T` embedded: the grammar keeps the `*` out of the
                // type field, but a pointer it is (its fields are one
                // dereference further).
                let pointer = self.text(fd).trim_start().starts_with('*');
                let ty = if pointer && !ty.starts_with('*') {
                    format!("*{ty}")
                } else {
                    ty.clone()
                };
                let base = ty.trim_start_matches('*');
                let base = base.split('[').next().unwrap_or(base);
                let name = base.rsplit('.').next().unwrap_or(base).to_string();
                out.push(FieldDecl {
                    name,
                    ty: ty.clone(),
                    embedded: true,
                    span: self.span(fd),
                });
            }
            for n in names {
                out.push(FieldDecl {
                    name: self.text(n).to_string(),
                    ty: ty.clone(),
                    embedded: false,
                    span: self.span(n),
                });
            }
        }
        out
    }

    fn global_decl(&mut self, node: Node) {
        let is_const = node.k() == "const_declaration";
        let specs = body::var_specs(node);
        for spec in specs {
            let ty = spec.f("type").map(|t| self.type_text(t));
            let mut c2 = spec.walk();
            let names: Vec<Node> = spec
                .fs("name", &mut c2)
                .filter(|n| n.k() == "identifier")
                .collect();
            // A constant's integer literal, by position (`const a, b = 1, 2`).
            let literals: Vec<Option<i64>> = match spec.f("value") {
                Some(values) if is_const => {
                    let mut c3 = values.walk();
                    values
                        .named_children(&mut c3)
                        .map(|v| {
                            (v.k() == "int_literal")
                                .then(|| expr::int_literal(self.text(v)))
                                .flatten()
                        })
                        .collect()
                }
                _ => Vec::new(),
            };
            // A constant's boolean initializer, by position.
            let bools: Vec<Option<BoolExpr>> = match spec.f("value") {
                Some(values) if is_const => body::named(values)
                    .into_iter()
                    .map(|v| Some(self.bool_expr(v)).filter(|b| !b.is_opaque()))
                    .collect(),
                _ => Vec::new(),
            };
            for (i, n) in names.iter().enumerate() {
                self.ir.globals.push(GlobalVar {
                    name: self.text(*n).to_string(),
                    ty: ty.clone(),
                    is_const,
                    value: literals.get(i).copied().flatten(),
                    bool_value: bools.get(i).cloned().flatten(),
                    span: self.span(*n),
                });
            }
            if is_const {
                continue;
            }
            if let Some(values) = spec.f("value") {
                self.ensure_var_init(node);
                let dsts: Vec<Place> = names
                    .iter()
                    .map(|n| Place::Global {
                        pkg: None,
                        name: self.text(*n).to_string(),
                    })
                    .collect();
                self.assign_values(dsts, values, spec);
            }
        }
    }

    /// Package-level initializers are lowered into one synthetic function,
    /// `init$vars`, opened on first use and closed at the end of the file.
    fn ensure_var_init(&mut self, node: Node) {
        if self.builders.is_empty() {
            self.begin_func("init$vars".to_string(), FuncKind::VarInit, node, node);
        }
    }

    fn finish_var_init(&mut self) {
        if let Some(b) = self.builders.last() {
            let id = b.id;
            let end = self.ir.funcs[id.0 as usize].span;
            self.terminate(Term::FallOff { span: end });
            self.scopes.pop();
            if let Some(b) = self.builders.pop() {
                self.finish_builder(b, true);
            }
        }
    }

    /// Declares a variable in the innermost scope of the current function.
    pub(crate) fn declare(
        &mut self,
        name: &'s str,
        ty: Option<TypeText>,
        node: Node,
        kind: VarKind,
    ) -> VarKey {
        let span = self.span(node);
        let Some(b) = self.builders.last_mut() else {
            return VarKey {
                func: FuncId(0),
                var: 0,
            };
        };
        let key = VarKey {
            func: b.id,
            var: b.vars.len() as u32,
        };
        b.vars.push(VarInfo {
            name: name.to_string(),
            ty,
            span,
            kind,
        });
        self.scopes.insert(name, key);
        key
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<VarKey> {
        self.scopes.lookup(name)
    }

    /// The import path of `name` when it names an imported package here
    /// (and no local shadows it).
    pub(crate) fn package_of(&self, name: &str) -> Option<String> {
        if self.lookup(name).is_some() {
            return None;
        }
        self.imports.get(name).cloned()
    }
}

/// Removes the quotes of a Go string literal and decodes the common escapes.
pub(crate) fn unquote(lit: &str) -> String {
    if let Some(raw) = lit.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return raw.replace('\r', "");
    }
    let inner = lit
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(lit);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The name a package is imported under by default: the last path element,
/// without a `.vN` major version suffix or a `go-` prefix.
fn default_import_name(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or(path);
    if last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit()) {
        last = parts.next().unwrap_or(last);
    }
    let last = last.strip_prefix("go-").unwrap_or(last);
    let last = last.split('.').next().unwrap_or(last);
    last.replace('-', "_")
}

/// Byte offsets of `//nolint` and `//lint:` in the text.
fn directive_candidates(src: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + 2 <= src.len() {
            let at = i;
            i += 1;
            if src[at] == b'/' && src[at + 1] == b'/' {
                let rest = &src[at + 2..];
                if rest.starts_with(b"nolint") || rest.starts_with(b"lint:") {
                    i = at + 2;
                    return Some(at);
                }
            }
        }
        None
    })
}

/// Calls `f` on each ERROR and MISSING node, descending only into subtrees
/// that contain one. Iterative: the tree may be arbitrarily deep.
fn collect_errors<'t>(root: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let descend = if node.is_error() || node.is_missing() {
            f(node);
            false
        } else {
            node.has_error()
        };
        if descend && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}
