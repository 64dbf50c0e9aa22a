//! A fleet node on etcd: register under a lease, claim bots by [`plan`](crate::plan), run them.
//!
//! Safety rules, in the order they matter:
//! - a claim is created only if its key does not exist (`create_revision == 0`) and is bound to
//!   the node's lease, so a dead node's claims vanish with its lease;
//! - a bot's process starts only after its claim is written, and a released claim is deleted only
//!   after the process has exited (and only if the key still has the revision we wrote);
//! - a node that cannot renew its lease kills its bots before the lease can have expired in etcd
//!   (it measures from when it *sent* the last acknowledged keep-alive), and every child dies with
//!   its node (`PR_SET_PDEATHSIG`), so a `kill -9`'d node leaves no bot behind.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use etcd_client::{Client, Compare, CompareOp, ConnectOptions, GetOptions, PutOptions, Txn, TxnOp};

use crate::bots::{BotSpec, load_bots};
use crate::child::{BotProcess, ChildOptions};
use crate::env::{RunContext, bot_env, secret_pointers};
use crate::error::{FleetError, Result};
use crate::keys::{BotInfo, ClaimValue, Keys, NodeValue, now_ms};
use crate::options::{FleetOptions, host_name};
use crate::plan::{Action, PlanInput, plan};

/// Runs one fleet node until `shutdown` resolves, then stops its bots and gives their claims up
/// (revoking its lease) so that other nodes take them over at once.
///
/// Errors only when it cannot start (bad options or bots file, a credential pointer not set);
/// etcd being unreachable later is waited out, with the bots stopped while the lease is not
/// renewed.
///
/// ```no_run
/// # async fn demo() -> lpm_fleet::Result<()> {
/// let mut opts = lpm_fleet::FleetOptions::new("support", vec!["node".into(), "bot.js".into()]);
/// opts.etcd = vec!["http://127.0.0.1:2379".into()];
/// lpm_fleet::run_node(opts, async { let _ = tokio::signal::ctrl_c().await; }).await
/// # }
/// ```
pub async fn run_node(options: FleetOptions, shutdown: impl Future<Output = ()>) -> Result<()> {
    options.validate()?;
    let bots = load_bots(&options.bots)?;
    let node = Node::new(options, bots)?;
    node.run(shutdown).await
}

/// A bot this node runs, with the claim it runs under.
struct Held {
    process: BotProcess,
    create_revision: i64,
    mod_revision: i64,
    since_ms: u64,
    restarts_written: u32,
}

#[derive(Debug)]
struct LeaseHealth {
    /// When the lease expires at the latest in etcd, as far as this node can know.
    expires: Instant,
    lost: bool,
}

enum Outcome {
    Shutdown,
    LeaseLost,
}

struct Node {
    options: FleetOptions,
    keys: Keys,
    id: String,
    bots: BTreeMap<String, BotSpec>,
    bot_ids: BTreeSet<String>,
    child: Arc<ChildOptions>,
    held: BTreeMap<String, Held>,
}

impl Node {
    fn new(options: FleetOptions, bots: Vec<BotSpec>) -> Result<Self> {
        // Fail at start, not when a bot is claimed hours later, if a credential is missing here.
        let probe = RunContext {
            fleet: options.name.clone(),
            node: String::new(),
            fence: 0,
        };
        for bot in &bots {
            bot_env(bot, &probe, |v| std::env::var(v).ok())?;
        }
        let mut child = ChildOptions::new(options.command.clone());
        child.stop_grace = options.stop_grace;
        child.remove_env = secret_pointers(&bots);
        Ok(Node {
            keys: Keys::new(&options.name),
            id: options.node_id(),
            bot_ids: bots.iter().map(|b| b.id.clone()).collect(),
            bots: bots.into_iter().map(|b| (b.id.clone(), b)).collect(),
            child: Arc::new(child),
            held: BTreeMap::new(),
            options,
        })
    }

    async fn timed<T, F>(&self, f: F) -> Result<T>
    where
        F: Future<Output = std::result::Result<T, etcd_client::Error>>,
    {
        let limit = self.options.etcd_timeout;
        match tokio::time::timeout(limit, f).await {
            Ok(r) => Ok(r?),
            Err(_) => Err(FleetError::EtcdTimeout(limit)),
        }
    }

