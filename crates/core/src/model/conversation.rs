//! Conversations (sdk-api §7).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::dialog::Dialog;
use super::enums::{
    CloseReason, ConversationStage, DialogState, DialogType, ParticipantRole, TtrType,
};
use super::json_text::JsonText;
use super::message::Message;
use super::participant::Participant;

/// One conversation with its dialogs, as the last conversation-change notification described
/// it, plus the messages received for its dialogs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    /// Conversation id (= MAIN dialog id).
    pub conversation_id: String,
    /// `brandId`.
    pub account_id: String,
    /// `OPEN`, `CLOSE`, `LOCKED`, or SDK-only `CLOSING` while a close request is under way.
    pub stage: ConversationStage,
    /// The MAIN dialog's state (legacy `state`).
    pub state: Option<DialogState>,
    /// `startTs` (epoch ms).
    pub start_time: Option<u64>,
    /// `metaDataLastUpdateTs` of the conversation (epoch ms).
    pub update_time: Option<u64>,
    /// `endTs` (epoch ms), once closed.
    pub close_time: Option<u64>,
    /// `closeReason`.
    pub close_reason: Option<CloseReason>,
    /// Current skill id (`-1` = none); the skill object is [`super::Model::skill`].
    pub skill_id: String,
    /// The assigned agent's group.
    pub group_id: Option<String>,
    /// Dialogs in order of appearance.
    pub dialogs: Vec<Dialog>,
    /// `ttr.ttrType`.
    pub ttr_type: Option<TtrType>,
    /// `ttr.value` (seconds).
    pub ttr_value: Option<i64>,
    /// `effectiveTTR` (epoch ms deadline; `None` for -1).
    pub ttr_effective: Option<i64>,
    /// `manualETTR` (epoch ms).
    pub ttr_effective_manual: Option<i64>,
    /// `delay` object (off-hours), as sent.
    pub delay: Option<Value>,
    /// `numberOfunreadMessages`: participant id → count.
    pub number_of_unread_messages: UnreadCounts,
    /// `csat` object, as sent.
    pub csat: Option<Value>,
    /// CSAT rate (`csat.csatRate` or the brand raw `csatRate`).
    pub csat_rate: Option<f64>,
    /// Conversation note.
    pub note: Option<String>,
    /// `campaignInfo.campaignId`.
    pub campaign_id: Option<String>,
    /// `campaignInfo.engagementId`.
    pub engagement_id: Option<String>,
    /// `appInstId`.
    pub app_inst_id: Option<String>,
    /// `conversationHandlerDetails.accountId`.
    pub handler_account_id: Option<String>,
    /// `conversationHandlerDetails.skillId`.
    pub handler_skill_id: Option<String>,
    /// `firstConversation`.
    pub first_conversation: Option<bool>,
    /// Conversation context without its `clientProperties`.
    pub context: Option<Value>,
    /// The consumer's client properties, split out of the context (as text: see [`JsonText`];
    /// [`JsonText::to_value`] reads them).
    pub client_properties: Option<JsonText>,
    /// `lastContentEventNotification` record, as sent (as text: see [`JsonText`]).
    pub last_content_event: Option<JsonText>,
    /// Conversation notifications processed.
    pub notification_count: u64,
    /// Duplicate notifications ignored.
    pub notification_ignored_count: u64,
    /// Out-of-order notifications dropped.
    pub notification_out_of_order_count: u64,
    /// Hash of the last applied change result, to spot duplicates.
    pub(crate) last_hash: u64,
}

impl Conversation {
    /// An empty open conversation (before any notification described it).
    pub fn new(conversation_id: impl Into<String>, account_id: impl Into<String>) -> Conversation {
        Conversation {
            conversation_id: conversation_id.into(),
            account_id: account_id.into(),
            stage: ConversationStage::Open,
            state: None,
            start_time: None,
            update_time: None,
            close_time: None,
            close_reason: None,
            skill_id: "-1".into(),
            group_id: None,
            dialogs: Vec::new(),
            ttr_type: None,
            ttr_value: None,
            ttr_effective: None,
            ttr_effective_manual: None,
            delay: None,
            number_of_unread_messages: UnreadCounts::default(),
            csat: None,
            csat_rate: None,
            note: None,
            campaign_id: None,
            engagement_id: None,
            app_inst_id: None,
            handler_account_id: None,
            handler_skill_id: None,
            first_conversation: None,
            context: None,
            client_properties: None,
            last_content_event: None,
            notification_count: 0,
            notification_ignored_count: 0,
            notification_out_of_order_count: 0,
            last_hash: 0,
        }
    }

