//! Messaging event notifications (`notifications.md` §1).

use serde::{Deserialize, Serialize};

use crate::client_properties::ClientProperties;
use crate::common::Extra;
use crate::enums::{MessageAudience, ParticipantRole};
use crate::events::Event;
use crate::metadata::Metadata;

/// `originatorMetadata` of an event record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OriginatorMetadata {
    /// The originator's PID / consumer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The originator's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ParticipantRole>,
    /// The originator's client properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_properties: Option<ClientProperties>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One messaging event as delivered: an element of the consumer
/// `changes[]`, the whole body of a brand `.ams.ms.OnlineEventDistribution`,
/// an element of a `QueryMessages` answer, or a conversation's
/// `lastContentEventNotification`.
///
/// Id forms differ by socket: on consumer v3 `originatorId` is the
/// participant id (consumer id or agent PID); on brand v2 it is the agent's
/// old id (`acct.userId`) with the PID in `originatorPId`.
///
/// ```
/// use lpm_protocol::notifications::MessagingEventRecord;
/// let r: MessagingEventRecord = serde_json::from_str(r#"{"sequence":2,"originatorPId":"3b5b","originatorId":"qa1.38",
///   "serverTimestamp":1470732437925,"event":{"type":"ContentEvent","message":"From consumer","contentType":"text/plain"},
///   "dialogId":"c1"}"#).unwrap();
/// assert_eq!(r.originator_pid.as_deref(), Some("3b5b"));
/// assert_eq!(r.sequence, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagingEventRecord {
    /// Per-dialog sequence (absent on chat-state events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<i64>,
    /// Originator (see the type docs for id forms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator_id: Option<String>,
    /// Originator PID (brand v2, `QueryMessages`).
    #[serde(
        rename = "originatorPId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub originator_pid: Option<String>,
    /// Client properties of the sender's connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator_client_properties: Option<ClientProperties>,
    /// `{"id","role","clientProperties"}` of the sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator_metadata: Option<OriginatorMetadata>,
    /// Server time, epoch ms (absent on chat-state events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_timestamp: Option<i64>,
    /// The event.
    pub event: Event,
    /// The dialog.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub dialog_id: String,
    /// The conversation (may be missing on subscription history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Request-level metadata of the publish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Vec<Metadata>>,
    /// Audience (absent in `lastContentEventNotification`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_audience: Option<MessageAudience>,
    /// Echoed `encodedMetadata` (UNCERTAIN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoded_metadata: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Body of `ms.MessagingEventNotification`: `{"changes":[record…]}`.
///
/// The first one after `ms.SubscribeMessagingEvents` carries the history
/// (possibly empty).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagingEventNotification {
    /// The events, ascending sequence.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub changes: Vec<MessagingEventRecord>,
    /// Present when node-agent-sdk style clients rewrite brand frames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
