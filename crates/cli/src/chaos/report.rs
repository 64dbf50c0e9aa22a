//! What a chaos run counts, and its verdict.

use std::collections::BTreeMap;
use std::fmt;

/// The text a consumer sends: consumer `c`, message `m` (both from 0).
///
/// ```ignore
/// assert_eq!(message_text(3, 7), "c3-m7");
/// assert_eq!(parse_text("c3-m7"), Some((3, 7)));
/// ```
pub fn message_text(c: usize, m: usize) -> String {
    format!("c{c}-m{m}")
}

/// The consumer and message numbers of a text made by [`message_text`].
pub fn parse_text(text: &str) -> Option<(usize, usize)> {
    let (c, m) = text.trim().strip_prefix('c')?.split_once("-m")?;
    Some((c.parse().ok()?, m.parse().ok()?))
}

/// Counts of one run.
#[derive(Debug, Default)]
pub struct Report {
    /// `rust` or `js`.
    pub sdk: String,
    /// Consumers in the run.
    pub consumers: usize,
    /// Messages each consumer sends.
    pub messages: usize,
    /// Messages the consumers' sends completed for.
    pub sent: usize,
    /// Sends that failed (each is retried until it completes).
    pub send_errors: usize,
    /// Messages the bot reported, duplicates included.
    pub seen: usize,
    /// Sent messages the bot never reported.
    pub lost: usize,
    /// The first lost messages, `(consumer, message)`, for the diagnosis.
    pub lost_examples: Vec<(usize, usize)>,
    /// Extra reports of a message the bot had reported already.
    pub duplicated: usize,
    /// Messages reported after a later message of the same consumer.
    pub out_of_order: usize,
    /// Answers the consumers received (at least one per message when the bot keeps answering).
    pub echoes: usize,
    /// Faults injected, by kind.
    pub faults: BTreeMap<&'static str, usize>,
    /// Faults that could not be injected.
    pub fault_errors: Vec<String>,
    /// The bot's socket holds its conversation subscription after the faults.
    pub subscriptions_restored: bool,
    /// `None`: the bot sets no agent state (the seed's quick-start bot).
    pub agent_state_restored: Option<bool>,
    /// The bot still runs at the end.
    pub bot_alive: bool,
    /// Messages or answers were still missing when the settling time (60 s after the last
    /// fault) ran out. (A run that does not end at all is reported by `run` itself.)
    pub hung: bool,
    /// Duration of the run.
    pub seconds: f64,
}

impl Report {
    /// Fills lost, duplicated, out of order and seen from what the bot reported, in the order
    /// it reported it: `(consumer, message)` pairs.
    pub fn tally(&mut self, seen: &[(usize, usize)]) {
        let mut count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        let mut last: BTreeMap<usize, usize> = BTreeMap::new();
        self.seen = seen.len();
        self.out_of_order = 0;
        for &(c, m) in seen {
            *count.entry((c, m)).or_default() += 1;
            if let Some(&prev) = last.get(&c) {
                if m < prev {
                    self.out_of_order += 1;
                }
            }
            let e = last.entry(c).or_insert(m);
            *e = (*e).max(m);
        }
        self.duplicated = count.values().map(|n| n.saturating_sub(1)).sum();
        let lost: Vec<_> = (0..self.consumers)
            .flat_map(|c| (0..self.messages).map(move |m| (c, m)))
            .filter(|k| !count.contains_key(k))
            .collect();
        self.lost = lost.len();
        self.lost_examples = lost.into_iter().take(12).collect();
    }

    /// Whether the run passed: nothing lost, duplicated or reordered, every message answered,
    /// state restored, bot alive, no hang, every fault injected.
    pub fn passed(&self) -> bool {
        self.lost == 0
            && self.duplicated == 0
            && self.out_of_order == 0
            && self.sent == self.consumers * self.messages
            && self.echoes >= self.sent
            && self.subscriptions_restored
            && self.agent_state_restored != Some(false)
            && self.bot_alive
            && !self.hung
            && self.fault_errors.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let yes = |b: bool| if b { "yes" } else { "NO" };
        writeln!(
            f,
            "chaos run: {} SDK bot, {} consumers x {} messages, {:.1} s",
            self.sdk, self.consumers, self.messages, self.seconds
        )?;
        writeln!(f, "  sent:                   {}", self.sent)?;
        writeln!(f, "  send errors (retried):  {}", self.send_errors)?;
        writeln!(f, "  seen by bot:            {}", self.seen)?;
        writeln!(f, "  lost:                   {}", self.lost)?;
        if !self.lost_examples.is_empty() {
            let list: Vec<String> = self
                .lost_examples
                .iter()
                .map(|&(c, m)| message_text(c, m))
                .collect();
            writeln!(f, "    first lost: {}", list.join(" "))?;
        }
        writeln!(f, "  duplicated:             {}", self.duplicated)?;
        writeln!(f, "  out of order:           {}", self.out_of_order)?;
        writeln!(f, "  echoes received:        {}", self.echoes)?;
        let total: usize = self.faults.values().sum();
        writeln!(f, "  faults injected:        {total}")?;
        for (kind, n) in &self.faults {
            writeln!(f, "    {kind}: {n}")?;
        }
        for e in &self.fault_errors {
            writeln!(f, "    failed: {e}")?;
        }
        writeln!(
            f,
            "  subscriptions restored: {}",
            yes(self.subscriptions_restored)
        )?;
        let agent = match self.agent_state_restored {
            Some(b) => yes(b),
            None => "n/a (the bot sets none)",
        };
        writeln!(f, "  agent state restored:   {agent}")?;
        writeln!(f, "  bot process alive:      {}", yes(self.bot_alive))?;
        writeln!(
            f,
            "  hang:                   {}",
            if self.hung { "YES" } else { "no" }
        )?;
        write!(
            f,
            "  result:                 {}",
            if self.passed() { "PASS" } else { "FAIL" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_lost_duplicates_and_reordering() {
        let mut r = Report {
            consumers: 2,
            messages: 3,
            ..Report::default()
        };
        r.tally(&[(0, 0), (1, 0), (0, 2), (0, 1), (0, 1), (1, 1)]);
        assert_eq!((r.seen, r.lost, r.duplicated, r.out_of_order), (6, 1, 1, 2));
        assert_eq!(parse_text(&message_text(12, 34)), Some((12, 34)));
        assert_eq!(parse_text("hello"), None);
    }
}
