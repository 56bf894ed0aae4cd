//! Just enough of the `go.mod` / `go.work` syntax: the `module`, `go` and
//! `use` directives, line comments, quoted strings and `( … )` blocks.

/// One directive: `module x`, `go 1.21`, or one entry of a `use ( … )` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Directive {
    pub verb: String,
    pub args: Vec<String>,
    /// 1-based line number.
    pub line: usize,
}

/// What discovery needs of a `go.mod`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GoMod {
    pub module: Option<String>,
    pub go_version: Option<(u32, u32)>,
    /// The `require` entries: module path and version.
    pub requires: Vec<(String, String)>,
    /// Problems worth a warning (the file is still used for what it gives).
    pub problems: Vec<String>,
}

/// What discovery needs of a `go.work`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GoWork {
    /// The `use` arguments, as written (relative to the go.work directory or absolute).
    pub uses: Vec<String>,
    pub problems: Vec<String>,
}

pub(crate) fn parse_go_mod(text: &str) -> GoMod {
    let mut out = GoMod::default();
    for d in directives(text, &mut out.problems) {
        match d.verb.as_str() {
            "module" => {
                if out.module.is_some() {
                    out.problems
                        .push(format!("line {}: repeated module directive", d.line));
                    continue;
                }
                match d.args.as_slice() {
                    [path] if !path.is_empty() => out.module = Some(path.clone()),
                    _ => out
                        .problems
                        .push(format!("line {}: usage: module module/path", d.line)),
                }
            }
            "go" => match d.args.as_slice() {
                [v] => match parse_go_version(v) {
                    Some(v) => out.go_version = Some(v),
                    None => out
                        .problems
                        .push(format!("line {}: invalid go version {v:?}", d.line)),
                },
                _ => out
                    .problems
                    .push(format!("line {}: usage: go 1.23", d.line)),
            },
            "require" => {
                if let [path, version, ..] = d.args.as_slice() {
                    out.requires.push((path.clone(), version.clone()));
                }
            }
            _ => {}
        }
    }
    if out.module.is_none() {
        out.problems.push("no module directive".to_string());
    }
    out
}

pub(crate) fn parse_go_work(text: &str) -> GoWork {
    let mut out = GoWork::default();
    for d in directives(text, &mut out.problems) {
        if d.verb == "use" {
            match d.args.as_slice() {
                [dir] if !dir.is_empty() => out.uses.push(dir.clone()),
                _ => out
                    .problems
                    .push(format!("line {}: usage: use local/dir", d.line)),
            }
        }
    }
    out
}

/// `1.19` → (1, 19); `1.21.0`, `1.22rc1` → (1, 21), (1, 22); `1` → (1, 0).
pub(crate) fn parse_go_version(v: &str) -> Option<(u32, u32)> {
    let mut parts = v.splitn(3, '.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor = match parts.next() {
        None => 0,
        Some(m) => {
            let digits: &str = &m[..m.find(|c: char| !c.is_ascii_digit()).unwrap_or(m.len())];
            let rest = &m[digits.len()..];
            // Only pre-release suffixes (`rc1`, `beta2`) may follow the minor.
            if !rest.is_empty() && !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            digits.parse().ok()?
        }
    };
    Some((major, minor))
}

