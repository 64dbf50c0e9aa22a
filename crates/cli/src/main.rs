//! `lpm`: run the local Messaging Platform, demos and tools.

mod chaos;
mod demo;
mod fleet;
mod load;

use clap::{Parser, Subcommand};
use lpm_platform::{Platform, PlatformConfig, PlatformOptions};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "lpm", version, about = "lp-messaging-sdk command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the local Messaging Platform until interrupted.
    Platform {
        /// Port to listen on (0: a free one).
        #[arg(long, default_value_t = 7400)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Serve HTTPS/WSS with a generated self-signed certificate.
        #[arg(long)]
        tls: bool,
        /// Where to write the certificate (PEM) with --tls.
        #[arg(long, requires = "tls")]
        cert_file: Option<PathBuf>,
        /// Strict mode: accounts, users, skills and connectors from this TOML file.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Seed for identifiers, for reproducible runs.
        #[arg(long)]
        seed: Option<u64>,
        /// Keep accounts, users, sessions, conversations, messages, files and rings in
        /// DIR/platform.sqlite3 and carry on from there after a restart (in memory without).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
    },
    /// Start a local platform with an agent bot, an agent and a consumer, and show their
    /// conversation (join, messages, a transfer, close) as it happens.
    Demo {
        /// Port for the platform (0: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// No pauses between the steps.
        #[arg(long)]
        fast: bool,
    },
    /// Run a node of a bot fleet: share bot identities with other nodes through etcd (or run
    /// them all here without --etcd), one process per bot. `lpm fleet status NAME` shows a fleet.
    Fleet(fleet::FleetArgs),
    /// Load a platform (the local one, started as a child process, or any other through
    /// --csds): N consumers × M messages with an optional echo bot, or N idle sockets; prints
    /// throughput, latency percentiles and the local platform's CPU and memory.
    Load(load::LoadArgs),
    /// Chaos test: consumers write to an echo bot while faults hit the bot's connection; prints
    /// sent, seen, lost, duplicated and out-of-order counts (non-zero exit on any of them).
    Chaos(chaos::ChaosArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_filter = match cli.command {
        Command::Demo { .. } | Command::Load(_) | Command::Chaos(_) => "warn",
        Command::Fleet(_) => "info,etcd_client=warn,h2=warn,tonic=warn",
        _ => "info",
    };
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| default_filter.into());
    // tungstenite traces every frame whole, consumer JWTs included; the platform traces them
    // redacted itself (`lpm_platform::redact`), so the library's dumps (trace) and its per-frame
    // debug lines (which cost the platform CPU under load) stay off at any level.
    for quiet in ["tungstenite=info", "tokio_tungstenite=info"] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Demo { port, fast } => demo::run(demo::DemoOptions { port, fast }).await,
        Command::Fleet(args) => fleet::run(args).await,
        Command::Load(args) => load::run(args).await,
        Command::Chaos(args) => chaos::run(args).await,
        Command::Platform {
            port,
            bind,
            tls,
            cert_file,
            config,
            seed,
            data,
        } => {
            let config = match config.as_deref().map(PlatformConfig::from_file).transpose() {
                Ok(config) => config,
                Err(e) => {
                    eprintln!("lpm: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let strict = config.is_some();
            let data_file = data
                .as_ref()
                .map(|d| d.join(lpm_platform::store::FILE_NAME));
            let options = PlatformOptions {
                ip: bind,
                port,
                tls,
                cert_path: cert_file,
                config,
                seed,
                data,
            };
            let platform = match Platform::start(options).await {
                Ok(platform) => platform,
                Err(e) => {
                    eprintln!("lpm: {e}");
                    return ExitCode::FAILURE;
                }
            };
            println!(
                "Local Messaging Platform listening on {}",
                platform.csds_url()
            );
            println!(
                "  mode: {}",
                if strict {
                    "strict (config file)"
                } else {
                    "dev (any account, credentials remembered on first use)"
                }
            );
            match &data_file {
                Some(file) => println!("  state kept in {} (--data)", file.display()),
                None => {
                    println!("  state in memory only (keep it across restarts with --data DIR)")
                }
            }
            println!(
                "  point an SDK at it with LPM_CSDS_URL={}",
                platform.csds_url()
            );
            if let Some(cert) = platform.cert_path() {
                println!("  self-signed certificate: {}", cert.display());
                println!(
                    "  trust it in Node.js with NODE_EXTRA_CA_CERTS={}",
                    cert.display()
                );
            }
            println!("Press Ctrl-C to stop.");
            let _ = tokio::signal::ctrl_c().await;
            platform.shutdown().await;
            ExitCode::SUCCESS
        }
    }
}
