//! The idle mode of `lpm load`: what idle consumer sockets cost the platform.

use super::consumer::{self, Consumer};
use super::report::cores;
use super::target::Target;
use super::{LoadArgs, LoadError, procstat, progress};
use futures_util::{StreamExt, stream};
use serde_json::json;
use std::time::{Duration, Instant};

/// Time for the platform to settle after the sockets opened or closed before memory is read.
const SETTLE: Duration = Duration::from_secs(2);

pub(super) async fn run(args: &LoadArgs, n: usize, nofile: u64) -> Result<(), LoadError> {
    let mut target = match &args.csds {
        Some(csds) => Target::remote(csds, &args.account).await?,
        None => Target::local(&args.account).await?,
    };
    let result = hold(args, &target, n, nofile).await;
    target.stop().await;
    result
}

async fn hold(args: &LoadArgs, target: &Target, n: usize, nofile: u64) -> Result<(), LoadError> {
    let pid = target.local_pid();
    let rss = || pid.and_then(procstat::rss_kib);
    let concurrency = args.concurrency.max(1);

    // Sign every consumer up first, so that the memory the identities take is not counted
    // as the sockets'.
    let http = reqwest::Client::new();
    let bar = progress(n as u64, "signing up", args.json);
    let jwts: Vec<Result<String, LoadError>> = stream::iter(0..n)
        .map(|_| {
            let bar = bar.clone();
            let http = &http;
            async move {
                let jwt = consumer::signup(http, target).await;
                bar.inc(1);
                jwt
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    bar.finish_and_clear();
    let jwts = jwts.into_iter().collect::<Result<Vec<_>, _>>()?;
    drop(http);
    tokio::time::sleep(SETTLE).await;
    let rss_base = rss();

    let bar = progress(n as u64, "opening", args.json);
    let opened_at = Instant::now();
    let results: Vec<Result<Consumer, LoadError>> = stream::iter(jwts)
        .map(|jwt| {
            let bar = bar.clone();
            async move {
                let c = Consumer::connect(target, &jwt).await;
                bar.inc(1);
                c
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let open_secs = opened_at.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let mut sockets = Vec::with_capacity(n);
    let mut first_error = None;
    for r in results {
        match r {
            Ok(c) => sockets.push(c),
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    let reached = sockets.len();
    tokio::time::sleep(SETTLE).await;
    let rss_open = rss();

    let cpu0 = pid.and_then(procstat::cpu_time);
    let hold = Duration::from_secs(args.hold);
    tokio::time::sleep(hold).await;
    let idle_cores = pid
        .and_then(procstat::cpu_time)
        .zip(cpu0)
        .map(|(b, a)| cores(b.saturating_sub(a), hold));

    stream::iter(sockets)
        .for_each_concurrent(concurrency, |c| c.close())
        .await;
    tokio::time::sleep(SETTLE).await;
    let rss_closed = rss();

    let per_socket_kb = rss_base
        .zip(rss_open)
        .map(|(a, b)| b.saturating_sub(a) as f64 * 1.024 / reached.max(1) as f64);
    let given_back = match (rss_base, rss_open, rss_closed) {
        (Some(a), Some(b), Some(c)) if b > a => Some(b.saturating_sub(c) as f64 / (b - a) as f64),
        _ => None,
    };
    if args.json {
        let v = json!({
            "mode": "idle", "target": target.csds, "local": pid.is_some(),
            "asked": n, "reached": reached, "nofile_limit": nofile, "first_error": first_error,
            "open_seconds": open_secs, "hold_seconds": args.hold,
            "platform_idle_cores": idle_cores,
            "rss_base_kib": rss_base, "rss_open_kib": rss_open, "rss_closed_kib": rss_closed,
            "kb_per_socket": per_socket_kb, "given_back": given_back,
        });
        println!("{v}");
    } else {
        println!(
            "lpm load --idle: {reached} of {n} consumer sockets open ({:.0}/s; open-file limit {nofile}) against {}",
            reached as f64 / open_secs.max(1e-9),
            target.csds
        );
        if let Some(e) = &first_error {
            println!("  the first that failed: {e}");
        }
        if let Some(c) = idle_cores {
            println!(
                "  platform CPU while idle: {:.2} % of a core over {} s",
                c * 100.0,
                args.hold
            );
        }
        if let (Some(a), Some(b), Some(c), Some(kb)) =
            (rss_base, rss_open, rss_closed, per_socket_kb)
        {
            println!(
                "  platform RSS: {a} KiB before, {b} KiB open ({kb:.1} KB per socket), {c} KiB after closing ({:.0} % given back)",
                given_back.unwrap_or(0.0) * 100.0
            );
        }
    }
    if reached == 0 {
        return Err(LoadError::Socket(
            first_error.unwrap_or_else(|| "no socket opened".into()),
        ));
    }
    Ok(())
}
