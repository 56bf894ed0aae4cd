//! `tool.driver.rules[]`: one reporting descriptor per rule, built from the
//! rule's doc, so that code scanning shows the same help as `golint-rs rule`.

use serde::Serialize;

use super::{level, Message};
use crate::RuleMeta;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Message<'a>,
    full_description: Message<'a>,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    /// False for an opt-in rule: it runs only when selected
    /// (`--extend-select`, `--select`).
    enabled: bool,
    level: &'static str,
}

#[derive(Serialize)]
struct Properties {
    tags: Vec<&'static str>,
}

/// The rules sorted by code, each code once: `ruleIndex` points into this.
pub(super) fn sorted(rules: &[RuleMeta]) -> Vec<&RuleMeta> {
    let mut sorted: Vec<&RuleMeta> = rules.iter().collect();
    sorted.sort_by_key(|r| r.code);
    sorted.dedup_by_key(|r| r.code);
    sorted
}

pub(super) fn descriptor(rule: &RuleMeta) -> Descriptor<'_> {
    let doc = doc_text(rule.doc);
    let full = what_it_does(&doc).unwrap_or_else(|| rule.summary.to_string());
    Descriptor {
        id: rule.code,
        name: pascal_case(rule.name),
        short_description: Message::text(rule.summary),
        full_description: Message::owned(full),
        help: Help {
            text: doc.clone(),
            markdown: doc,
        },
        help_uri: format!(
            "https://github.com/golint-rs/golint-rs/blob/main/docs/rules.md#{}",
            rule.code.to_ascii_lowercase()
        ),
        default_configuration: Configuration {
            enabled: rule.default_enabled,
            level: level(rule.default_severity),
        },
        properties: Properties {
            tags: tags(rule.code),
        },
    }
}

/// The doc as written in the `///` comment: without the one space that
/// follows each `///` (what `golint_rules::doc_text` does; this crate sits
/// below the rules and cannot call it).
fn doc_text(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    for line in doc.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim().to_string()
}

/// The first paragraph under `## What it does`, on one line.
fn what_it_does(doc: &str) -> Option<String> {
    let mut lines = doc.lines().skip_while(|l| {
        !l.trim_start_matches('#')
            .trim()
            .eq_ignore_ascii_case("what it does")
    });
    lines.next()?;
    let paragraph: Vec<&str> = lines
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

/// `defer-in-loop` → `DeferInLoop`, the usual form of SARIF rule names.
fn pascal_case(name: &str) -> String {
    name.split(['-', '_'])
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// Tags by family (the hundreds digit of the code), which code scanning
/// offers as filters.
fn tags(code: &str) -> Vec<&'static str> {
    match code.get(..3) {
        Some("GL1") => vec!["concurrency", "channels"],
        Some("GL2") => vec!["concurrency", "locks"],
        Some("GL3") => vec!["concurrency", "goroutines"],
        Some("GL4") => vec!["defer"],
        Some("GL5") => vec!["performance"],
        Some("GL6") => vec!["correctness"],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_paragraph_of_what_it_does() {
        let doc = " ## What it does\n Finds `x`\n in loops.\n\n More.\n ## Why is this bad?\n";
        let text = doc_text(doc);
        assert!(text.starts_with("## What it does\nFinds"));
        assert_eq!(what_it_does(&text).as_deref(), Some("Finds `x` in loops."));
        assert_eq!(what_it_does("no sections"), None);
    }

    #[test]
    fn names_in_pascal_case() {
        assert_eq!(pascal_case("defer-in-loop"), "DeferInLoop");
        assert_eq!(pascal_case("Already"), "Already");
    }
}
