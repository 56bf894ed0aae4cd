//! Rule codes and prefixes (`GL601`, `GL6`, `ALL`) as `--select`,
//! `--ignore`, the config and per-path ignores write them.
//!
//! When a code is matched by several entries, the longest (most specific)
//! one decides, and `ignore` wins a tie: `--select GL6 --ignore GL601` runs
//! every GL6xx rule but GL601, `--ignore GL6 --select GL601` runs only GL601
//! of the family.

use golint_diagnostics::RuleMeta;

/// The codes of every rule the binary knows: driver rules and registered rules.
#[derive(Clone, Debug)]
pub struct Known {
    pub metas: Vec<RuleMeta>,
}

impl Known {
    pub fn load() -> Self {
        let mut metas: Vec<RuleMeta> = golint_rules::registry::driver_metas().to_vec();
        metas.extend(
            golint_rules::registry::all()
                .iter()
                .map(|r| r.meta().clone()),
        );
        metas.sort_by_key(|m| m.code);
        metas.dedup_by_key(|m| m.code);
        Known { metas }
    }

    pub fn get(&self, code: &str) -> Option<&RuleMeta> {
        self.metas.iter().find(|m| m.code == code)
    }

    /// A rule by code (any case) or by name.
    pub fn lookup(&self, code_or_name: &str) -> Option<&RuleMeta> {
        let upper = code_or_name.to_ascii_uppercase();
        self.metas
            .iter()
            .find(|m| m.code == upper || m.name.eq_ignore_ascii_case(code_or_name))
    }

    /// The closest code or name, for "did you mean".
    pub fn suggest(&self, input: &str) -> Option<&'static str> {
        let upper = input.to_ascii_uppercase();
        // Closest first; on a tie, the one ending like the input (`GL0002`
        // is more likely `GL002` than `GL000`).
        let mut best: Option<((usize, usize), &'static str)> = None;
        for m in &self.metas {
            for (cand, value) in [
                (m.code.to_string(), m.code),
                (m.name.to_ascii_uppercase(), m.name),
            ] {
                let d = edit_distance(&upper, &cand);
                if d > (cand.len() / 3).max(1) {
                    continue;
                }
                let suffix = upper
                    .bytes()
                    .rev()
                    .zip(cand.bytes().rev())
                    .take_while(|(a, b)| a == b)
                    .count();
                let key = (d, usize::MAX - suffix);
                if !best.is_some_and(|(bk, _)| bk <= key) {
                    best = Some((key, value));
                }
            }
        }
        best.map(|(_, v)| v)
    }
}

/// A parsed list of codes and prefixes.
#[derive(Clone, Debug, Default)]
pub struct CodeSet {
    prefixes: Vec<String>,
}

impl CodeSet {
    /// Parses entries such as `GL601`, `gl6`, `ALL`. An entry that matches no
    /// known code is an error whose message names it (and the closest code).
    pub fn parse<S: AsRef<str>>(entries: &[S], known: &Known) -> Result<CodeSet, String> {
        let mut prefixes = Vec::new();
        for e in entries {
            let raw = e.as_ref().trim();
            if raw.is_empty() {
                continue;
            }
            prefixes.push(parse_entry(raw, known)?);
        }
        Ok(CodeSet { prefixes })
    }

    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    /// Length of the longest entry matching `code`, if any.
    pub fn best_match(&self, code: &str) -> Option<usize> {
        self.prefixes
            .iter()
            .filter(|p| code.starts_with(p.as_str()))
            .map(|p| p.len())
            .max()
    }

    pub fn contains(&self, code: &str) -> bool {
        self.best_match(code).is_some()
    }
}

/// Normalizes one entry (`ALL` becomes the prefix `GL`) and checks that it
/// matches some code.
pub fn parse_entry(raw: &str, known: &Known) -> Result<String, String> {
    let upper = raw.to_ascii_uppercase();
    let prefix = if upper == "ALL" {
        "GL".to_string()
    } else {
        upper
    };
    if known.metas.iter().any(|m| m.code.starts_with(&prefix)) && prefix.starts_with("GL") {
        return Ok(prefix);
    }
    let mut msg = format!("unknown rule code or prefix `{raw}`");
    if let Some(s) = known.suggest(raw) {
        msg.push_str(&format!(" (did you mean `{s}`?)"));
    }
    Err(msg)
}

/// Which rules run: `select` (everything when empty) minus `ignore`, the
/// most specific entry deciding.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: CodeSet,
    pub ignore: CodeSet,
}

impl Selection {
    /// The registered rules this selection runs, in code order.
    pub fn rules(&self) -> Vec<&'static dyn golint_rules::Rule> {
        golint_rules::registry::all()
            .into_iter()
            .filter(|r| self.is_selected(r.meta().code))
            .collect()
    }

    pub fn is_selected(&self, code: &str) -> bool {
        let s = self.select.best_match(code);
        let i = self.ignore.best_match(code);
        match (s, i) {
            (_, None) => s.is_some() || self.select.is_empty(),
            (None, Some(_)) => false,
            (Some(s), Some(i)) => s > i,
        }
    }
}

/// Edit distance over bytes (codes and names are ASCII) where swapping two
/// neighbours counts as one edit (`GL610` is one edit from `GL601`).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j - 1] + cost)
                    .min(d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known::load()
    }

    fn selection(select: &[&str], ignore: &[&str]) -> Selection {
        let k = known();
        Selection {
            select: CodeSet::parse(select, &k).unwrap(),
            ignore: CodeSet::parse(ignore, &k).unwrap(),
        }
    }

    #[test]
    fn everything_is_selected_by_default() {
        assert!(selection(&[], &[]).is_selected("GL000"));
        assert!(selection(&[], &[]).is_selected("GL002"));
    }

    #[test]
    fn most_specific_entry_wins() {
        let s = selection(&["GL0"], &["GL002"]);
        assert!(s.is_selected("GL000"));
        assert!(!s.is_selected("GL002"));
        let s = selection(&["GL002"], &["GL0"]);
        assert!(s.is_selected("GL002"));
        assert!(!s.is_selected("GL001"));
        let s = selection(&["GL000"], &[]);
        assert!(!s.is_selected("GL001"));
    }

    #[test]
    fn unknown_entries_are_errors_with_a_suggestion() {
        let k = known();
        let err = CodeSet::parse(&["GL0001"], &k).unwrap_err();
        assert!(err.contains("`GL0001`"), "{err}");
        assert!(err.contains("did you mean `GL001`"), "{err}");
        assert!(CodeSet::parse(&["GL9"], &k).is_err());
        assert!(CodeSet::parse(&["foo"], &k).is_err());
        assert!(CodeSet::parse(&["all", "gl00"], &k).is_ok());
    }

    #[test]
    fn lookup_by_code_or_name() {
        let k = known();
        assert_eq!(k.lookup("gl000").map(|m| m.code), Some("GL000"));
        assert_eq!(k.lookup("unused-directive").map(|m| m.code), Some("GL002"));
        assert_eq!(k.suggest("unused-directiv"), Some("unused-directive"));
        assert_eq!(k.suggest("GL03"), Some("GL003"));
        assert_eq!(k.suggest("GL0002"), Some("GL002"));
        assert_eq!(k.suggest("zzzzzz"), None);
        assert_eq!(edit_distance("GL610", "GL601"), 1);
        assert_eq!(edit_distance("", "GL6"), 3);
    }
}
