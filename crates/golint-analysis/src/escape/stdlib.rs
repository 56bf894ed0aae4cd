//! What standard-library functions do with their arguments, by name, as the
//! Go 1.27 compiler's escape analysis summarizes them (`go build
//! -gcflags=-m=2` over a caller: "leaking param content: a"). A function
//! not listed keeps nothing: golint-rs then says nothing rather than guess
//! (precision first). Checked against Go 1.27.3.

/// What a listed function does with its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeps {
    /// The arguments from this index on are a `...any`: each is converted
    /// to an interface that escapes (`fmt.Println(n)`: "n escapes to heap").
    VariadicAny(usize),
    /// The argument at this index leaks to the heap.
    Arg(usize),
    /// An inlined constructor: the call allocates what the string names
    /// (the compiler reports it at the call, as `&errors.errorString{...}`)
    /// and its arguments are stored in that allocation.
    Allocates(&'static str),
}

/// Package path, function name, what it keeps.
const FUNCS: &[(&str, &str, Keeps)] = &[
    ("fmt", "Print", Keeps::VariadicAny(0)),
    ("fmt", "Println", Keeps::VariadicAny(0)),
    ("fmt", "Printf", Keeps::VariadicAny(1)),
    ("fmt", "Sprint", Keeps::VariadicAny(0)),
    ("fmt", "Sprintln", Keeps::VariadicAny(0)),
    ("fmt", "Sprintf", Keeps::VariadicAny(1)),
    ("fmt", "Fprint", Keeps::VariadicAny(1)),
    ("fmt", "Fprintln", Keeps::VariadicAny(1)),
    ("fmt", "Fprintf", Keeps::VariadicAny(2)),
    ("fmt", "Errorf", Keeps::VariadicAny(1)),
    ("fmt", "Append", Keeps::VariadicAny(1)),
    ("fmt", "Appendln", Keeps::VariadicAny(1)),
    ("fmt", "Appendf", Keeps::VariadicAny(2)),
    ("log", "Print", Keeps::VariadicAny(0)),
    ("log", "Println", Keeps::VariadicAny(0)),
    ("log", "Printf", Keeps::VariadicAny(1)),
    ("log", "Fatal", Keeps::VariadicAny(0)),
    ("log", "Fatalln", Keeps::VariadicAny(0)),
    ("log", "Fatalf", Keeps::VariadicAny(1)),
    ("log", "Panic", Keeps::VariadicAny(0)),
    ("log", "Panicln", Keeps::VariadicAny(0)),
    ("log", "Panicf", Keeps::VariadicAny(1)),
    (
        "errors",
        "New",
        Keeps::Allocates("&errors.errorString{...}"),
    ),
];

/// Arguments that leak to the heap, beside what [`FUNCS`] says: the
/// writer of `fmt.Fprintf`, the readers, writers and buffers of `io`
/// (they reach interface methods). From "leaking param" in Go 1.27's
/// `go build -gcflags=-m io fmt`.
const LEAKS: &[(&str, &str, &[usize])] = &[
    ("fmt", "Fprint", &[0]),
    ("fmt", "Fprintf", &[0]),
    ("fmt", "Fprintln", &[0]),
    ("io", "WriteString", &[0, 1]),
    ("io", "ReadAtLeast", &[0, 1]),
    ("io", "ReadFull", &[0, 1]),
    ("io", "Copy", &[0, 1]),
    ("io", "CopyN", &[0, 1]),
    ("io", "CopyBuffer", &[0, 1, 2]),
    // A timer or a finalizer keeps its function for later.
    ("time", "AfterFunc", &[1]),
    ("runtime", "SetFinalizer", &[1]),
    // The runtime is not read (`golint-rs escape` skips it): its
    // `Stack(buf, all)` writes through a `systemstack` closure.
    ("runtime", "Stack", &[0]),
];

/// The table says something of `path.name`.
pub fn known(path: &str, name: &str) -> bool {
    func(path, name).is_some() || !leaks(path, name).is_empty() || allocates(path, name).is_some()
}

/// The arguments of `path.name` that leak to the heap.
pub fn leaks(path: &str, name: &str) -> &'static [usize] {
    LEAKS
        .iter()
        .find(|(p, n, _)| *p == path && *n == name)
        .map_or(&[], |(_, _, a)| a)
}

/// Inlined functions that also allocate, beside what [`FUNCS`] says of
/// their arguments: `fmt.Errorf` ends in an inlined `errors.New`.
const ALLOCATES: &[(&str, &str, &str)] = &[("fmt", "Errorf", "&errors.errorString{...}")];

