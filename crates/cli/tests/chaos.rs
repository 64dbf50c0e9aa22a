//! `lpm chaos` at CI size with the Rust SDK's bot: 20 consumers × 20 messages while ten faults
//! of every kind (proxy resets, closes and stalls; 1011, 4401 and 4407 closes; 500s on login
//! and CSDS; a delayed answer; the clock moved) hit the bot. Nothing lost, duplicated or
//! reordered; every message answered; subscriptions and agent state restored; the bot alive.
//! (The JavaScript SDK's run is `bindings/js/test/chaos.test.mjs`, where the JS SDK is built.)

mod common;

use std::process::Command;

/// The number after `label` in the report (`  lost:   0`).
fn count(report: &str, label: &str) -> Option<usize> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .and_then(|rest| rest.trim().parse().ok())
}

#[test]
fn rust_bot_loses_nothing_under_faults() {
    let out = Command::new(common::lpm())
        .args([
            "chaos",
            "--sdk",
            "rust",
            "--consumers",
            "20",
            "--messages",
            "20",
        ])
        .args(["--faults", "10", "--seed", "1", "--timeout-secs", "150"])
        .output()
        .expect("lpm chaos runs");
    let report = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}\n{stderr}");
    assert_eq!(count(&report, "sent:"), Some(400), "{report}");
    assert_eq!(count(&report, "seen by bot:"), Some(400), "{report}");
    assert_eq!(count(&report, "lost:"), Some(0), "{report}");
    assert_eq!(count(&report, "duplicated:"), Some(0), "{report}");
    assert_eq!(count(&report, "out of order:"), Some(0), "{report}");
    assert!(
        count(&report, "echoes received:").is_some_and(|n| n >= 400),
        "{report}"
    );
    assert!(
        count(&report, "faults injected:").is_some_and(|n| n >= 10),
        "{report}"
    );
    for line in [
        "subscriptions restored: yes",
        "agent state restored:   yes",
        "bot process alive:      yes",
        "hang:                   no",
        "result:                 PASS",
    ] {
        assert!(report.contains(line), "{line:?} missing:\n{report}");
    }
}
