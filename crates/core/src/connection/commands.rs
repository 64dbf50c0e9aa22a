//! User commands ([`Command`]) and their results ([`CommandOutput`]).
//!
//! One entry point, [`crate::connection::Client::command`], takes every command and returns
//! a [`CommandId`]; the result arrives later as
//! [`Event::CommandCompleted`](super::Event::CommandCompleted). Commands and outputs are serde
//! types so the wasm binding passes them as JSON: `{"command":"createConversation","skillId":"12"}`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::secret::Secret;
use super::subscriptions::{SubscriptionHandle, SubscriptionQuery};
use super::tagged::{self, TaggedSerializer};
use crate::model::{ChatState, CloseReason, CsatStatus, DeliveryStatus, ParticipantRole, TtrType};

/// Identifies one command; echoed in its [`Event::CommandCompleted`](super::Event::CommandCompleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommandId(pub u64);

/// A raw UMS request as `connection.send()` takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawRequest {
    /// Type name for this socket's API version (brand `.ams.…`, consumer `ms.…`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// Body (`{}` when absent).
    #[serde(default)]
    pub body: Option<Value>,
    /// Request headers.
    #[serde(default)]
    pub headers: Option<Value>,
    /// Request-level metadata.
    #[serde(default)]
    pub metadata: Option<Value>,
}

/// Routing-task subscription query (`accountId`, `agentId` default to the connection's).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoutingQuery {
    /// Brand id.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Agent old id `{acct}.{userId}`.
    #[serde(default)]
    pub agent_id: Option<String>,
}

