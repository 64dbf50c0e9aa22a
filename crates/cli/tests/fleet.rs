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