    async fn run(mut self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let mut shutdown = std::pin::pin!(shutdown);
        tracing::info!(node = %self.id, fleet = %self.options.name, bots = self.bots.len(), "fleet node starting");
        let connect = ConnectOptions::new()
            .with_connect_timeout(self.options.etcd_timeout)
            .with_timeout(self.options.etcd_timeout)
            .with_keep_alive(Duration::from_secs(1), self.options.etcd_timeout);
        let mut client = loop {
            let endpoints = self.options.etcd.clone();
            match self
                .timed(Client::connect(endpoints, Some(connect.clone())))
                .await
            {
                Ok(client) => break client,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot reach etcd; retrying");
                    tokio::select! {
                        _ = &mut shutdown => return Ok(()),
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            }
        };
        loop {
            match self.publish_bots(&mut client).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot publish the bot list; retrying");
                    tokio::select! {
                        _ = &mut shutdown => return Ok(()),
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                }
            }
        }
        loop {
            // Measured before the grant: etcd's expiry is later than this plus the TTL.
            let granted = Instant::now();
            let lease = match self.register(&mut client).await {
                Ok(lease) => lease,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot register with etcd; retrying");
                    tokio::select! {
                        _ = &mut shutdown => return Ok(()),
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            };
            let health = Arc::new(Mutex::new(LeaseHealth {
                expires: granted + self.options.lease_ttl,
                lost: false,
            }));
            let keeper = tokio::spawn(keep_alive(
                client.clone(),
                lease,
                self.options.lease_ttl,
                self.options.etcd_timeout,
                health.clone(),
            ));
            let outcome = self
                .session(&mut client, lease, &health, &mut shutdown)
                .await;
            // The keeper runs on while the bots stop: a lease expiring during a slow stop would
            // let another node start a bot that still runs here.
            match outcome {
                Outcome::Shutdown => {
                    let mut stops = tokio::task::JoinSet::new();
                    for (_, held) in std::mem::take(&mut self.held) {
                        stops.spawn(held.process.stop());
                    }
                    while stops.join_next().await.is_some() {}
                    keeper.abort();
                    // Revoking deletes the node key and every claim bound to the lease at once.
                    if let Err(e) = self.timed(client.lease_revoke(lease)).await {
                        tracing::warn!(error = %e, "cannot revoke the lease; its claims expire with it");
                    }
                    tracing::info!(node = %self.id, "fleet node stopped");
                    return Ok(());
                }
                Outcome::LeaseLost => {
                    tracing::warn!(node = %self.id, "lease not renewed in time: stopping every bot");
                    let mut stops = tokio::task::JoinSet::new();
                    for (_, held) in std::mem::take(&mut self.held) {
                        stops.spawn(held.process.stop_now());
                    }
                    while stops.join_next().await.is_some() {}
                    keeper.abort();
                    let _ = self.timed(client.lease_revoke(lease)).await;
                }
            }
        }
    }

    async fn publish_bots(&self, client: &mut Client) -> Result<()> {
        for bot in self.bots.values() {
            let value =
                serde_json::to_vec(&BotInfo::from(bot)).map_err(|e| FleetError::BadValue {
                    key: self.keys.bot(&bot.id),
                    reason: e.to_string(),
                })?;
            self.timed(client.put(self.keys.bot(&bot.id), value, None))
                .await?;
        }
        Ok(())
    }

    async fn register(&self, client: &mut Client) -> Result<i64> {
        let ttl = i64::try_from(self.options.lease_ttl.as_secs()).unwrap_or(i64::MAX);
        let lease = self.timed(client.lease_grant(ttl, None)).await?.id();
        let value = NodeValue {
            id: self.id.clone(),
            host: host_name(),
            pid: std::process::id(),
            since_ms: now_ms(),
        };
        let value = serde_json::to_vec(&value).map_err(|e| FleetError::BadValue {
            key: self.keys.node(&self.id),
            reason: e.to_string(),
        })?;
        self.timed(client.put(
            self.keys.node(&self.id),
            value,
            Some(PutOptions::new().with_lease(lease)),
        ))
        .await?;
        tracing::info!(node = %self.id, lease, "registered");
        Ok(lease)
    }

    async fn session(
        &mut self,
        client: &mut Client,
        lease: i64,
        health: &Mutex<LeaseHealth>,
        shutdown: &mut std::pin::Pin<&mut impl Future<Output = ()>>,
    ) -> Outcome {
        let registered = Instant::now();
        // Kill the bots well before etcd can let the lease expire: one poll plus half a second
        // of margin for the kill itself.
        let margin = self.options.poll + Duration::from_millis(500);
        let mut ticker = tokio::time::interval(self.options.poll);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.as_mut() => return Outcome::Shutdown,
                _ = ticker.tick() => {}
            }
            let fence_at = {
                let h = health.lock().unwrap_or_else(|e| e.into_inner());
                if h.lost || Instant::now() + margin >= h.expires {
                    return Outcome::LeaseLost;
                }
                h.expires - margin
            };
            let may_claim = registered.elapsed() >= self.options.settle;
            // A step stuck on an unreachable etcd must not hold the fence check back: past the
            // fence time the loop re-checks the lease (and stops every bot if it was not renewed).
            let step = self.step(client, lease, may_claim);
            match tokio::time::timeout_at(fence_at.into(), step).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "fleet step failed; retrying"),
                Err(_) => tracing::warn!("fleet step interrupted at the fence time"),
            }
        }
    }

    /// One look at the fleet and the actions it calls for.
    async fn step(&mut self, client: &mut Client, lease: i64, may_claim: bool) -> Result<()> {
        let snapshot = self
            .timed(client.get(self.keys.root(), Some(GetOptions::new().with_prefix())))
            .await?;
        let nodes_prefix = self.keys.nodes();
        let claims_prefix = self.keys.claims();
        let mut nodes = BTreeSet::new();
        let mut claims = BTreeMap::new();
        // Claims of this session whose bot does not run here (a release whose delete failed):
        // nobody else may take them while our lease lives, so delete them.
        let mut orphans = Vec::new();
        for kv in snapshot.kvs() {
            let key = String::from_utf8_lossy(kv.key());
            if let Some(node) = key.strip_prefix(&nodes_prefix) {
                nodes.insert(node.to_string());
            } else if let Some(bot) = key.strip_prefix(&claims_prefix) {
                let owner = match serde_json::from_slice::<ClaimValue>(kv.value()) {
                    Ok(v) => v.node,
                    // Unreadable: someone else's, never free.
                    Err(_) => String::from("?"),
                };
                let owner = match self.held.get_mut(bot) {
                    // Same node id but another claim (an old session's): not ours.
                    Some(h) if owner == self.id && h.create_revision != kv.create_revision() => {
                        format!("{owner} (stale)")
                    }
                    Some(h) if owner == self.id => {
                        h.mod_revision = kv.mod_revision();
                        owner
                    }
                    None if owner == self.id && kv.lease() == lease => {
                        orphans.push((bot.to_string(), kv.mod_revision()));
                        format!("{owner} (orphan)")
                    }
                    None if owner == self.id => format!("{owner} (stale)"),
                    _ => owner,
                };
                claims.insert(bot.to_string(), owner);
            }
        }
        for (bot, revision) in orphans {
            tracing::info!(bot = %bot, "freeing a claim whose bot does not run here");
            self.delete_claim(client, &bot, revision).await?;
        }
        let running: BTreeSet<String> = self.held.keys().cloned().collect();
        let actions = plan(&PlanInput {
            me: &self.id,
            bots: &self.bot_ids,
            nodes: &nodes,
            claims: &claims,
            running: &running,
            may_claim,
        });
        for action in actions {
            match action {
                Action::Abandon(bot) => {
                    if let Some(held) = self.held.remove(&bot) {
                        tracing::warn!(bot = %bot, "claim lost: killing the bot");
                        held.process.stop_now().await;
                    }
                }
                Action::Release(bot) => {
                    if let Some(held) = self.held.remove(&bot) {
                        tracing::info!(bot = %bot, "releasing to rebalance");
                        // Stop first: the claim is what lets another node start it.
                        held.process.stop().await;
                        self.delete_claim(client, &bot, held.mod_revision).await?;
                    }
                }
                Action::Claim(bot) => self.claim(client, lease, &bot).await?,
            }
        }
        self.write_restarts(client, lease).await
    }

    /// Deletes a claim only if it still has the revision we wrote last.
    async fn delete_claim(&self, client: &mut Client, bot: &str, revision: i64) -> Result<()> {
        let key = self.keys.claim(bot);
        let txn = Txn::new()
            .when([Compare::mod_revision(
                key.clone(),
                CompareOp::Equal,
                revision,
            )])
            .and_then([TxnOp::delete(key, None)]);
        self.timed(client.txn(txn)).await?;
        Ok(())
    }

    async fn claim(&mut self, client: &mut Client, lease: i64, bot: &str) -> Result<()> {
        let Some(spec) = self.bots.get(bot) else {
            return Ok(());
        };
        let key = self.keys.claim(bot);
        let value = ClaimValue {
            node: self.id.clone(),
            restarts: 0,
            since_ms: now_ms(),
        };
        let bytes = serde_json::to_vec(&value).map_err(|e| FleetError::BadValue {
            key: key.clone(),
            reason: e.to_string(),
        })?;
        let txn = Txn::new()
            .when([Compare::create_revision(key.clone(), CompareOp::Equal, 0)])
            .and_then([TxnOp::put(
                key,
                bytes,
                Some(PutOptions::new().with_lease(lease)),
            )]);
        let response = self.timed(client.txn(txn)).await?;
        if !response.succeeded() {
            tracing::debug!(bot, "claimed by another node first");
            return Ok(());
        }
        let revision = response.header().map(|h| h.revision()).unwrap_or(0);
        let ctx = RunContext {
            fleet: self.options.name.clone(),
            node: self.id.clone(),
            fence: revision,
        };
        let env = bot_env(spec, &ctx, |v| std::env::var(v).ok())?;
        tracing::info!(bot, revision, "claimed");
        let process = BotProcess::start(bot.to_string(), env, self.child.clone());
        self.held.insert(
            bot.to_string(),
            Held {
                process,
                create_revision: revision,
                mod_revision: revision,
                since_ms: value.since_ms,
                restarts_written: 0,
            },
        );
        Ok(())
    }

    /// Restart counters live in the claim value; written only with the revision we know, so a
    /// node never overwrites a claim it no longer holds.
    async fn write_restarts(&mut self, client: &mut Client, lease: i64) -> Result<()> {
        let keys = self.keys.clone();
        let node = self.id.clone();
        let limit = self.options.etcd_timeout;
        for (bot, held) in self.held.iter_mut() {
            let restarts = held.process.restarts();
            if restarts == held.restarts_written {
                continue;
            }
            let key = keys.claim(bot);
            let value = ClaimValue {
                node: node.clone(),
                restarts,
                since_ms: held.since_ms,
            };
            let bytes = serde_json::to_vec(&value).map_err(|e| FleetError::BadValue {
                key: key.clone(),
                reason: e.to_string(),
            })?;
            let txn = Txn::new()
                .when([Compare::mod_revision(
                    key.clone(),
                    CompareOp::Equal,
                    held.mod_revision,
                )])
                .and_then([TxnOp::put(
                    key,
                    bytes,
                    Some(PutOptions::new().with_lease(lease)),
                )]);
            let response = match tokio::time::timeout(limit, client.txn(txn)).await {
                Ok(r) => r?,
                Err(_) => return Err(FleetError::EtcdTimeout(limit)),
            };
            if response.succeeded() {
                held.restarts_written = restarts;
                held.mod_revision = response
                    .header()
                    .map(|h| h.revision())
                    .unwrap_or(held.mod_revision);
            }
        }
        Ok(())
    }
}

