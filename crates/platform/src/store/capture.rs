//! What to write for a change: the rows of the entities a UMS request touched (found from the
//! notifications it caused plus the few changes that notify nobody) and the platform-wide
//! rows (directory, tokens, clock).

use super::{Row, kind, shared};
use crate::state::{Shared, lock};
use crate::ums::Store;
use crate::ums::fanout::Note;
use serde::Serialize;

/// A change that causes no notification but must be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A consumer profile (`SetUserProfile`): (account, consumer id).
    Profile(String, String),
}

pub(crate) fn json<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_string(value) {
        Ok(s) => Some(s),
        Err(e) => {
            // Plain data with string keys always serializes; say so if it ever does not.
            tracing::error!("cannot serialize a row for the durable store: {e}");
            None
        }
    }
}

fn put(kind: &'static str, id: String, body: Option<String>) -> Option<Row> {
    body.map(|body| Row::Put { kind, id, body })
}

fn pair_id(a: &str, b: &str) -> String {
    serde_json::json!([a, b]).to_string()
}

/// The rows for `notes` and `changes` as the store holds them now. Each conversation, task and
/// agent state is written once however many notes name it.
pub fn ums_rows(store: &Store, notes: &[Note], changes: &[Change]) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut convs: Vec<&str> = Vec::new();
    for note in notes {
        match note {
            Note::Conversation(id) => convs.push(id),
            Note::Event(rec) => {
                convs.push(&rec.conversation_id);
                if let Some(seq) = rec.sequence
                    && let Some(body) = json(rec.as_ref())
                {
                    rows.push(Row::Event {
                        conversation_id: rec.conversation_id.clone(),
                        dialog_id: rec.dialog_id.clone(),
                        seq,
                        body,
                    });
                }
            }
            Note::Ring(ring_id) => {
                if let Some((task, _)) = crate::ums::routing::find_ring(store, ring_id) {
                    convs.push(&task.conversation_id);
                }
            }
            Note::AgentState { account, user_id } => {
                let key = (account.clone(), user_id.clone());
                if let Some(state) = store.agent_states.get(&key) {
                    rows.extend(put(
                        kind::AGENT_STATE,
                        pair_id(account, user_id),
                        json(state),
                    ));
                }
            }
        }
    }
    let mut done: Vec<&str> = Vec::new();
    for id in convs {
        if done.contains(&id) {
            continue;
        }
        done.push(id);
        if let Some(conv) = store.conversations.get(id) {
            rows.extend(put(kind::CONVERSATION, id.to_owned(), json(conv)));
            rows.extend(put(
                kind::CONSUMER_SEEN,
                pair_id(&conv.account, &conv.consumer_id),
                Some("true".to_owned()),
            ));
        }
        // A conversation's routing task changes with it (created, rung, completed).
        if let Some(task) = store.tasks.get(id) {
            rows.extend(put(kind::TASK, id.to_owned(), json(task)));
        }
    }
    for change in changes {
        match change {
            Change::Profile(account, consumer) => {
                let key = (account.clone(), consumer.clone());
                if let Some(p) = store.profiles.get(&key) {
                    rows.extend(put(kind::PROFILE, pair_id(account, consumer), json(p)));
                }
            }
        }
    }
    rows
}

/// The platform-wide rows as they are now: directory, tokens, clock offset.
pub fn shared_rows(st: &Shared) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(d) = json(&*lock(&st.directory)) {
        rows.push((shared::DIRECTORY, d));
    }
    if let Some(t) = json(&lock(&st.tokens).saved()) {
        rows.push((shared::TOKENS, t));
    }
    rows.push((shared::CLOCK, st.clock.offset_ms().to_string()));
    rows
}

/// Writes the platform-wide rows that changed, when the platform has a durable store.
pub fn sync_shared(st: &Shared) {
    if let Some(durable) = &st.durable {
        durable.write_shared(shared_rows(st));
    }
}

/// Axum middleware: after each HTTP request, before its response leaves, writes what it
/// changed of the directory, tokens and clock (logins, token issuance and revocation, dev-mode
/// users made on first use, clock advances).
pub async fn after_http(
    axum::extract::State(st): axum::extract::State<crate::state::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let resp = next.run(req).await;
    sync_shared(&st);
    resp
}
