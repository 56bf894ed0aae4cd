//! Name lookup across the files of one package, and the light type
//! resolution built on it: the declared type of a variable, of a call's
//! result, of a value.
//!
//! Types are [`TypeText`]s as written in the source (`error`, `*os.File`),
//! not checked types: a type is known when it is written in a declaration or
//! evident from the expression, and unknown (`None`) otherwise.

use std::cell::RefCell;
use std::collections::HashMap;

use golint_ir::{
    Callee, FileIr, Func, FuncId, FuncKind, GlobalVar, OpKind, PackageIr, Place, TempOrigin,
    TypeDecl, TypeKind, TypeText, Value, VarKey,
};

use crate::defs::{writes, Defs};
use crate::stdlib;

/// The package-level functions, methods and variables of a package, by name.
#[derive(Debug)]
pub struct PackageIndex<'a> {
    pub package: &'a PackageIr,
    /// `Foo` for functions, `T.Foo` for methods (as in [`Func::name`]).
    funcs: HashMap<&'a str, &'a Func>,
    globals: HashMap<&'a str, &'a GlobalVar>,
    /// The op of a package initializer (`init$vars`) that assigns a global,
    /// and the global's position among the op's destinations.
    global_inits: HashMap<&'a str, (&'a OpKind, usize)>,
    types: HashMap<&'a str, &'a TypeDecl>,
    /// Field name → the struct types declaring it (first two).
    field_owners: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> PackageIndex<'a> {
    pub fn new(package: &'a PackageIr) -> Self {
        let mut funcs = HashMap::new();
        let mut globals = HashMap::new();
        let mut global_inits = HashMap::new();
        let mut types = HashMap::new();
        let mut field_owners: HashMap<&str, Vec<&str>> = HashMap::new();
        for file in &package.files {
            for t in &file.types {
                types.entry(t.name.as_str()).or_insert(t);
                if let TypeKind::Struct(fields) = &t.kind {
                    for f in fields {
                        let owners = field_owners.entry(f.name.as_str()).or_default();
                        if owners.len() < 2 && !owners.contains(&t.name.as_str()) {
                            owners.push(t.name.as_str());
                        }
                    }
                }
            }
            for f in file.funcs.iter().filter(|f| f.kind == FuncKind::VarInit) {
                for (_, op) in f.body.iter().flat_map(|b| b.ops()) {
                    for (i, place) in writes(&op.kind) {
                        if let Place::Global { pkg: None, name } = place {
                            global_inits.entry(name.as_str()).or_insert((&op.kind, i));
                        }
                    }
                }
            }
            for f in &file.funcs {
                if matches!(f.kind, FuncKind::Func | FuncKind::Method { .. }) {
                    // Per-platform files may define a function twice: the
                    // first one stands for all (their signatures agree).
                    funcs.entry(f.name.as_str()).or_insert(f);
                }
            }
            for g in &file.globals {
                globals.entry(g.name.as_str()).or_insert(g);
            }
        }
        PackageIndex {
            package,
            funcs,
            globals,
            global_inits,
            types,
            field_owners,
        }
    }

    /// The struct type of the package declaring a field named `field`, when
    /// exactly one does.
    pub fn unique_field_owner(&self, field: &str) -> Option<&'a str> {
        match self.field_owners.get(field).map(Vec::as_slice) {
            Some([one]) => Some(one),
            _ => None,
        }
    }

    /// A package-level function by name.
    pub fn func(&self, name: &str) -> Option<&'a Func> {
        self.funcs
            .get(name)
            .copied()
            .filter(|f| f.kind == FuncKind::Func)
    }

    /// A method by receiver type name (without `*` or type arguments) and name.
    pub fn method(&self, recv_type: &str, name: &str) -> Option<&'a Func> {
        self.funcs
            .get(format!("{recv_type}.{name}").as_str())
            .copied()
    }

    /// A package-level `var` or `const`.
    pub fn global(&self, name: &str) -> Option<&'a GlobalVar> {
        self.globals.get(name).copied()
    }

    /// A type declared in the package, by name.
    pub fn type_decl(&self, name: &str) -> Option<&'a TypeDecl> {
        self.types.get(name).copied()
    }

    /// The declared type of field `field` of a value of type `ty` (`T`,
    /// `*T`, `T[int]`), when `T` is a struct of this package that declares
    /// the field itself (promoted fields of embedded types are not searched).
    pub fn field_type(&self, ty: &str, field: &str) -> Option<&'a str> {
        let base = ty.trim_start_matches('*');
        let base = base.split('[').next().unwrap_or(base);
        match &self.type_decl(base)?.kind {
            TypeKind::Struct(fields) => fields
                .iter()
                .find(|f| f.name == field)
                .map(|f| f.ty.as_str()),
            _ => None,
        }
    }

    /// The type of a package-level variable: declared, or evident from its
    /// initializer (a call with a known result type, a composite literal, a
    /// string literal).
    pub fn global_type(&self, name: &str) -> Option<TypeText> {
        let g = self.global(name)?;
        if let Some(ty) = &g.ty {
            return Some(ty.clone());
        }
        match self.global_inits.get(name)? {
            (OpKind::Call { call, .. }, i) => self.call_result_type(&call.callee, None, *i),
            (OpKind::Assign { src, .. }, _) => match src {
                Value::Composite { ty, addr, .. } if !ty.is_empty() => {
                    Some(if *addr { format!("*{ty}") } else { ty.clone() })
                }
                Value::Str(_) => Some("string".to_string()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The declared type of result `index` of a call: a function of this
    /// package, a method of a type of this package (when `recv_type`, the
    /// receiver's type, is known), or a standard-library function listed in
    /// [`stdlib`]. [`FuncView::call_result_type`] finds the receiver's type.
    pub fn call_result_type(
        &self,
        callee: &Callee,
        recv_type: Option<&str>,
        index: usize,
    ) -> Option<TypeText> {
        let func = match callee {
            Callee::Func(name) => match self.func(name) {
                Some(f) => f,
                // A conversion to a type of the package: `output(ch)`.
                None if index == 0 && self.type_decl(name).is_some() => {
                    return Some(name.to_string())
                }
                None => return builtin_result(name, index).map(str::to_string),
            },
            Callee::Qualified { path, name, .. } => {
                return stdlib::result_type(path, name, index).map(str::to_string)
            }
            Callee::Method { name, .. } => {
                let ty = recv_type?;
                let base = ty.trim_start_matches('*');
                let base = base.split('[').next().unwrap_or(base);
                if base.contains('.') {
                    return None;
                }
                self.method(base, name)?
            }
            _ => return None,
        };
        func.results.get(index).map(|p| p.ty.clone())
    }
}

/// The result type of a call of a builtin function or a conversion to a
/// predeclared type, when no package-level function of that name shadows
/// it. `recover()` is `interface{}`: an `err := recover()` is not an error.
fn builtin_result(name: &str, index: usize) -> Option<&'static str> {
    if index != 0 {
        return None;
    }
    Some(match name {
        "recover" => "interface{}",
        "len" | "cap" | "copy" => "int",
        "real" | "imag" => "float64",
        "complex" => "complex128",
        // A conversion: `int64(n)`.
        _ => return golint_ir::predeclared_type(name),
    })
}

/// One function of a package, with the indexes rules ask questions through.
pub struct FuncView<'a> {
    pub index: &'a PackageIndex<'a>,
    pub file: &'a FileIr,
    pub func: &'a Func,
    /// `func`'s id in `file`.
    pub id: FuncId,
    pub defs: Defs<'a>,
    /// Inferred types of the variables of this function without a declared
    /// type; `None` while being inferred, which cuts cycles such as
    /// `p = p.next()`.
    inferred: RefCell<HashMap<VarKey, Option<TypeText>>>,
}

impl<'a> FuncView<'a> {
    pub fn new(index: &'a PackageIndex<'a>, file: &'a FileIr, func: &'a Func) -> Self {
        let id = file
            .funcs
            .iter()
            .position(|f| std::ptr::eq(f, func))
            .map_or(FuncId(u32::MAX), |i| FuncId(i as u32));
        Self::build(index, file, func, id)
    }

    /// The view of the function with id `id` in `file`.
    pub fn with_id(index: &'a PackageIndex<'a>, file: &'a FileIr, id: FuncId) -> Self {
        Self::build(index, file, file.func(id), id)
    }

    fn build(index: &'a PackageIndex<'a>, file: &'a FileIr, func: &'a Func, id: FuncId) -> Self {
        FuncView {
            index,
            file,
            func,
            id,
            defs: Defs::new(func),
            inferred: RefCell::new(HashMap::new()),
        }
    }

    /// The declared type of result `index` of a call made in this function,
    /// the receiver's type resolved with [`Self::value_type`].
    pub fn call_result_type(&self, callee: &Callee, index: usize) -> Option<TypeText> {
        self.call_result_type_depth(callee, index, 0)
    }

    fn call_result_type_depth(
        &self,
        callee: &Callee,
        index: usize,
        depth: u32,
    ) -> Option<TypeText> {
        let recv = match callee {
            Callee::Method { recv, .. } => Some(self.value_type_depth(recv, depth + 1)?),
            _ => None,
        };
        self.index.call_result_type(callee, recv.as_deref(), index)
    }

    /// The type of a value when it is known: a variable's declared or
    /// evident type, else the declared result type of the call that assigns
    /// it; a temp's call result or asserted type; a package variable's
    /// declared type; a composite literal's type; `string` for a literal.
    pub fn value_type(&self, v: &Value) -> Option<TypeText> {
        self.value_type_depth(v, 0)
    }

    fn value_type_depth(&self, v: &Value, depth: u32) -> Option<TypeText> {
        if depth > 8 {
            return None;
        }
        match v {
            Value::Place(Place::Var(k)) => {
                let info = self.file.var_info(*k)?;
                if let Some(ty) = &info.ty {
                    return Some(ty.clone());
                }
                if k.func != self.id {
                    return None;
                }
                if let Some(known) = self.inferred.borrow().get(k) {
                    return known.clone();
                }
                self.inferred.borrow_mut().insert(*k, None);
                let ty = self.defs.var(*k).iter().find_map(|d| match &d.op.kind {
                    OpKind::Call { call, .. } => {
                        self.call_result_type_depth(&call.callee, d.index, depth + 1)
                    }
                    OpKind::TypeAssert { ty, .. } if d.index == 0 => Some(ty.clone()),
                    OpKind::TypeAssert { .. } => Some("bool".to_string()),
                    OpKind::Assign { src, .. } => self.value_type_depth(src, depth + 1),
                    OpKind::Range { x, .. } => {
                        let ty = self.value_type_depth(x, depth + 1)?;
                        let (key, elem) = self.range_types(&ty)?;
                        if d.index == 0 {
                            Some(key)
                        } else {
                            elem
                        }
                    }
                    // `v := <-ch`, `v, ok := <-ch`: the element, and a bool.
                    OpKind::RangeChan { ch, .. } | OpKind::Recv { ch, .. } if d.index == 0 => {
                        let ty = self.value_type_depth(ch, depth + 1)?;
                        Some(self.range_types(&ty)?.0)
                    }
                    OpKind::Recv { .. } => Some("bool".to_string()),
                    _ => None,
                });
                self.inferred.borrow_mut().insert(*k, ty.clone());
                ty
            }
            Value::Place(Place::Temp(t)) => match &self.func.temps.get(*t as usize)?.origin {
                TempOrigin::Call { callee, index } => {
                    self.call_result_type_depth(callee, *index as usize, depth + 1)
                }
                TempOrigin::TypeAssert { ty } => Some(ty.clone()),
                _ => None,
            },
            Value::Place(Place::Global { pkg: None, name }) => self.index.global_type(name),
            Value::Place(Place::Field(base, field)) => {
                let ty = self.value_type_depth(base, depth + 1)?;
                if let Some(t) = anonymous_field_type(&ty, field) {
                    return Some(t);
                }
                self.index.field_type(&ty, field).map(str::to_string)
            }
            // `m[k]`, `s[i]`: the element of a map, slice or array (the
            // second variable `range` would give). A string's element is a
            // byte, not the rune `range` gives: left unknown.
            Value::Place(Place::Index(base)) => {
                let ty = self.value_type_depth(base, depth + 1)?;
                if ty == "string" {
                    return None;
                }
                self.range_types(&ty)?.1
            }
            Value::Composite { ty, addr, .. } if !ty.is_empty() => {
                Some(if *addr { format!("*{ty}") } else { ty.clone() })
            }
            Value::Str(_) => Some("string".to_string()),
            Value::AddrOf(p) => {
                let ty = self.value_type_depth(&Value::Place(p.as_ref().clone()), depth + 1)?;
                Some(format!("*{ty}"))
            }
            _ => None,
        }
    }
}

impl FuncView<'_> {
    /// The types of the two variables of `for k, v := range x` over a value
    /// of type `ty`: a slice, array, pointer to array, map, string or channel
    /// (whose one variable is the element), or a named type of the package
    /// defined as one of these.
    fn range_types(&self, ty: &str) -> Option<(TypeText, Option<TypeText>)> {
        let mut ty = ty.trim();
        for _ in 0..4 {
            if let Some(elem) = ty
                .strip_prefix("chan ")
                .or_else(|| ty.strip_prefix("<-chan "))
            {
                return Some((elem.trim().to_string(), None));
            }
            if ty == "string" {
                return Some(("int".to_string(), Some("rune".to_string())));
            }
            let t = ty
                .strip_prefix('*')
                .filter(|t| t.starts_with('['))
                .unwrap_or(ty);
            if let Some(rest) = t.strip_prefix("map[") {
                let close = matching_bracket(rest)?;
                let key = rest[..close].trim().to_string();
                return Some((key, Some(rest[close + 1..].trim().to_string())));
            }
            if let Some(rest) = t.strip_prefix('[') {
                let close = matching_bracket(rest)?;
                return Some((
                    "int".to_string(),
                    Some(rest[close + 1..].trim().to_string()),
                ));
            }
            match self.index.type_decl(ty).map(|t| &t.kind) {
                Some(TypeKind::Other(under)) => ty = under.as_str(),
                _ => return None,
            }
        }
        None
    }
}

