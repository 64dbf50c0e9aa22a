//! Heap held per conversation by a brand model (issue 9, row (c) of `sdk_vs_raw`): N open
//! conversations with 5 messages each, ingested the way a brand bot with `getAllMessages`
//! sees them from `lpm platform` (a conversation-change snapshot, then one `QueryMessages`
//! answer per conversation), and where the bytes go.
//!
//! `cargo bench -p lpm-core --bench model_memory` (`LPM_BENCH_N`, default 2000).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use lpm_core::model::{IngestContext, Model, Viewer};
use lpm_core::time::Time;
use lpm_protocol::Notification;
use serde_json::{Value, json};

/// Live heap bytes (requested sizes; malloc adds ~8–16 B per block on top).
static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Live heap blocks.
static BLOCKS: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: forwards to the system allocator; only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        BLOCKS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        BLOCKS.fetch_sub(1, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> (isize, isize) {
    (LIVE.load(Ordering::Relaxed), BLOCKS.load(Ordering::Relaxed))
}

/// A UUID-shaped id, as the platform makes them.
fn uuid(kind: u32, i: usize) -> String {
    format!("{kind:08x}-{:04x}-4cc6-bf3f-{i:012x}", i % 0xffff)
}

const ACCT: &str = "1000";
const TS: u64 = 1_796_670_860_106;

/// One message record as `lpm platform` sends it (notification or `QueryMessages` answer).
fn record(conv: &str, consumer: &str, seq: u64) -> Value {
    let props = json!({"ipAddress": "127.0.0.1", "type": ".ClientProperties"});
    json!({"conversationId": conv, "dialogId": conv,
      "event": {"contentType": "text/plain", "message": format!("seed {seq}"), "type": "ContentEvent"},
      "messageAudience": "ALL", "originatorClientProperties": props, "originatorId": consumer,
      "originatorMetadata": {"clientProperties": props, "id": consumer, "role": "CONSUMER"},
      "originatorPId": consumer, "sequence": seq, "serverTimestamp": TS + 10 * seq})
}

/// One conversation of the snapshot, as `lpm platform` sends it.
fn result(i: usize) -> Value {
    let conv = uuid(1, i);
    let consumer = uuid(2, i);
    json!({"convId": conv, "conversationDetails": {"brandId": ACCT,
        "context": {"clientProperties": {"ipAddress": "127.0.0.1", "type": ".ClientProperties"}},
        "convId": conv, "conversationHandlerDetails": {"accountId": ACCT, "skillId": "-1"},
        "dialogs": [{"channelType": "MESSAGING", "creationTs": TS, "dialogId": conv, "dialogType": "MAIN",
          "metaDataLastUpdateTs": TS, "participantsDetails": [{"id": consumer, "role": "CONSUMER", "state": "ACTIVE"}],
          "state": "OPEN"}],
        "firstConversation": true, "metaDataLastUpdateTs": TS, "participants": {"CONSUMER": [consumer]},
        "participantsPId": {"CONSUMER": [consumer]}, "skillId": "-1", "stage": "OPEN", "startTs": TS,
        "state": "OPEN", "ttr": {"ttrType": "NORMAL", "value": 3600}},
      "effectiveTTR": TS + 3_600_044, "lastContentEventNotification": record(&conv, &consumer, 4),
      "lastUpdateTime": TS, "numberOfunreadMessages": {consumer: 0}})
}

/// Heap bytes a deep copy of `v` takes: what holding it costs (a copy has no spare capacity,
/// so this slightly under-counts vectors that grew).
fn cost<T: Clone>(v: &T) -> isize {
    let before = live().0;
    let copy = v.clone();
    let after = live().0;
    drop(copy);
    after - before
}

fn main() {
    let n: usize = std::env::var("LPM_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let snapshot = Notification {
        type_name: ".ams.aam.ExConversationChangeNotification".into(),
        body: Some(json!({"subscriptionId": "s1", "changes": (0..n)
            .map(|i| json!({"type": "UPSERT", "result": result(i)})).collect::<Vec<_>>()})),
    };
    let answers: Vec<(String, Value)> = (0..n)
        .map(|i| {
            let (conv, consumer) = (uuid(1, i), uuid(2, i));
            let records = (0..5).map(|s| record(&conv, &consumer, s)).collect();
            (conv, Value::Array(records))
        })
        .collect();

    let (b0, k0) = live();
    let mut model = Model::new(Viewer::brand(ACCT, "pid-me", "1000.2002"));
    let ctx = IngestContext::subscription(Time(1), "1", true);
    drop(model.ingest(&snapshot, &ctx));
    let (b1, k1) = live();
    for (conv, records) in &answers {
        drop(model.ingest_query_messages(conv, records, Time(2)));
    }
    let (b2, k2) = live();
    let per = |b: isize| b as f64 / n as f64;
    println!("model, N = {n} conversations with 5 messages each:");
    println!(
        "  after snapshot:        {:7.0} B / conversation ({:.1} blocks)",
        per(b1 - b0),
        per(k1 - k0)
    );
    println!(
        "  after QueryMessages:   {:7.0} B / conversation ({:.1} blocks) = {:.2} KB",
        per(b2 - b0),
        per(k2 - k0),
        per(b2 - b0) / 1024.0
    );

    // Where the bytes go: deep copies of each part, averaged over the conversations.
    let mut parts: Vec<(&str, isize)> = Vec::new();
    let mut add = |name: &'static str, v: isize| match parts.iter_mut().find(|(p, _)| *p == name) {
        Some((_, t)) => *t += v,
        None => parts.push((name, v)),
    };
    for c in model.conversations() {
        add("Conversation ids (conversation, account, skill)", {
            cost(&c.conversation_id) + cost(&c.account_id) + cost(&c.skill_id)
        });
        add(
            "Conversation struct (boxed)",
            size_of::<lpm_core::model::Conversation>() as isize,
        );
        // A copy of a map emptied by removals has no node where the original may keep one:
        // that would show under "rest".
        add("Conversation.context", cost(&c.context));
        add("Conversation.client_properties", cost(&c.client_properties));
        add(
            "Conversation.last_content_event",
            cost(&c.last_content_event),
        );
        add(
            "Conversation.number_of_unread_messages",
            cost(&c.number_of_unread_messages),
        );
        add(
            "Conversation other Options (handler ids, …)",
            cost(&c.handler_account_id)
                + cost(&c.handler_skill_id)
                + cost(&c.group_id)
                + cost(&c.delay)
                + cost(&c.csat)
                + cost(&c.note),
        );
        add(
            "Conversation.dialogs (Vec<Dialog> buffer)",
            (c.dialogs.capacity() * size_of::<lpm_core::model::Dialog>()) as isize,
        );
        for d in &c.dialogs {
            add(
                "Dialog ids (conversation, dialog)",
                cost(&d.conversation_id) + cost(&d.dialog_id),
            );
            add("Dialog.meta_data", cost(&d.meta_data));
            add(
                "Dialog.participants (+ removed)",
                cost(&d.participants) + cost(&d.removed_participants),
            );
            for m in d.messages() {
                add(
                    "Message struct (boxed)",
                    size_of::<lpm_core::model::Message>() as isize,
                );
                add(
                    "Message ids (conversation, dialog, originator)",
                    cost(&m.conversation_id) + cost(&m.dialog_id) + cost(&m.originator),
                );
                add("Message.content_type", cost(&m.content_type));
                add("Message.body", cost(&m.body));
                add(
                    "Message other (quick replies, metadata, receipts)",
                    cost(&m.quick_replies) + cost(&m.metadata) + cost(&m.receipts),
                );
            }
        }
    }
    let mut listed = 0;
    println!("  parts (B / conversation):");
    for (name, v) in &parts {
        listed += v;
        println!("    {:52} {:6.0}", name, per(*v));
    }
    println!(
        "    {:52} {:6.0}",
        "rest: the model's maps (conversations, cache), message lists, seen ranges",
        per(b2 - b0 - listed)
    );
    println!(
        "  sizes: Conversation {} B, Dialog {} B, Message {} B, Participant {} B",
        size_of::<lpm_core::model::Conversation>(),
        size_of::<lpm_core::model::Dialog>(),
        size_of::<lpm_core::model::Message>(),
        size_of::<lpm_core::model::Participant>()
    );
    drop(model);
}
