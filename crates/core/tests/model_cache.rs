//! Conversation cache (sdk-api §4.6): references by subscription, release after DELETE,
//! time-based expiry, conversation-deleted on re-subscription snapshots.

mod common;

use common::*;
use lpm_core::model::{IngestContext, ModelEvent, SubscriptionKey};
use lpm_core::time::Time;

const C: (&str, &str, &str) = (CONSUMER, "CONSUMER", "ACTIVE");

fn conv_with_id(id: &str, ts: u64) -> Conv {
    let mut c = Conv::new(ts, &[C]);
    c.id = id.into();
    c.dialogs = vec![dialog(id, "MAIN", "OPEN", ts, &[C])];
    c
}

#[test]
fn delete_releases_after_5s_then_drops_after_cache_duration() {
    let mut m = brand_model();
    let sub = |t| IngestContext::subscription(Time(t), "default", false);
    m.ingest(&conv_with_id("a", 1).v3("UPSERT"), &sub(1_000));
    assert_eq!(
        m.next_expiry(),
        None,
        "a referenced conversation never expires"
    );
    let mut closed = conv_with_id("a", 2);
    closed.stage = "CLOSE".into();
    let ev = m.ingest(&closed.v3("DELETE"), &sub(2_000));
    assert_eq!(names(&ev), ["close"]);
    assert_eq!(m.next_expiry(), Some(Time(7_000)));
    assert!(m.expire(Time(6_999)).is_empty());
    assert_eq!(m.references("a"), vec![SubscriptionKey::from("default")]);
    assert!(m.expire(Time(7_000)).is_empty());
    assert!(m.references("a").is_empty());
    assert_eq!(m.next_expiry(), Some(Time(607_000)));
    assert!(
        m.conversation("a").is_some(),
        "closed conversations stay reachable a while"
    );
    assert_eq!(m.expire(Time(607_000)), vec!["a".to_owned()]);
    assert!(m.conversation("a").is_none());
    assert!(m.dialog("a").is_none());
    assert_eq!(m.next_expiry(), None);
}

#[test]
fn second_subscription_keeps_it_alive() {
    let mut m = brand_model();
    m.ingest(
        &conv_with_id("a", 1).v3("UPSERT"),
        &IngestContext::subscription(Time(0), "s1", false),
    );
    m.ingest(
        &conv_with_id("a", 2).v3("UPSERT"),
        &IngestContext::subscription(Time(0), "s2", false),
    );
    m.subscription_removed(&"s1".into(), Time(10));
    assert_eq!(m.next_expiry(), None);
    m.subscription_removed(&"s2".into(), Time(20));
    assert_eq!(m.next_expiry(), Some(Time(600_020)));
    // A new reference cancels the countdown.
    m.ingest(
        &conv_with_id("a", 3).v3("UPSERT"),
        &IngestContext::subscription(Time(30), "s3", false),
    );
    assert_eq!(m.next_expiry(), None);
}

#[test]
fn resubscribe_snapshot_reports_vanished_conversations() {
    let mut m = brand_model();
    m.ingest(
        &conv_with_id("a", 1).v3("UPSERT"),
        &IngestContext::subscription(Time(0), "default", true),
    );
    m.ingest(
        &conv_with_id("b", 1).v3("UPSERT"),
        &IngestContext::subscription(Time(0), "default", false),
    );
    // After a reconnect the new snapshot holds only "b".
    let ev = m.ingest(
        &conv_with_id("b", 1).v3("UPSERT"),
        &IngestContext::subscription(Time(100), "default", true),
    );
    assert_eq!(
        ev,
        vec![
            ModelEvent::NotificationIgnored {
                conversation_id: "b".into()
            },
            ModelEvent::ConversationDeleted {
                conversation_id: "a".into()
            }
        ]
    );
    assert!(m.references("a").is_empty());
    assert_eq!(m.next_expiry(), Some(Time(600_100)));
}

#[test]
fn rename_subscription_moves_references() {
    let mut m = brand_model();
    m.ingest(
        &conv_with_id("a", 1).v3("UPSERT"),
        &IngestContext::subscription(Time(0), "uuid-1", true),
    );
    m.rename_subscription(&"uuid-1".into(), &"uuid-2".into());
    assert_eq!(m.references("a"), vec![SubscriptionKey::from("uuid-2")]);
}

#[test]
fn unsubscribed_ingest_expires_after_idle_time() {
    let mut m = brand_model();
    m.ingest_webhook(
        &serde_json::json!({"wsNotificationMsg":{"type":"cqm.ExConversationChangeNotification","body":{"changes":[{"type":"UPSERT","result":conv_with_id("a", 1).result()}]}}}),
        Time(0),
    );
    assert_eq!(m.next_expiry(), Some(Time(600_000)));
    // Activity restarts the clock.
    let mut rec = record_v3(Some(0), CONSUMER, "CONSUMER", text("x"));
    rec["dialogId"] = "a".into();
    rec["conversationId"] = "a".into();
    let ev = m.ingest_webhook(
        &serde_json::json!({"wsNotificationMsg":{"type":"ms.MessagingEventNotification","body":{"changes":[rec]}}}),
        Time(50),
    );
    assert_eq!(names(&ev), ["message"]);
    assert_eq!(m.next_expiry(), Some(Time(600_050)));
}

#[test]
fn many_conversations() {
    let mut m = brand_model();
    for i in 0..200 {
        m.ingest(
            &conv_with_id(&format!("c{i}"), 1).v3("UPSERT"),
            &IngestContext::subscription(Time(0), "d", false),
        );
    }
    assert_eq!(m.conversations().len(), 200);
    m.subscription_removed(&"d".into(), Time(1));
    assert_eq!(m.expire(Time(600_001)).len(), 200);
    assert_eq!(m.conversations().len(), 0);
}

#[test]
fn delete_of_unknown_conversation_is_ignored() {
    let mut m = brand_model();
    let ev = m.ingest(
        &conv_with_id("z", 1).v3("DELETE"),
        &IngestContext::subscription(Time(0), "d", false),
    );
    assert!(ev.is_empty());
    assert!(m.conversation("z").is_none());
    assert_eq!(m.next_expiry(), None);
}

#[test]
fn limit_break_snapshot_spans_pages() {
    let mut m = brand_model();
    let key: SubscriptionKey = 7u64.into();
    for id in ["a", "b", "c"] {
        m.ingest(
            &conv_with_id(id, 1).v3("UPSERT"),
            &IngestContext::subscription(Time(0), 7u64, false),
        );
    }
    // After a reconnect: the parent's capped snapshot holds "a", a child page holds "b".
    m.begin_snapshot(&key);
    let ev = m.ingest(
        &conv_with_id("a", 2).v3("UPSERT"),
        &IngestContext::subscription(Time(10), 7u64, false),
    );
    assert!(!names(&ev).contains(&"conversation-deleted"));
    m.ingest(
        &conv_with_id("b", 2).v3("UPSERT"),
        &IngestContext::subscription(Time(11), 7u64, false),
    );
    let ev = m.end_snapshot(&key, Time(12));
    assert_eq!(
        ev,
        vec![ModelEvent::ConversationDeleted {
            conversation_id: "c".into()
        }]
    );
    assert!(m.end_snapshot(&key, Time(13)).is_empty());
    assert_eq!(m.references("b"), vec![key]);
}
