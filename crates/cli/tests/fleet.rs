//! `lpm fleet` end to end: a real etcd, the local platform, `lpm fleet` nodes as child processes,
//! each running `lpm fleet example-bot` (the quick-start agent bot, identity from the
//! environment) per bot it holds. The platform's `/_lpm/ums/sockets` is polled throughout: no
//! bot user may ever have two live sessions.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{Etcd, SocketWatcher, TempDir, bots_file, fleet_node, terminate, wait_until};
use lpm_fleet::{FleetStatus, fetch_status};
use lpm_platform::{Platform, PlatformOptions};

const FLEET: &str = "test-fleet";

async fn status(etcd: &str) -> Option<FleetStatus> {
    fetch_status(FLEET, &[etcd.to_string()]).await.ok()
}

/// Bots per live node.
fn owners(status: &FleetStatus) -> Vec<(String, usize)> {
    status
        .nodes
        .iter()
        .map(|n| (n.id.clone(), n.bots.len()))
        .collect()
}

/// Exactly `nodes` are live and every one of the 12 bots is claimed by one of them.
fn all_claimed_by(status: &FleetStatus, nodes: &[&str]) -> bool {
    claimed_by(status, nodes, 12)
}

/// Exactly `nodes` are live and every one of `bots` bots is claimed by one of them.
fn claimed_by(status: &FleetStatus, nodes: &[&str], bots: usize) -> bool {
    let live: BTreeSet<&str> = status.nodes.iter().map(|n| n.id.as_str()).collect();
    live == nodes.iter().copied().collect()
        && status.bots.len() == bots
        && status
            .bots
            .iter()
            .all(|b| b.owner.as_deref().is_some_and(|o| nodes.contains(&o)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_share_twelve_bots_survive_a_kill_and_a_leave() {
    const BOTS: usize = 12;
    let etcd = Etcd::start().await;
    let platform = Platform::start(PlatformOptions::default())
        .await
        .expect("platform");
    let csds = platform.csds_url();
    let dir = TempDir::new("fleet-e2e");
    let bots = bots_file(dir.path(), BOTS);
    let watcher = SocketWatcher::start(&csds);

    let mut n1 = fleet_node(dir.path(), "node1", Some(&etcd.url), &bots, &csds, BOTS);
    let mut n2 = fleet_node(dir.path(), "node2", Some(&etcd.url), &bots, &csds, BOTS);
    let mut n3 = fleet_node(dir.path(), "node3", Some(&etcd.url), &bots, &csds, BOTS);

    // All twelve run, four per node, each exactly once on the platform.
    wait_until(
        Duration::from_secs(60),
        "12 bots live, 4 per node",
        || async {
            let Some(s) = status(&etcd.url).await else {
                return false;
            };
            all_claimed_by(&s, &["node1", "node2", "node3"])
                && owners(&s).iter().all(|(_, n)| *n == 4)
                && watcher.live() == BOTS
        },
    )
    .await;
    let before = status(&etcd.url).await.expect("status");
    assert_eq!(before.bots.len(), BOTS);

    // kill -9 node2: its bots restart on node1 and node3 within the bound.
    let killed = std::time::Instant::now();
    n2.start_kill().expect("kill -9 node2");
    let _ = n2.wait().await;
    // Its bots die with it (they do not outlive their node into the takeover)...
    wait_until(
        Duration::from_secs(2),
        "node2's bots gone from the platform",
        || async { watcher.live() == BOTS - 4 },
    )
    .await;
    // ...and come back on the other nodes once node2's lease expires.
    wait_until(
        Duration::from_secs(15),
        "node2's bots claimed elsewhere",
        || async {
            status(&etcd.url)
                .await
                .is_some_and(|s| all_claimed_by(&s, &["node1", "node3"]))
        },
    )
    .await;
    let claimed = killed.elapsed();
    let live = wait_until(Duration::from_secs(15), "12 bots live again", || async {
        watcher.live() == BOTS
    })
    .await;
    eprintln!("after kill -9: claimed elsewhere in {claimed:?}, live again {live:?} after that");
    assert!(
        claimed <= Duration::from_secs(5),
        "failover took {claimed:?} (bound 5 s with the default 3 s lease)"
    );
    let after = status(&etcd.url).await.expect("status");
    assert_eq!(
        owners(&after).iter().map(|(_, n)| n).sum::<usize>(),
        BOTS,
        "{after}"
    );
    assert!(owners(&after).iter().all(|(_, n)| *n == 6), "{after}");

    // node2 comes back: node1 and node3 stop two bots each, then free them for it.
    let mut n2 = fleet_node(dir.path(), "node2", Some(&etcd.url), &bots, &csds, BOTS);
    wait_until(
        Duration::from_secs(30),
        "rebalanced to 4 per node",
        || async {
            status(&etcd.url).await.is_some_and(|s| {
                all_claimed_by(&s, &["node1", "node2", "node3"])
                    && owners(&s).iter().all(|(_, n)| *n == 4)
            }) && watcher.live() == BOTS
        },
    )
    .await;

    // node3 leaves gracefully: its bots stop, then node1 and node2 take them.
    terminate(&n3);
    let exit = tokio::time::timeout(Duration::from_secs(15), n3.wait())
        .await
        .expect("node3 exits after SIGTERM")
        .expect("node3 status");
    assert!(exit.success(), "node3 exit: {exit}");
    wait_until(
        Duration::from_secs(15),
        "6 bots on node1 and node2",
        || async {
            status(&etcd.url).await.is_some_and(|s| {
                all_claimed_by(&s, &["node1", "node2"]) && owners(&s).iter().all(|(_, n)| *n == 6)
            }) && watcher.live() == BOTS
        },
    )
    .await;

    for (name, node) in [("node1", &mut n1), ("node2", &mut n2)] {
        terminate(node);
        let exit = tokio::time::timeout(Duration::from_secs(15), node.wait())
            .await
            .unwrap_or_else(|_| panic!("{name} exits after SIGTERM"))
            .expect("node status");
        assert!(exit.success(), "{name} exit: {exit}");
    }
    wait_until(Duration::from_secs(10), "no bot left", || async {
        watcher.live() == 0
    })
    .await;
    let s = status(&etcd.url).await.expect("status");
    assert!(
        s.nodes.is_empty() && s.bots.iter().all(|b| b.owner.is_none()),
        "{s}"
    );

    let doubles = watcher.doubles();
    assert!(
        doubles.is_empty(),
        "users with two live sessions at once: {doubles:?}"
    );
    let polls = watcher.log.lock().map(|l| l.polls).unwrap_or(0);
    assert!(polls > 50, "the socket watcher barely ran ({polls} polls)");
    platform.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_etcd_one_node_runs_every_bot() {
    const BOTS: usize = 3;
    let platform = Platform::start(PlatformOptions::default())
        .await
        .expect("platform");
    let csds = platform.csds_url();
    let dir = TempDir::new("fleet-local");
    let bots = bots_file(dir.path(), BOTS);
    let watcher = SocketWatcher::start(&csds);
    let mut node = fleet_node(dir.path(), "solo", None, &bots, &csds, BOTS);
    wait_until(Duration::from_secs(30), "3 bots live", || async {
        watcher.live() == BOTS
    })
    .await;
    terminate(&node);
    let exit = tokio::time::timeout(Duration::from_secs(15), node.wait())
        .await
        .expect("node exits after SIGTERM")
        .expect("node status");
    assert!(exit.success(), "exit: {exit}");
    wait_until(Duration::from_secs(10), "no bot left", || async {
        watcher.live() == 0
    })
    .await;
    assert!(watcher.doubles().is_empty());
    platform.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_bot_keeps_its_claim_and_status_counts_its_restarts() {
    const BOTS: usize = 2;
    let etcd = Etcd::start().await;
    let dir = TempDir::new("fleet-crash");
    let bots = bots_file(dir.path(), BOTS);
    // A bot that dies a moment after it starts, every time.
    let mut node = common::fleet_node_running(
        dir.path(),
        "crashy",
        Some(&etcd.url),
        &bots,
        "http://127.0.0.1:9",
        BOTS,
        &["sh", "-c", "sleep 0.1; exit 3"],
    );
    wait_until(
        Duration::from_secs(30),
        "restarts counted in the claims",
        || async {
            status(&etcd.url).await.is_some_and(|s| {
                s.bots.len() == BOTS
                    && s.bots
                        .iter()
                        .all(|b| b.owner.as_deref() == Some("crashy") && b.restarts >= 2)
            })
        },
    )
    .await;
    let out = tokio::process::Command::new(common::lpm())
        .args(["fleet", "status", FLEET, "--etcd", &etcd.url])
        .output()
        .await
        .expect("lpm fleet status");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 node(s), 2 bot(s), 2 running"), "{text}");
    assert!(
        text.contains("bot01") && text.contains("fleet-bot02") && text.contains("crashy"),
        "{text}"
    );
    assert!(
        !text.contains("pw-1") && !text.contains("pw-2"),
        "a password in the status: {text}"
    );
    terminate(&node);
    let exit = tokio::time::timeout(Duration::from_secs(15), node.wait())
        .await
        .expect("node exits after SIGTERM")
        .expect("node status");
    assert!(exit.success(), "exit: {exit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bots_stop_before_the_lease_can_expire_when_etcd_is_unreachable() {
    const BOTS: usize = 4;
    let etcd = Etcd::start().await;
    let platform = Platform::start(PlatformOptions::default())
        .await
        .expect("platform");
    let csds = platform.csds_url();
    let dir = TempDir::new("fleet-partition");
    let bots = bots_file(dir.path(), BOTS);
    let watcher = SocketWatcher::start(&csds);
    let mut a = fleet_node(dir.path(), "a", Some(&etcd.url), &bots, &csds, BOTS);
    let mut b = fleet_node(dir.path(), "b", Some(&etcd.url), &bots, &csds, BOTS);
    wait_until(
        Duration::from_secs(60),
        "4 bots live, 2 per node",
        || async {
            status(&etcd.url).await.is_some_and(|s| {
                claimed_by(&s, &["a", "b"], BOTS) && owners(&s).iter().all(|(_, n)| *n == 2)
            }) && watcher.live() == BOTS
        },
    )
    .await;

    // etcd unreachable: no node can renew its lease, so every bot must stop before the 3 s lease
    // could have expired in etcd (after which another node could be given the bot).
    let paused = std::time::Instant::now();
    etcd.pause();
    wait_until(Duration::from_secs(3), "every bot stopped", || async {
        watcher.live() == 0
    })
    .await;
    let fenced = paused.elapsed();
    eprintln!("etcd paused: every bot stopped after {fenced:?}");

    // etcd back: the nodes register again and run every bot once more.
    etcd.resume();
    wait_until(Duration::from_secs(30), "4 bots live again", || async {
        status(&etcd.url)
            .await
            .is_some_and(|s| claimed_by(&s, &["a", "b"], BOTS))
            && watcher.live() == BOTS
    })
    .await;
    assert!(watcher.doubles().is_empty(), "{:?}", watcher.doubles());
    for node in [&mut a, &mut b] {
        terminate(node);
        let exit = tokio::time::timeout(Duration::from_secs(15), node.wait())
            .await
            .expect("node exits after SIGTERM")
            .expect("node status");
        assert!(exit.success(), "exit: {exit}");
    }
    platform.shutdown().await;
}

/// `re: <text>` answers (from anyone but the consumer) in a consumer's conversation.
fn answers(conversation: &lp_messaging_sdk::Conversation, text: &str) -> usize {
    let answer = format!("re: {text}");
    conversation
        .messages()
        .iter()
        .filter(|m| m.sender_role() != Some(lp_messaging_sdk::ParticipantRole::Consumer))
        .filter(|m| m.text().as_deref() == Some(answer.as_str()))
        .count()
}

/// The assigned agent of a conversation, from the platform's brand-side view of it.
async fn assigned_agent(csds: &str, conversation: &str) -> String {
    fn find(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Object(o) => {
                if o.get("role").and_then(|r| r.as_str()) == Some("ASSIGNED_AGENT") {
                    if let Some(id) = o.get("id").and_then(|i| i.as_str()) {
                        return Some(id.to_string());
                    }
                }
                o.values().find_map(find)
            }
            serde_json::Value::Array(a) => a.iter().find_map(find),
            _ => None,
        }
    }
    let url = format!("{csds}/_lpm/ums/conversations/{conversation}");
    let body: serde_json::Value = reqwest::get(&url)
        .await
        .expect("conversation control")
        .json()
        .await
        .expect("conversation JSON");
    find(&body["result"]).unwrap_or_else(|| panic!("no assigned agent in {body}"))
}

/// The bot each agent id belongs to, from the bots' "connected as agent" lines in the node logs.
fn agents_of_bots(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let mut agents = std::collections::BTreeMap::new();
    for node in ["node1", "node2", "node3"] {
        let log = std::fs::read_to_string(dir.join(format!("{node}.log"))).unwrap_or_default();
        for line in log.lines() {
            if let Some(rest) = line.split("example bot ").nth(1) {
                let words: Vec<&str> = rest.split_whitespace().collect();
                if let [bot, "connected", "as", "agent", agent, ..] = words.as_slice() {
                    agents.insert(agent.to_string(), bot.to_string());
                }
            }
        }
    }
    agents
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumers_messages_are_answered_exactly_once_across_a_kill() {
    use lp_messaging_sdk::{Connection, UserType};
    const BOTS: usize = 6;
    const CONSUMERS: usize = 6;
    let etcd = Etcd::start().await;
    let platform = Platform::start(PlatformOptions::default())
        .await
        .expect("platform");
    let csds = platform.csds_url();
    let dir = TempDir::new("fleet-answers");
    let bots = bots_file(dir.path(), BOTS);
    let watcher = SocketWatcher::start(&csds);
    let ring_bot = [common::lpm(), "fleet", "example-bot", "--rings"];
    let mut nodes: Vec<_> = ["node1", "node2", "node3"]
        .iter()
        .map(|n| {
            common::fleet_node_running(
                dir.path(),
                n,
                Some(&etcd.url),
                &bots,
                &csds,
                BOTS,
                &ring_bot,
            )
        })
        .collect();
    wait_until(
        Duration::from_secs(60),
        "6 ring-taking bots live",
        || async {
            status(&etcd.url).await.is_some_and(|s| {
                claimed_by(&s, &["node1", "node2", "node3"], BOTS)
                    && owners(&s).iter().all(|(_, n)| *n == 2)
            }) && watcher.live() == BOTS
        },
    )
    .await;

    let mut consumers = Vec::new();
    for i in 0..CONSUMERS {
        let connection = Connection::builder("12345678", UserType::Consumer)
            .app_id("fleet_test")
            .csds_url(csds.clone())
            .build()
            .expect("consumer");
        connection.open().await.expect("consumer open");
        let conversation = connection
            .create_conversation()
            .await
            .expect("conversation");
        conversation
            .send_message(format!("c{i}-m1"))
            .await
            .expect("send");
        consumers.push((connection, conversation));
    }
    wait_until(
        Duration::from_secs(30),
        "every first message answered",
        || async {
            consumers
                .iter()
                .enumerate()
                .all(|(i, (_, c))| answers(c, &format!("c{i}-m1")) >= 1)
        },
    )
    .await;

    // Kill the node running the bot of the first conversation, and write to every conversation
    // while that bot has no session anywhere.
    let agent = assigned_agent(&csds, consumers[0].1.id()).await;
    let agents = agents_of_bots(dir.path());
    let bot = agents
        .iter()
        .find(|(a, _)| **a == agent)
        .map(|(_, b)| b.clone())
        .unwrap_or_else(|| panic!("no bot logged agent {agent}: {agents:?}"));
    let before = status(&etcd.url).await.expect("status");
    let owner = before
        .bots
        .iter()
        .find(|b| b.id == bot)
        .and_then(|b| b.owner.clone())
        .expect("owner");
    let victim = ["node1", "node2", "node3"]
        .iter()
        .position(|n| *n == owner)
        .expect("a node");
    eprintln!("conversation c0 is served by {bot} ({agent}) on {owner}: kill -9 {owner}");
    let killed = std::time::Instant::now();
    nodes[victim].start_kill().expect("kill -9");
    let _ = nodes[victim].wait().await;
    for (i, (_, c)) in consumers.iter().enumerate() {
        c.send_message(format!("c{i}-m2")).await.expect("send");
    }
    wait_until(
        Duration::from_secs(30),
        "every message sent meanwhile answered",
        || async {
            consumers
                .iter()
                .enumerate()
                .all(|(i, (_, c))| answers(c, &format!("c{i}-m2")) >= 1)
        },
    )
    .await;
    eprintln!(
        "messages sent during the move answered {:?} after the kill",
        killed.elapsed()
    );
    for (i, (_, c)) in consumers.iter().enumerate() {
        c.send_message(format!("c{i}-m3")).await.expect("send");
    }
    wait_until(
        Duration::from_secs(30),
        "every later message answered",
        || async {
            consumers
                .iter()
                .enumerate()
                .all(|(i, (_, c))| answers(c, &format!("c{i}-m3")) >= 1)
        },
    )
    .await;
    // Late duplicates would arrive within this.
    tokio::time::sleep(Duration::from_secs(1)).await;
    for (i, (_, c)) in consumers.iter().enumerate() {
        for k in 1..=3 {
            let text = format!("c{i}-m{k}");
            assert_eq!(answers(c, &text), 1, "answers to {text}");
        }
    }
    assert!(watcher.doubles().is_empty(), "{:?}", watcher.doubles());
    for (i, node) in nodes.iter_mut().enumerate() {
        if i != victim {
            terminate(node);
            let _ = tokio::time::timeout(Duration::from_secs(15), node.wait()).await;
        }
    }
    platform.shutdown().await;
}
