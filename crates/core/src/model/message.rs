//! Messages of a dialog and their delivery receipts (sdk-api §9).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::enums::{DeliveryStatus, MessageAudience, ParticipantRole};
use super::viewer::Viewer;

/// Who sent an event, as the record names them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Originator {
    /// Consumer id or agent PID (`originatorPId` on brand v2, `originatorId` on v3).
    pub user_id: String,
    /// The agent old id (`originatorId` on brand v2), when the record gives it.
    pub agent_id: Option<String>,
    /// `originatorMetadata.role`, when given.
    pub role: Option<ParticipantRole>,
}

impl Originator {
    /// `true` if `id` names the originator, by user id or old id.
    pub fn is(&self, id: &str) -> bool {
        self.user_id == id || self.agent_id.as_deref() == Some(id)
    }
}

/// One accept-status (receipt) event referring to a message.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// Who sent the receipt.
    pub originator: Originator,
    /// `ACCEPT`, `READ`, `ACTION`, …
    pub status: DeliveryStatus,
    /// The receipt's own sequence (receipts consume one), if any.
    pub sequence: Option<u64>,
    /// Server time of the receipt (epoch ms), if any.
    pub time: Option<u64>,
}

/// Content or structured content.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageKind {
    /// `ContentEvent` (text, hosted file, secure forms).
    Content,
    /// `RichContentEvent` (structured content).
    RichContent,
}

/// One message (content or structured content event) in a dialog.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The conversation.
    pub conversation_id: String,
    /// The dialog.
    pub dialog_id: String,
    /// Sequence within the dialog (the message's identity together with the dialog id).
    pub sequence: u64,
    /// `serverTimestamp` (epoch ms).
    pub time: Option<u64>,
    /// The sender.
    pub originator: Originator,
    /// Content or structured content.
    pub kind: MessageKind,
    /// `text/plain`, `hosted/file`, `forms/secure-invitation`, … for content events;
    /// `RichContentEvent` for structured content (what the JavaScript API reports).
    pub content_type: String,
    /// Text, or the object (file descriptor, structured content card).
    pub body: Value,
    /// `quickReplies` attached to the event, if any.
    pub quick_replies: Option<Value>,
    /// `ALL`, `AGENTS_AND_MANAGERS`, or `UNKNOWN` when the record does not say.
    pub audience: MessageAudience,
    /// Request-level metadata of the publish (array), if any.
    pub metadata: Option<Value>,
    /// Receipts received for this message, de-duplicated by originator and status.
    pub receipts: Vec<Receipt>,
    /// `true` when `body` holds the SHA-256 hash of the body (a loaded serialized conversation).
    #[serde(default)]
    pub body_is_hash: bool,
}

impl Message {
    /// The text of a text message.
    pub fn text(&self) -> Option<&str> {
        self.body.as_str()
    }

    /// `true` for a hosted file (`hosted/file`).
    pub fn is_file(&self) -> bool {
        self.content_type == "hosted/file"
    }

    /// `true` for a private message (`AGENTS_AND_MANAGERS`).
    pub fn is_private(&self) -> bool {
        self.audience == MessageAudience::AgentsAndManagers
    }

    fn file_field(&self, name: &str) -> Option<&str> {
        if !self.is_file() {
            return None;
        }
        self.body.get(name).and_then(Value::as_str)
    }

    /// Hosted-file path to download with.
    pub fn relative_path(&self) -> Option<&str> {
        self.file_field("relativePath")
    }

    /// Hosted-file type (`JPG`, `PNG`, …).
    pub fn file_type(&self) -> Option<&str> {
        self.file_field("fileType")
    }

    /// Hosted-file caption.
    pub fn caption(&self) -> Option<&str> {
        self.file_field("caption")
    }

    /// Hosted-file thumbnail (data URI).
    pub fn preview(&self) -> Option<&str> {
        self.file_field("preview")
    }

    /// `true` for a file the user can download (a hosted file with a path).
    pub fn is_downloadable(&self) -> bool {
        self.relative_path().is_some()
    }

    /// `true` if a receipt with `status` came from a participant in `role`.
    pub fn has_receipt(&self, status: &DeliveryStatus, role: &ParticipantRole) -> bool {
        self.receipts
            .iter()
            .any(|r| &r.status == status && r.originator.role.as_ref() == Some(role))
    }

    /// `hasConsumerRead()`: the consumer sent `READ` for this message.
    pub fn has_consumer_read(&self) -> bool {
        self.has_receipt(&DeliveryStatus::Read, &ParticipantRole::Consumer)
    }

    /// `hasAssignedAgentRead()`: the assigned agent sent `READ` for this message.
    pub fn has_assigned_agent_read(&self) -> bool {
        self.has_receipt(&DeliveryStatus::Read, &ParticipantRole::AssignedAgent)
    }

    /// The furthest delivery state any other participant reported: `READ` over `ACCEPT`,
    /// `None` before any receipt.
    pub fn delivery_status(&self) -> Option<DeliveryStatus> {
        let others = self
            .receipts
            .iter()
            .filter(|r| r.originator.user_id != self.originator.user_id);
        let mut best = None;
        for r in others {
            match r.status {
                DeliveryStatus::Read => return Some(DeliveryStatus::Read),
                DeliveryStatus::Accept => best = Some(DeliveryStatus::Accept),
                _ => {}
            }
        }
        best
    }

    /// `sentByCurrentUser()`.
    pub fn sent_by(&self, viewer: &Viewer) -> bool {
        viewer.is(&self.originator.user_id)
            || self
                .originator
                .agent_id
                .as_deref()
                .is_some_and(|a| viewer.is(a))
    }

    /// Adds a receipt unless the same originator already sent the same status (UMS may repeat
    /// receipts, content-types.md §3). Returns `true` if it was new.
    pub(crate) fn add_receipt(&mut self, receipt: Receipt) -> bool {
        let dup = self.receipts.iter().any(|r| {
            r.status == receipt.status && r.originator.user_id == receipt.originator.user_id
        });
        if dup {
            return false;
        }
        // Exact size: a message gets one to three receipts, and a grown vector has room for
        // four (~500 B).
        self.receipts.reserve_exact(1);
        self.receipts.push(receipt);
        true
    }
}
