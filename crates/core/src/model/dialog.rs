//! Dialogs of a conversation (sdk-api §8).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
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
    /// Messages by sequence: sorted, one per sequence. Boxed: a tree node of messages held
    /// inline is ~4 KB, and allocating one for each new dialog cost a busy bot's ingest more
    /// than the message itself (glibc consolidates its free lists for every large request).
    pub(crate) messages: BTreeMap<u64, Box<Message>>,
    /// Every sequence seen (messages and receipts), to find gaps.
    pub(crate) seen: BTreeSet<u64>,
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
            messages: BTreeMap::new(),
            seen: BTreeSet::new(),
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
        self.messages.values().map(|m| &**m)
    }

    /// The message with this sequence.
    pub fn message(&self, sequence: u64) -> Option<&Message> {
        self.messages.get(&sequence).map(|m| &**m)
    }

    /// Number of messages held.
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// `true` if an event with this sequence (message or receipt) was seen.
    pub fn has_seen(&self, sequence: u64) -> bool {
        self.seen.contains(&sequence)
    }

    /// The smallest sequence not seen yet, counting from 0: where `getAllPublishEvents` starts.
    ///
    /// ```
    /// use lpm_core::model::{Dialog, DialogType};
    /// let d = Dialog::new("c", "c", DialogType::Main);
    /// assert_eq!(d.first_missing_sequence(), 0);
    /// ```
    pub fn first_missing_sequence(&self) -> u64 {
        let mut expected = 0;
        for s in &self.seen {
            if *s != expected {
                break;
            }
            expected += 1;
        }
        expected
    }

    /// The highest sequence seen, if any.
    pub fn last_sequence(&self) -> Option<u64> {
        self.seen.last().copied()
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
