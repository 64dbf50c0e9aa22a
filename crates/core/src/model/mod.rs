//! The object model: conversations, dialogs, messages, participants, rings and skills, updated
//! from notifications, and the user events each update means.
//!
//! The connection owns one [`Model`]. It feeds every conversation, messaging, routing and
//! agent-state notification to [`Model::ingest`] (with the current [`Time`] and the
//! subscription it came from) and gets back the [`ModelEvent`]s to deliver, in order. The Rust
//! and JavaScript facades read objects through the accessors here and keep no copies. The
//! [`commands`] module builds the requests of the domain operations (join, transfer, send …)
//! from this state and checks their responses.
//!
//! # Driving the model (what the connection calls)
//!
//! | when | call |
//! | --- | --- |
//! | identity known (login, consumer profile, step-up) | [`Model::set_viewer`] |
//! | conversation / messaging / routing / agent-state notification | [`Model::ingest`] with [`IngestContext::subscription`] (conversation changes; `snapshot` on the first after (re)subscribing) or [`IngestContext::at`] |
//! | QueryMessages response | [`Model::ingest_query_messages`] |
//! | shift-status poll | [`Model::ingest_shift_status_json`] |
//! | webhook payload | [`Model::ingest_webhook`] |
//! | consumer created a conversation | [`Model::insert_created_conversation`] |
//! | close request sent / failed | [`Model::begin_close_conversation`] / [`Model::abort_close_conversation`], [`Model::begin_close_dialog`] |
//! | agent state set | [`Model::set_own_agent_state`] |
//! | limit-break: snapshot over several notifications | [`Model::begin_snapshot`], ingest pages with the parent's key, [`Model::end_snapshot`] |
//! | subscription gone / renamed | [`Model::subscription_removed`] / [`Model::rename_subscription`] |
//! | timers | [`Model::next_expiry`], then [`Model::expire`] |
//! | user command | a function of [`commands`], then [`commands::Command::check`] on the response |
//! | `serialize()` / `loadConversation()` | [`Model::serialize_conversation`] / [`Model::load_conversation`] |
//!
//! ```
//! use lpm_core::model::{IngestContext, Model, ModelEvent, Viewer};
//! use lpm_core::time::Time;
//! use lpm_protocol::Frame;
//!
//! let mut model = Model::new(Viewer::brand("123", "pid-me", "123.456"));
//! let frame = Frame::parse(r#"{"kind":"notification","type":".ams.aam.ExConversationChangeNotification",
//!   "body":{"subscriptionId":"s1","changes":[{"type":"UPSERT","result":{"convId":"c1",
//!   "conversationDetails":{"skillId":"-1","brandId":"123","stage":"OPEN","state":"OPEN",
//!   "metaDataLastUpdateTs":1,"dialogs":[{"dialogId":"c1","dialogType":"MAIN",
//!   "channelType":"MESSAGING","state":"OPEN","participantsDetails":[{"id":"cons-1","role":"CONSUMER"}]}]}}}]}}"#).unwrap();
//! let Frame::Notification(n) = frame else { unreachable!() };
//! let events = model.ingest(&n, &IngestContext::subscription(Time(10), "default", true));
//! assert_eq!(events, vec![ModelEvent::Conversation { conversation_id: "c1".into() }]);
//! let c = model.conversation("c1").unwrap();
//! assert_eq!(c.consumer().unwrap().user_id, "cons-1");
//! assert_eq!(c.open_dialog().unwrap().dialog_id, "c1");
//! ```

mod cache;
pub mod commands;
mod conversation;
mod dialog;
mod enums;
mod error;
mod events;
mod evicted;
pub(crate) mod ingest;
mod json_text;
mod message;
mod participant;
mod persist;
mod ring;
mod ring_table;
mod skill;
mod viewer;

use std::collections::BTreeMap;

