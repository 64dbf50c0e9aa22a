//! Who receives which notification (`emulator-notes.md` §7, `notifications.md` §5).
//!
//! Handlers record [`Note`]s while they change the store; [`flush`] turns them into frames for
//! every socket, in order, after the response has been queued.

use super::model::{Conversation, EventRecord, Role, Who};
use super::render::{Form, RecordView, conversation_result, event_record};
use super::{ConvFilter, ConvSub, Identity, SocketEntry, Store};
use axum::extract::ws::Utf8Bytes;
use lpm_protocol::frame::notification_json;
use lpm_protocol::{ApiVersion, MessageType, Notification, Side};
use serde::Serialize;
use serde_json::{Value, json};

/// Most conversations in one snapshot notification (`emulator-notes.md` §7).
pub const SNAPSHOT_MAX: usize = 1000;

/// Something that happened and may need notifications.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A conversation changed (metadata, participants, dialogs).
    Conversation(String),
    /// A messaging event was published (stored or not).
    Event(Box<EventRecord>),
    /// A ring changed state (new, accepted, rejected, expired, cancelled).
    Ring(String),
    /// An agent's availability changed.
    AgentState {
        /// Account.
        account: String,
        /// Numeric user id.
        user_id: String,
    },
}

/// Sends the notifications for `notes`, in order; conversation changes are reported once each.
pub fn flush(store: &mut Store, notes: Vec<Note>, now: i64) {
    let mut seen_convs: Vec<String> = Vec::new();
    for note in notes {
        match note {
            Note::Conversation(id) => {
                if !seen_convs.contains(&id) {
                    conversation_changed(store, &id, now);
                    seen_convs.push(id);
                }
            }
            Note::Event(rec) => event(store, &rec),
            Note::Ring(ring_id) => super::routing::notify_ring(store, &ring_id),
            Note::AgentState { account, user_id } => agent_state(store, &account, &user_id),
        }
    }
}

/// Whether `conv` matches a subscription filter of a socket of `account` held by `identity`.
pub fn matches(
    conv: &Conversation,
    filter: &ConvFilter,
    account: &str,
    identity: &Identity,
) -> bool {
    if conv.account != account {
        return false;
    }
    match identity {
        Identity::Consumer { id, .. } => {
            if conv.consumer_id != *id {
                return false;
            }
        }
        Identity::Brand { .. } => {}
        Identity::Unauthenticated => return false,
    }
    let stage = if conv.stage_open { "OPEN" } else { "CLOSE" };
    if let Some(stages) = &filter.stage
        && !stages.iter().any(|s| s == stage)
    {
        return false;
    }
    let state = if conv.state_open() { "OPEN" } else { "CLOSE" };
    if let Some(states) = &filter.conv_state
        && !states.iter().any(|s| s == state)
    {
        return false;
    }
    if let Some(agents) = &filter.agent_ids {
        let any = conv.dialogs.iter().any(|d| {
            d.participants.iter().any(|p| {
                !matches!(p.who, Who::Consumer(_)) && agents.iter().any(|a| p.who.answers_to(a))
            })
        });
        if !any {
            return false;
        }
    }
    if let Some(c) = &filter.consumer_id
        && *c != conv.consumer_id
    {
        return false;
    }
    if let Some(c) = &filter.conversation_id
        && *c != conv.id
    {
        return false;
    }
    if let Some(min) = filter.min_last_updated
        && conv.meta_ts < min
    {
        return false;
    }
    if let Some(max) = filter.max_last_updated
        && conv.meta_ts > max
    {
        return false;
    }
    if let Some(types) = &filter.dialog_types
        && !conv
            .dialogs
            .iter()
            .any(|d| types.iter().any(|t| t == d.dialog_type.as_str()))
    {
        return false;
    }
    if let Some(max) = filter.max_ettr
        && conv.effective_ttr() > max
    {
        return false;
    }
    true
}

fn conv_notification(socket: &SocketEntry, sub_id: &str, changes: Vec<Value>, now: i64) {
    let body = json!({"subscriptionId": sub_id, "sentTs": now, "changes": changes});
    if let Ok(n) = Notification::new(
        MessageType::ExConversationChangeNotification,
        socket.version,
        body,
    ) {
        socket.send(n);
    }
}

/// The initial notification of a new conversation subscription: every matching conversation
/// (newest first, at most [`SNAPSHOT_MAX`]), `"changes":[]` when none. Returns the held set.
pub fn snapshot(store: &Store, socket: &SocketEntry, sub: &mut ConvSub, now: i64) {
    let mut convs: Vec<&Conversation> = store
        .conversations
        .values()
        .filter(|c| matches(c, &sub.filter, &socket.account, &socket.identity))
        .collect();
    convs.sort_by(|a, b| b.meta_ts.cmp(&a.meta_ts).then(a.id.cmp(&b.id)));
    convs.truncate(SNAPSHOT_MAX);
    let form = Form::of(socket.version);
    let changes: Vec<Value> = convs
        .iter()
        .map(|c| json!({"type": "UPSERT", "result": conversation_result(c, form)}))
        .collect();
    sub.held = convs.iter().map(|c| c.id.clone()).collect();
    conv_notification(socket, &sub.id, changes, now);
}