/// Something the user asks the connection to do.
///
/// As JSON it is internally tagged: `{"command":"createConversation","skillId":"12"}`, members
/// in camelCase, unknown members an error. Read and write it through serde's traits
/// (`serde_json::from_str::<Command>`); the inherent `Command::serialize` and
/// `Command::deserialize` are the derive's externally tagged form the trait impls build on.
// The derive is externally tagged and, with `remote = "Self"`, generates the inherent
// `Command::serialize`/`Command::deserialize` instead of the trait impls; the impls below add
// the `command` tag around them (`super::tagged`). `#[serde(tag = "command")]` would buffer
// every command into serde's `Content` and compile every field type's deserializer once more
// for it: about 110 KB of the browser build's wasm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Command {
    /// `open()`: authenticate, connect, create the default subscription.
    Open,
    /// `close()`: stop everything and close the socket.
    Close,
    /// `getToken()`: consumer JWT or brand bearer (waits while one is being obtained).
    GetToken,
    /// `send(request)`: a raw UMS request; output is the response body.
    Send {
        /// The request.
        request: RawRequest,
    },
    /// `getClock()`.
    GetClock,
    /// Consumer `createConversation({skillId?, context?, campaignInfo?})`.
    CreateConversation {
        /// Skill (`null` = account default).
        #[serde(default)]
        skill_id: Option<String>,
        /// Conversation context (default: a `CustomContext` named `lp-messaging-sdk`).
        #[serde(default)]
        context: Option<Value>,
        /// `{campaignId, engagementId}`.
        #[serde(default)]
        campaign_info: Option<Value>,
    },
    /// Consumer `conversation.resumeConversation()`: a new conversation carrying the old one's
    /// skill, context and campaign (`requests.md` §24 "Resume": UMS has no resume request), its
    /// context naming the old conversation as `originConversationId`.
    ResumeConversation {
        /// The closed conversation to resume (must be held by the model).
        conversation_id: String,
    },
    /// `closeConversation(conversationId)`.
    CloseConversation {
        /// The conversation.
        conversation_id: String,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `createConversationSubscription({query, waitForReady})`.
    CreateConversationSubscription {
        /// Query (default: the default subscription's query).
        #[serde(default)]
        query: Option<SubscriptionQuery>,
        /// Complete at the first notification instead of the response.
        #[serde(default, alias = "waitForFirstNotification")]
        wait_for_ready: Option<bool>,
    },
    /// `subscription.unsubscribe()` for any subscription kind.
    Unsubscribe {
        /// The subscription.
        handle: SubscriptionHandle,
    },
    /// Brand `createRoutingTaskSubscription({query})`.
    CreateRoutingTaskSubscription {
        /// Query.
        #[serde(default)]
        query: Option<RoutingQuery>,
    },
    /// Brand `setAgentState({agentState, agentId?})`; re-applied after every reconnect.
    SetAgentState {
        /// `ONLINE`, `OFFLINE`, `AWAY`, `BACK_SOON` (or `OCCUPIED`).
        agent_state: String,
        /// Default: the connection's agent.
        #[serde(default)]
        agent_id: Option<String>,
    },
    /// Brand: subscribe to agent state notifications (re-created after reconnects).
    SubscribeAgentsState {
        /// Default: the connection's agent.
        #[serde(default)]
        agent_id: Option<String>,
    },
    /// `setUserProfile(profile)` (consumer).
    SetUserProfile {
        /// Profile fields (`firstName`, `lastName`, `nickName`, …).
        profile: Value,
    },
    /// `getUserProfile(userId?)`: own profile when `userId` is absent.
    GetUserProfile {
        /// Whose profile.
        #[serde(default)]
        user_id: Option<String>,
    },
    /// Consumer `stepUp(authConnectorId, jwtClaimsSet)`.
    StepUp {
        /// Authenticated connector.
        auth_connector_id: String,
        /// Claims object or pre-encoded string.
        jwt_claims_set: Value,
    },
    /// Consumer `mockStepUp(authConnectorId, customerName)`: LivePerson's test-only
    /// predecessor of `stepUp`. The same step-up, with the customer name itself as the code
    /// (`{"lp_jwt", "code": customerName}`, auth.md §2.4), which a mock identity provider
    /// turns into an identity named so.
    MockStepUp {
        /// Authenticated connector.
        auth_connector_id: String,
        /// The customer's name.
        customer_name: String,
    },
    /// Brand `AgentRequestConversation`: open a conversation with a known consumer.
    AgentRequestConversation {
        /// LP consumer id.
        consumer_id: String,
        /// Skill.
        #[serde(default)]
        skill_id: Option<String>,
        /// Context (e.g. `ProactiveContext` with `originConversationId`).
        #[serde(default)]
        context: Option<Value>,
        /// TTR name.
        #[serde(default)]
        ttr_def_name: Option<String>,
    },
    /// Brand `getMessageStatisticsForUser()` (REST).
    GetMessageStatisticsForUser,
    /// Brand `getMessageStatisticsForBrand()` (REST).
    GetMessageStatisticsForBrand,
    /// Brand: one shift-status poll now (REST); also emitted as an event.
    GetShiftStatus,
    /// `getUploadUrl(fileSize, fileType)`.
    GetUploadUrl {
        /// Bytes.
        file_size: u64,
        /// `PNG`, `JPG`, …
        file_type: String,
    },
    /// `getDownloadUrl(relativePath)`.
    GetDownloadUrl {
        /// Path from a hosted-file message.
        relative_path: String,
    },
    /// Get an upload URL and PUT the bytes to file storage; output the relative path, the
    /// file type and an image preview (the hosted-file message is then published with
    /// [`Command::SendFile`]).
    UploadFile {
        /// `PNG`, `JPG`, …; `None`: recognised from the bytes
        /// ([`sniff_file_type`](crate::files::sniff_file_type)), `PNG` when unrecognised
        /// ([`FALLBACK_TYPE`](crate::files::FALLBACK_TYPE)).
        #[serde(default)]
        file_type: Option<String>,
        /// The bytes.
        data: Vec<u8>,
        /// A preview the driver drew (browsers: with the page's own image decoders), held to
        /// the contract of [`accept_preview`](crate::files::accept_preview); `None`: the core
        /// draws one (feature `previews`).
        #[serde(default)]
        preview: Option<String>,
    },
    /// `downloadFile(relativePath)`: get a download URL and GET the bytes.
    DownloadFile {
        /// Path from a hosted-file message.
        relative_path: String,
    },
    /// REST connection `getConversationById(id)` (LivePerson's 1.5.4 `BrandRestConnection`):
    /// read the conversation with UMS REST v1 and merge it into the model; output
    /// `Conversation`. Websocket connections read their cache instead (the model).
    GetConversationById {
        /// The conversation.
        conversation_id: String,
    },
    /// `processWebhooksNotification(payload)`: feed a webhook payload
    /// (`{"wsNotificationMsg":{"type","body"}}`) into the model; works on any connection,
    /// typically a `null` one.
    ProcessWebhooksNotification {
        /// The payload.
        notification: Value,
    },
    /// `processShiftStatusResponse(list)`: apply shift-status data (`[{skillId, onShift,
    /// nextOn, nextOff}]`) to the skills; skill hour events follow.
    ProcessShiftStatusResponse {
        /// The list.
        skills: Value,
    },
    // ----- domain commands, built by the model (`crate::model::commands`) -----
    /// `conversation.join(role)` (brand).
    Join {
        /// Conversation.
        conversation_id: String,
        /// Role to join with.
        role: ParticipantRole,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `conversation.leave()` (brand).
    Leave {
        /// Conversation.
        conversation_id: String,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `conversation.transfer({skillId?, agentId?})` (brand).
    Transfer {
        /// Conversation.
        conversation_id: String,
        /// Target skill.
        #[serde(default)]
        skill_id: Option<String>,
        /// Target agent.
        #[serde(default)]
        agent_id: Option<String>,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// Back to queue (brand).
    BackToQueue {
        /// Conversation.
        conversation_id: String,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `dialog.close(reason?, cause?)`.
    CloseDialog {
        /// Dialog.
        dialog_id: String,
        /// Who closes.
        #[serde(default)]
        reason: Option<CloseReason>,
        /// Free text.
        #[serde(default)]
        cause: Option<String>,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `conversation.setTTR(type, value)`.
    SetTtr {
        /// Conversation.
        conversation_id: String,
        /// TTR type.
        ttr_type: TtrType,
        /// Seconds (only for `CUSTOM`).
        #[serde(default)]
        value: Option<u64>,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `conversation.setManualETTR(time)` (brand).
    SetManualEttr {
        /// Conversation.
        conversation_id: String,
        /// Epoch ms.
        time: u64,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `conversation.setNote(note)` (brand).
    SetNote {
        /// Conversation.
        conversation_id: String,
        /// Note text.
        note: String,
        /// Conversation- or dialog-level request metadata (object or array), e.g.
        /// `{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"}` on a transfer
        /// (`requests.md` §6.9). LivePerson's SDK offers it on messages only.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `conversation.setCsat(rate, resolutionConfirmation, status)` (consumer).
    SetCsat {
        /// Conversation.
        conversation_id: String,
        /// `'0'..'5'`.
        csat_rate: String,
        /// Resolved?
        resolution_confirmation: bool,
        /// Default `FILLED`.
        #[serde(default)]
        status: Option<CsatStatus>,
    },
    /// `sendMessage(text, metadata?, quickReplies?)`.
    SendMessage {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the open one).
        #[serde(default)]
        dialog_id: Option<String>,
        /// Text.
        text: String,
        /// Request metadata (object or array).
        #[serde(default)]
        metadata: Option<Value>,
        /// Quick replies.
        #[serde(default)]
        quick_replies: Option<Value>,
    },
    /// `sendRichText(content, metadata?, quickReplies?)`.
    SendRichText {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the open one).
        #[serde(default)]
        dialog_id: Option<String>,
        /// Structured content.
        content: Value,
        /// Request metadata.
        #[serde(default)]
        metadata: Option<Value>,
        /// Quick replies.
        #[serde(default)]
        quick_replies: Option<Value>,
    },
    /// `sendPrivateMessage(text, metadata?)` (brand).
    SendPrivateMessage {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the open one).
        #[serde(default)]
        dialog_id: Option<String>,
        /// Text.
        text: String,
        /// Request metadata.
        #[serde(default)]
        metadata: Option<Value>,
    },
    /// `message.accept()` / `read()` / `dialog.sendAcceptStatus(seq[])`.
    SendReceipt {
        /// Dialog.
        dialog_id: String,
        /// `ACCEPT`, `READ`, …
        status: DeliveryStatus,
        /// Sequences.
        sequences: Vec<u64>,
    },
    /// `setChatState(state)`.
    SetChatState {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the open one).
        #[serde(default)]
        dialog_id: Option<String>,
        /// `COMPOSING`, `ACTIVE`, …
        chat_state: ChatState,
    },
    /// `queryMessages({maxQuantity?, sequenceMin?, sequenceMax?})` (brand); the records are
    /// merged into the model.
    QueryMessages {
        /// Dialog.
        dialog_id: String,
        /// Page size.
        #[serde(default)]
        max_quantity: Option<u64>,
        /// Lowest sequence.
        #[serde(default)]
        sequence_min: Option<u64>,
        /// Highest sequence.
        #[serde(default)]
        sequence_max: Option<u64>,
    },
    /// Publish a hosted-file message for a file stored with [`Command::UploadFile`]
    /// (`conversation.uploadFile`'s second step, files.md §1.3).
    SendFile {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the open one).
        #[serde(default)]
        dialog_id: Option<String>,
        /// From the upload.
        relative_path: String,
        /// `PNG`, `JPG`, …
        file_type: String,
        /// Caption.
        #[serde(default)]
        caption: Option<String>,
        /// Thumbnail as a data URL (< 30 KB).
        #[serde(default)]
        preview: Option<String>,
    },
    /// `dialog.getAllPublishEvents()` (brand).
    GetAllPublishEvents {
        /// Dialog.
        dialog_id: String,
    },
    /// `ring.accept()`.
    AcceptRing {
        /// Ring.
        ring_id: String,
    },
    /// `ring.reject()`.
    RejectRing {
        /// Ring.
        ring_id: String,
    },
    /// `conversation.consumerTakeover(newConsumerId)` (consumer).
    ConsumerTakeover {
        /// Conversation.
        conversation_id: String,
        /// New consumer id.
        new_consumer_id: String,
    },
}

/// The JSON tag member that names the command.
const COMMAND_TAG: &str = "command";

impl Serialize for Command {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The derived, externally tagged form (the inherent function: it comes before the
        // trait method), written with the tag inside.
        Command::serialize(self, TaggedSerializer::new(COMMAND_TAG, serializer))
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The tag is taken out and the rest read by the derived, externally tagged form (the
        // inherent function).
        tagged::deserialize(deserializer, COMMAND_TAG, Command::deserialize)
    }
}

impl Command {
    /// The request-level metadata of a conversation or dialog command, if any.
    pub fn conversation_metadata(&self) -> Option<&Value> {
        match self {
            Command::Join { metadata, .. }
            | Command::Leave { metadata, .. }
            | Command::Transfer { metadata, .. }
            | Command::BackToQueue { metadata, .. }
            | Command::CloseConversation { metadata, .. }
            | Command::CloseDialog { metadata, .. }
            | Command::SetTtr { metadata, .. }
            | Command::SetManualEttr { metadata, .. }
            | Command::SetNote { metadata, .. } => metadata.as_ref(),
            _ => None,
        }
    }

    /// The command's name, for errors.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Open => "open",
            Command::Close => "close",
            Command::GetToken => "getToken",
            Command::Send { .. } => "send",
            Command::GetClock => "getClock",
            Command::CreateConversation { .. } => "createConversation",
            Command::ResumeConversation { .. } => "resumeConversation",
            Command::CloseConversation { .. } => "closeConversation",
            Command::CreateConversationSubscription { .. } => "createConversationSubscription",
            Command::Unsubscribe { .. } => "unsubscribe",
            Command::CreateRoutingTaskSubscription { .. } => "createRoutingTaskSubscription",
            Command::SetAgentState { .. } => "setAgentState",
            Command::SubscribeAgentsState { .. } => "subscribeAgentsState",
            Command::SetUserProfile { .. } => "setUserProfile",
            Command::GetUserProfile { .. } => "getUserProfile",
            Command::StepUp { .. } => "stepUp",
            Command::MockStepUp { .. } => "mockStepUp",
            Command::AgentRequestConversation { .. } => "agentRequestConversation",
            Command::GetMessageStatisticsForUser => "getMessageStatisticsForUser",
            Command::GetMessageStatisticsForBrand => "getMessageStatisticsForBrand",
            Command::GetShiftStatus => "getShiftStatus",
            Command::GetUploadUrl { .. } => "getUploadUrl",
            Command::GetDownloadUrl { .. } => "getDownloadUrl",
            Command::UploadFile { .. } => "uploadFile",
            Command::DownloadFile { .. } => "downloadFile",
            Command::GetConversationById { .. } => "getConversationById",
            Command::ProcessWebhooksNotification { .. } => "processWebhooksNotification",
            Command::ProcessShiftStatusResponse { .. } => "processShiftStatusResponse",
            Command::Join { .. } => "join",
            Command::Leave { .. } => "leave",
            Command::Transfer { .. } => "transfer",
            Command::BackToQueue { .. } => "backToQueue",
            Command::CloseDialog { .. } => "closeDialog",
            Command::SetTtr { .. } => "setTTR",
            Command::SetManualEttr { .. } => "setManualETTR",
            Command::SetNote { .. } => "setNote",
            Command::SetCsat { .. } => "setCsat",
            Command::SendMessage { .. } => "sendMessage",
            Command::SendRichText { .. } => "sendRichText",
            Command::SendPrivateMessage { .. } => "sendPrivateMessage",
            Command::SendReceipt { .. } => "sendReceipt",
            Command::SetChatState { .. } => "setChatState",
            Command::QueryMessages { .. } => "queryMessages",
            Command::GetAllPublishEvents { .. } => "getAllPublishEvents",
            Command::SendFile { .. } => "sendFile",
            Command::AcceptRing { .. } => "acceptRing",
            Command::RejectRing { .. } => "rejectRing",
            Command::ConsumerTakeover { .. } => "consumerTakeover",
        }
    }
}

/// What a successful command produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CommandOutput {
    /// Nothing to return.
    Done,
    /// `getToken()`.
    Token {
        /// The token (redacted in `Debug`).
        token: Secret,
    },
    /// A raw response body (`send`, message statistics, …).
    Body {
        /// The body (`null` when absent).
        body: Value,
    },
    /// `getClock()`.
    Clock {
        /// Server time, epoch ms.
        current_time: i64,
    },
    /// A conversation was created.
    Conversation {
        /// Its id.
        conversation_id: String,
    },
    /// A subscription was created.
    Subscription {
        /// Local handle.
        handle: SubscriptionHandle,
        /// Wire id.
        subscription_id: Option<String>,
    },
    /// A user profile.
    UserProfile {
        /// The profile object.
        profile: Value,
    },
    /// Shift status: `[{skillId, onShift, nextOn, nextOff}]`.
    ShiftStatus {
        /// The list.
        skills: Value,
    },
    /// A file-storage URL.
    FileUrl {
        /// `/v1/AUTH_…/…`
        relative_path: String,
        /// `{temp_url_sig, temp_url_expires}`.
        query_params: Value,
    },
    /// A file was stored.
    Uploaded {
        /// Reference for the hosted-file message.
        relative_path: String,
        /// The file type used (given or recognised).
        file_type: String,
        /// A thumbnail data URL for images ([`preview`](crate::files::preview)).
        preview: Option<String>,
    },
    /// The sequence a published event got (`sendMessage`, …).
    Sequence {
        /// Sequence.
        sequence: u64,
    },
    /// `queryMessages` records (already merged into the model).
    Records {
        /// The event records.
        records: Value,
    },
    /// A downloaded file.
    File {
        /// Bytes.
        // The JavaScript driver gets them as a `Uint8Array` (`takeBytes`), not in the JSON.
        #[cfg_attr(feature = "ts", ts(skip))]
        data: Vec<u8>,
        /// Last path segment.
        filename: Option<String>,
    },
}
