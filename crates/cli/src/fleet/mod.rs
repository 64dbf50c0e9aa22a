//! `lpm fleet`: run a node of a bot fleet, show a fleet's status, or run the example bot.

mod example_bot;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use lpm_fleet::FleetOptions;

/// `lpm fleet NAME --bots FILE [--etcd URLS] -- COMMAND...` or `lpm fleet status NAME --etcd URLS`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct FleetArgs {
    #[command(subcommand)]
    command: Option<FleetCommand>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum FleetCommand {
    /// Show a fleet's nodes and bots, who runs each bot and how often it restarted.
    Status {
        /// The fleet's name.
        name: String,
        /// etcd client endpoints, comma-separated.
        #[arg(long, value_delimiter = ',', required = true, env = "LPM_FLEET_ETCD")]
        etcd: Vec<String>,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// The quick-start agent bot, its identity read from the environment that `lpm fleet` sets
    /// (LPM_ACCOUNT_ID, LPM_USER, LPM_PASSWORD or LPM_APP_KEY…): joins every conversation and
    /// answers each consumer message. Try a fleet with it: `lpm fleet dev --bots bots.toml -- lpm fleet example-bot`.
    ExampleBot {
        /// Take conversations through routing (ONLINE, accept rings) and answer each consumer
        /// message of the bot's conversations exactly once (`re: <text>`), including those sent
        /// while the bot was moving between nodes.
        #[arg(long)]
        rings: bool,
    },
}

#[derive(Args)]
struct RunArgs {
    /// The fleet's name (nodes with the same name and etcd share the bots).
    #[arg(required = true)]
    name: Option<String>,
    /// Bot identities: TOML `[[bot]]` tables, or JSON when the name ends in `.json`.
    #[arg(long, required = true)]
    bots: Option<PathBuf>,
    /// etcd client endpoints, comma-separated; without them this node runs every bot itself.
    #[arg(long, value_delimiter = ',', env = "LPM_FLEET_ETCD")]
    etcd: Vec<String>,
    /// This node's id (default: host name and process id).
    #[arg(long)]
    node_id: Option<String>,
    /// Lease TTL in seconds: a dead node's bots restart elsewhere after about this long.
    #[arg(long, default_value_t = 3)]
    lease_ttl: u64,
    /// Milliseconds a bot may take to exit after SIGTERM before it is killed.
    #[arg(long, default_value_t = 3000)]
    stop_grace_ms: u64,
    /// The command that runs one bot, after `--` (e.g. `-- node bot.js`).
    #[arg(last = true, required = true)]
    command: Vec<String>,
}

/// Runs `lpm fleet ...`.
pub async fn run(args: FleetArgs) -> ExitCode {
    match args.command {
        Some(FleetCommand::Status { name, etcd, json }) => status(&name, &etcd, json).await,
        Some(FleetCommand::ExampleBot { rings }) => example_bot::run(rings).await,
        None => node(args.run).await,
    }
}

async fn status(name: &str, etcd: &[String], json: bool) -> ExitCode {
    match lpm_fleet::fetch_status(name, etcd).await {
        Ok(status) if json => match serde_json::to_string_pretty(&status) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("lpm fleet status: {e}");
                ExitCode::FAILURE
            }
        },
        Ok(status) => {
            print!("{status}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lpm fleet status: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn node(args: RunArgs) -> ExitCode {
    let (Some(name), Some(bots)) = (args.name, args.bots) else {
        eprintln!("lpm fleet: a fleet name and --bots are required");
        return ExitCode::FAILURE;
    };
    let mut options = FleetOptions::new(name, args.command);
    options.bots = bots;
    options.etcd = args.etcd;
    options.node_id = args.node_id;
    options.lease_ttl = Duration::from_secs(args.lease_ttl);
    options.stop_grace = Duration::from_millis(args.stop_grace_ms);
    let result = if options.etcd.is_empty() {
        lpm_fleet::run_local(options, shutdown_signal()).await
    } else {
        lpm_fleet::run_node(options, shutdown_signal()).await
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lpm fleet: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM: both mean "leave the fleet gracefully" (stop the bots, free their claims).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