pub use cache::{CacheConfig, SubscriptionKey};
pub use conversation::{Conversation, Sender, UnreadCounts};
pub use dialog::Dialog;
pub use enums::{
    AgentState, ChannelType, ChatState, CloseReason, ConversationStage, CsatStatus, DeliveryStatus,
    DialogState, DialogType, MessageAudience, ParticipantRole, ParticipantState, RingState,
    TtrType, UserType,
};
pub use error::ModelError;
pub use events::{Emitter, ModelEvent};
pub use evicted::Evicted;
pub use ingest::IngestContext;
pub use json_text::JsonText;
pub use message::{Message, MessageKind, Originator, Receipt};
pub use participant::Participant;
pub use persist::{FORMAT_VERSION, body_hash};
pub use ring::Ring;
pub use skill::{ShiftStatus, Skill};
pub use viewer::Viewer;

use crate::time::Time;
use crate::vec_map::VecMap;

/// All object-model state of one connection.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) viewer: Viewer,
    pub(crate) config: CacheConfig,
    /// Boxed: a tree node holds 11 entries, and with a ~700 B conversation inline each node is
    /// ~8 KB, a third of it empty on average.
    pub(crate) conversations: BTreeMap<String, Box<Conversation>>,
    /// Dialog id → conversation id, for messaging records that lack `conversationId`. A MAIN
    /// dialog whose id is its conversation's is not listed (most dialogs): see
    /// [`Model::conversation_id_of`].
    pub(crate) dialog_index: BTreeMap<String, String>,
    pub(crate) cache: cache::Cache,
    pub(crate) rings: ring_table::RingTable,
    /// An account has a few tens of skills, added as conversations name them.
    pub(crate) skills: VecMap<String, Skill>,
    /// The last availability agent-state notifications reported, by agent (old id): what
    /// tells a change (an `agent-state` event) from a repeat.
    pub(crate) agent_states: BTreeMap<String, AgentState>,
    /// This user's availability: the latest of what `SetAgentState` set and what a
    /// notification reported. Kept apart from `agent_states`, so that the notification of a
    /// state this connection set is still an `agent-state` event.
    pub(crate) own_agent_state: Option<AgentState>,
    /// Messaging events for dialogs not known yet, by dialog id.
    pub(crate) pending: BTreeMap<String, Vec<ingest::Pending>>,
    pub(crate) pending_len: usize,
    /// How many parked events arrived at each time: their next expiry, asked after every
    /// input, is read here rather than by scanning up to `pending_max` events.
    pub(crate) pending_at: BTreeMap<Time, usize>,
    /// Snapshots spanning several notifications: conversation ids seen so far, by subscription.
    pub(crate) snapshots: VecMap<SubscriptionKey, std::collections::BTreeSet<String>>,
}

impl Model {
    /// An empty model for this user, with the default cache timing.
    pub fn new(viewer: Viewer) -> Model {
        Model::with_config(viewer, CacheConfig::default())
    }

    /// An empty model with explicit cache timing.
    pub fn with_config(viewer: Viewer, config: CacheConfig) -> Model {
        Model {
            viewer,
            config,
            conversations: BTreeMap::new(),
            dialog_index: BTreeMap::new(),
            cache: cache::Cache::new(config),
            rings: ring_table::RingTable::new(config.ring_retention_ms),
            skills: VecMap::new(),
            agent_states: BTreeMap::new(),
            own_agent_state: None,
            pending: BTreeMap::new(),
            pending_len: 0,
            pending_at: BTreeMap::new(),
            snapshots: VecMap::new(),
        }
    }

    /// This connection's user.
    pub fn viewer(&self) -> &Viewer {
        &self.viewer
    }

    /// Sets this connection's user (after login, or a consumer step-up).
    pub fn set_viewer(&mut self, viewer: Viewer) {
        self.viewer = viewer;
    }

    /// Cache timing in force.
    pub fn cache_config(&self) -> &CacheConfig {
        &self.config
    }

    /// A cached conversation (`getConversationById`).
    pub fn conversation(&self, conversation_id: &str) -> Option<&Conversation> {
        self.conversations.get(conversation_id).map(|c| &**c)
    }

