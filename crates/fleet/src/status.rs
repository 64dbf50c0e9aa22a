//! `lpm fleet status`: nodes, bots, owners and restarts, read from etcd.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use etcd_client::{Client, ConnectOptions, GetOptions};
use serde::Serialize;

use crate::error::{FleetError, Result};
use crate::keys::{BotInfo, ClaimValue, Keys, NodeValue};

/// A live node and the bots it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeStatus {
    /// Node id.
    pub id: String,
    /// Its machine.
    pub host: String,
    /// Its process id.
    pub pid: u32,
    /// Registered since (Unix ms).
    pub since_ms: u64,
    /// Bot ids it holds.
    pub bots: Vec<String>,
}

/// A bot and where it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BotStatus {
    /// Bot id.
    pub id: String,
    /// Account.
    pub account: String,
    /// Agent user.
    pub user: String,
    /// Skill.
    pub skill: Option<String>,
    /// The node running it (none: waiting for a node).
    pub owner: Option<String>,
    /// Process restarts under the current claim.
    pub restarts: u32,
    /// Claimed since (Unix ms).
    pub since_ms: Option<u64>,
}

/// The whole fleet as etcd sees it.
///
/// ```
/// let s = lpm_fleet::FleetStatus { fleet: "f".into(), nodes: vec![], bots: vec![] };
/// assert!(s.to_string().contains("0 node(s)"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetStatus {
    /// Fleet name.
    pub fleet: String,
    /// Live nodes.
    pub nodes: Vec<NodeStatus>,
    /// Every published bot, claimed or not.
    pub bots: Vec<BotStatus>,
}

/// Reads the fleet `name` from etcd.
///
/// ```no_run
/// # async fn demo() -> lpm_fleet::Result<()> {
/// let status = lpm_fleet::fetch_status("support", &["http://127.0.0.1:2379".to_string()]).await?;
/// println!("{status}");
/// # Ok(()) }
/// ```
pub async fn fetch_status(name: &str, endpoints: &[String]) -> Result<FleetStatus> {
    let limit = Duration::from_secs(3);
    let keys = Keys::new(name);
    let work = async {
        let options = ConnectOptions::new()
            .with_connect_timeout(limit)
            .with_timeout(limit);
        let mut client = Client::connect(endpoints, Some(options)).await?;
        client
            .get(keys.root(), Some(GetOptions::new().with_prefix()))
            .await
    };
    let response = tokio::time::timeout(limit * 2, work)
        .await
        .map_err(|_| FleetError::EtcdTimeout(limit * 2))??;
    let mut nodes = BTreeMap::new();
    let mut claims = BTreeMap::new();
    let mut bots = BTreeMap::new();
    for kv in response.kvs() {
        let key = String::from_utf8_lossy(kv.key()).into_owned();
        let bad = |e: serde_json::Error| FleetError::BadValue {
            key: key.clone(),
            reason: e.to_string(),
        };
        if let Some(id) = key.strip_prefix(&keys.nodes()) {
            nodes.insert(
                id.to_string(),
                serde_json::from_slice::<NodeValue>(kv.value()).map_err(bad)?,
            );
        } else if let Some(id) = key.strip_prefix(&keys.claims()) {
            claims.insert(
                id.to_string(),
                serde_json::from_slice::<ClaimValue>(kv.value()).map_err(bad)?,
            );
        } else if let Some(id) = key.strip_prefix(&keys.bots()) {
            bots.insert(
                id.to_string(),
                serde_json::from_slice::<BotInfo>(kv.value()).map_err(bad)?,
            );
        }
    }
    let bots: Vec<BotStatus> = bots
        .into_values()
        .map(|b| {
            let claim = claims.get(&b.id);
            BotStatus {
                owner: claim.map(|c| c.node.clone()),
                restarts: claim.map_or(0, |c| c.restarts),
                since_ms: claim.map(|c| c.since_ms),
                id: b.id,
                account: b.account,
                user: b.user,
                skill: b.skill,
            }
        })
        .collect();
    let nodes = nodes
        .into_values()
        .map(|n| NodeStatus {
            bots: claims
                .iter()
                .filter(|(_, c)| c.node == n.id)
                .map(|(bot, _)| bot.clone())
                .collect(),
            id: n.id,
            host: n.host,
            pid: n.pid,
            since_ms: n.since_ms,
        })
        .collect();
    Ok(FleetStatus {
        fleet: name.to_string(),
        nodes,
        bots,
    })
}

impl fmt::Display for FleetStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let running = self.bots.iter().filter(|b| b.owner.is_some()).count();
        writeln!(
            f,
            "fleet {}: {} node(s), {} bot(s), {} running",
            self.fleet,
            self.nodes.len(),
            self.bots.len(),
            running
        )?;
        if !self.nodes.is_empty() {
            writeln!(
                f,
                "\n{:<32} {:<24} {:>8} {:>5}",
                "NODE", "HOST", "PID", "BOTS"
            )?;
            for n in &self.nodes {
                writeln!(
                    f,
                    "{:<32} {:<24} {:>8} {:>5}",
                    n.id,
                    n.host,
                    n.pid,
                    n.bots.len()
                )?;
            }
        }
        if !self.bots.is_empty() {
            writeln!(
                f,
                "\n{:<28} {:<12} {:<20} {:<12} {:<32} {:>8}",
                "BOT", "ACCOUNT", "USER", "SKILL", "OWNER", "RESTARTS"
            )?;
            for b in &self.bots {
                writeln!(
                    f,
                    "{:<28} {:<12} {:<20} {:<12} {:<32} {:>8}",
                    b.id,
                    b.account,
                    b.user,
                    b.skill.as_deref().unwrap_or("-"),
                    b.owner.as_deref().unwrap_or("(unclaimed)"),
                    b.restarts
                )?;
            }
        }
        Ok(())
    }
}
