//! Normalized type text.

/// Collapses the whitespace of a type as written: runs of whitespace and
/// comments become one space between two identifier characters and
/// disappear elsewhere, so `map[string] *T` and `map[string]*T` compare equal.
pub(crate) fn normalize_type(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut pending_space = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'/') {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            pending_space = true;
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && out.chars().last().is_some_and(is_ident) && is_ident(c) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The type a pointer or channel type refers to: `*T` → `T`.
pub fn strip_pointer(ty: &str) -> &str {
    ty.trim_start_matches('*')
}

/// True for `chan T`, `<-chan T`, `chan<- T`.
pub fn is_chan_type(ty: &str) -> bool {
    ty.starts_with("chan") || ty.starts_with("<-chan")
}

#[cfg(test)]
mod tests {
    use super::normalize_type;

    #[test]
    fn normalizes() {
        assert_eq!(normalize_type("map[string] *T"), "map[string]*T");
        assert_eq!(normalize_type("chan  int"), "chan int");
        assert_eq!(normalize_type("func(a int)  error"), "func(a int)error");
        assert_eq!(normalize_type("struct {\n x int // c\n}"), "struct{x int}");
    }
}
