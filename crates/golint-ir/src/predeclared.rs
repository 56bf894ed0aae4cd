//! The predeclared type names of Go, in one place for the lowering, the
//! type inference and the rules: a call `int64(n)` of one of them (not
//! shadowed) is a conversion, and its result has that type.

const TYPES: [&str; 22] = [
    "any",
    "bool",
    "byte",
    "comparable",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "rune",
    "string",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
];

/// `name` as a predeclared type name, with a `'static` lifetime.
pub fn predeclared_type(name: &str) -> Option<&'static str> {
    TYPES.iter().copied().find(|t| *t == name)
}