    /// `true` unless the stage is `CLOSE` (a `CLOSING` conversation is still open on the server).
    pub fn is_open(&self) -> bool {
        !matches!(self.stage, ConversationStage::Close)
    }

    /// The dialog with this id.
    pub fn dialog(&self, dialog_id: &str) -> Option<&Dialog> {
        self.dialogs.iter().find(|d| d.dialog_id == dialog_id)
    }

    pub(crate) fn dialog_mut(&mut self, dialog_id: &str) -> Option<&mut Dialog> {
        self.dialogs.iter_mut().find(|d| d.dialog_id == dialog_id)
    }

    /// The MAIN dialog (by type, else the dialog whose id is the conversation id).
    pub fn main_dialog(&self) -> Option<&Dialog> {
        self.dialogs
            .iter()
            .find(|d| d.dialog_type == DialogType::Main)
            .or_else(|| self.dialog(&self.conversation_id))
    }

    /// The open messaging dialog (`openDialog`), `None` when closed.
    ///
    /// Only `MESSAGING` dialogs qualify: LivePerson's SDK could pick a co-browse dialog here and
    /// then send messages to it (sdk-api §19), which this does not repeat. Among several open
    /// messaging dialogs the latest one wins (the survey after MAIN).
    pub fn open_dialog(&self) -> Option<&Dialog> {
        if !self.is_open() {
            return None;
        }
        self.dialogs
            .iter()
            .rev()
            .find(|d| d.is_open() && d.is_messaging())
    }

    /// `getDialog(type)`: the most recently updated dialog of this type.
    pub fn dialog_by_type(&self, dialog_type: &DialogType) -> Option<&Dialog> {
        self.dialogs
            .iter()
            .filter(|d| &d.dialog_type == dialog_type)
            .max_by_key(|d| d.update_time.or(d.start_time).unwrap_or(0))
    }

    /// The dialog that names the conversation's participants: the open messaging dialog, else
    /// the MAIN dialog, else the last dialog.
    pub fn current_dialog(&self) -> Option<&Dialog> {
        self.open_dialog()
            .or_else(|| self.main_dialog())
            .or_else(|| self.dialogs.last())
    }

    /// The consumer (from the current dialog).
    pub fn consumer(&self) -> Option<&Participant> {
        self.current_dialog().and_then(Dialog::consumer)
    }

    /// The active assigned agent (from the current dialog).
    pub fn assigned_agent(&self) -> Option<&Participant> {
        self.current_dialog().and_then(Dialog::assigned_agent)
    }

    /// `getLatestConsumerMessage()`: the newest message sent by a consumer, in any dialog.
    pub fn latest_consumer_message(&self) -> Option<&Message> {
        self.dialogs
            .iter()
            .flat_map(|d| d.messages().rev().find(|m| is_consumer_message(d, m)))
            .max_by_key(|m| (m.time.unwrap_or(0), m.sequence))
    }

    /// The participant who sent `message` (`message.participant`): looked up in the message's
    /// dialog (present or removed), then in the other dialogs (a consumer writing in the survey
    /// is the same person as in MAIN).
    pub fn participant_of(&self, message: &Message) -> Option<&Participant> {
        self.find_sender(message).map(|(_, p)| p)
    }

    /// The sender's participant and the dialog it is in: the message's dialog, then the others.
    fn find_sender(&self, message: &Message) -> Option<(&Dialog, &Participant)> {
        self.dialog(&message.dialog_id)
            .and_then(|d| sender_in(d, message).map(|p| (d, p)))
            .or_else(|| {
                self.dialogs
                    .iter()
                    .find_map(|d| sender_in(d, message).map(|p| (d, p)))
            })
    }

