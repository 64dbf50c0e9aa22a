//! The claim and rebalance decision: a pure function from what etcd says to what this node does.

use std::collections::{BTreeMap, BTreeSet};

/// What one node sees of the fleet at one moment.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    /// This node's id.
    pub me: &'a str,
    /// Every bot id of the fleet.
    pub bots: &'a BTreeSet<String>,
    /// Live nodes (their lease is alive).
    pub nodes: &'a BTreeSet<String>,
    /// Current claims in etcd: bot id → owning node.
    pub claims: &'a BTreeMap<String, String>,
    /// Bots whose process this node runs right now.
    pub running: &'a BTreeSet<String>,
    /// Whether this node may claim yet (false while it waits for peers that start with it).
    pub may_claim: bool,
}

/// One step for the node to take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Our process runs but etcd no longer says we own the bot (our lease expired, someone
    /// deleted the key): stop the process now, touch nothing in etcd.
    Abandon(String),
    /// We own more than our share: stop the process, then delete the claim.
    Release(String),
    /// Free bot and we are under our share: claim it (if nobody did first), then start it.
    Claim(String),
}

/// Each node's fair share: `ceil(bots / nodes)` (all bots when no node is registered).
///
/// ```
/// assert_eq!(lpm_fleet::fair_share(12, 3), 4);
/// assert_eq!(lpm_fleet::fair_share(12, 5), 3);
/// assert_eq!(lpm_fleet::fair_share(3, 0), 3);
/// ```
pub fn fair_share(bots: usize, nodes: usize) -> usize {
    if nodes == 0 {
        bots
    } else {
        bots.div_ceil(nodes)
    }
}

