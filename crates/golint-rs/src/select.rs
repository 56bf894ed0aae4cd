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
    /// What the user should know about the entries that parsed: a family
    /// prefix that has no rule yet (`GL3`) matches nothing.
    pub warnings: Vec<String>,
}

impl CodeSet {
    /// Parses entries such as `GL601`, `gl6`, `ALL`. An entry that matches no
    /// known code is an error whose message names it (and the closest code),
    /// except a family prefix that has no rule yet, which is a warning.
    pub fn parse<S: AsRef<str>>(entries: &[S], known: &Known) -> Result<CodeSet, String> {
        let mut set = CodeSet::default();
        for e in entries {
            let raw = e.as_ref().trim();
            if raw.is_empty() {
                continue;
            }
            let prefix = parse_entry(raw, known)?;
            if let Some(w) = empty_family(&prefix, known) {
                set.warnings.push(w);
            }
            set.prefixes.push(prefix);
        }
        Ok(set)
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

    /// The entries of both sets.
    fn union(mut self, other: CodeSet) -> CodeSet {
        self.prefixes.extend(other.prefixes);
        self.warnings.extend(other.warnings);
        self
    }
}

/// Normalizes one entry (`ALL` becomes the prefix `GL`) and checks that it
/// matches some code or is a rule family (`GL3`, which may have no rule yet).
pub fn parse_entry(raw: &str, known: &Known) -> Result<String, String> {
    let upper = raw.to_ascii_uppercase();
    let prefix = if upper == "ALL" {
        "GL".to_string()
    } else {
        upper
    };
    let family = golint_rules::registry::FAMILIES
        .iter()
        .any(|(f, _)| *f == prefix);
    if prefix.starts_with("GL")
        && (family || known.metas.iter().any(|m| m.code.starts_with(&prefix)))
    {
        return Ok(prefix);
    }
    let mut msg = format!("unknown rule code or prefix `{raw}`");
    if let Some(s) = known.suggest(raw) {
        msg.push_str(&format!(" (did you mean `{s}`?)"));
    }
    Err(msg)
}

/// The warning for a family prefix that matches no rule: README lists the
/// families to come, so selecting one is not an error, but it selects
/// nothing yet.
pub fn empty_family(prefix: &str, known: &Known) -> Option<String> {
    let (_, what) = golint_rules::registry::FAMILIES
        .iter()
        .find(|(f, _)| *f == prefix)?;
    if known.metas.iter().any(|m| m.code.starts_with(prefix)) {
        return None;
    }
    Some(format!(
        "`{prefix}` matches no rule: the {prefix}xx family ({what}) has no rules yet"
    ))
}

/// Which rules run: the default set (the rules declared on by default),
/// or `select` when given, plus `extend_select`, minus `ignore`; for each
/// code the most specific entry decides, `ignore` winning a tie.
#[derive(Clone, Debug)]
pub struct Selection {
    /// `None`: the default set.
    select: Option<CodeSet>,
    extend_select: CodeSet,
    ignore: CodeSet,
    /// The codes on by default.
    defaults: Vec<&'static str>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection::new(None, CodeSet::default(), CodeSet::default())
    }
}

/// The codes given on the command line (already parsed), which override or
/// extend the configuration's (see [`Selection::resolve`]).
#[derive(Clone, Debug, Default)]
pub struct CliCodes {
    pub select: Option<CodeSet>,
    pub extend_select: Option<CodeSet>,
    pub ignore: Option<CodeSet>,
}

impl Selection {
    pub fn new(select: Option<CodeSet>, extend_select: CodeSet, ignore: CodeSet) -> Self {
        let defaults = Known::load()
            .metas
            .iter()
            .filter(|m| m.default_enabled)
            .map(|m| m.code)
            .collect();
        Selection {
            select,
            extend_select,
            ignore,
            defaults,
        }
    }

    /// The selection of a run: layered as ruff does, the configuration's
    /// `select` (or the default set) and `extend-select`, then the command
    /// line's: `--select` replaces everything above it (the config's
    /// `extend-select` too), `--extend-select` adds to it, `--ignore`
    /// replaces the config's `ignore`. The command line and the language
    /// server both call this, so they run the same rules.
    pub fn resolve(cli: CliCodes, config: &crate::config::Config) -> Selection {
        let (select, extend) = match cli.select {
            Some(s) => (Some(s), cli.extend_select.unwrap_or_default()),
            None => (
                config.select.clone(),
                config
                    .extend_select
                    .clone()
                    .unwrap_or_default()
                    .union(cli.extend_select.unwrap_or_default()),
            ),
        };
        let ignore = cli.ignore.or(config.ignore.clone()).unwrap_or_default();
        Selection::new(select, extend, ignore)
    }

