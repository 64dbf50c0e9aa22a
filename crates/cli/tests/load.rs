//! `lpm load` end to end: the real binary starts a real `lpm platform` child process and loads
//! it over real sockets. Only what was delivered is asserted, never how fast.

use serde_json::Value;
use std::process::Command;

fn load(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_lpm"))
        .arg("load")
        .args(args)
        .arg("--json")
        .env_remove("LPM_CSDS_URL")
        .output()
        .expect("lpm load runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "lpm load {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("one JSON line")
}

#[test]
fn echo_bot_answers_every_message_and_the_report_counts_them() {
    let v = load(&["--consumers", "4", "--messages", "3", "--echo-bot"]);
    assert_eq!(v["mode"], "messages");
    assert_eq!(v["local"], true);
    assert_eq!(v["sent"], 12);
    assert_eq!(v["delivered_to_bot"], 12);
    assert_eq!(v["round_trip"]["n"], 12);
    assert_eq!(v["publish_ack"]["n"], 12);
    assert_eq!(v["consumer_to_bot"]["n"], 12);
    assert_eq!(v["errors"], 0);
    let p50 = v["round_trip"]["p50_ms"].as_f64().expect("p50");
    let max = v["round_trip"]["max_ms"].as_f64().expect("max");
    assert!(p50 > 0.0 && p50 <= max, "{v}");
    assert!(
        v["platform_cores"].is_number(),
        "the local platform is measured: {v}"
    );
}

#[test]
fn paced_messages_without_a_bot_are_acknowledged() {
    let v = load(&["--consumers", "2", "--messages", "3", "--rate", "200"]);
    assert_eq!(v["bot"], "none");
    assert_eq!(v["sent"], 6);
    assert_eq!(v["delivered_to_bot"], Value::Null);
    assert_eq!(v["publish_ack"]["n"], 6);
    // 3 messages per consumer at 100 msg/s each: the last leaves ≥ 20 ms after the first.
    assert!(v["seconds"].as_f64().expect("seconds") >= 0.02, "{v}");
}

#[test]
fn idle_sockets_are_opened_held_and_closed() {
    let v = load(&["--idle", "30", "--hold", "1"]);
    assert_eq!(v["mode"], "idle");
    assert_eq!(v["asked"], 30);
    assert_eq!(v["reached"], 30);
    assert_eq!(v["first_error"], Value::Null);
    assert!(v["rss_open_kib"].as_u64().expect("rss") > 0, "{v}");
    assert!(v["platform_idle_cores"].is_number(), "{v}");
}

#[test]
fn the_raw_bot_does_the_same_work_without_the_sdk() {
    let v = load(&[
        "--consumers",
        "3",
        "--messages",
        "2",
        "--echo-bot",
        "--raw-bot",
    ]);
    assert_eq!(v["bot"], "echo");
    assert_eq!(v["bot_client"], "raw");
    assert_eq!(v["delivered_to_bot"], 6);
    assert_eq!(v["round_trip"]["n"], 6);
    let counted = load(&["--consumers", "3", "--messages", "2", "--raw-bot"]);
    assert_eq!(counted["bot"], "count");
    assert_eq!(counted["delivered_to_bot"], 6);
    assert_eq!(counted["round_trip"], Value::Null);
}

#[test]
fn a_window_keeps_several_publishes_in_flight_and_every_one_is_answered_and_delivered() {
    let v = load(&[
        "--consumers",
        "3",
        "--messages",
        "20",
        "--count-bot",
        "--raw-bot",
        "--window",
        "8",
    ]);
    assert_eq!(v["first_error"], Value::Null, "{v}");
    assert_eq!(v["sent"], 60, "every publish answered: {v}");
    assert_eq!(v["publish_ack"]["n"], 60, "{v}");
    assert_eq!(v["delivered_to_bot"], 60, "{v}");
}

#[test]
fn a_window_is_refused_with_the_echo_bot() {
    let out = Command::new(env!("CARGO_BIN_EXE_lpm"))
        .args(["load", "--echo-bot", "--window", "4"])
        .output()
        .expect("lpm runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--window") && err.contains("--echo-bot"),
        "{err}"
    );
}