/// What this node should do now.
///
/// - running bots etcd does not give to us are abandoned (fencing: the claim is the truth);
/// - above the fair share, the last bots (in id order) are released;
/// - below it, free bots are claimed, each node starting at a different point of the free list
///   so that nodes starting together rarely race for the same key.
///
/// ```
/// use lpm_fleet::{plan, Action, PlanInput};
/// use std::collections::{BTreeMap, BTreeSet};
/// let bots: BTreeSet<String> = ["a", "b", "c", "d"].map(String::from).into();
/// let nodes: BTreeSet<String> = ["n1", "n2"].map(String::from).into();
/// let claims = BTreeMap::new();
/// let running = BTreeSet::new();
/// let actions = plan(&PlanInput { me: "n1", bots: &bots, nodes: &nodes, claims: &claims, running: &running, may_claim: true });
/// assert_eq!(actions, vec![Action::Claim("a".into()), Action::Claim("b".into())]);
/// ```
pub fn plan(input: &PlanInput<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    let ours = |bot: &String| input.claims.get(bot).map(String::as_str) == Some(input.me);
    let mut mine: Vec<&String> = Vec::new();
    for bot in input.running {
        if ours(bot) && input.bots.contains(bot) {
            mine.push(bot);
        } else {
            actions.push(Action::Abandon(bot.clone()));
        }
    }
    // Not registered (our node key is gone): claim nothing, our claims are expiring with it.
    if !input.nodes.contains(input.me) {
        return actions;
    }
    let share = fair_share(input.bots.len(), input.nodes.len());
    if mine.len() > share {
        for bot in mine.iter().skip(share) {
            actions.push(Action::Release((*bot).clone()));
        }
    } else if mine.len() < share && input.may_claim {
        let free: Vec<&String> = input
            .bots
            .iter()
            .filter(|b| !input.claims.contains_key(*b) && !input.running.contains(*b))
            .collect();
        if !free.is_empty() {
            let index = input.nodes.iter().position(|n| n == input.me).unwrap_or(0);
            let start = index * free.len() / input.nodes.len();
            for bot in free
                .iter()
                .cycle()
                .skip(start)
                .take(free.len().min(share - mine.len()))
            {
                actions.push(Action::Claim((*bot).clone()));
            }
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn bots(n: usize) -> BTreeSet<String> {
        (0..n).map(|i| format!("bot{i:02}")).collect()
    }

    struct Sim {
        bots: BTreeSet<String>,
        nodes: BTreeSet<String>,
        claims: BTreeMap<String, String>,
        running: BTreeMap<String, BTreeSet<String>>,
    }

    impl Sim {
        fn new(n_bots: usize, nodes: &[&str]) -> Self {
            Sim {
                bots: bots(n_bots),
                nodes: set(nodes),
                claims: BTreeMap::new(),
                running: nodes
                    .iter()
                    .map(|n| (n.to_string(), BTreeSet::new()))
                    .collect(),
            }
        }

        /// One round: each node in turn plans on the current state and applies its actions the
        /// way the node does (claims through compare-and-set, release = stop then delete).
        fn round(&mut self) -> usize {
            let mut changes = 0;
            let nodes: Vec<String> = self.nodes.iter().cloned().collect();
            for me in &nodes {
                let running = self.running[me].clone();
                let actions = plan(&PlanInput {
                    me,
                    bots: &self.bots,
                    nodes: &self.nodes,
                    claims: &self.claims,
                    running: &running,
                    may_claim: true,
                });
                for action in actions {
                    changes += 1;
                    let mine = self.running.get_mut(me).unwrap();
                    match action {
                        Action::Abandon(b) => {
                            mine.remove(&b);
                        }
                        Action::Release(b) => {
                            mine.remove(&b);
                            self.claims.remove(&b);
                        }
                        Action::Claim(b) => {
                            if !self.claims.contains_key(&b) {
                                self.claims.insert(b.clone(), me.clone());
                                mine.insert(b);
                            }
                        }
                    }
                }
                self.assert_single_runner();
            }
            changes
        }

        fn settle(&mut self) {
            for _ in 0..20 {
                if self.round() == 0 {
                    return;
                }
            }
            panic!("no steady state after 20 rounds");
        }

        fn kill(&mut self, node: &str) {
            self.nodes.remove(node);
            self.running.remove(node);
            self.claims.retain(|_, owner| owner != node);
        }

        fn join(&mut self, node: &str) {
            self.nodes.insert(node.to_string());
            self.running.insert(node.to_string(), BTreeSet::new());
        }

        fn counts(&self) -> Vec<usize> {
            self.running.values().map(BTreeSet::len).collect()
        }

        fn assert_single_runner(&self) {
            let mut seen = BTreeSet::new();
            for bots in self.running.values() {
                for b in bots {
                    assert!(seen.insert(b.clone()), "{b} runs twice");
                }
            }
        }

        fn assert_all_run(&self) {
            let running: BTreeSet<String> = self.running.values().flatten().cloned().collect();
            assert_eq!(running, self.bots);
        }
    }

    #[test]
    fn twelve_bots_on_three_nodes_four_each() {
        let mut sim = Sim::new(12, &["a", "b", "c"]);
        sim.settle();
        sim.assert_all_run();
        assert_eq!(sim.counts(), [4, 4, 4]);
    }

    #[test]
    fn a_dead_nodes_bots_move_to_the_others() {
        let mut sim = Sim::new(12, &["a", "b", "c"]);
        sim.settle();
        sim.kill("b");
        sim.settle();
        sim.assert_all_run();
        assert_eq!(sim.counts(), [6, 6]);
    }

    #[test]
    fn a_joining_node_gets_a_share_from_a_node_that_ran_everything() {
        let mut sim = Sim::new(12, &["a"]);
        sim.settle();
        assert_eq!(sim.counts(), [12]);
        sim.join("b");
        sim.join("c");
        sim.settle();
        sim.assert_all_run();
        assert_eq!(sim.counts(), [4, 4, 4]);
    }

    #[test]
    fn uneven_counts_stay_within_the_share() {
        let mut sim = Sim::new(10, &["a", "b", "c", "d"]);
        sim.settle();
        sim.assert_all_run();
        assert!(sim.counts().iter().all(|&c| c <= 3), "{:?}", sim.counts());
    }

    #[test]
    fn a_claim_lost_to_someone_else_is_abandoned_without_release() {
        let bots = set(&["x"]);
        let nodes = set(&["a", "b"]);
        let claims: BTreeMap<String, String> = [("x".to_string(), "b".to_string())].into();
        let running = set(&["x"]);
        let actions = plan(&PlanInput {
            me: "a",
            bots: &bots,
            nodes: &nodes,
            claims: &claims,
            running: &running,
            may_claim: true,
        });
        assert_eq!(actions, vec![Action::Abandon("x".into())]);
    }

    #[test]
    fn an_unregistered_node_claims_nothing_and_one_waiting_for_peers_neither() {
        let bots = set(&["x", "y"]);
        let claims = BTreeMap::new();
        let running = BTreeSet::new();
        let others = set(&["b"]);
        let input = PlanInput {
            me: "a",
            bots: &bots,
            nodes: &others,
            claims: &claims,
            running: &running,
            may_claim: true,
        };
        assert!(plan(&input).is_empty());
        let with_me = set(&["a", "b"]);
        let waiting = PlanInput {
            nodes: &with_me,
            may_claim: false,
            ..input
        };
        assert!(plan(&waiting).is_empty());
    }

    #[test]
    fn nodes_start_at_different_free_bots() {
        let bots = bots(12);
        let nodes = set(&["a", "b", "c"]);
        let claims = BTreeMap::new();
        let running = BTreeSet::new();
        let first = |me| {
            plan(&PlanInput {
                me,
                bots: &bots,
                nodes: &nodes,
                claims: &claims,
                running: &running,
                may_claim: true,
            })
        };
        let a = first("a");
        let c = first("c");
        assert_eq!(a.len(), 4);
        assert!(a.iter().all(|x| !c.contains(x)), "{a:?} vs {c:?}");
    }
}