/// The allocation an inlined `path.name` makes at its call, if any.
pub fn allocates(path: &str, name: &str) -> Option<&'static str> {
    ALLOCATES
        .iter()
        .find(|(p, n, _)| *p == path && *n == name)
        .map(|(_, _, a)| *a)
}

/// Methods by receiver type (without `*`) and name.
const METHODS: &[(&str, &str, Keeps)] = &[
    ("log.Logger", "Print", Keeps::VariadicAny(0)),
    ("log.Logger", "Println", Keeps::VariadicAny(0)),
    ("log.Logger", "Printf", Keeps::VariadicAny(1)),
    ("log.Logger", "Fatal", Keeps::VariadicAny(0)),
    ("log.Logger", "Fatalf", Keeps::VariadicAny(1)),
    ("log.Logger", "Panic", Keeps::VariadicAny(0)),
    ("log.Logger", "Panicf", Keeps::VariadicAny(1)),
    ("testing.T", "Log", Keeps::VariadicAny(0)),
    ("testing.T", "Logf", Keeps::VariadicAny(1)),
    ("testing.T", "Error", Keeps::VariadicAny(0)),
    ("testing.T", "Errorf", Keeps::VariadicAny(1)),
    ("testing.T", "Fatal", Keeps::VariadicAny(0)),
    ("testing.T", "Fatalf", Keeps::VariadicAny(1)),
    ("testing.B", "Log", Keeps::VariadicAny(0)),
    ("testing.B", "Logf", Keeps::VariadicAny(1)),
    ("testing.B", "Fatal", Keeps::VariadicAny(0)),
    ("testing.B", "Fatalf", Keeps::VariadicAny(1)),
    ("testing.B", "Errorf", Keeps::VariadicAny(1)),
    // `atomic.Pointer[T]` stores the pointer through the assembly
    // `StorePointer` & co., which keep their arguments.
    ("atomic.Pointer", "Store", Keeps::Arg(0)),
    ("atomic.Pointer", "Swap", Keeps::Arg(0)),
    ("atomic.Pointer", "CompareAndSwap", Keeps::Arg(1)),
];

/// What `path.name` keeps of its arguments, if the table knows.
pub fn func(path: &str, name: &str) -> Option<Keeps> {
    FUNCS
        .iter()
        .find(|(p, n, _)| *p == path && *n == name)
        .map(|(_, _, k)| *k)
}

/// What method `name` of a value of type `ty` (`*log.Logger`) keeps.
pub fn method(ty: &str, name: &str) -> Option<Keeps> {
    let base = ty.trim_start_matches('*');
    // A generic type's methods whatever its type arguments.
    let base = base.split_once('[').map_or(base, |(b, _)| b);
    METHODS
        .iter()
        .find(|(t, n, _)| *t == base && *n == name)
        .map(|(_, _, k)| *k)
}

/// Interfaces of the standard library a value is commonly declared as: a
/// method call on one is dynamic, so the compiler lets its receiver and
/// arguments escape.
pub fn is_interface(ty: &str) -> bool {
    matches!(
        ty,
        "error"
            | "any"
            | "io.Reader"
            | "io.Writer"
            | "io.ReadWriter"
            | "io.ReadCloser"
            | "io.WriteCloser"
            | "io.ReadWriteCloser"
            | "io.Closer"
            | "io.ReaderAt"
            | "io.WriterAt"
            | "io.ReaderFrom"
            | "io.WriterTo"
            | "io.ByteReader"
            | "io.ByteScanner"
            | "io.ByteWriter"
            | "io.RuneReader"
            | "io.RuneScanner"
            | "io.Seeker"
            | "io.ReadSeeker"
            | "io.ReadSeekCloser"
            | "io.StringWriter"
            | "fmt.Stringer"
            | "fmt.State"
            | "net.Conn"
            | "net.Listener"
            | "net.PacketConn"
            | "net.Addr"
            | "http.Handler"
            | "http.ResponseWriter"
            | "http.RoundTripper"
            | "context.Context"
            | "sort.Interface"
            | "hash.Hash"
            | "hash.Hash32"
            | "hash.Hash64"
            | "driver.Conn"
            | "driver.Stmt"
            | "driver.Rows"
            | "image.Image"
            | "fs.FS"
            | "fs.File"
            | "fs.FileInfo"
    ) || ty.starts_with("interface{")
}

/// Standard-library types whose methods all have pointer receivers:
/// `wg.Add(1)` on a `sync.WaitGroup` variable takes its address.
pub fn has_pointer_methods(ty: &str) -> bool {
    matches!(
        ty,
        "sync.WaitGroup"
            | "sync.Mutex"
            | "sync.RWMutex"
            | "sync.Once"
            | "sync.Map"
            | "sync.Pool"
            | "sync.Cond"
            | "strings.Builder"
            | "bytes.Buffer"
    )
}
