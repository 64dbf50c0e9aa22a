//! Making state of what [`super::Durable::load`] read: the UMS store with its conversations
//! and their events, the directory, tokens, files and clock offset, plus the ring deadlines
//! whose timers must be armed again.
//!
//! A row that no longer parses (a damaged file, a hand edit) is skipped with a warning naming
//! its kind and id, never its body: one bad row must not keep the platform from starting.

use super::{Loaded, kind, shared};
use crate::directory::Directory;
use crate::tokens::SavedTokens;
use crate::ums::files::{Promise, StoredObject};
use crate::ums::model::{Conversation, EventRecord};
use crate::ums::routing::RoutingTask;
use crate::ums::{AgentState, Store};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// State read back from a data directory.
#[derive(Debug, Default)]
pub struct Restored {
    /// Conversations (with events), routing tasks, agent states, profiles.
    pub ums: Store,
    /// The directory, if one was stored.
    pub directory: Option<Directory>,
    /// Sessions and revocations, if stored.
    pub tokens: Option<SavedTokens>,
    /// The clock offset, ms.
    pub clock_offset_ms: i64,
    /// Platforms started on this directory before this one.
    pub runs: u64,
    /// Uploaded objects by path.
    pub objects: Vec<(String, StoredObject)>,
    /// Promised uploads by path.
    pub promises: Vec<(String, Promise)>,
    /// WAITING rings: (expiry epoch ms, ring id), for their timers.
    pub ring_deadlines: Vec<(i64, String)>,
}

fn parse<T: DeserializeOwned>(kind: &str, id: &str, body: &str) -> Option<T> {
    match serde_json::from_str(body) {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!(
                kind,
                id,
                "skipping an unreadable row of the durable store: {e}"
            );
            None
        }
    }
}

fn pair(kind: &str, id: &str) -> Option<(String, String)> {
    parse::<(String, String)>(kind, id, id)
}

/// Builds the state of `loaded`.
pub fn restore(loaded: Loaded) -> Restored {
    let mut out = Restored::default();
    for (k, id, body) in &loaded.entities {
        match k.as_str() {
            kind::CONVERSATION => {
                if let Some(conv) = parse::<Conversation>(k, id, body)
                    && !conv.dialogs.is_empty()
                {
                    out.ums
                        .consumers_seen
                        .insert((conv.account.clone(), conv.consumer_id.clone()));
                    for d in &conv.dialogs {
                        out.ums.dialog_index.insert(d.id.clone(), conv.id.clone());
                    }
                    out.ums.conversations.insert(conv.id.clone(), conv);
                }
            }
            kind::TASK => {
                if let Some(task) = parse::<RoutingTask>(k, id, body) {
                    out.ring_deadlines.extend(
                        task.rings
                            .iter()
                            .filter(|r| r.state == "WAITING")
                            .map(|r| (r.expiration_ts, r.ring_id.clone())),
                    );
                    out.ums.tasks.insert(id.clone(), task);
                }
            }
            kind::AGENT_STATE => {
                if let (Some(key), Some(state)) = (pair(k, id), parse::<AgentState>(k, id, body)) {
                    out.ums.agent_states.insert(key, state);
                }
            }
            kind::PROFILE => {
                if let (Some(key), Some(p)) = (pair(k, id), parse::<Value>(k, id, body)) {
                    out.ums.profiles.insert(key, p);
                }
            }
            kind::CONSUMER_SEEN => {
                if let Some(key) = pair(k, id) {
                    out.ums.consumers_seen.insert(key);
                }
            }
            kind::PROMISE => {
                if let Some(p) = parse::<Promise>(k, id, body) {
                    out.promises.push((id.clone(), p));
                }
            }
            kind::SHARED => match id.as_str() {
                shared::DIRECTORY => out.directory = parse(k, id, body),
                shared::TOKENS => out.tokens = parse(k, id, body),
                shared::CLOCK => out.clock_offset_ms = parse(k, id, body).unwrap_or(0),
                shared::RUNS => out.runs = parse(k, id, body).unwrap_or(0),
                _ => tracing::warn!(kind = k, id, "skipping an unknown row of the durable store"),
            },
            _ => tracing::warn!(kind = k, id, "skipping an unknown row of the durable store"),
        }
    }
    // Events arrive in (dialog, sequence) order; a dialog's events are its sequence indexes,
    // so each must land exactly at the next index.
    for row in &loaded.events {
        let Some(rec) = parse::<EventRecord>("event", &row.dialog_id, &row.body) else {
            continue;
        };
        let Some(dialog) = out
            .ums
            .conversations
            .get_mut(&row.conversation_id)
            .and_then(|c| c.dialog_mut(&row.dialog_id))
        else {
            tracing::warn!(
                dialog = row.dialog_id,
                "skipping an event of an unknown dialog"
            );
            continue;
        };
        if dialog.events.len() as u64 != row.seq {
            tracing::warn!(
                dialog = row.dialog_id,
                seq = row.seq,
                "skipping an event out of sequence"
            );
            continue;
        }
        dialog.events.push(rec);
    }
    out.objects = loaded
        .files
        .into_iter()
        .map(|(path, uploaded_at, bytes)| {
            (
                path,
                StoredObject {
                    bytes: bytes.into(),
                    uploaded_at,
                },
            )
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::super::EventRow;
    use super::*;

    #[test]
    fn damaged_and_unknown_rows_are_skipped() {
        let loaded = Loaded {
            entities: vec![
                (kind::CONVERSATION.into(), "c".into(), "{not json".into()),
                ("mystery".into(), "x".into(), "1".into()),
                (kind::SHARED.into(), shared::CLOCK.into(), "1500".into()),
                (
                    kind::CONSUMER_SEEN.into(),
                    "[\"1\",\"c\"]".into(),
                    "true".into(),
                ),
            ],
            events: vec![EventRow {
                conversation_id: "nope".into(),
                dialog_id: "nope".into(),
                seq: 0,
                body: "{}".into(),
            }],
            files: vec![],
        };
        let r = restore(loaded);
        assert!(r.ums.conversations.is_empty());
        assert_eq!(r.clock_offset_ms, 1500);
        assert!(r.ums.consumers_seen.contains(&("1".into(), "c".into())));
    }
}
