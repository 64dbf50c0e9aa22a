//! [`FleetOptions`]: what one node needs to run.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{FleetError, Result};

/// The settings of one fleet node.
///
/// ```
/// let opts = lpm_fleet::FleetOptions::new("support", vec!["node".into(), "bot.js".into()]);
/// assert_eq!(opts.lease_ttl, std::time::Duration::from_secs(3));
/// opts.validate().unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct FleetOptions {
    /// The fleet's name: nodes with the same name and etcd share the bots.
    pub name: String,
    /// etcd client endpoints (`http://10.0.0.1:2379`); empty: run every bot locally.
    pub etcd: Vec<String>,
    /// This node's id (default: host name and process id).
    pub node_id: Option<String>,
    /// The bots file.
    pub bots: PathBuf,
    /// Program and arguments that run one bot.
    pub command: Vec<String>,
    /// Lease time-to-live: how long a dead node's bots stay claimed. Whole seconds, at least 2
    /// (etcd's minimum).
    pub lease_ttl: Duration,
    /// How often the node looks at the fleet.
    pub poll: Duration,
    /// How long a starting node waits for peers that start with it before claiming.
    pub settle: Duration,
    /// How long a bot may take to exit after SIGTERM.
    pub stop_grace: Duration,
    /// How long one etcd request may take.
    pub etcd_timeout: Duration,
}

impl FleetOptions {
    /// Defaults: 3 s lease (failover within about 4 s), 250 ms polling, 1 s settling.
    pub fn new(name: impl Into<String>, command: Vec<String>) -> Self {
        FleetOptions {
            name: name.into(),
            etcd: Vec::new(),
            node_id: None,
            bots: PathBuf::from("bots.toml"),
            command,
            lease_ttl: Duration::from_secs(3),
            poll: Duration::from_millis(250),
            settle: Duration::from_secs(1),
            stop_grace: Duration::from_secs(3),
            etcd_timeout: Duration::from_secs(2),
        }
    }

    /// Checks names and durations.
    pub fn validate(&self) -> Result<()> {
        let bad_name = |s: &str| {
            s.is_empty()
                || s.contains('/')
                || s.chars().any(|c| c.is_control() || c.is_whitespace())
        };
        if bad_name(&self.name) {
            return Err(FleetError::InvalidOption(
                "the fleet name must be non-empty, without '/' or spaces".into(),
            ));
        }
        if self.node_id.as_deref().is_some_and(bad_name) {
            return Err(FleetError::InvalidOption(
                "the node id must be non-empty, without '/' or spaces".into(),
            ));
        }
        if self.command.is_empty() {
            return Err(FleetError::NoCommand);
        }
        if self.lease_ttl < Duration::from_secs(2) || self.lease_ttl.subsec_nanos() != 0 {
            return Err(FleetError::InvalidOption(
                "the lease TTL is whole seconds, at least 2".into(),
            ));
        }
        if self.poll.is_zero() || self.poll >= self.lease_ttl {
            return Err(FleetError::InvalidOption(
                "the poll interval must be above zero and below the lease TTL".into(),
            ));
        }
        Ok(())
    }

    /// This node's id: the configured one, else `host-pid`.
    pub fn node_id(&self) -> String {
        self.node_id
            .clone()
            .unwrap_or_else(|| format!("{}-{}", host_name(), std::process::id()))
    }
}

/// The machine's host name (from the kernel), `localhost` when unknown.
pub(crate) fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && !h.contains('/'))
        .unwrap_or_else(|| "localhost".into())
}
