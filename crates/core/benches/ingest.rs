//! Ingest throughput of a brand model: a snapshot of thousands of conversations, then
//! thousands of messages and participant updates, as a busy manager bot subscribed to every
//! conversation of an account would see them.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use lpm_core::model::{IngestContext, Model, Viewer};
use lpm_core::time::Time;
use lpm_protocol::Notification;
use serde_json::{Value, json};

const ACCT: &str = "123";
const CONVERSATIONS: usize = 2_000;
const MESSAGES_PER_CONVERSATION: u64 = 5;

fn conv_id(i: usize) -> String {
    format!("{i:08x}-0000-4000-8000-000000000000")
}

fn result(i: usize, ts: u64, extra_manager: bool) -> Value {
    let id = conv_id(i);
    let consumer = format!("consumer-{i}");
    let agent_old = format!("{ACCT}.{}", 1000 + i % 50);
    let agent_pid = format!("pid-agent-{}", i % 50);
    let mut details = vec![
        json!({"id": consumer, "role": "CONSUMER", "state": "ACTIVE"}),
        json!({"id": agent_old, "role": "ASSIGNED_AGENT", "state": "ACTIVE"}),
    ];
    let mut old = json!({"CONSUMER": [consumer], "ASSIGNED_AGENT": [agent_old]});
    let mut pids = json!({"CONSUMER": [consumer], "ASSIGNED_AGENT": [agent_pid]});
    if extra_manager {
        details.push(json!({"id": "123.2002", "role": "MANAGER", "state": "ACTIVE"}));
        old["MANAGER"] = json!(["123.2002"]);
        pids["MANAGER"] = json!(["pid-me"]);
    }
    json!({"convId": id, "effectiveTTR": -1, "lastUpdateTime": ts, "numberOfunreadMessages": {consumer.clone(): 1},
      "conversationDetails": {"convId": id, "skillId": "77", "brandId": ACCT, "participants": old, "participantsPId": pids,
        "dialogs": [{"dialogId": id, "participantsDetails": details, "dialogType": "MAIN", "channelType": "MESSAGING",
          "state": "OPEN", "creationTs": 1, "metaDataLastUpdateTs": ts}],
        "state": "OPEN", "stage": "OPEN", "startTs": 1, "metaDataLastUpdateTs": ts,
        "ttr": {"ttrType": "NORMAL", "value": 3600},
        "context": {"type": "SharkContext", "lang": "en-US", "clientProperties": {"type": ".ClientProperties", "appId": "webAsync"}}}})
}

fn snapshot() -> Notification {
    let changes: Vec<Value> = (0..CONVERSATIONS)
        .map(|i| json!({"type": "UPSERT", "result": result(i, 10, false)}))
        .collect();
    notification(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId": "s", "changes": changes}),
    )
}

fn updates() -> Vec<Notification> {
    (0..CONVERSATIONS)
        .map(|i| {
            notification(
                ".ams.aam.ExConversationChangeNotification",
                json!({"subscriptionId": "s", "changes": [{"type": "UPSERT", "result": result(i, 20, true)}]}),
            )
        })
        .collect()
}

fn messages() -> Vec<Notification> {
    let mut out = Vec::new();
    for seq in 0..MESSAGES_PER_CONVERSATION {
        for i in 0..CONVERSATIONS {
            let consumer = format!("consumer-{i}");
            out.push(notification(
                ".ams.ms.OnlineEventDistribution",
                json!({"sequence": seq, "originatorId": consumer, "originatorPId": consumer,
                  "originatorMetadata": {"id": consumer, "role": "CONSUMER"}, "serverTimestamp": 100 + seq,
                  "event": {"type": "ContentEvent", "message": format!("message {seq} in {i}"), "contentType": "text/plain"},
                  "dialogId": conv_id(i), "messageAudience": "ALL"}),
            ));
        }
    }
    out
}

fn notification(type_name: &str, body: Value) -> Notification {
    Notification {
        type_name: type_name.to_owned(),
        body: Some(body),
    }
}

fn model() -> Model {
    Model::new(Viewer::brand(ACCT, "pid-me", "123.2002"))
}

fn bench(c: &mut Criterion) {
    let snap = snapshot();
    let ups = updates();
    let msgs = messages();
    let ctx = IngestContext::subscription(Time(1), "default", true);
    let live = IngestContext::subscription(Time(2), "default", false);

    let mut g = c.benchmark_group("brand_ingest");
    g.sample_size(10);
    g.bench_function("snapshot_2000_conversations", |b| {
        b.iter_batched(
            model,
            |mut m| black_box(m.ingest(&snap, &ctx)),
            BatchSize::LargeInput,
        )
    });
    let mut loaded = model();
    loaded.ingest(&snap, &ctx);
    g.bench_function("10000_messages", |b| {
        b.iter_batched(
            || loaded.clone(),
            |mut m| {
                for n in &msgs {
                    black_box(m.ingest(n, &live));
                }
                m
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("2000_participant_updates", |b| {
        b.iter_batched(
            || loaded.clone(),
            |mut m| {
                for n in &ups {
                    black_box(m.ingest(n, &live));
                }
                m
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