/// UPSERT to every subscription the conversation matches, DELETE (with the final details) to
/// those it left.
fn conversation_changed(store: &mut Store, conv_id: &str, now: i64) {
    let Some(conv) = store.conversations.get(conv_id) else {
        return;
    };
    for socket in store.sockets.values_mut() {
        let form = Form::of(socket.version);
        let mut frames: Vec<(String, &'static str)> = Vec::new();
        for sub in &mut socket.conv_subs {
            let held = sub.held.contains(conv_id);
            let now_matches = matches(conv, &sub.filter, &socket.account, &socket.identity);
            if now_matches {
                sub.held.insert(conv_id.to_owned());
                frames.push((sub.id.clone(), "UPSERT"));
            } else if held {
                sub.held.remove(conv_id);
                frames.push((sub.id.clone(), "DELETE"));
            }
        }
        if frames.is_empty() {
            continue;
        }
        let result = conversation_result(conv, form);
        for (sub_id, kind) in frames {
            conv_notification(
                socket,
                &sub_id,
                vec![json!({"type": kind, "result": result.clone()})],
                now,
            );
        }
    }
}

/// A messaging event: the `changes[]` form to sockets subscribed to the dialog (never private
/// events to consumers), single records to brand participants of the conversation.
fn event(store: &mut Store, rec: &EventRecord) {
    let Some(conv) = store.conversations.get(&rec.conversation_id) else {
        return;
    };
    // Each frame is rendered once per API version and shared by its recipients: a message
    // into a busy bot costs one rendering, not one per socket.
    let mut rendered: Vec<(ApiVersion, MessageType, Utf8Bytes)> = Vec::new();
    let mut frame = |version: ApiVersion, kind: MessageType| -> Option<Utf8Bytes> {
        if let Some((_, _, text)) = rendered
            .iter()
            .find(|(v, k, _)| *v == version && *k == kind)
        {
            return Some(text.clone());
        }
        let text: Utf8Bytes = render_event(rec, version, kind)?.into();
        rendered.push((version, kind, text.clone()));
        Some(text)
    };
    for id in store.event_candidates(&conv.account, &rec.dialog_id) {
        let Some(socket) = store.sockets.get(&id) else {
            continue;
        };
        if socket.account != conv.account {
            continue;
        }
        let consumer = socket.side == Side::Consumer;
        if socket.msg_subs.contains(&rec.dialog_id) && !(consumer && rec.is_private()) {
            let allowed = match &socket.identity {
                Identity::Consumer { id, .. } => *id == conv.consumer_id,
                Identity::Brand { .. } => true,
                Identity::Unauthenticated => false,
            };
            if allowed
                && let Some(text) = frame(socket.version, MessageType::MessagingEventNotification)
            {
                socket.send_text(text);
            }
        }
        if let Identity::Brand { old_id, .. } = &socket.identity
            && conv.is_participant(old_id)
            && let Some(text) = frame(socket.version, MessageType::OnlineEventDistribution)
        {
            socket.send_text(text);
        }
    }
}

/// The notification frame of a messaging event: `MessagingEventNotification` (one record in
/// `changes`) or `OnlineEventDistribution` (the record as the body).
fn render_event(rec: &EventRecord, version: ApiVersion, kind: MessageType) -> Option<String> {
    #[derive(Serialize)]
    struct Changes<'a> {
        changes: [RecordView<'a>; 1],
    }
    let type_name = kind.name(version)?;
    let record = RecordView {
        rec,
        form: Form::of(version),
    };
    let text = match kind {
        MessageType::MessagingEventNotification => {
            notification_json(type_name, &Changes { changes: [record] })
        }
        _ => notification_json(type_name, &record),
    };
    text.ok()
}

/// The history notification of `ms.SubscribeMessagingEvents`.
pub fn history(socket: &SocketEntry, conv: &Conversation, dialog_id: &str, from_seq: u64) {
    let form = Form::of(socket.version);
    let consumer = socket.side == Side::Consumer;
    let changes: Vec<Value> = conv
        .dialog(dialog_id)
        .map(|d| {
            d.events
                .iter()
                .filter(|e| e.sequence.is_some_and(|s| s >= from_seq))
                .filter(|e| !(consumer && e.is_private()))
                .map(|e| event_record(e, form))
                .collect()
        })
        .unwrap_or_default();
    if let Ok(n) = Notification::new(
        MessageType::MessagingEventNotification,
        socket.version,
        json!({"changes": changes}),
    ) {
        socket.send(n);
    }
}

/// The `result` of an agent-state change.
pub fn agent_state_result(store: &Store, account: &str, user_id: &str) -> Option<Value> {
    let s = store
        .agent_states
        .get(&(account.to_owned(), user_id.to_owned()))?;
    Some(json!({
        "channels": s.channels,
        "availability": s.availability,
        "description": s.description,
        "agentUserId": format!("{account}.{user_id}"),
    }))
}

fn agent_state(store: &mut Store, account: &str, user_id: &str) {
    let Some(result) = agent_state_result(store, account, user_id) else {
        return;
    };
    let old_id = format!("{account}.{user_id}");
    for socket in store.sockets.values() {
        if socket.account != account {
            continue;
        }
        for sub in &socket.agent_state_subs {
            if sub.agent.as_deref().is_none_or(|a| a == old_id) {
                if let Ok(n) = Notification::new(
                    MessageType::AgentStateNotification,
                    socket.version,
                    json!({"subscriptionId": sub.id, "changes": [{"type": "UPSERT", "result": result}]}),
                ) {
                    socket.send(n);
                }
            }
        }
    }
}

/// The role a publisher speaks in: its first ACTIVE role in the dialog.
pub fn publisher_role(roles: &[Role]) -> Role {
    const ORDER: [Role; 7] = [
        Role::Consumer,
        Role::AssignedAgent,
        Role::Manager,
        Role::Agent,
        Role::Controller,
        Role::BrandBot,
        Role::Reader,
    ];
    ORDER
        .into_iter()
        .find(|r| roles.contains(r))
        .unwrap_or(Role::Agent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ums::model::{Dialog, DialogType, PState, Participant, Ttr};
    use crate::ums::{Outgoing, SocketEntry};
    use lpm_protocol::ApiVersion;

    fn conversation(i: usize) -> Conversation {
        let id = format!("conv-{i:05}");
        Conversation {
            id: id.clone(),
            account: "1".into(),
            consumer_id: format!("c-{i}"),
            skill_id: "-1".into(),
            stage_open: true,
            close_reason: None,
            start_ts: i as i64,
            end_ts: None,
            meta_ts: i as i64,
            first_conversation: true,
            ttr: Ttr {
                ttr_type: "NORMAL".into(),
                value: 3600,
            },
            delay: None,
            manual_ettr: None,
            csat: None,
            note: None,
            topic: None,
            context: json!({}),
            campaign_info: None,
            consumer_features: Vec::new(),
            last_assigned: None,
            in_transfer: false,
            dialogs: vec![Dialog {
                id,
                dialog_type: DialogType::Main,
                open: true,
                participants: vec![Participant {
                    who: Who::Consumer(format!("c-{i}")),
                    role: Role::Consumer,
                    state: PState::Active,
                }],
                creation_ts: 0,
                end_ts: None,
                meta_ts: 0,
                closed_by: None,
                closed_cause: None,
                meta_data: None,
                events: Vec::new(),
            }],
        }
    }

    #[test]
    fn snapshots_hold_at_most_1000_conversations_newest_first() {
        let mut store = Store::default();
        for i in 0..1001 {
            let c = conversation(i);
            store.conversations.insert(c.id.clone(), c);
        }
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let socket = SocketEntry {
            id: 1,
            account: "1".into(),
            side: Side::Brand,
            version: ApiVersion::V2_1,
            identity: Identity::Brand {
                user_id: "7".into(),
                old_id: "1.7".into(),
                pid: "p".into(),
                bearer: "b".into(),
            },
            client_properties: None,
            tracking: Default::default(),
            connected_at: 0,
            tx,
            conv_subs: Vec::new(),
            msg_subs: Default::default(),
            routing_subs: Vec::new(),
            agent_state_subs: Vec::new(),
        };
        let mut sub = ConvSub {
            id: "s".into(),
            filter: ConvFilter::default(),
            held: Default::default(),
        };
        snapshot(&store, &socket, &mut sub, 0);
        assert_eq!(sub.held.len(), SNAPSHOT_MAX);
        assert!(!sub.held.contains("conv-00000"), "the oldest is left out");
        let Ok(Outgoing::Text(text)) = rx.try_recv() else {
            panic!("one notification");
        };
        let v: Value = serde_json::from_str(text.as_str()).expect("json");
        let changes = v["body"]["changes"].as_array().expect("changes");
        assert_eq!(changes.len(), SNAPSHOT_MAX);
        assert_eq!(changes[0]["result"]["convId"], "conv-01000");
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn consumer_filters_see_only_own_conversations() {
        let conv = conversation(1);
        let me = Identity::Consumer {
            id: "c-1".into(),
            jwt: String::new(),
            exp: 0,
        };
        let other = Identity::Consumer {
            id: "c-2".into(),
            jwt: String::new(),
            exp: 0,
        };
        let f = ConvFilter::default();
        assert!(matches(&conv, &f, "1", &me));
        assert!(!matches(&conv, &f, "1", &other));
        assert!(!matches(&conv, &f, "2", &me), "other account");
        let closed_only = ConvFilter {
            stage: Some(vec!["CLOSE".into()]),
            ..Default::default()
        };
        assert!(!matches(&conv, &closed_only, "1", &me));
    }
}
