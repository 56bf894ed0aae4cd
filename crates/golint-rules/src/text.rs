//! Wording helpers shared by the rules' messages.

/// The indefinite article for `word` as it is read aloud: "an `int`",
/// "a `uint`", "a `*T`", "an `HTTPClient`", "a `URL`". Messages that put
/// a/an before a type or a name call this instead of writing "a".
///
/// The word is read from its first letters: a leading `*`, `[]`, `<-` or
/// `chan`/`map`/`func` is read as "pointer", "slice", "channel"..., all
/// consonants; a package qualifier is read as written (`io.Reader` → "an").
pub fn article(word: &str) -> &'static str {
    let w = word.trim_start_matches('`').trim();
    let Some(first) = w.chars().next() else {
        return "a";
    };
    if !first.is_alphabetic() {
        // `*T` (a pointer), `[]T` (a slice), `<-chan T`, `(…)`, digits.
        return match first {
            '8' => "an",
            _ => "a",
        };
    }
    // An initialism (`HTTPClient`, `URL`, `SQLError`, `X509`): read letter
    // by letter; the names of A E F H I L M N O R S X start with a vowel.
    let mut chars = w.chars().skip(1);
    let second = chars.next();
    if first.is_ascii_uppercase()
        && second.is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return if "AEFHILMNORSX".contains(first) {
            "an"
        } else {
            "a"
        };
    }
    let lower = w.to_ascii_lowercase();
    // Words read with a consonant sound despite their vowel ("you", "one").
    const CONSONANT_SOUND: &[&str] = &[
        "uint", "uni", "url", "usa", "use", "usu", "utf", "uu", "one", "once", "eu",
    ];
    if CONSONANT_SOUND.iter().any(|p| lower.starts_with(p)) {
        return "a";
    }
    match first.to_ascii_lowercase() {
        'a' | 'e' | 'i' | 'o' | 'u' => "an",
        _ => "a",
    }
}

/// `word` with its article, in backticks: "an `int`".
pub fn a_code(word: &str) -> String {
    format!("{} `{word}`", article(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles() {
        for w in [
            "int",
            "int64",
            "error",
            "interface{}",
            "any",
            "io.Reader",
            "HTTPClient",
            "SQLError",
            "unsafe.Pointer",
            "update",
            "X509Cert",
            "os.File",
            "81",
            "E",
        ] {
            assert_eq!(article(w), "an", "{w}");
        }
        for w in [
            "uint",
            "uint8",
            "uintptr",
            "*T",
            "[]byte",
            "map[string]int",
            "chan int",
            "<-chan T",
            "func()",
            "string",
            "bool",
            "URL",
            "url.URL",
            "utf8.RuneError",
            "unicode.Range",
            "user",
            "T",
            "UUID",
            "unix.Stat_t",
            "",
        ] {
            assert_eq!(article(w), "a", "{w}");
        }
        assert_eq!(a_code("int"), "an `int`");
    }
}