    /// Who sent `message` ([`Conversation::sender_of`]); its originator when its conversation
    /// is not cached.
    pub fn sender_of<'a>(&'a self, message: &'a Message) -> (Sender<'a>, Option<&'a Participant>) {
        match self.conversation(&message.conversation_id) {
            Some(c) => c.sender_of(message),
            None => (Sender::originator(message), None),
        }
    }

    /// Every cached conversation (`getAllKnownConversations`), ordered by id.
    pub fn conversations(&self) -> impl ExactSizeIterator<Item = &Conversation> {
        self.conversations.values().map(|c| &**c)
    }

    /// The conversation holding a dialog.
    pub fn conversation_of_dialog(&self, dialog_id: &str) -> Option<&Conversation> {
        self.conversation_id_of(dialog_id)
            .and_then(|c| self.conversation(c))
    }

    /// The id of the cached conversation holding a dialog: the index, else the conversation
    /// whose id the dialog has when it holds it (a MAIN dialog, kept out of the index so that
    /// each conversation does not cost a second copy of its id twice over).
    pub(crate) fn conversation_id_of(&self, dialog_id: &str) -> Option<&str> {
        match self.dialog_index.get(dialog_id) {
            Some(c) => Some(c.as_str()).filter(|c| self.conversations.contains_key(*c)),
            None => self
                .conversations
                .get_key_value(dialog_id)
                .filter(|(_, c)| c.dialog(dialog_id).is_some())
                .map(|(id, _)| id.as_str()),
        }
    }

    /// Indexes the dialogs of conversation `conversation_id` (all but one whose id is the
    /// conversation's: [`Model::conversation_id_of`] finds that one without the index).
    pub(crate) fn index_dialogs<'a>(
        &mut self,
        conversation_id: &str,
        dialog_ids: impl IntoIterator<Item = &'a str>,
    ) {
        for d in dialog_ids {
            if d != conversation_id {
                self.dialog_index
                    .insert(d.to_owned(), conversation_id.to_owned());
            }
        }
    }

    /// A dialog by id.
    pub fn dialog(&self, dialog_id: &str) -> Option<&Dialog> {
        self.conversation_of_dialog(dialog_id)
            .and_then(|c| c.dialog(dialog_id))
    }

    /// A message by dialog and sequence.
    pub fn message(&self, dialog_id: &str, sequence: u64) -> Option<&Message> {
        self.dialog(dialog_id).and_then(|d| d.message(sequence))
    }

    /// A ring by id.
    pub fn ring(&self, ring_id: &str) -> Option<&Ring> {
        self.rings.get(ring_id)
    }

    /// Every ring held, ordered by id.
    pub fn rings(&self) -> impl ExactSizeIterator<Item = &Ring> {
        self.rings.values()
    }

    /// A skill (created when a conversation or shift data first names it).
    pub fn skill(&self, skill_id: &str) -> Option<&Skill> {
        self.skills.get(skill_id)
    }

    /// Every skill known, ordered by id.
    pub fn skills(&self) -> impl ExactSizeIterator<Item = &Skill> {
        self.skills.values()
    }

    /// The last availability seen for an agent (by old id), from agent-state notifications.
    pub fn agent_state(&self, agent_id: &str) -> Option<&AgentState> {
        self.agent_states.get(agent_id)
    }

    /// This user's own availability: the latest of what `SetAgentState` set and what an
    /// agent-state notification reported.
    pub fn own_agent_state(&self) -> Option<&AgentState> {
        self.own_agent_state.as_ref()
    }

    /// Records this user's availability as set by `SetAgentState` (the connection re-applies it
    /// after a reconnect). The notification that follows is still reported as an
    /// `agent-state` event.
    pub fn set_own_agent_state(&mut self, state: AgentState) {
        self.own_agent_state = Some(state);
    }

    /// Marks a conversation as closing (stage `CLOSING`) while a close request is under way.
    /// Returns `false` if it is unknown or already closed.
    pub fn begin_close_conversation(&mut self, conversation_id: &str) -> bool {
        match self.conversations.get_mut(conversation_id) {
            Some(c) if c.stage != ConversationStage::Close => {
                c.stage = ConversationStage::Closing;
                true
            }
            _ => false,
        }
    }

    /// Records what an accepted command changed (see [`commands::Effect`]), returning the
    /// events it means. The notification that confirms it later pairs with this state, so
    /// nothing is announced twice.
    pub fn command_succeeded(&mut self, command: &commands::Command) -> Vec<ModelEvent> {
        let (Some(effect), Some(conversation_id)) = (&command.on_success, &command.conversation_id)
        else {
            return Vec::new();
        };
        match effect {
            commands::Effect::SelfJoined(role) => {
                let me = Participant {
                    agent_id: self.viewer.agent_id.clone(),
                    ..Participant::new(self.viewer.user_id.clone(), role.clone())
                };
                let Some(conversation) = self.conversations.get_mut(conversation_id) else {
                    return Vec::new();
                };
                let Some(dialog_id) = conversation.open_dialog().map(|d| d.dialog_id.clone())
                else {
                    return Vec::new();
                };
                let Some(dialog) = conversation.dialog_mut(&dialog_id) else {
                    return Vec::new();
                };
                let known = dialog.participants.iter().any(|p| {
                    &p.role == role
                        && p.is_active()
                        && (p.is(&me.user_id) || me.agent_id.as_deref().is_some_and(|a| p.is(a)))
                });
                if known {
                    return Vec::new();
                }
                let event = ModelEvent::ParticipantAdded {
                    conversation_id: conversation_id.clone(),
                    dialog_id: dialog.dialog_id.clone(),
                    user_id: me.user_id.clone(),
                    role: role.clone(),
                    previously_suggested: false,
                };
                dialog.participants.push(me);
                vec![event]
            }
        }
    }

    /// Shows the transient state of a command about to be sent (see [`commands::Mark`]).
    pub fn begin_command(&mut self, command: &commands::Command) {
        self.mark(command, true);
    }

    /// Removes the transient state of a command the server refused (or that never got an
    /// answer); a successful command's state is replaced by the notifications it causes.
    pub fn abort_command(&mut self, command: &commands::Command) {
        self.mark(command, false);
    }

    fn mark(&mut self, command: &commands::Command, on: bool) {
        match (command.marks, &command.conversation_id, &command.dialog_id) {
            (Some(commands::Mark::ConversationClosing), Some(c), _) => {
                if on {
                    self.begin_close_conversation(c);
                } else {
                    self.abort_close_conversation(c);
                }
            }
            (Some(commands::Mark::DialogClosing), _, Some(d)) => self.begin_close_dialog(d, on),
            _ => {}
        }
    }

    /// Undoes [`Model::begin_close_conversation`] after the close request failed.
    pub fn abort_close_conversation(&mut self, conversation_id: &str) {
        if let Some(c) = self.conversations.get_mut(conversation_id)
            && c.stage == ConversationStage::Closing
        {
            c.stage = ConversationStage::Open;
        }
    }

    /// Marks a dialog as closing; [`commands::close_dialog`] then refuses a second close.
    pub fn begin_close_dialog(&mut self, dialog_id: &str, closing: bool) {
        let Some(cid) = self.conversation_id_of(dialog_id).map(str::to_owned) else {
            return;
        };
        if let Some(d) = self
            .conversations
            .get_mut(&cid)
            .and_then(|c| c.dialog_mut(dialog_id))
        {
            d.closing = closing;
        }
    }

    /// Adds the conversation a consumer just created (`createConversation`), before any
    /// notification describes it: stage `OPEN`, an open MAIN dialog, the consumer as its only
    /// participant. The first notification then merges into it without a `conversation` event
    /// (the caller already holds it). Does nothing if the conversation is known.
    pub fn insert_created_conversation(
        &mut self,
        conversation_id: &str,
        skill_id: Option<&str>,
        now: Time,
    ) {
        if self.conversations.contains_key(conversation_id) {
            return;
        }
        let mut c = Conversation::new(conversation_id, self.viewer.account_id.clone());
        c.skill_id = skill_id.unwrap_or("-1").to_owned();
        c.start_time = Some(now.0);
        let mut main = Dialog::new(conversation_id, conversation_id, DialogType::Main);
        main.start_time = Some(now.0);
        if !self.viewer.user_id.is_empty() {
            main.participants.push(Participant::new(
                self.viewer.user_id.clone(),
                ParticipantRole::Consumer,
            ));
        }
        c.dialogs.push(main);
        c.dialogs.shrink_to_fit();
        self.ensure_skill(&c.skill_id);
        // The MAIN dialog's id is the conversation's: no index entry (conversation_id_of).
        self.conversations
            .insert(conversation_id.to_owned(), Box::new(c));
        self.cache.entry(conversation_id).touch(now);
    }

    /// When [`Model::expire`] next has something to do.
    pub fn next_expiry(&self) -> Option<Time> {
        let conv = self.cache.next_deadline();
        let ring = self.rings.next_deadline();
        let pending = self
            .pending_at
            .keys()
            .next()
            .map(|at| at.plus_ms(self.config.pending_ttl_ms));
        [conv, ring, pending].into_iter().flatten().min()
    }

    /// Applies due reference releases and drops conversations, finished rings and messaging
    /// events that waited too long for their dialog, whose time is up. Returns the ids of the
    /// dropped conversations (see [`Model::evict`] for everything dropped).
    pub fn expire(&mut self, now: Time) -> Vec<String> {
        self.evict(now).conversation_ids
    }

    /// [`Model::expire`], reporting everything it dropped, so that bindings can release what
    /// they hold for those ids.
    pub fn evict(&mut self, now: Time) -> Evicted {
        let dropped = self.cache.expire(now);
        let mut evicted = Evicted::default();
        for id in &dropped {
            if let Some(c) = self.remove_conversation(id) {
                evicted
                    .dialog_ids
                    .extend(c.dialogs.into_iter().map(|d| d.dialog_id));
            }
        }
        evicted.conversation_ids = dropped;
        evicted.ring_ids = self.rings.take_due(now);
        let ttl = self.config.pending_ttl_ms;
        for list in self.pending.values_mut() {
            list.retain(|p| p.at.plus_ms(ttl) > now);
        }
        self.pending.retain(|_, l| !l.is_empty());
        self.pending_len = self.pending.values().map(Vec::len).sum();
        self.pending_at.clear();
        for p in self.pending.values().flatten() {
            *self.pending_at.entry(p.at).or_default() += 1;
        }
        evicted
    }

    /// Removes a conversation and its dialog index entries at once.
    pub(crate) fn remove_conversation(&mut self, conversation_id: &str) -> Option<Conversation> {
        self.cache.remove(conversation_id);
        let c = self.conversations.remove(conversation_id)?;
        for d in &c.dialogs {
            self.dialog_index.remove(&d.dialog_id);
        }
        Some(*c)
    }

    /// The subscription `key` is gone (unsubscribed or failed for good): it lets go of every
    /// conversation it held.
    pub fn subscription_removed(&mut self, key: &SubscriptionKey, now: Time) {
        self.snapshots.remove(key);
        self.cache.update_all(|e| e.release(key, now));
    }

    /// The connection renamed a subscription (e.g. it keys subscriptions by UMS id and a
    /// re-subscribe gave a new one): references move to the new key.
    pub fn rename_subscription(&mut self, old: &SubscriptionKey, new: &SubscriptionKey) {
        self.cache.update_all(|e| {
            if e.refs.remove(old) {
                e.refs.insert(new.clone());
            }
            if let Some(t) = e.releases.remove(old) {
                e.releases.insert(new.clone(), t);
            }
        });
    }

    /// Subscriptions currently holding a conversation.
    pub fn references(&self, conversation_id: &str) -> Vec<SubscriptionKey> {
        self.cache
            .get(conversation_id)
            .map(|e| e.refs.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub(crate) fn ensure_skill(&mut self, skill_id: &str) {
        if !self.skills.contains_key(skill_id) {
            self.skills
                .insert(skill_id.to_owned(), Skill::new(skill_id));
        }
    }
}
