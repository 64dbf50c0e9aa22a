//! UMS: the consumer (v3) and brand (v2/v2.1) messaging websockets and everything behind them.
//!
//! Layout: [`socket`] upgrades and runs one task per socket; [`dispatch`] answers each request
//! under the hub lock; [`conversations`] holds the conversation rules, [`routing`] rings and
//! agent state, [`fanout`] decides who receives which notification and [`render`] shapes it for
//! the consumer or the brand side. [`files`] serves Swift temp URLs, [`statistics`] the
//! message-statistics REST route.
//!
//! Everything runs under one synchronous lock ([`Hub::store`]): a request is answered and all
//! notifications it causes are queued to the sockets' outboxes before the lock is released, so
//! every socket sees the response first and then the notifications in causal order.

pub mod conversations;
pub mod dispatch;
pub mod errors;
pub mod fanout;
pub mod files;
pub mod messages;
pub mod model;
pub mod render;
pub mod rest_v1;
pub mod routing;
pub mod socket;
pub mod statistics;
pub mod token_watch;
pub mod trim;
pub mod writer;

use crate::state::{AppState, lock};
use axum::Router;
use axum::extract::ws::Utf8Bytes;
use lpm_protocol::{ApiVersion, Side};
use model::{Conversation, Who};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use tokio::sync::mpsc::UnboundedSender;

/// Sockets, subscriptions, conversations and routing.
#[derive(Debug, Default)]
pub struct Hub {
    store: Mutex<Store>,
    next_socket: AtomicU64,
    /// Swift object storage.
    pub files: files::FileStore,
    /// Switchable behaviours (test controls).
    pub settings: Settings,
}

/// Behaviours a test can switch (`POST /_lpm/ums/settings`).
#[derive(Debug, Default)]
pub struct Settings {
    /// `uncertain.md` H1: answer a second `ConsumerRequestConversation` with 200 and the text
    /// instead of 400 (the case lp-messaging-sdk 1.5.4 guards against).
    pub already_open_as_200: std::sync::atomic::AtomicBool,
}

impl Hub {
    /// Locks the store. Never hold the guard across an `.await`.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    fn next_socket_id(&self) -> u64 {
        self.next_socket.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// What a socket's writer task sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    /// A JSON text frame. Shared, not copied: a notification rendered once reaches each of its
    /// recipients as the same bytes.
    Text(Utf8Bytes),
    /// Close the socket with this code and reason.
    Close(u16, String),
}

/// Filter of one conversation subscription (`requests.md` §7).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConvFilter {
    /// `stage` values.
    pub stage: Option<Vec<String>>,
    /// `convState` values (MAIN dialog state).
    pub conv_state: Option<Vec<String>>,
    /// `agentIds` (old ids or PIDs).
    pub agent_ids: Option<Vec<String>>,
    /// `consumerId`.
    pub consumer_id: Option<String>,
    /// `conversationId`.
    pub conversation_id: Option<String>,
    /// `minLastUpdatedTime`.
    pub min_last_updated: Option<i64>,
    /// `maxLastUpdatedTime`.
    pub max_last_updated: Option<i64>,
    /// `dialogTypes`: keep conversations having such a dialog (`uncertain.md` M12).
    pub dialog_types: Option<Vec<String>>,
    /// `maxETTR`.
    pub max_ettr: Option<i64>,
}

/// One conversation subscription and the conversations it currently holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvSub {
    /// `subscriptionId`.
    pub id: String,
    /// Filter.
    pub filter: ConvFilter,
    /// Conversations last reported as UPSERT.
    pub held: HashSet<String>,
}

/// A routing-task or agent-state subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct SimpleSub {
    /// `subscriptionId`.
    pub id: String,
    /// The agent it watches (old id), for agent-state subscriptions.
    pub agent: Option<String>,
}

/// Who is on the other end of a socket.
#[derive(Debug, Clone, PartialEq)]
pub enum Identity {
    /// A consumer socket before authentication.
    Unauthenticated,
    /// An authenticated consumer.
    Consumer {
        /// Consumer id (`sub`).
        id: String,
        /// The JWT, to re-check revocation. Never logged.
        jwt: String,
        /// Expiry, epoch seconds.
        exp: i64,
    },
    /// A brand user.
    Brand {
        /// Numeric user id.
        user_id: String,
        /// Old id.
        old_id: String,
        /// PID.
        pid: String,
        /// The bearer, to re-check the session. Never logged.
        bearer: String,
    },
}