    /// The warnings of the entries that make this selection (families with
    /// no rule yet).
    pub fn warnings(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .select
            .iter()
            .chain([&self.extend_select, &self.ignore])
            .flat_map(|s| s.warnings.iter().cloned())
            .collect();
        out.dedup();
        out
    }

    /// The registered rules this selection runs, in code order.
    pub fn rules(&self) -> Vec<&'static dyn golint_rules::Rule> {
        golint_rules::registry::all()
            .into_iter()
            .filter(|r| self.is_selected(r.meta().code))
            .collect()
    }

    pub fn is_selected(&self, code: &str) -> bool {
        // The default set matches with length 0: any entry naming the code
        // or its family is more specific.
        let base = match &self.select {
            Some(set) => set.best_match(code),
            None => self.defaults.contains(&code).then_some(0),
        };
        let s = base.max(self.extend_select.best_match(code));
        match (s, self.ignore.best_match(code)) {
            (None, _) => false,
            (Some(_), None) => true,
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
        Selection::new(
            Some(CodeSet::parse(select, &k).unwrap()),
            CodeSet::default(),
            CodeSet::parse(ignore, &k).unwrap(),
        )
    }

    fn codes(entries: &[&str]) -> CodeSet {
        CodeSet::parse(entries, &known()).unwrap()
    }

    #[test]
    fn the_default_set_is_the_rules_declared_on_by_default() {
        let s = Selection::default();
        assert!(s.is_selected("GL000"));
        assert!(s.is_selected("GL002"));
        assert!(s.is_selected("GL401"));
        assert!(!s.is_selected("GL601"));
        assert!(!s.is_selected("GL602"));
    }

    #[test]
    fn extend_select_adds_to_the_default_set_and_select_replaces_it() {
        let s = Selection::new(None, codes(&["GL601"]), CodeSet::default());
        assert!(s.is_selected("GL601") && s.is_selected("GL401"));
        assert!(!s.is_selected("GL602"));
        let s = Selection::new(Some(codes(&["GL6"])), CodeSet::default(), codes(&[]));
        assert!(s.is_selected("GL601") && s.is_selected("GL602"));
        assert!(!s.is_selected("GL401"));
        let s = Selection::new(Some(codes(&["ALL"])), CodeSet::default(), codes(&[]));
        assert!(known().metas.iter().all(|m| s.is_selected(m.code)));
        // Ignoring a family drops its default rules; a more specific
        // extend-select brings one back.
        let s = Selection::new(None, codes(&["GL601"]), codes(&["GL6", "GL4"]));
        assert!(s.is_selected("GL601") && !s.is_selected("GL602"));
        assert!(!s.is_selected("GL401"));
    }

    #[test]
    fn config_and_command_line_layer_as_in_ruff() {
        let k = known();
        let config = crate::config::Config::parse(
            "extend-select = [\"GL602\"]\n",
            std::path::Path::new("/p/golint-rs.toml"),
            "/p".into(),
            &k,
        )
        .unwrap();
        let s = Selection::resolve(
            CliCodes {
                extend_select: Some(codes(&["GL601"])),
                ..CliCodes::default()
            },
            &config,
        );
        assert!(s.is_selected("GL601") && s.is_selected("GL602") && s.is_selected("GL401"));
        // `--select` on the command line replaces the config's extend-select.
        let s = Selection::resolve(
            CliCodes {
                select: Some(codes(&["GL4"])),
                ..CliCodes::default()
            },
            &config,
        );
        assert!(!s.is_selected("GL602") && s.is_selected("GL401"));
    }

    #[test]
    fn a_family_without_rules_selects_nothing_with_a_warning() {
        let set = codes(&["gl3"]);
        assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
        assert!(
            set.warnings[0].contains("`GL3` matches no rule"),
            "{:?}",
            set.warnings
        );
        let s = Selection::new(Some(set), CodeSet::default(), CodeSet::default());
        assert!(known().metas.iter().all(|m| !s.is_selected(m.code)));
        assert_eq!(s.warnings().len(), 1);
        // A family with rules, and codes, warn about nothing.
        assert!(codes(&["GL4", "GL401"]).warnings.is_empty());
        // A code of an empty family is still unknown.
        assert!(CodeSet::parse(&["GL301"], &known()).is_err());
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