    /// Who sent `message`, as both SDKs show it (`message.participant`): the participant found
    /// by [`participant_of`](Self::participant_of), in the dialog it was found in; when no
    /// dialog knows the sender (e.g. an agent removed before this connection saw it), the
    /// originator's user id and role in the message's dialog, with no participant.
    ///
    /// ```
    /// # fn demo(c: &lpm_core::model::Conversation, m: &lpm_core::model::Message) {
    /// let (sender, participant) = c.sender_of(m);
    /// println!("{} ({:?}) in {}, known: {}", sender.user_id, sender.role, sender.dialog_id, participant.is_some());
    /// # }
    /// ```
    pub fn sender_of<'a>(&'a self, message: &'a Message) -> (Sender<'a>, Option<&'a Participant>) {
        match self.find_sender(message) {
            Some((d, p)) => (
                Sender {
                    dialog_id: &d.dialog_id,
                    user_id: &p.user_id,
                    role: Some(&p.role),
                },
                Some(p),
            ),
            None => (Sender::originator(message), None),
        }
    }

    /// All messages of all dialogs, dialog by dialog, each in sequence order.
    pub fn all_messages(&self) -> impl Iterator<Item = &Message> {
        self.dialogs.iter().flat_map(|d| d.messages())
    }
}

/// `numberOfunreadMessages`: unread counts by participant id, sorted by id.
///
/// A sorted vector of exact size rather than a tree map: a conversation has one to three
/// participants, and a tree's first node is ~370 B whatever it holds. Serialized as the JSON
/// object it came from.
///
/// ```
/// use lpm_core::model::UnreadCounts;
/// let u: UnreadCounts = [("b".to_owned(), 2), ("a".to_owned(), 1)].into_iter().collect();
/// assert_eq!(u.get("a"), Some(&1));
/// assert_eq!(u.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["a", "b"]);
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"a":1,"b":2}"#);
/// // Of two counts for one id, the last wins.
/// let u: UnreadCounts = [("b".to_owned(), 2), ("a".to_owned(), 1), ("b".to_owned(), 5)]
///     .into_iter()
///     .collect();
/// assert_eq!(u.iter().collect::<Vec<_>>(), [(&"a".to_owned(), &1), (&"b".to_owned(), &5)]);
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "Record<string, number>"))]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnreadCounts(Vec<(String, i64)>);

impl UnreadCounts {
    /// The count of this participant.
    pub fn get(&self, participant_id: &str) -> Option<&i64> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(participant_id))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// Every participant id with its count, ordered by id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &i64)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Number of participants counted.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` when no count is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, i64)> for UnreadCounts {
    /// Sorted by id; of two counts for one id, the last wins (as a map would keep it).
    fn from_iter<I: IntoIterator<Item = (String, i64)>>(iter: I) -> UnreadCounts {
        // Sorted in place rather than through a BTreeMap (one less B-tree in the wasm build).
        let mut v: Vec<(String, i64)> = iter.into_iter().collect();
        v.sort_by(|a, b| a.0.cmp(&b.0)); // stable: one id's counts stay in given order
        v.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        v.shrink_to_fit();
        UnreadCounts(v)
    }
}

impl Serialize for UnreadCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for UnreadCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<UnreadCounts, D::Error> {
        BTreeMap::<String, i64>::deserialize(d).map(|m| m.into_iter().collect())
    }
}

/// The sender of a message ([`Conversation::sender_of`]): a dialog, a user id and a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sender<'a> {
    /// The dialog the sender was found in (the message's own when not found).
    pub dialog_id: &'a str,
    /// The sender's user id.
    pub user_id: &'a str,
    /// The participant's role, else the originator's, if it says one.
    pub role: Option<&'a ParticipantRole>,
}

impl<'a> Sender<'a> {
    /// The message's originator in its own dialog: what is known when no dialog names it.
    pub fn originator(message: &'a Message) -> Sender<'a> {
        Sender {
            dialog_id: &message.dialog_id,
            user_id: &message.originator.user_id,
            role: message.originator.role.as_ref(),
        }
    }
}

fn sender_in<'a>(d: &'a Dialog, message: &Message) -> Option<&'a Participant> {
    d.any_participant(&message.originator.user_id).or_else(|| {
        message
            .originator
            .agent_id
            .as_deref()
            .and_then(|a| d.any_participant(a))
    })
}

fn is_consumer_message(dialog: &Dialog, m: &Message) -> bool {
    match &m.originator.role {
        Some(role) => *role == ParticipantRole::Consumer,
        None => dialog
            .any_participant(&m.originator.user_id)
            .is_some_and(Participant::is_consumer),
    }
}
