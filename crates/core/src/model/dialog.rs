//! Dialogs of a conversation (sdk-api §8).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::enums::{ChannelType, CloseReason, DialogState, DialogType, ParticipantRole};
use super::message::Message;
use super::participant::Participant;
use super::viewer::Viewer;

/// One dialog: the MAIN dialog (id = conversation id), a post-conversation survey, or a
/// co-browse/call dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dialog {
    /// The conversation this dialog belongs to.
    pub conversation_id: String,
    /// Dialog id.
    pub dialog_id: String,
    /// `MAIN`, `POST_SURVEY`, `OTHER`, …
    pub dialog_type: DialogType,
    /// `MESSAGING`, `COBROWSE`, …
    pub channel_type: ChannelType,
    /// `OPEN` or `CLOSE`.
    pub state: DialogState,
    /// SDK-only: a close request for this dialog is under way.
    pub closing: bool,
    /// `creationTs` (epoch ms).
    pub start_time: Option<u64>,
    /// `metaDataLastUpdateTs` (epoch ms): used to drop out-of-order dialog updates.
    pub update_time: Option<u64>,
    /// `endTs` (epoch ms).
    pub end_time: Option<u64>,
    /// `closedBy`.
    pub closed_by: Option<CloseReason>,
    /// `closedCause` (free text, e.g. `Completed`).
    pub closed_cause: Option<String>,
    /// `metaData` (survey app install id, co-browse session data).
    pub meta_data: Option<Value>,
    /// Active and suggested participants, in notification order.
    pub participants: Vec<Participant>,
    /// Participants that left, kept (state `REMOVED`) so old messages still name their sender.
    pub removed_participants: Vec<Participant>,
    /// Messages by sequence: sorted, one per sequence.
    pub(crate) messages: Messages,
    /// Every sequence seen (messages and receipts), to find gaps.
    pub(crate) seen: Seen,
}

/// Grows a vector by one slot: exactly while it is small (most dialogs hold a handful of
/// messages, and a doubled vector is up to half empty), by doubling once it is not (so that
/// long dialogs still append in amortised constant time).
fn reserve_one<T>(v: &mut Vec<T>) {
    if v.len() < 16 {
        v.reserve_exact(1);
    } else {
        v.reserve(1);
    }
}

/// A dialog's messages, sorted by sequence, one per sequence.
///
/// A sorted vector of boxes rather than a tree: a tree's first node is ~190 B for a dialog of
/// five messages, the vector 8 B a message; messages nearly always arrive in sequence order,
/// so inserting is an append. Boxed: allocating a large block for every new dialog cost a busy
/// bot's ingest more than the message itself (glibc consolidates its free lists for every
/// large request). Serialized as a map from sequence to message, as the tree was.
// Boxed on purpose (see above): requests of a few hundred bytes each, never one large block.
#[allow(clippy::vec_box)]
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Messages(Vec<Box<Message>>);

impl Messages {
    fn find(&self, sequence: u64) -> Result<usize, usize> {
        self.0.binary_search_by_key(&sequence, |m| m.sequence)
    }

    /// The message with this sequence.
    pub fn get(&self, sequence: u64) -> Option<&Message> {
        self.find(sequence).ok().map(|i| &*self.0[i])
    }

    /// The message with this sequence, to change it.
    pub fn get_mut(&mut self, sequence: u64) -> Option<&mut Message> {
        self.find(sequence).ok().map(|i| &mut *self.0[i])
    }

    /// `true` if a message with this sequence is held.
    pub fn contains(&self, sequence: u64) -> bool {
        self.find(sequence).is_ok()
    }

    /// Adds `message` in sequence order, replacing one with the same sequence.
    pub fn insert(&mut self, message: Box<Message>) {
        match self.find(message.sequence) {
            Ok(i) => self.0[i] = message,
            Err(i) => {
                reserve_one(&mut self.0);
                self.0.insert(i, message);
            }
        }
    }

    /// Messages in sequence order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Message> + ExactSizeIterator {
        self.0.iter().map(|m| &**m)
    }

    /// Messages in sequence order, to change them.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Message> {
        self.0.iter_mut().map(|m| &mut **m)
    }

    /// Number of messages.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl Serialize for Messages {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|m| (m.sequence, m)))
    }
}

impl<'de> Deserialize<'de> for Messages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Messages, D::Error> {
        // The key is the sequence as written; the message's own sequence decides its place.
        let map = BTreeMap::<u64, Box<Message>>::deserialize(d)?;
        let mut out = Messages(Vec::with_capacity(map.len()));
        for (_, m) in map {
            out.insert(m);
        }
        Ok(out)
    }
}

/// Every sequence a dialog has seen, as sorted, disjoint, non-adjacent inclusive ranges:
/// sequences come nearly contiguous, so a dialog's whole history is usually one range of 16 B
/// (a tree set's first node is ~100 B). Serialized as the list of sequences, as the set was.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Seen(Vec<(u64, u64)>);

