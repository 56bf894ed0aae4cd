//! Where a rule puts its findings: a vector with a bound per file.
//!
//! Generated code can give a finding on every line — a 9 MB file gave
//! 333,200 findings of one rule, and holding them all before any cut cost
//! more memory than parsing the file. [`Findings`] keeps at most `keep`
//! findings of one rule in one file while the rule runs: the first by
//! position, the same ones a sort-then-cut of the whole output would keep,
//! with ties in the order the rule pushed them. What it drops is counted per
//! (file, code) with the span of the first dropped one, so the driver can
//! say how many were not shown.

use std::collections::{BTreeMap, HashMap};

use golint_diagnostics::{Diagnostic, FileId, Span};

/// Findings dropped by the bound, per (file, rule code): how many, and the
/// span of the first of them by position.
pub type Dropped = BTreeMap<(FileId, &'static str), (usize, Span)>;

#[derive(Debug, Default)]
pub struct Findings {
    diags: Vec<Diagnostic>,
    /// Findings kept per file and code; 0 means no bound.
    keep: usize,
    count: HashMap<(FileId, &'static str), usize>,
    dropped: Dropped,
}

impl Findings {
    /// At most `keep` findings per file and rule code; `0` keeps them all.
    pub fn new(keep: usize) -> Self {
        Findings {
            keep,
            ..Findings::default()
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        let key = (d.span.file, d.code);
        self.diags.push(d);
        if self.keep == 0 {
            return;
        }
        let n = self.count.entry(key).or_insert(0);
        *n += 1;
        // Compacting at twice the bound keeps memory within 2 × keep per
        // key and costs amortized O(log n) per push.
        if *n > 2 * self.keep {
            self.compact();
        }
    }

    pub fn len(&self) -> usize {
        self.diags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.diags.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.diags.iter()
    }

    /// The findings kept (first `keep` by position per file and code, in no
    /// particular order) and what the bound dropped.
    pub fn finish(mut self) -> (Vec<Diagnostic>, Dropped) {
        if self.keep != 0 && self.count.values().any(|&n| n > self.keep) {
            self.compact();
        }
        (self.diags, self.dropped)
    }

    fn compact(&mut self) {
        // Stable: equal positions keep the order the rule pushed them in.
        self.diags
            .sort_by_key(|d| (d.span.file, d.span.start, d.span.end));
        self.count.clear();
        let (keep, count, dropped) = (self.keep, &mut self.count, &mut self.dropped);
        self.diags.retain(|d| {
            let n = count.entry((d.span.file, d.code)).or_insert(0);
            *n += 1;
            if *n <= keep {
                return true;
            }
            let e = dropped.entry((d.span.file, d.code)).or_insert((0, d.span));
            e.0 += 1;
            if (d.span.start, d.span.end) < (e.1.start, e.1.end) {
                e.1 = d.span;
            }
            false
        });
        for n in count.values_mut() {
            *n = (*n).min(keep);
        }
    }
}

impl Extend<Diagnostic> for Findings {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        for d in iter {
            self.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(file: u32, start: u32) -> Diagnostic {
        Diagnostic::new(
            "GL401",
            "defer-in-loop",
            Span::new(FileId(file), start, start + 1),
            "x".to_string(),
        )
    }

    #[test]
    fn keeps_the_first_by_position_whatever_the_push_order() {
        let mut f = Findings::new(3);
        for i in (0..20).rev() {
            f.push(diag(0, i * 10));
        }
        f.push(diag(1, 7));
        assert!(f.len() <= 2 * 3 + 1);
        let (mut kept, dropped) = f.finish();
        kept.sort_by_key(|d| (d.span.file, d.span.start));
        let starts: Vec<(u32, u32)> = kept.iter().map(|d| (d.span.file.0, d.span.start)).collect();
        assert_eq!(starts, vec![(0, 0), (0, 10), (0, 20), (1, 7)]);
        let (n, first) = dropped[&(FileId(0), "GL401")];
        assert_eq!((n, first.start), (17, 30));
    }

    #[test]
    fn zero_keeps_everything() {
        let mut f = Findings::new(0);
        f.extend((0..5000).map(|i| diag(0, i)));
        let (kept, dropped) = f.finish();
        assert_eq!(kept.len(), 5000);
        assert!(dropped.is_empty());
    }
}
