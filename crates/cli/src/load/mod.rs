//! `lpm load`: a load generator for any Messaging Platform, the local one or LivePerson's.
//!
//! Two modes:
//!
//! * **messages** (default): N consumers (a lean raw client each, see [`consumer`]) open a
//!   conversation each and publish M messages, at a pace (`--rate`, messages per second over
//!   all consumers) or as fast as the answers come; `--window N` keeps N publishes of each
//!   consumer in flight instead of one. With `--echo-bot` a built-in bot written
//!   with the Rust SDK ([`bot`]) takes every conversation and answers every message; each
//!   consumer then waits for the answer before its next message and the round trip is
//!   measured. `--count-bot` only receives (the fan-out figure: many consumers into one bot).
//!   `--raw-bot` makes that bot a bare websocket client ([`raw_bot`]) instead of the SDK.
//!   The end report gives sent, delivered, throughput and latency histograms (p50/p90/p99/max).
//! * **idle** (`--idle N`): opens N authenticated consumer sockets, holds them `--hold` seconds
//!   and closes them; reports the platform's CPU while they idle and its memory per socket and
//!   after they closed.
//!
//! Without `--csds` the run starts `lpm platform` as a child process on a free loopback port,
//! so that the platform's CPU and memory (`/proc/PID/…`) are measured apart from the load
//! generator's own, which the report also gives (a load generator near its limit would show
//! there, not hide in the platform's figures).
//!
//! ```text
//! lpm load --consumers 1000 --messages 50 --count-bot --window 50
//! lpm load --consumers 1 --messages 1000 --echo-bot
//! lpm load --idle 10000 --hold 10
//! lpm load --csds https://api.liveperson.net --account 12345678 --consumers 10 --messages 5 --rate 2
//! ```

pub mod bot;
pub mod consumer;
pub mod procstat;
pub mod raw_bot;
pub mod report;
pub mod target;

mod idle;
mod messages;

use std::process::ExitCode;

/// Why a load run failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The local platform did not start.
    #[error("starting the local platform: {0}")]
    Spawn(String),
    /// CSDS did not name the domains.
    #[error("CSDS: {0}")]
    Csds(String),
    /// The IDP refused a consumer signup.
    #[error("consumer signup: {0}")]
    Signup(String),
    /// A consumer socket failed.
    #[error("consumer socket: {0}")]
    Socket(String),
    /// The platform answered a request with an error code.
    #[error("{request} answered {code}")]
    Refused {
        /// The request type.
        request: String,
        /// The response code.
        code: u16,
    },
    /// The built-in bot failed.
    #[error("bot: {0}")]
    Bot(String),
    /// Something took too long.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
}

/// Options of `lpm load`.
#[derive(clap::Args, Clone)]
pub struct LoadArgs {
    /// CSDS of the platform to load (e.g. `https://api.liveperson.net`); without it a local
    /// `lpm platform` is started as a child process.
    #[arg(long, env = "LPM_CSDS_URL")]
    pub csds: Option<String>,
    /// Account id (the account must allow unauthenticated messaging: consumers sign up).
    #[arg(long, default_value = "12345678")]
    pub account: String,
    /// Consumers, one socket and one conversation each.
    #[arg(long, default_value_t = 100)]
    pub consumers: usize,
    /// Messages each consumer publishes.
    #[arg(long, default_value_t = 10)]
    pub messages: usize,
    /// Messages per second over all consumers (0: each sends its next as soon as it may).
    #[arg(long, default_value_t = 0.0)]
    pub rate: f64,
    /// Publishes each consumer keeps in flight (sent, answer not yet in). 1: each waits for
    /// its publish's answer before the next, as a person typing does; more pipelines them,
    /// as an SDK user who does not await each `sendMessage` does, and measures what the
    /// platform carries when every socket has work queued. Not with --echo-bot or --rate.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000),
          conflicts_with_all = ["echo_bot", "rate"])]
    pub window: u32,
    /// Run a built-in bot (Rust SDK) that takes every conversation and answers every message;
    /// consumers measure the round trip.
    #[arg(long, conflicts_with = "count_bot")]
    pub echo_bot: bool,
    /// Run a built-in bot that takes every conversation and only receives (fan-out).
    #[arg(long)]
    pub count_bot: bool,
    /// The built-in bot is a bare websocket client instead of the Rust SDK (it joins the
    /// conversations as MANAGER by id instead of taking rings): the platform's limits apart
    /// from the SDK bot's. Without --echo-bot it counts, as --count-bot.
    #[arg(long, conflicts_with = "idle")]
    pub raw_bot: bool,
    /// The built-in bot's login name.
    #[arg(long, default_value = "lpm-load-bot")]
    pub bot_user: String,
    /// The built-in bot's password.
    #[arg(
        long,
        env = "LPM_LOAD_BOT_PASSWORD",
        default_value = "pw",
        hide_env_values = true
    )]
    pub bot_password: String,
    /// Idle mode: open this many consumer sockets, hold them, close them.
    #[arg(long, conflicts_with_all = ["echo_bot", "count_bot"])]
    pub idle: Option<usize>,
    /// Idle mode: seconds to hold the sockets open.
    #[arg(long, default_value_t = 10)]
    pub hold: u64,
    /// Sockets opened (signups, conversations) at the same time while setting up.
    #[arg(long, default_value_t = 50)]
    pub concurrency: usize,
    /// Print the figures as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `lpm load`.
pub async fn run(args: LoadArgs) -> ExitCode {
    // Every socket is a descriptor here and one in the local platform (which inherits this).
    let nofile = raise_nofile();
    let result = match args.idle {
        Some(n) => idle::run(&args, n, nofile).await,
        None => messages::run(&args, nofile).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lpm load: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Raises this process's open-file limit to the hard limit; returns the limit in force.
fn raise_nofile() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!("lpm load: could not raise the open-file limit: {e}");
            rlimit::getrlimit(rlimit::Resource::NOFILE)
                .map(|(soft, _)| soft)
                .unwrap_or(0)
        }
    }
}

/// A progress bar on stderr (hidden when stderr is not a terminal or with `--json`).
fn progress(len: u64, what: &str, quiet: bool) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(
        "{msg:>12} [{bar:40}] {pos}/{len} {per_sec} eta {eta}",
    )
    .map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}
