//! Messaging events: what goes inside `PublishEvent.event` and messaging
//! notifications (`content-types.md` §1–4).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::Extra;
use crate::enums::{AcceptStatus, ChatState};
use crate::quick_replies::QuickReplies;

wire_enum! {
    /// `contentType` of a `ContentEvent`.
    pub enum ContentType {
        /// `text/plain` (may contain `#md#…#/md#` markdown)
        TextPlain = "text/plain",
        /// `text/html` (UNCERTAIN whether UMS accepts it)
        TextHtml = "text/html",
        /// `hosted/file`: an uploaded file, `message` is a [`HostedFile`].
        HostedFile = "hosted/file",
        /// `forms/secure-invitation` (agent → consumer)
        SecureInvitation = "forms/secure-invitation",
        /// `forms/secure-submission` (consumer → agent)
        SecureSubmission = "forms/secure-submission",
    }
}

/// `message` of a `hosted/file` content event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostedFile {
    /// Swift path from `GenerateURLForUploadFile` (required).
    pub relative_path: String,
    /// Upper-case extension (`JPG`, `PNG`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    /// Optional caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Data URI preview (< 30 KB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message` of a `forms/secure-submission` content event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecureFormSubmission {
    /// Submission id.
    pub submission_id: String,
    /// Invitation id.
    pub invitation_id: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message` of a `forms/secure-invitation` content event (fields UNCERTAIN).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecureFormInvitation {
    /// Invitation id.
    pub invitation_id: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message` of a `ContentEvent`: text for text types, an object otherwise.
///
/// Objects are recognised by shape (a `relativePath` makes a
/// [`HostedFile`], `submissionId` + `invitationId` a submission, an
/// `invitationId` an invitation); anything else is kept as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContentMessage {
    /// A text message.
    Text(String),
    /// A hosted file.
    HostedFile(HostedFile),
    /// A secure-form submission.
    SecureFormSubmission(SecureFormSubmission),
    /// A secure-form invitation.
    SecureFormInvitation(SecureFormInvitation),
    /// Any other value.
    Other(Value),
}

impl Default for ContentMessage {
    fn default() -> Self {
        ContentMessage::Text(String::new())
    }
}

/// A `ContentEvent`: text, files, forms.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentEvent {
    /// The content type.
    pub content_type: ContentType,
    /// The message.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub message: ContentMessage,
    /// Optional quick replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_replies: Option<QuickReplies>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

// `wire_enum!` cannot take `#[default]`, hence the manual impl.
#[allow(clippy::derivable_impls)]
impl Default for ContentType {
    fn default() -> Self {
        ContentType::TextPlain
    }
}

impl ContentEvent {
    /// A `text/plain` message.
    pub fn text(message: impl Into<String>) -> ContentEvent {
        ContentEvent {
            content_type: ContentType::TextPlain,
            message: ContentMessage::Text(message.into()),
            ..ContentEvent::default()
        }
    }

    /// The text, when the message is text.
    pub fn text_message(&self) -> Option<&str> {
        match &self.message {
            ContentMessage::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// A `RichContentEvent`: structured content (cards) kept as JSON.
///
/// The card is in `content` (what every LivePerson client sends and reads);
/// the published schema's `message` is read as an alias and written as
/// `content`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RichContentEvent {
    /// The structured-content card.
    #[serde(default, alias = "message")]
    pub content: Value,
    /// Optional quick replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_replies: Option<QuickReplies>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An `AcceptStatusEvent` (receipt). Consumes a sequence number itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptStatusEvent {
    /// The receipt status.
    pub status: AcceptStatus,
    /// Sequences (same dialog) this receipt refers to.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub sequence_list: Vec<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `ChatStateEvent` (typing etc.); transient, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatStateEvent {
    /// The chat state.
    pub chat_state: ChatState,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// A messaging event, discriminated by `type`.
    ///
    /// ```
    /// use lpm_protocol::events::{ContentEvent, Event};
    /// use lpm_protocol::enums::ChatState;
    ///
    /// let e: Event = serde_json::from_str(
    ///     r#"{"type":"ContentEvent","contentType":"text/plain","message":"hello"}"#,
    /// ).unwrap();
    /// assert_eq!(e, Event::Content(ContentEvent::text("hello")));
    ///
    /// let e: Event = serde_json::from_str(r#"{"type":"ChatStateEvent","chatState":"COMPOSING"}"#).unwrap();
    /// assert!(matches!(e, Event::ChatState(s) if s.chat_state == ChatState::Composing));
    /// ```
    pub enum Event (tag = "type") {
        /// `ContentEvent`
        Content(ContentEvent) = "ContentEvent",
        /// `RichContentEvent`
        RichContent(RichContentEvent) = "RichContentEvent",
        /// `AcceptStatusEvent`
        AcceptStatus(AcceptStatusEvent) = "AcceptStatusEvent",
        /// `ChatStateEvent`
        ChatState(ChatStateEvent) = "ChatStateEvent",
    }
}

impl Event {
    /// `true` for events that get a sequence number and are stored (content,
    /// rich content, accept status); chat states are transient.
    pub fn is_stored(&self) -> bool {
        matches!(
            self,
            Event::Content(_) | Event::RichContent(_) | Event::AcceptStatus(_)
        )
    }
}

impl From<ContentEvent> for Event {
    fn from(e: ContentEvent) -> Self {
        Event::Content(e)
    }
}

impl From<RichContentEvent> for Event {
    fn from(e: RichContentEvent) -> Self {
        Event::RichContent(e)
    }
}

impl From<AcceptStatusEvent> for Event {
    fn from(e: AcceptStatusEvent) -> Self {
        Event::AcceptStatus(e)
    }
}

impl From<ChatStateEvent> for Event {
    fn from(e: ChatStateEvent) -> Self {
        Event::ChatState(e)
    }
}
