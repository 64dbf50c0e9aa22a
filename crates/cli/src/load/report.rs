//! Latency histograms and the final report of `lpm load`, printed as a table or as one JSON
//! object (`--json`, what `cargo bench -p lpm --bench platform` reads).

use hdrhistogram::Histogram;
use serde_json::{Value, json};
use std::time::Duration;

/// Longest latency the histograms keep apart (longer ones count as this): 10 minutes.
const MAX_US: u64 = 600_000_000;

/// A latency histogram in microseconds (3 significant digits).
///
/// ```no_run
/// let mut l = lpm::load::report::Latency::new();
/// l.record(std::time::Duration::from_micros(420));
/// assert_eq!(l.count(), 1);
/// ```
pub struct Latency(Histogram<u64>);

impl Default for Latency {
    fn default() -> Self {
        Self::new()
    }
}

impl Latency {
    /// An empty histogram.
    pub fn new() -> Latency {
        // Constant bounds that hdrhistogram accepts (low ≥ 1, high ≥ 2 × low, 3 digits).
        #[allow(clippy::expect_used)]
        Latency(Histogram::new_with_bounds(1, MAX_US, 3).expect("valid constant bounds"))
    }

    /// Records one sample (clamped to the histogram's range).
    pub fn record(&mut self, d: Duration) {
        let us = (d.as_micros() as u64).clamp(1, MAX_US);
        self.0.saturating_record(us);
    }

    /// Adds every sample of `other`.
    pub fn merge(&mut self, other: &Latency) {
        // Same bounds on both sides: `add` cannot fail; a failure would only lose samples.
        let _ = self.0.add(&other.0);
    }

    /// Samples recorded.
    pub fn count(&self) -> u64 {
        self.0.len()
    }

    /// The value at percentile `p` (0–100), in milliseconds.
    pub fn ms_at(&self, p: f64) -> f64 {
        self.0.value_at_percentile(p) as f64 / 1000.0
    }

    /// p50/p90/p99/max in milliseconds, as JSON.
    pub fn to_json(&self) -> Value {
        json!({"n": self.count(), "p50_ms": self.ms_at(50.0), "p90_ms": self.ms_at(90.0),
            "p99_ms": self.ms_at(99.0), "max_ms": self.0.max() as f64 / 1000.0})
    }

    /// One table row: `name  p50  p90  p99  max  n`.
    pub fn row(&self, name: &str) -> String {
        if self.count() == 0 {
            return format!("  {name:<24} (no samples)");
        }
        format!(
            "  {name:<24} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9}",
            self.ms_at(50.0),
            self.ms_at(90.0),
            self.ms_at(99.0),
            self.0.max() as f64 / 1000.0,
            self.count()
        )
    }
}

/// The header of [`Latency::row`]'s table.
pub fn latency_header() -> String {
    format!(
        "  {:<24} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "latency (ms)", "p50", "p90", "p99", "max", "n"
    )
}

/// CPU use of one process over a window, as a fraction of one core.
pub fn cores(cpu: Duration, wall: Duration) -> f64 {
    if wall.is_zero() {
        0.0
    } else {
        cpu.as_secs_f64() / wall.as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_the_samples() {
        let mut l = Latency::new();
        for us in 1..=1000u64 {
            l.record(Duration::from_micros(us));
        }
        assert_eq!(l.count(), 1000);
        assert!((l.ms_at(50.0) - 0.5).abs() < 0.01, "{}", l.ms_at(50.0));
        assert!((l.ms_at(99.0) - 0.99).abs() < 0.01, "{}", l.ms_at(99.0));
        let mut all = Latency::new();
        all.merge(&l);
        all.merge(&l);
        assert_eq!(all.count(), 2000);
        assert_eq!(all.to_json()["max_ms"], 1.0);
    }

    #[test]
    fn an_empty_histogram_says_so() {
        assert!(Latency::new().row("x").contains("no samples"));
        assert_eq!(cores(Duration::from_secs(1), Duration::ZERO), 0.0);
        assert_eq!(cores(Duration::from_secs(1), Duration::from_secs(4)), 0.25);
    }
}
