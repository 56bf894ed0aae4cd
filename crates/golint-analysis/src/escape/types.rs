//! What escape analysis needs to know of a type written in the source:
//! whether a value of it holds a pointer by itself (no allocation to box
//! it), is an interface, or is scalar (nothing it holds can point to an
//! allocation), and its size when the compiler's stack limits apply.

use golint_ir::TypeKind;

use super::stdlib;
use crate::index::PackageIndex;

/// The form of a type, as far as escapes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `*T`, maps, channels, funcs, `unsafe.Pointer`: one pointer word.
    Pointer,
    Interface,
    Slice,
    /// Numbers, booleans, strings: hold no pointer to a Go allocation the
    /// analysis tracks (a string's bytes are never one of them).
    Scalar,
    Array,
    Struct,
    Unknown,
}

/// Named types are followed this many times (`type A B; type B C`).
const MAX_NAMED: u32 = 8;

pub fn shape(index: &PackageIndex, type_params: &[String], ty: &str) -> Shape {
    shape_depth(index, type_params, ty, 0)
}

fn shape_depth(index: &PackageIndex, type_params: &[String], ty: &str, depth: u32) -> Shape {
    let ty = ty.trim();
    if ty.starts_with('*') || ty.starts_with("map[") || ty.starts_with("chan") {
        return Shape::Pointer;
    }
    if ty.starts_with("<-chan") || ty.starts_with("func") || ty == "unsafe.Pointer" {
        return Shape::Pointer;
    }
    if ty.starts_with("[]") {
        return Shape::Slice;
    }
    if ty.starts_with('[') {
        return Shape::Array;
    }
    if ty.starts_with("struct{") || ty.starts_with("struct {") {
        return Shape::Struct;
    }
    if is_scalar(ty) {
        return Shape::Scalar;
    }
    if stdlib::is_interface(ty) || ty.starts_with("interface") {
        return Shape::Interface;
    }
    if type_params.iter().any(|p| p == ty) || ty.contains('.') || depth >= MAX_NAMED {
        return Shape::Unknown;
    }
    let base = ty.split('[').next().unwrap_or(ty);
    match index.type_decl(base).map(|d| &d.kind) {
        // A struct of one pointer is stored in an interface as is (a
        // "direct interface" type): no box.
        Some(TypeKind::Struct(fields))
            if fields.len() == 1
                && shape_depth(index, type_params, &fields[0].ty, depth + 1) == Shape::Pointer =>
        {
            Shape::Pointer
        }
        Some(TypeKind::Struct(_)) => Shape::Struct,
        Some(TypeKind::Interface { .. }) => Shape::Interface,
        Some(TypeKind::Other(under)) => shape_depth(index, type_params, under, depth + 1),
        None => Shape::Unknown,
    }
}

/// A type whose values hold no pointer at all (the compiler's
/// `!HasPointers`): numbers, booleans, and arrays, structs and named types
/// of them — not strings. `false` when not sure (another package's type,
/// a type parameter).
pub fn pointer_free(index: &PackageIndex, type_params: &[String], ty: &str) -> bool {
    pointer_free_depth(index, type_params, ty.trim(), 0)
}

fn pointer_free_depth(index: &PackageIndex, type_params: &[String], ty: &str, depth: u32) -> bool {
    if depth >= MAX_NAMED {
        return false;
    }
    if is_scalar(ty) {
        return ty != "string";
    }
    if let Some(rest) = ty.strip_prefix('[') {
        // `[N]T`, not a slice.
        return match rest.split_once(']') {
            Some((n, elem)) if !n.trim().is_empty() && n.trim() != "..." => {
                pointer_free_depth(index, type_params, elem.trim(), depth + 1)
            }
            _ => false,
        };
    }
    if type_params.iter().any(|p| p == ty) || ty.contains(['.', '[', '*', '(', ' ', '{']) {
        return false;
    }
    match index.type_decl(ty).map(|d| &d.kind) {
        Some(TypeKind::Struct(fields)) => fields
            .iter()
            .all(|f| pointer_free_depth(index, type_params, f.ty.trim(), depth + 1)),
        Some(TypeKind::Other(under)) => {
            pointer_free_depth(index, type_params, under.trim(), depth + 1)
        }
        _ => false,
    }
}

pub fn is_scalar(ty: &str) -> bool {
    matches!(
        ty,
        "bool"
            | "string"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "uintptr"
            | "byte"
            | "rune"
            | "float32"
            | "float64"
            | "complex64"
            | "complex128"
    )
}

/// A predeclared type name (`int`, `error`, `any`): never qualified by a
/// package.
pub fn is_predeclared(ty: &str) -> bool {
    is_scalar(ty)
        || matches!(
            ty,
            "error" | "any" | "map" | "chan" | "func" | "struct" | "interface"
        )
}

/// The size in bytes of a value of type `ty` on a 64-bit target, when the
/// type is spelled out enough to tell.
pub fn size(index: &PackageIndex, ty: &str, depth: u32) -> Option<u64> {
    if depth > MAX_NAMED {
        return None;
    }
    let ty = ty.trim();
    Some(match ty {
        "bool" | "int8" | "uint8" | "byte" => 1,
        "int16" | "uint16" => 2,
        "int32" | "uint32" | "rune" | "float32" => 4,
        "int" | "int64" | "uint" | "uint64" | "uintptr" | "float64" | "complex64" => 8,
        "complex128" | "string" => 16,
        _ if ty.starts_with('*') || ty.starts_with("map[") || ty.starts_with("chan") => 8,
        _ if ty.starts_with("func") => 8,
        _ if ty.starts_with("[]") => 24,
        _ if ty.starts_with('[') => {
            let (n, elem) = ty[1..].split_once(']')?;
            let n: u64 = n.trim().parse().ok()?;
            n.checked_mul(size(index, elem, depth + 1)?)?
        }
        _ if stdlib::is_interface(ty) => 16,
        _ => {
            let decl = index.type_decl(ty)?;
            match &decl.kind {
                TypeKind::Struct(fields) => {
                    let mut total: u64 = 0;
                    for f in fields {
                        total = total.checked_add(size(index, &f.ty, depth + 1)?)?;
                    }
                    total
                }
                TypeKind::Interface { .. } => 16,
                TypeKind::Other(under) => size(index, under, depth + 1)?,
            }
        }
    })
}