/// Renews the lease every quarter TTL and records until when it is surely alive. A keep-alive
/// answered with TTL 0 means etcd already dropped it.
async fn keep_alive(
    mut client: Client,
    lease: i64,
    ttl: Duration,
    limit: Duration,
    health: Arc<Mutex<LeaseHealth>>,
) {
    let interval = ttl / 4;
    let mut stream = None;
    loop {
        let sent = Instant::now();
        let renewed = tokio::time::timeout(limit, async {
            if stream.is_none() {
                stream = Some(client.lease_keep_alive(lease).await?);
            }
            let Some((keeper, responses)) = stream.as_mut() else {
                return Ok(None);
            };
            keeper.keep_alive().await?;
            responses.message().await
        })
        .await;
        match renewed {
            Ok(Ok(Some(response))) if response.ttl() > 0 => {
                let secs = u64::try_from(response.ttl()).unwrap_or(0);
                let mut h = health.lock().unwrap_or_else(|e| e.into_inner());
                h.expires = sent + Duration::from_secs(secs);
            }
            Ok(Ok(Some(_))) => {
                health.lock().unwrap_or_else(|e| e.into_inner()).lost = true;
                return;
            }
            Ok(Ok(None)) | Ok(Err(_)) | Err(_) => {
                // Broken stream or timeout: open a new stream next time; the deadline stays.
                stream = None;
                tracing::warn!(lease, "lease keep-alive failed");
            }
        }
        tokio::time::sleep(interval.saturating_sub(sent.elapsed())).await;
    }
}
