//! A fleet without etcd: one node runs every bot (the development default).

use std::future::Future;
use std::sync::Arc;

use crate::bots::load_bots;
use crate::child::{BotProcess, ChildOptions};
use crate::env::{RunContext, bot_env, secret_pointers};
use crate::error::Result;
use crate::options::FleetOptions;

/// Runs every bot of the file on this machine until `shutdown` resolves, restarting crashed ones
/// with back-off, then stops them all.
///
/// ```no_run
/// # async fn demo() -> lpm_fleet::Result<()> {
/// let opts = lpm_fleet::FleetOptions::new("dev", vec!["node".into(), "bot.js".into()]);
/// lpm_fleet::run_local(opts, async { let _ = tokio::signal::ctrl_c().await; }).await
/// # }
/// ```
pub async fn run_local(options: FleetOptions, shutdown: impl Future<Output = ()>) -> Result<()> {
    options.validate()?;
    let bots = load_bots(&options.bots)?;
    let ctx = RunContext {
        fleet: options.name.clone(),
        node: options.node_id(),
        fence: 0,
    };
    // Resolve every identity first: a missing credential stops the node before any bot starts.
    let envs = bots
        .iter()
        .map(|bot| bot_env(bot, &ctx, |v| std::env::var(v).ok()))
        .collect::<Result<Vec<_>>>()?;
    let mut child = ChildOptions::new(options.command.clone());
    child.stop_grace = options.stop_grace;
    child.remove_env = secret_pointers(&bots);
    let child = Arc::new(child);
    tracing::info!(fleet = %options.name, bots = bots.len(), "running every bot locally (no --etcd)");
    let processes: Vec<BotProcess> = bots
        .iter()
        .zip(envs)
        .map(|(bot, env)| BotProcess::start(bot.id.clone(), env, child.clone()))
        .collect();
    shutdown.await;
    let mut stops = tokio::task::JoinSet::new();
    for p in processes {
        stops.spawn(p.stop());
    }
    while stops.join_next().await.is_some() {}
    Ok(())
}
