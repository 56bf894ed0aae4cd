//! `partialFingerprints.primaryLocationLineHash`: how code scanning tells
//! that a finding of this run is the same alert as one of an earlier run.
//!
//! Line numbers are left out on purpose, so that lines added or removed
//! above a finding do not turn it into a new alert. What goes in is what
//! stays when the surrounding file changes: the rule, the file, the trimmed
//! text of the primary line and the message. Identical findings in one file
//! are told apart by an occurrence counter appended as `:N`, the way
//! GitHub's own `primaryLocationLineHash` does.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// Hands out fingerprints in document order, counting repeats.
#[derive(Default)]
pub(super) struct Fingerprints {
    seen: HashMap<String, u32>,
}

impl Fingerprints {
    pub fn next(&mut self, code: &str, rel: &str, line_text: &str, message: &str) -> String {
        let hash = hash(code, rel, line_text, message);
        let n = self.seen.entry(hash.clone()).or_insert(0);
        *n += 1;
        format!("{hash}:{n}")
    }
}

fn hash(code: &str, rel: &str, line_text: &str, message: &str) -> String {
    let mut h = Sha256::new();
    // NUL separators: no field can run into the next one and collide.
    for part in [code, rel, line_text.trim(), message] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    // 128 bits are plenty to tell findings apart and keep the SARIF short.
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_get_a_counter_and_indentation_is_ignored() {
        let mut f = Fingerprints::default();
        let a = f.next("GL601", "a.go", "\tx := v.(int)", "m");
        let b = f.next("GL601", "a.go", "    x := v.(int)  ", "m");
        let c = f.next("GL601", "b.go", "x := v.(int)", "m");
        assert!(a.ends_with(":1") && b.ends_with(":2") && c.ends_with(":1"));
        assert_eq!(a.split(':').next(), b.split(':').next());
        assert_ne!(a.split(':').next(), c.split(':').next());
    }
}
