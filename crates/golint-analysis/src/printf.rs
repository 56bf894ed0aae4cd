//! Parsing of `fmt` format strings, with the rules of `fmt.Printf` itself
//! (`doPrintf` in `fmt/print.go`): flags, explicit argument indexes
//! (`%[2]v`), `*` widths and precisions that consume an operand, and `%%`,
//! which consumes none.

use std::ops::Range;

/// The flags of one directive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `+`: `%+v` prints field names (and, in errors packages that implement
    /// `fmt.Formatter`, a stack trace).
    pub plus: bool,
    /// `-`: pad on the right.
    pub minus: bool,
    /// `#`: `%#v` prints Go syntax.
    pub sharp: bool,
    /// ` `: leave a space for the sign.
    pub space: bool,
    /// `0`: pad with zeros.
    pub zero: bool,
}

/// One `%…` directive of a format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Byte range in the format string, from the `%` to the verb inclusive.
    pub range: Range<usize>,
    /// The verb: `v`, `s`, `w`, `d`, `%`…
    pub verb: char,
    pub flags: Flags,
    /// The 0-based index, among the operands that follow the format, of the
    /// operand this directive formats. `None` for `%%` and for a malformed
    /// argument index. May be past the last operand (a missing argument):
    /// the caller checks it against the call.
    pub operand: Option<usize>,
}

/// The directives of a format string, in order. Text without `%` yields
/// nothing; a trailing lone `%` yields nothing either.
pub fn parse_format(format: &str) -> Vec<Directive> {
    let b = format.as_bytes();
    let end = b.len();
    let mut out = Vec::new();
    let mut arg = 0usize;
    let mut i = 0usize;
    while i < end {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut flags = Flags::default();
        while i < end {
            match b[i] {
                b'#' => flags.sharp = true,
                b'0' => flags.zero = true,
                b'+' => flags.plus = true,
                b'-' => flags.minus = true,
                b' ' => flags.space = true,
                _ => break,
            }
            i += 1;
        }
        // An index in a bad form makes the verb print %!v(BADINDEX) without
        // consuming an operand.
        let mut good = true;
        let (mut after_index, ni, ok) = arg_number(b, i, &mut arg);
        i = ni;
        good &= ok;
        // Width.
        if i < end && b[i] == b'*' {
            i += 1;
            arg += 1;
            after_index = false;
        } else {
            let (present, ni) = parse_num(b, i);
            i = ni;
            if after_index && present {
                good = false;
            }
        }
        // Precision.
        if i + 1 < end && b[i] == b'.' {
            i += 1;
            if after_index {
                good = false;
            }
            let (ai, ni, ok) = arg_number(b, i, &mut arg);
            good &= ok;
            after_index = ai;
            i = ni;
            if i < end && b[i] == b'*' {
                i += 1;
                arg += 1;
                after_index = false;
            } else {
                i = parse_num(b, i).1;
            }
        }
        if !after_index {
            let (_, ni, ok) = arg_number(b, i, &mut arg);
            good &= ok;
            i = ni;
        }
        if i >= end {
            break;
        }
        let Some(verb) = format[i..].chars().next() else {
            break;
        };
        i += verb.len_utf8();
        let operand = if verb == '%' || !good {
            None
        } else {
            arg += 1;
            Some(arg - 1)
        };
        out.push(Directive {
            range: start..i,
            verb,
            flags,
            operand,
        });
    }
    out
}

/// `[n]` at `i`: sets `arg` to `n-1` when well formed. Returns whether a
/// good index was found, the position after it, and whether it was well
/// formed (`true` when there is no bracket at all).
fn arg_number(b: &[u8], i: usize, arg: &mut usize) -> (bool, usize, bool) {
    if i >= b.len() || b[i] != b'[' {
        return (false, i, true);
    }
    let rest = &b[i..];
    if rest.len() < 3 {
        return (false, i + 1, false);
    }
    for j in 1..rest.len() {
        if rest[j] == b']' {
            let (present, nj) = parse_num(rest, 1);
            if !present || nj != j {
                return (false, i + j + 1, false);
            }
            let n: usize = std::str::from_utf8(&rest[1..j])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if n == 0 {
                return (false, i + j + 1, false);
            }
            *arg = n - 1;
            return (true, i + j + 1, true);
        }
    }
    (false, i + 1, false)
}