impl Seen {
    /// Adds `sequence`; `false` if it was seen already.
    pub fn insert(&mut self, sequence: u64) -> bool {
        // The first range starting after `sequence`; the one before may hold or touch it.
        let i = self.0.partition_point(|r| r.0 <= sequence);
        if i > 0 && sequence <= self.0[i - 1].1 {
            return false;
        }
        let joins_prev = i > 0 && self.0[i - 1].1.checked_add(1) == Some(sequence);
        let joins_next = i < self.0.len() && sequence.checked_add(1) == Some(self.0[i].0);
        match (joins_prev, joins_next) {
            (true, true) => {
                self.0[i - 1].1 = self.0[i].1;
                self.0.remove(i);
            }
            (true, false) => self.0[i - 1].1 = sequence,
            (false, true) => self.0[i].0 = sequence,
            (false, false) => {
                reserve_one(&mut self.0);
                self.0.insert(i, (sequence, sequence));
            }
        }
        true
    }

    /// `true` if `sequence` was seen.
    pub fn contains(&self, sequence: u64) -> bool {
        let i = self.0.partition_point(|r| r.0 <= sequence);
        i > 0 && sequence <= self.0[i - 1].1
    }

    /// The smallest sequence not seen, counting from 0.
    pub fn first_missing(&self) -> u64 {
        match self.0.first() {
            Some(&(0, end)) => end.saturating_add(1),
            _ => 0,
        }
    }

    /// The highest sequence seen.
    pub fn last(&self) -> Option<u64> {
        self.0.last().map(|r| r.1)
    }

    /// Every sequence seen, in order.
    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().flat_map(|&(a, b)| a..=b)
    }
}

impl Serialize for Seen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Seen, D::Error> {
        let set = BTreeSet::<u64>::deserialize(d)?;
        let mut out = Seen::default();
        for s in set {
            out.insert(s);
        }
        Ok(out)
    }
}

impl Dialog {
    /// An empty open dialog.
    pub fn new(
        conversation_id: impl Into<String>,
        dialog_id: impl Into<String>,
        dialog_type: DialogType,
    ) -> Dialog {
        Dialog {
            conversation_id: conversation_id.into(),
            dialog_id: dialog_id.into(),
            dialog_type,
            channel_type: ChannelType::Messaging,
            state: DialogState::Open,
            closing: false,
            start_time: None,
            update_time: None,
            end_time: None,
            closed_by: None,
            closed_cause: None,
            meta_data: None,
            participants: Vec::new(),
            removed_participants: Vec::new(),
            messages: Messages::default(),
            seen: Seen::default(),
        }
    }

    /// `true` while the dialog is open.
    pub fn is_open(&self) -> bool {
        self.state == DialogState::Open
    }

    /// `true` for a messaging dialog (the kind messages can be sent to).
    pub fn is_messaging(&self) -> bool {
        self.channel_type == ChannelType::Messaging
    }

    /// Messages in sequence order.
    pub fn messages(&self) -> impl DoubleEndedIterator<Item = &Message> + ExactSizeIterator {
        self.messages.iter()
    }

    /// The message with this sequence.
    pub fn message(&self, sequence: u64) -> Option<&Message> {
        self.messages.get(sequence)
    }

    /// Number of messages held.
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// `true` if an event with this sequence (message or receipt) was seen.
    pub fn has_seen(&self, sequence: u64) -> bool {
        self.seen.contains(sequence)
    }

    /// The smallest sequence not seen yet, counting from 0: where `getAllPublishEvents` starts.
    ///
    /// ```
    /// use lpm_core::model::{Dialog, DialogType};
    /// let d = Dialog::new("c", "c", DialogType::Main);
    /// assert_eq!(d.first_missing_sequence(), 0);
    /// ```
    pub fn first_missing_sequence(&self) -> u64 {
        self.seen.first_missing()
    }

    /// The highest sequence seen, if any.
    pub fn last_sequence(&self) -> Option<u64> {
        self.seen.last()
    }

    /// The participant with this user id (or old id), active or suggested; the first role found.
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.is(id))
    }

    /// The participant whose old id is `agent_id`.
    pub fn participant_by_agent_id(&self, agent_id: &str) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.agent_id.as_deref() == Some(agent_id))
    }

    /// A removed participant with this user id (or old id).
    pub fn removed_participant(&self, id: &str) -> Option<&Participant> {
        self.removed_participants.iter().rev().find(|p| p.is(id))
    }

    /// Any participant, present or removed, with this id; used to name a message's sender.
    pub fn any_participant(&self, id: &str) -> Option<&Participant> {
        self.participant(id)
            .or_else(|| self.removed_participant(id))
    }

    /// The active `ASSIGNED_AGENT`.
    pub fn assigned_agent(&self) -> Option<&Participant> {
        self.participants.iter().find(|p| p.is_assigned_agent())
    }

    /// The consumer.
    pub fn consumer(&self) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.role == ParticipantRole::Consumer)
    }

    /// This connection's own participant (`getSelfParticipant()`), preferring an active one.
    pub fn self_participant(&self, viewer: &Viewer) -> Option<&Participant> {
        let mut mine = self.participants.iter().filter(|p| {
            viewer.is(&p.user_id) || p.agent_id.as_deref().is_some_and(|a| viewer.is(a))
        });
        let first = mine.clone().find(|p| p.is_active());
        first.or_else(|| mine.next())
    }
}
