//! README's rule table is generated from the registry: this test fails when
//! they drift, and prints the table to paste.

use golint_rules::registry;

fn table() -> String {
    let mut metas: Vec<_> = registry::driver_metas().iter().collect();
    metas.extend(registry::all().into_iter().map(|r| r.meta()));
    metas.sort_by_key(|m| m.code);
    let mut out =
        String::from("| code | name | level | what it finds |\n| --- | --- | --- | --- |\n");
    for m in metas {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            m.code,
            m.name,
            m.default_severity.as_str(),
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
