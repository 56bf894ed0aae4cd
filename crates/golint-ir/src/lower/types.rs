//! Normalized type text.

/// Collapses the whitespace of a type as written into gofmt's spacing, so
/// that `map[string] *T` and `map[string]*T` compare equal and messages
/// show `func(cc *grpc.ClientConn) error`, not `func(cc*grpc.ClientConn)error`.
///
/// Runs of whitespace and comments become one space where gofmt keeps one
/// — between a name and what follows it (`x int`, `cc *T`, `a []int`,
/// `ch <-chan T`), after `chan<-`, after the `)` of a parameter list
/// (`func() error`, `func() (int, error)`) — and disappear elsewhere
/// (`map[string] *T`, `[] byte`). A comma is always followed by one space
/// (`func(a, b int)`), and a trailing comma before `)` is dropped.
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
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut prev = ' ';
            for c in chars.by_ref() {
                if prev == '*' && c == '/' {
                    break;
                }
                prev = c;
            }
            pending_space = true;
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let last = out.chars().last();
        if last == Some(',') {
            if matches!(c, ')' | ']' | '}') {
                out.pop();
            } else {
                out.push(' ');
            }
        } else if pending_space && keeps_space(&out, c) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// True when gofmt writes a space between `out` (so far) and `next`, given
/// that the source had whitespace there.
fn keeps_space(out: &str, next: char) -> bool {
    let Some(last) = out.chars().last() else {
        return false;
    };
    let starts_type = is_ident(next) || matches!(next, '*' | '[' | '(' | '<');
    if is_ident(last) {
        return starts_type;
    }
    // `chan<- int`, and a result after a parameter list: `func() error`.
    starts_type && (last == ')' || out.ends_with("chan<-"))
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
        assert_eq!(normalize_type("func(a int)  error"), "func(a int) error");
        assert_eq!(normalize_type("struct {\n x int // c\n}"), "struct{x int}");
    }

    /// Types keep gofmt's spaces: they are shown in messages.
    #[test]
    fn keeps_the_spaces_gofmt_writes() {
        for (src, want) in [
            ("func(cc *grpc.ClientConn)", "func(cc *grpc.ClientConn)"),
            (
                "func(cc  *grpc.ClientConn) error",
                "func(cc *grpc.ClientConn) error",
            ),
            (
                "func(a, b []int) (int, error)",
                "func(a, b []int) (int, error)",
            ),
            ("func(a,b int)", "func(a, b int)"),
            ("func(\n\ta int,\n\tb string,\n)", "func(a int, b string)"),
            ("func() *T", "func() *T"),
            ("map[string] *T", "map[string]*T"),
            ("map[string]func(x int) bool", "map[string]func(x int) bool"),
            ("chan<- int", "chan<- int"),
            ("<-chan int", "<-chan int"),
            ("chan *T", "chan *T"),
            ("func(ch <-chan int)", "func(ch <-chan int)"),
            ("[] byte", "[]byte"),
            ("*sync.Mutex", "*sync.Mutex"),
            ("interface {}", "interface{}"),
            ("List[int, string]", "List[int, string]"),
            ("func(x /* c */ int)", "func(x int)"),
        ] {
            assert_eq!(normalize_type(src), want, "{src:?}");
        }
    }
}