/// One open socket.
#[derive(Debug, Clone)]
pub struct SocketEntry {
    /// Platform-wide socket number.
    pub id: u64,
    /// Account from the path.
    pub account: String,
    /// Consumer or brand endpoint.
    pub side: Side,
    /// `v`.
    pub version: ApiVersion,
    /// Authentication state.
    pub identity: Identity,
    /// Client properties (with `ipAddress`).
    pub client_properties: Option<Value>,
    /// `intid`, `intvn`, `appid`, `appvn`.
    pub tracking: BTreeMap<String, String>,
    /// Connect time.
    pub connected_at: i64,
    /// Outbox.
    pub tx: UnboundedSender<Outgoing>,
    /// Conversation subscriptions.
    pub conv_subs: Vec<ConvSub>,
    /// Dialogs with `ms.SubscribeMessagingEvents`.
    pub msg_subs: HashSet<String>,
    /// Routing-task subscriptions.
    pub routing_subs: Vec<SimpleSub>,
    /// Agent-state subscriptions.
    pub agent_state_subs: Vec<SimpleSub>,
}

impl SocketEntry {
    /// The participant this socket acts as, once authenticated.
    pub fn who(&self) -> Option<Who> {
        match &self.identity {
            Identity::Unauthenticated => None,
            Identity::Consumer { id, .. } => Some(Who::Consumer(id.clone())),
            Identity::Brand {
                user_id,
                old_id,
                pid,
                ..
            } => Some(Who::Brand {
                user_id: user_id.clone(),
                old_id: old_id.clone(),
                pid: pid.clone(),
            }),
        }
    }

    /// Queues a frame.
    pub fn send(&self, frame: impl Into<lpm_protocol::Frame>) {
        self.send_text(frame.into().to_json().into());
    }

    /// Queues a frame already rendered, as [`fanout`] does for a notification that reaches
    /// several sockets.
    pub fn send_text(&self, text: Utf8Bytes) {
        let _ = self.tx.send(Outgoing::Text(text));
    }
}

/// Availability of one agent (`SetAgentState`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AgentState {
    /// `ONLINE`, `OCCUPIED`, `AWAY`, `BACK_SOON`, `OFFLINE`.
    pub availability: String,
    /// `channels`.
    pub channels: Value,
    /// `description`.
    pub description: String,
}

/// Everything UMS keeps.
#[derive(Debug, Default)]
pub struct Store {
    /// Conversations by id.
    pub conversations: HashMap<String, Conversation>,
    /// Dialog id → conversation id.
    pub dialog_index: HashMap<String, String>,
    /// (account, consumer) pairs that ever had a conversation.
    pub consumers_seen: HashSet<(String, String)>,
    /// Consumer profiles by (account, consumer).
    pub profiles: HashMap<(String, String), Value>,
    /// The claims of the last authenticated (`lp.ext`) JWT each consumer connected with, by
    /// (account, consumer): `GetUserProfile` returns their SDEs (`requests.md` §21).
    pub auth_claims: HashMap<(String, String), crate::tokens::ConsumerClaims>,
    /// Agent availability by (account, user id).
    pub agent_states: HashMap<(String, String), AgentState>,
    /// Current routing task by conversation id.
    pub tasks: HashMap<String, routing::RoutingTask>,
    /// Routing tasks replaced by newer ones (kept for inspection and late notifications).
    pub old_tasks: Vec<routing::RoutingTask>,
    /// Open sockets. Add and remove them with [`Store::add_socket`] and
    /// [`Store::remove_socket`], which keep the indexes below.
    pub sockets: BTreeMap<u64, SocketEntry>,
    /// Sockets subscribed to each dialog's messaging events (`ms.SubscribeMessagingEvents`), so
    /// that a message reaches its few recipients without a walk over every open socket (that
    /// walk cost ~100 µs per message with 1,000 consumers connected).
    pub dialog_subscribers: HashMap<String, BTreeSet<u64>>,
    /// Brand sockets by account: the candidates for `OnlineEventDistribution`.
    pub brand_sockets: HashMap<String, BTreeSet<u64>>,
}

impl Store {
    /// The conversation owning `dialog_id`.
    pub fn conversation_of_dialog(&self, dialog_id: &str) -> Option<&Conversation> {
        self.dialog_index
            .get(dialog_id)
            .and_then(|c| self.conversations.get(c))
    }

    /// Remembers the claims of a consumer's token when it is an authenticated one.
    pub fn remember_claims(&mut self, account: &str, claims: &crate::tokens::ConsumerClaims) {
        if claims.is_authenticated() {
            self.auth_claims
                .insert((account.to_owned(), claims.sub.clone()), claims.clone());
        }
    }