/// Decimal digits at `i`: whether there were any, and the position after.
fn parse_num(b: &[u8], mut i: usize) -> (bool, usize) {
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    (i > start, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(verb, operand)` of each directive, with `+`/`#` shown before the verb.
    fn check(format: &str, expect: &[(&str, Option<usize>)]) {
        let got: Vec<(String, Option<usize>)> = parse_format(format)
            .into_iter()
            .map(|d| {
                let mut v = String::new();
                if d.flags.plus {
                    v.push('+');
                }
                if d.flags.sharp {
                    v.push('#');
                }
                v.push(d.verb);
                (v, d.operand)
            })
            .collect();
        let expect: Vec<(String, Option<usize>)> =
            expect.iter().map(|(v, o)| (v.to_string(), *o)).collect();
        assert_eq!(got, expect, "format {format:?}");
    }

    #[test]
    fn plain_verbs_take_operands_in_order() {
        check("", &[]);
        check("no verbs", &[]);
        check(
            "open %s: %v (%d)",
            &[("s", Some(0)), ("v", Some(1)), ("d", Some(2))],
        );
    }

    #[test]
    fn percent_consumes_nothing() {
        check(
            "disk at %d%%: %v",
            &[("d", Some(0)), ("%", None), ("v", Some(1))],
        );
        check("literal %%v then %q", &[("%", None), ("q", Some(0))]);
        check("%5%%v", &[("%", None), ("v", Some(0))]);
    }

    #[test]
    fn flags_are_recorded() {
        check(
            "%+v %#v %-8s % d %08.3f",
            &[
                ("+v", Some(0)),
                ("#v", Some(1)),
                ("s", Some(2)),
                ("d", Some(3)),
                ("f", Some(4)),
            ],
        );
        let d = &parse_format("%-08s")[0];
        assert!(d.flags.minus && d.flags.zero && !d.flags.plus);
    }

    #[test]
    fn explicit_indexes_are_followed() {
        check("stat %[2]s: %[1]v", &[("s", Some(1)), ("v", Some(0))]);
        // After an index, the next verb takes the operand after it.
        check(
            "%[2]d %d %[1]d %d",
            &[
                ("d", Some(1)),
                ("d", Some(2)),
                ("d", Some(0)),
                ("d", Some(1)),
            ],
        );
        check("%[3]*.[2]*[1]f", &[("f", Some(0))]);
    }

    #[test]
    fn bad_indexes_consume_nothing() {
        check("%[0]v %v", &[("v", None), ("v", Some(0))]);
        check("%[x]v %v", &[("v", None), ("v", Some(0))]);
        check("%[1v", &[("v", None)]);
    }

    #[test]
    fn star_width_and_precision_consume_operands() {
        check("%*d %v", &[("d", Some(1)), ("v", Some(2))]);
        check("%.*f %s", &[("f", Some(1)), ("s", Some(2))]);
        check("%*.*f|%v", &[("f", Some(2)), ("v", Some(3))]);
        check("%6.2f %v", &[("f", Some(0)), ("v", Some(1))]);
    }

    #[test]
    fn ranges_cover_the_directive() {
        let f = "a %[1]v b %+s c";
        let ds = parse_format(f);
        assert_eq!(&f[ds[0].range.clone()], "%[1]v");
        assert_eq!(&f[ds[1].range.clone()], "%+s");
        let ds = parse_format("é %v");
        assert_eq!(ds[0].range, 3..5);
    }

    #[test]
    fn odd_endings_do_not_panic() {
        check("100%", &[]);
        check("%[", &[]);
        check("%.", &[(".", Some(0))]);
        check("%-", &[]);
        check("%é", &[("é", Some(0))]);
        check("%[2]", &[]);
    }
}
