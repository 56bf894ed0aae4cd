//! README's rule table and `docs/rules.md` are generated from the registry:
//! these tests fail when they drift. `GOLINT_UPDATE_DOCS=1 cargo test -p
//! golint-rules --test readme` rewrites `docs/rules.md`.

use golint_rules::registry;

fn metas() -> Vec<&'static golint_diagnostics::RuleMeta> {
    let mut metas: Vec<_> = registry::driver_metas().iter().collect();
    metas.extend(registry::all().into_iter().map(|r| r.meta()));
    metas.sort_by_key(|m| m.code);
    metas
}

fn table() -> String {
    let metas = metas();
    let mut out = String::from(
        "| code | name | level | default | what it finds |\n| --- | --- | --- | --- | --- |\n",
    );
    for m in metas {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            m.code,
            m.name,
            m.default_severity.as_str(),
            if m.default_enabled { "yes" } else { "no" },
            m.summary
        ));
    }
    out
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let start = readme.find("<!-- rules-table:start").expect("start marker");
    let start = start + readme[start..].find('\n').expect("marker line") + 1;
    let end = readme.find("<!-- rules-table:end -->").expect("end marker");
    let expected = table();
    assert_eq!(
        readme[start..end],
        expected,
        "README.md's rule table is stale; replace it with:\n{expected}"
    );
}

/// The page SARIF's `helpUri` points at: every rule's documentation, each
/// under an anchor named after its lowercase code (`#gl401`).
fn rules_page() -> String {
    let mut out = String::from(
        "# golint-rs rules\n\n<!-- Generated from the rule registry by crates/golint-rules/tests/readme.rs; do not edit. -->\n\n",
    );
    out.push_str(&table());
    for m in metas() {
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## {} `{}`\n\n",
            m.code.to_lowercase(),
            m.code,
            m.name
        ));
        let on = if m.default_enabled {
            "On by default.".to_string()
        } else {
            format!(
                "Opt-in: enable it with `--extend-select {}` or `extend-select = [\"{}\"]` in `golint-rs.toml`.",
                m.code, m.code
            )
        };
        out.push_str(&format!(
            "Default level: {}. {on} {}\n\n",
            m.default_severity.as_str(),
            m.summary
        ));
        for line in golint_rules::doc_text(m).lines() {
            // The rule's own sections sit one level below its heading.
            if line.starts_with("## ") {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn rules_page_matches_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let expected = rules_page();
    if std::env::var_os("GOLINT_UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).expect("write docs/rules.md");
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(actual == expected, "docs/rules.md is stale: run `GOLINT_UPDATE_DOCS=1 cargo test -p golint-rules --test readme`");
}