    /// Registers an open socket.
    pub fn add_socket(&mut self, entry: SocketEntry) {
        if entry.side == Side::Brand {
            self.brand_sockets
                .entry(entry.account.clone())
                .or_default()
                .insert(entry.id);
        }
        for dialog in &entry.msg_subs {
            self.dialog_subscribers
                .entry(dialog.clone())
                .or_default()
                .insert(entry.id);
        }
        self.sockets.insert(entry.id, entry);
    }

    /// Forgets socket `id` (and its place in the indexes); returns it if it was open.
    pub fn remove_socket(&mut self, id: u64) -> Option<SocketEntry> {
        let entry = self.sockets.remove(&id)?;
        if let Some(ids) = self.brand_sockets.get_mut(&entry.account) {
            ids.remove(&id);
            if ids.is_empty() {
                self.brand_sockets.remove(&entry.account);
            }
        }
        for dialog in &entry.msg_subs {
            if let Some(ids) = self.dialog_subscribers.get_mut(dialog) {
                ids.remove(&id);
                if ids.is_empty() {
                    self.dialog_subscribers.remove(dialog);
                }
            }
        }
        Some(entry)
    }

    /// Subscribes socket `id` to `dialog_id`'s messaging events; `false` if it is not open.
    pub fn subscribe_messages(&mut self, id: u64, dialog_id: &str) -> bool {
        let Some(entry) = self.sockets.get_mut(&id) else {
            return false;
        };
        entry.msg_subs.insert(dialog_id.to_owned());
        self.dialog_subscribers
            .entry(dialog_id.to_owned())
            .or_default()
            .insert(id);
        true
    }

    /// The sockets a messaging event of `dialog_id` in `account` may concern: the dialog's
    /// subscribers and the account's brand sockets, in socket order.
    pub fn event_candidates(&self, account: &str, dialog_id: &str) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .dialog_subscribers
            .get(dialog_id)
            .into_iter()
            .chain(self.brand_sockets.get(account))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Closes a socket: queues the close frame and forgets its subscriptions.
    pub fn close_socket(&mut self, id: u64, code: u16, reason: &str) -> bool {
        match self.remove_socket(id) {
            Some(entry) => {
                let _ = entry.tx.send(Outgoing::Close(code, reason.to_owned()));
                true
            }
            None => false,
        }
    }
}

/// The websocket routes, the Swift routes and the REST routes that need the conversation store.
pub fn routes() -> Router<AppState> {
    // The HTTP routes answer browsers too (the web chat uploads and downloads files from its
    // page's origin), like the REST services (`crate::http::cors`).
    let http = Router::new()
        .merge(files::routes())
        .merge(statistics::routes())
        .merge(rest_v1::routes())
        .layer(axum::middleware::from_fn(crate::http::cors::cors));
    Router::new().merge(socket::routes()).merge(http)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, account: &str, side: Side) -> SocketEntry {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        SocketEntry {
            id,
            account: account.into(),
            side,
            version: ApiVersion::V3,
            identity: Identity::Unauthenticated,
            client_properties: None,
            tracking: BTreeMap::new(),
            connected_at: 0,
            tx,
            conv_subs: Vec::new(),
            msg_subs: HashSet::new(),
            routing_subs: Vec::new(),
            agent_state_subs: Vec::new(),
        }
    }

    #[test]
    fn event_candidates_are_the_dialog_subscribers_and_brand_sockets_until_they_close() {
        let mut store = Store::default();
        store.add_socket(entry(1, "a", Side::Consumer));
        store.add_socket(entry(2, "a", Side::Consumer));
        store.add_socket(entry(3, "a", Side::Brand));
        store.add_socket(entry(4, "b", Side::Brand));
        assert!(store.subscribe_messages(2, "d1"));
        assert!(store.subscribe_messages(3, "d1"));
        assert!(!store.subscribe_messages(9, "d1"), "not an open socket");
        assert_eq!(store.event_candidates("a", "d1"), vec![2, 3]);
        assert_eq!(store.event_candidates("a", "d2"), vec![3]);
        assert_eq!(store.event_candidates("b", "d1"), vec![2, 3, 4]);

        assert!(store.close_socket(2, 1000, "bye"));
        assert!(store.remove_socket(3).is_some());
        assert!(store.remove_socket(3).is_none());
        assert_eq!(store.event_candidates("a", "d1"), Vec::<u64>::new());
        assert!(
            store.dialog_subscribers.is_empty(),
            "no empty sets are kept"
        );
        assert_eq!(store.brand_sockets.len(), 1);
    }
}
