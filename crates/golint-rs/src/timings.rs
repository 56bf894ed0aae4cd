//! `--timings`: where a run spends its time, by phase and by rule, on
//! stderr after the summary.
//!
//! Directories and files are worked on in parallel, so the phases inside
//! the pool (reading, parsing and lowering, the package index, the shared
//! models, each rule) are CPU time summed over the worker threads (the
//! thread's own CPU clock, so that other processes on the machine do not
//! inflate it; wall time where there is no such clock); the
//! phases outside it (discovery, suppression and rendering) and the total
//! are wall-clock time. The concurrency model and the escape facts are
//! built lazily by the first rule that asks for them; with timings on they
//! are built before the rules that use them (the `GL1` and `GL5`
//! families), so that cost is shown on its own line instead of inside one
//! rule's.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A reading of the calling thread's CPU clock.
#[derive(Clone, Copy)]
pub struct Stamp(Duration);

impl Stamp {
    pub fn now() -> Stamp {
        Stamp(thread_cpu_time())
    }

    fn elapsed(self) -> Duration {
        thread_cpu_time().saturating_sub(self.0)
    }
}

#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID
    // exists on every Unix Rust supports.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return wall_clock();
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    wall_clock()
}

/// Time since the first call, for platforms without a thread CPU clock.
fn wall_clock() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// CPU time per phase, in nanoseconds, added to from every worker thread.
#[derive(Default)]
pub struct Timings {
    read: AtomicU64,
    lower: AtomicU64,
    index: AtomicU64,
    model: AtomicU64,
    escapes: AtomicU64,
    /// By position in the rule list the pipeline runs.
    rules: Vec<(&'static str, AtomicU64)>,
    /// Wall-clock phases measured on the main thread.
    discover: AtomicU64,
    finish: AtomicU64,
}

/// A phase inside the pool.
#[derive(Clone, Copy)]
pub enum Phase {
    Read,
    Lower,
    Index,
    Model,
    Escapes,
    Discover,
    Finish,
}

impl Timings {
    pub fn new(rule_codes: impl IntoIterator<Item = &'static str>) -> Self {
        Timings {
            rules: rule_codes
                .into_iter()
                .map(|c| (c, AtomicU64::new(0)))
                .collect(),
            ..Timings::default()
        }
    }

    fn slot(&self, phase: Phase) -> &AtomicU64 {
        match phase {
            Phase::Read => &self.read,
            Phase::Lower => &self.lower,
            Phase::Index => &self.index,
            Phase::Model => &self.model,
            Phase::Escapes => &self.escapes,
            Phase::Discover => &self.discover,
            Phase::Finish => &self.finish,
        }
    }

    /// Adds the CPU time of the calling thread since `since`.
    pub fn add(&self, phase: Phase, since: Stamp) {
        add(self.slot(phase), since.elapsed());
    }

    /// Adds wall time since `since` (the phases outside the pool).
    pub fn add_wall(&self, phase: Phase, since: Instant) {
        add(self.slot(phase), since.elapsed());
    }

    pub fn add_rule(&self, position: usize, since: Stamp) {
        if let Some((_, slot)) = self.rules.get(position) {
            add(slot, since.elapsed());
        }
    }

    /// The table printed on stderr: phases in pipeline order, then the
    /// rules from the most to the least expensive.
    pub fn report(&self, threads: usize, total: Duration) -> String {
        let secs = |slot: &AtomicU64| Duration::from_nanos(slot.load(Ordering::Relaxed));
        let mut out = String::new();
        let _ = writeln!(
            out,
            "timings: {:.2} s wall; other phases are CPU time summed over {threads} worker {}",
            total.as_secs_f64(),
            if threads == 1 { "thread" } else { "threads" }
        );
        let mut line = |name: &str, d: Duration, note: &str| {
            let _ = writeln!(out, "  {name:<22} {:>8.3} s{note}", d.as_secs_f64());
        };
        line("discover", secs(&self.discover), " (wall)");
        line("read", secs(&self.read), "");
        line("parse + lower", secs(&self.lower), "");
        line("package index", secs(&self.index), "");
        line("concurrency model", secs(&self.model), "");
        line("escape facts", secs(&self.escapes), "");
        let rules_total: Duration = self.rules.iter().map(|(_, s)| secs(s)).sum();
        line("rules", rules_total, "");
        let mut rules: Vec<(&str, Duration)> =
            self.rules.iter().map(|(c, s)| (*c, secs(s))).collect();
        // Stable for equal times: the code breaks ties.
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (code, d) in rules {
            line(&format!("  {code}"), d, "");
        }
        line("filter + render", secs(&self.finish), " (wall)");
        out
    }
}

fn add(slot: &AtomicU64, d: Duration) {
    let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    slot.fetch_add(nanos, Ordering::Relaxed);
}

/// Runs `f` on this thread, adding its CPU time to `phase` when timings
/// are on.
pub fn timed<R>(timings: Option<&Timings>, phase: Phase, f: impl FnOnce() -> R) -> R {
    let Some(t) = timings else {
        return f();
    };
    let start = Stamp::now();
    let r = f();
    t.add(phase, start);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_clock_counts_work_not_sleep() {
        let start = Stamp::now();
        std::thread::sleep(Duration::from_millis(50));
        assert!(start.elapsed() < Duration::from_millis(40));
    }

    #[test]
    fn report_lists_phases_and_rules_by_cost() {
        let t = Timings::new(["GL101", "GL401"]);
        t.rules[1].1.store(2_000_000_000, Ordering::Relaxed);
        t.rules[0].1.store(1_000_000_000, Ordering::Relaxed);
        t.lower.store(3_500_000_000, Ordering::Relaxed);
        let report = t.report(2, Duration::from_secs(4));
        assert!(report.starts_with("timings: 4.00 s wall"), "{report}");
        assert!(report.contains("over 2 worker threads"), "{report}");
        assert!(
            report.contains("parse + lower             3.500 s"),
            "{report}"
        );
        assert!(
            report.contains("rules                     3.000 s"),
            "{report}"
        );
        let gl401 = report.find("GL401").unwrap();
        let gl101 = report.find("GL101").unwrap();
        assert!(gl401 < gl101, "most expensive first: {report}");
    }
}