/// Splits a go.mod-like file into directives, expanding `verb ( … )` blocks
/// (also written on one line) into one directive per entry.
fn directives(text: &str, problems: &mut Vec<String>) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let tokens = match tokenize(raw) {
            Ok(t) => t,
            Err(msg) => {
                problems.push(format!("line {line}: {msg}"));
                continue;
            }
        };
        if tokens.is_empty() {
            continue;
        }
        if let Some(verb) = &block {
            if tokens.len() == 1 && tokens[0] == ")" {
                block = None;
            } else {
                out.push(Directive {
                    verb: verb.clone(),
                    args: tokens,
                    line,
                });
            }
            continue;
        }
        let verb = tokens[0].clone();
        let args = &tokens[1..];
        if args.first().map(String::as_str) == Some("(") {
            let inner = &args[1..];
            if inner.last().map(String::as_str) == Some(")") {
                // `use ( ./a ./b )` on one line: each word is an entry.
                for a in &inner[..inner.len() - 1] {
                    out.push(Directive {
                        verb: verb.clone(),
                        args: vec![a.clone()],
                        line,
                    });
                }
            } else {
                for a in inner {
                    out.push(Directive {
                        verb: verb.clone(),
                        args: vec![a.clone()],
                        line,
                    });
                }
                block = Some(verb);
            }
            continue;
        }
        out.push(Directive {
            verb,
            args: args.to_vec(),
            line,
        });
    }
    if block.is_some() {
        problems.push("unterminated ( block".to_string());
    }
    out
}

/// Words of one line: `//` starts a comment outside strings; `"…"` (with
/// escapes) and `` `…` `` are single words, unquoted; `(` and `)` are words.
fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if line[i..].starts_with("//") => break,
            c if c.is_whitespace() => flush(&mut word, &mut out),
            '(' | ')' => {
                flush(&mut word, &mut out);
                out.push(c.to_string());
            }
            '"' => {
                flush(&mut word, &mut out);
                let mut s = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, 'n')) => s.push('\n'),
                            Some((_, 't')) => s.push('\t'),
                            Some((_, e)) => s.push(e),
                            None => break,
                        },
                        c => s.push(c),
                    }
                }
                if !closed {
                    return Err("unterminated quoted string".to_string());
                }
                out.push(s);
            }
            '`' => {
                flush(&mut word, &mut out);
                let mut s = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '`' {
                        closed = true;
                        break;
                    }
                    s.push(c);
                }
                if !closed {
                    return Err("unterminated raw string".to_string());
                }
                out.push(s);
            }
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_and_go_lines() {
        let m = parse_go_mod(
            "// comment\nmodule \"example.com/m\" // trailing\n\ngo 1.21.3\n\nrequire (\n\tgolang.org/x/sync v0.1.0\n)\n",
        );
        assert_eq!(m.module.as_deref(), Some("example.com/m"));
        assert_eq!(m.go_version, Some((1, 21)));
        assert_eq!(
            m.requires,
            vec![("golang.org/x/sync".to_string(), "v0.1.0".to_string())]
        );
        assert!(m.problems.is_empty(), "{:?}", m.problems);
    }

    #[test]
    fn module_block_and_raw_string() {
        let m = parse_go_mod("module (\n  `example.com/raw`\n)\ngo 1.22rc1\n");
        assert_eq!(m.module.as_deref(), Some("example.com/raw"));
        assert_eq!(m.go_version, Some((1, 22)));
    }

    #[test]
    fn missing_module_is_a_problem() {
        let m = parse_go_mod("go 1.19\n");
        assert_eq!(m.module, None);
        assert_eq!(m.problems, vec!["no module directive".to_string()]);
        let m = parse_go_mod("module example.com/m\ngo one\n");
        assert_eq!(m.go_version, None);
        assert_eq!(m.problems.len(), 1);
    }

    #[test]
    fn go_versions() {
        assert_eq!(parse_go_version("1.19"), Some((1, 19)));
        assert_eq!(parse_go_version("1"), Some((1, 0)));
        assert_eq!(parse_go_version("1.x"), None);
        assert_eq!(parse_go_version("1.2-3"), None);
        assert_eq!(parse_go_version(""), None);
    }

    #[test]
    fn work_uses() {
        let w = parse_go_work(
            "go 1.21\n\nuse ./a // first\nuse (\n\t./b\n\t\"./c d\"\n)\nuse ( ./e ./f )\nreplace x => ./y\n",
        );
        assert_eq!(w.uses, vec!["./a", "./b", "./c d", "./e", "./f"]);
        assert!(w.problems.is_empty(), "{:?}", w.problems);
    }
}