/// The index of the `]` that closes a `[` just before `s`.
fn matching_bracket(s: &str) -> Option<usize> {
    let mut depth = 0u32;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => return Some(i),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use golint_diagnostics::FileId;
    use golint_ir::lower_file;

    fn package(srcs: &[&str]) -> PackageIr {
        let files = srcs
            .iter()
            .enumerate()
            .map(|(i, src)| {
                let tree = golint_syntax::parse(src).expect("parse");
                lower_file(FileId(i as u32), src, &tree)
            })
            .collect();
        PackageIr {
            name: "p".into(),
            files,
            ..PackageIr::default()
        }
    }

    /// The types of the values of `_ = <expr>` and `use(<expr>)`, in order.
    fn blank_types(pkg: &PackageIr, func: &str) -> Vec<Option<String>> {
        let index = PackageIndex::new(pkg);
        let (file, f) = pkg
            .files
            .iter()
            .find_map(|file| {
                file.funcs
                    .iter()
                    .find(|f| f.name == func)
                    .map(|f| (file, f))
            })
            .expect("func");
        let view = FuncView::new(&index, file, f);
        let mut ops: Vec<&golint_ir::Op> = f.body.as_ref().unwrap().ops().map(|(_, o)| o).collect();
        ops.sort_by_key(|o| o.span.start);
        ops.into_iter()
            .filter_map(|o| match &o.kind {
                OpKind::Assign {
                    dst: Place::Blank,
                    src,
                } => Some(view.value_type(src)),
                OpKind::Call { call, .. } if call.callee.name() == Some("use") => {
                    Some(view.value_type(&call.args[0]))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn resolves_across_files_and_through_calls() {
        let pkg = package(&[
            r#"package p

import (
	"errors"
	"os"
)

var sentinel error

var errClosed = errors.New("closed")

var errCount = 0

type Store struct{ db *sql.DB }

type node struct{ nxt *node }

func (n *node) next() *node { return n.nxt }

func walk(n *node) {
	p := n.next()
	for p != nil {
		p = p.next()
	}
	q := q0()
	q = q.next()
	_ = p
	_ = q
}

func (s *Store) load() (map[string]string, error) { return nil, nil }

func f(e error) {
	v, cause := parse()
	_ = cause
	_ = v
	f, err := os.Open("x")
	_ = err
	_ = f
	s := &Store{}
	m, lerr := s.load()
	_ = lerr
	_ = m
	_ = e
	_ = sentinel
	_ = "text"
	x := unknown()
	_ = x
	use(validate())
	_ = errClosed
	_ = s.db
	r := recover()
	_ = r
}
"#,
            r#"package p

func parse() (int, error) { return 0, nil }
func validate() error { return nil }
"#,
        ]);
        let got = blank_types(&pkg, "f");
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            vec![
                s("error"),
                s("int"),
                s("error"),
                s("*os.File"),
                s("error"),
                s("map[string]string"),
                s("error"),
                s("error"),
                s("string"),
                None,
                s("error"),
                s("error"),
                s("*sql.DB"),
                s("interface{}"),
            ]
        );
        let index = PackageIndex::new(&pkg);
        assert!(index.func("parse").is_some());
        assert!(index.func("Store.load").is_none());
        assert!(index.method("Store", "load").is_some());
        assert_eq!(
            index.global("sentinel").unwrap().ty.as_deref(),
            Some("error")
        );
    }

    #[test]
    fn range_variables_have_the_element_types() {
        let pkg = package(&[r#"package p

type node struct{ children []*node }

type peers map[string]*node

func f(n *node, ps peers, names [4]string, ch chan *node, s string) {
	for i, c := range n.children {
		_ = i
		_ = c
	}
	for k, v := range ps {
		_ = k
		_ = v
	}
	for _, x := range &names {
		_ = x
	}
	for y := range ch {
		_ = y
	}
	for _, r := range s {
		_ = r
	}
}
"#]);
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            blank_types(&pkg, "f"),
            vec![
                s("int"),
                s("*node"),
                s("string"),
                s("*node"),
                s("string"),
                s("*node"),
                s("rune"),
            ]
        );
    }
}

/// The type of field `field` of an anonymous struct type as the lowering
/// writes it (`struct{sync.Mutex replicas map[int]*Replica}`: gofmt's
/// spacing, no separator left between fields), for the
/// `mu struct { sync.Mutex; … }` grouping of a lock with what it guards.
/// The words at bracket depth 0 are read as `name[, name…] type` or an
/// embedded type (one word with a `.` or a `*`); a type of several words
/// (`chan T`, `func(…) R`) is read as its first one or two (`chan T`).
fn anonymous_field_type(ty: &str, field: &str) -> Option<TypeText> {
    let body = ty
        .trim_start_matches('*')
        .strip_prefix("struct{")?
        .strip_suffix('}')?;
    // Words at depth 0.
    let mut words: Vec<&str> = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in body.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ' ' | ';' if depth == 0 => {
                if start < i {
                    words.push(&body[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < body.len() {
        words.push(&body[start..]);
    }
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w.contains('.') || w.starts_with('*') {
            // An embedded type.
            i += 1;
            continue;
        }
        // `a, b T`: the names, then the type.
        let mut names = vec![w.trim_end_matches(',')];
        let mut j = i;
        while words[j].ends_with(',') && j + 1 < words.len() {
            j += 1;
            names.push(words[j].trim_end_matches(','));
        }
        let t = *words.get(j + 1)?;
        let (t, next) = if matches!(t, "chan" | "<-chan" | "chan<-") {
            (format!("{t} {}", words.get(j + 2)?), j + 3)
        } else {
            (t.to_string(), j + 2)
        };
        if names.contains(&field) {
            return Some(t);
        }
        i = next;
    }
    None
}

#[cfg(test)]
mod anonymous_tests {
    use super::anonymous_field_type as f;

    #[test]
    fn reads_fields_of_anonymous_structs() {
        let ty = "struct{sync.Mutex replicas map[int]*Replica}";
        assert_eq!(f(ty, "replicas").as_deref(), Some("map[int]*Replica"));
        assert_eq!(f(ty, "Mutex"), None);
        let ty = "struct{mu sync.RWMutex a, b *T c chan int d []string}";
        assert_eq!(f(ty, "mu").as_deref(), Some("sync.RWMutex"));
        assert_eq!(f(ty, "b").as_deref(), Some("*T"));
        assert_eq!(f(ty, "c").as_deref(), Some("chan int"));
        assert_eq!(f(ty, "d").as_deref(), Some("[]string"));
        assert_eq!(
            f("struct{x struct{y int} z *T}", "z").as_deref(),
            Some("*T")
        );
        assert_eq!(f("T", "x"), None);
    }
}
