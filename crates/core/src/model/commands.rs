//! Domain commands as pure functions of the model (requests.md §6, §10–§12, §20, §24).
//!
//! Each function checks the state (is there an open dialog, is this the same agent, …), builds
//! the request body and says what a successful response looks like. The connection sends it
//! ([`Command::to_request`] names the type for the socket's API version), matches the response
//! and calls [`Command::check`]. Nothing here sends, waits or changes the model.
//!
//! ```
//! use lpm_core::model::{commands, IngestContext, Model, Viewer, ParticipantRole};
//! use lpm_core::time::Time;
//! use lpm_protocol::{ApiVersion, Response};
//!
//! let mut model = Model::new(Viewer::brand("123", "pid-me", "123.456"));
//! model.ingest_webhook(&serde_json::json!({"wsNotificationMsg":{"type":"cqm.ExConversationChangeNotification",
//!   "body":{"changes":[{"type":"UPSERT","result":{"convId":"c1","conversationDetails":{"brandId":"123",
//!   "stage":"OPEN","dialogs":[{"dialogId":"c1","dialogType":"MAIN","state":"OPEN","participantsDetails":[]}]}}}]}}}), Time(1));
//!
//! let cmd = commands::join(&model, "c1", ParticipantRole::Manager).unwrap();
//! assert_eq!(cmd.body["conversationField"][0]["userId"], "123.456");
//! let req = cmd.to_request("7", ApiVersion::V2_1).unwrap();
//! assert_eq!(req.type_name, ".ams.cm.UpdateConversationField");
//!
//! let ok = Response::text("7", 200, ApiVersion::V2_1, "OK Agent added successfully");
//! assert!(cmd.check(&ok).is_ok());
//! let odd = Response::text("7", 200, ApiVersion::V2_1, "Something else");
//! assert_eq!(cmd.check(&odd).unwrap_err().to_string(), "Something else");
//! ```

use lpm_protocol::metadata::Metadata;
use lpm_protocol::texts;
use lpm_protocol::{ApiVersion, FrameError, MessageType, Request, Response};
use serde_json::{Map, Value, json};

use super::Model;
use super::conversation::Conversation;
use super::dialog::Dialog;
use super::enums::{
    AgentState, ChatState, CloseReason, ConversationStage, CsatStatus, DeliveryStatus,
    ParticipantRole, TtrType,
};
use super::error::ModelError;

/// Longest text message (`sendMessage`), in JavaScript string units (UTF-16).
pub const MAX_TEXT_LENGTH: usize = 8_000;
/// Longest structured content (`sendRichText`), as serialized JSON, in UTF-16 units.
pub const MAX_RICH_CONTENT_LENGTH: usize = 15_000;
/// Longest conversation note.
pub const MAX_NOTE_LENGTH: usize = 5_000;

/// What a successful response must look like (success texts from [`lpm_protocol::texts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A string body equal to one of these texts.
    Text(Vec<&'static str>),
    /// `{"sequence": N}` (PublishEvent).
    Sequence,
    /// An array of event records (QueryMessages).
    Records,
    /// Any non-error response.
    Any,
}

/// What a checked response gave.
#[derive(Debug, Clone, PartialEq)]
pub enum CommandOutput {
    /// Done, nothing to report.
    Done,
    /// The sequence the published event got.
    Sequence(u64),
    /// QueryMessages records (feed them to [`Model::ingest_query_messages`]).
    Records(Value),
}

/// A request to send, built from the model, and how to judge its response.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The UMS request type; its name depends on the socket version.
    pub message_type: MessageType,
    /// The request body (the same on v2 and v3 sockets).
    pub body: Value,
    /// Request-level `metadata` (array of objects), if any.
    pub metadata: Option<Vec<Value>>,
    /// What success looks like.
    pub expect: Expect,
    /// The conversation concerned (for error decoration), if any.
    pub conversation_id: Option<String>,
    /// The dialog concerned (for QueryMessages results and error decoration), if any.
    pub dialog_id: Option<String>,
    /// A transient state the model shows while the request is in flight (see
    /// [`Model::begin_command`]).
    pub marks: Option<Mark>,
    /// What the model records as soon as the server accepts the command (see
    /// [`Model::command_succeeded`]).
    pub on_success: Option<Effect>,
}

/// What an accepted command changes in the model before the notification that confirms it
/// arrives, so that the next command sees it: e.g. a `transfer` right after `join` must know
/// that this user is now a participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// This user joined the conversation's open dialog with this role.
    SelfJoined(ParticipantRole),
}

/// A transient state shown while a command is in flight, so that the user sees `CLOSING` and a
/// second close is refused before the server has answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The conversation shows stage `CLOSING`.
    ConversationClosing,
    /// The dialog refuses another close.
    DialogClosing,
}

impl Command {
    fn new(message_type: MessageType, body: Value, expect: Expect) -> Command {
        Command {
            message_type,
            body,
            metadata: None,
            expect,
            conversation_id: None,
            dialog_id: None,
            marks: None,
            on_success: None,
        }
    }

    fn marking(mut self, mark: Mark) -> Command {
        self.marks = Some(mark);
        self
    }

    fn on(mut self, conversation_id: Option<&str>, dialog_id: Option<&str>) -> Command {
        self.conversation_id = conversation_id.map(str::to_owned);
        self.dialog_id = dialog_id.map(str::to_owned);
        self
    }

    /// The request frame for a socket of `version`, with request id `id`.
    pub fn to_request(
        &self,
        id: impl Into<String>,
        version: ApiVersion,
    ) -> Result<Request, FrameError> {
        let mut req = Request::new(id, self.message_type, version, self.body.clone())?;
        if let Some(list) = &self.metadata {
            let typed: Result<Vec<Metadata>, _> = list
                .iter()
                .map(|m| serde_json::from_value::<Metadata>(m.clone()))
                .collect();
            req.metadata = Some(typed.map_err(|e| FrameError::InvalidField {
                field: "metadata",
                reason: e.to_string(),
            })?);
        }
        Ok(req)
    }

    /// Judges a response: an error code, or a success body other than the expected one, is an
    /// error carrying the server's text verbatim.
    pub fn check(&self, response: &Response) -> Result<CommandOutput, ModelError> {
        if response.is_error() {
            return Err(ModelError::ErrorResponse {
                code: response.code,
                message: response.error_message().unwrap_or_default(),
            });
        }
        let shown = || match &response.body {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        };
        match &self.expect {
            Expect::Any => Ok(CommandOutput::Done),
            Expect::Text(texts) => match response.text_body() {
                Some(t) if texts.iter().any(|x| *x == t.trim()) => Ok(CommandOutput::Done),
                _ => Err(ModelError::UnexpectedResponse {
                    expected: texts.join(" | "),
                    got: shown(),
                }),
            },
            Expect::Sequence => response
                .body
                .as_ref()
                .and_then(|b| b.get("sequence"))
                .and_then(Value::as_u64)
                .map(CommandOutput::Sequence)
                .ok_or_else(|| ModelError::UnexpectedResponse {
                    expected: "{\"sequence\":N}".into(),
                    got: shown(),
                }),
            Expect::Records => match &response.body {
                Some(v @ Value::Array(_)) => Ok(CommandOutput::Records(v.clone())),
                _ => Err(ModelError::UnexpectedResponse {
                    expected: "an array of events".into(),
                    got: shown(),
                }),
            },
        }
    }
}

// ----- helpers -------------------------------------------------------------------------------

fn conversation<'a>(model: &'a Model, id: &str) -> Result<&'a Conversation, ModelError> {
    model
        .conversation(id)
        .ok_or_else(|| ModelError::UnknownConversation(id.to_owned()))
}

fn require_brand(model: &Model, what: &'static str) -> Result<(), ModelError> {
    if model.viewer().is_brand() {
        Ok(())
    } else {
        Err(ModelError::BrandOnly(what))
    }
}

fn require_consumer(model: &Model, what: &'static str) -> Result<(), ModelError> {
    if model.viewer().is_brand() {
        Err(ModelError::ConsumerOnly(what))
    } else {
        Ok(())
    }
}

/// The open messaging dialog, or the named one if it is open.
fn open_dialog<'a>(c: &'a Conversation, dialog_id: Option<&str>) -> Result<&'a Dialog, ModelError> {
    match dialog_id {
        None => c.open_dialog().ok_or(ModelError::NoOpenDialog),
        Some(id) => {
            let d = c
                .dialog(id)
                .ok_or_else(|| ModelError::UnknownDialog(id.to_owned()))?;
            if d.is_open() && c.stage != ConversationStage::Close {
                Ok(d)
            } else {
                Err(ModelError::NoOpenDialog)
            }
        }
    }
}

/// The user id brand requests use for this user: the old id `{acct}.{userId}` on v2.
fn own_agent_id(model: &Model) -> Result<String, ModelError> {
    let v = model.viewer();
    v.agent_id
        .clone()
        .or_else(|| (!v.user_id.is_empty()).then(|| v.user_id.clone()))
        .ok_or_else(|| ModelError::InvalidArgument("the current user's id is not known yet".into()))
}

/// `accountId.agentId` unless already qualified (sdk-api §5.3: agent ids are normalised).
pub fn normalize_agent_id(account_id: &str, agent_id: &str) -> String {
    if agent_id.contains('.') || agent_id.contains('-') {
        agent_id.to_owned()
    } else {
        format!("{account_id}.{agent_id}")
    }
}

/// JavaScript string length (UTF-16 code units), which is what the limits count.
fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn update_fields(conversation_id: &str, fields: Value) -> Value {
    json!({"conversationId": conversation_id, "conversationField": fields})
}

fn participants_change(kind: &str, role: &ParticipantRole, user_id: &str) -> Value {
    json!({"field": "ParticipantsChange", "type": kind, "role": role.as_str(), "userId": user_id})
}

/// Metadata as given by the user: one object or an array of objects.
pub(crate) fn metadata_list(metadata: Option<&Value>) -> Result<Option<Vec<Value>>, ModelError> {
    match metadata {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(list)) => {
            if list.iter().all(Value::is_object) {
                Ok(Some(list.clone()))
            } else {
                Err(ModelError::InvalidArgument(
                    "metadata must be objects".into(),
                ))
            }
        }
        Some(v @ Value::Object(_)) => Ok(Some(vec![v.clone()])),
        Some(_) => Err(ModelError::InvalidArgument(
            "metadata must be an object or an array of objects".into(),
        )),
    }
}

fn publish(
    c: &Conversation,
    d: &Dialog,
    event: Value,
    audience: &str,
    metadata: Option<&Value>,
) -> Result<Command, ModelError> {
    let body = json!({
        "conversationId": c.conversation_id,
        "dialogId": d.dialog_id,
        "messageAudience": audience,
        "event": event,
    });
    let mut cmd = Command::new(MessageType::PublishEvent, body, Expect::Sequence)
        .on(Some(&c.conversation_id), Some(&d.dialog_id));
    cmd.metadata = metadata_list(metadata)?;
    Ok(cmd)
}

// ----- participants ------------------------------------------------------------------------

/// `conversation.join(role)`: add the current brand user in `role`.
pub fn join(
    model: &Model,
    conversation_id: &str,
    role: ParticipantRole,
) -> Result<Command, ModelError> {
    require_brand(model, "join")?;
    let c = conversation(model, conversation_id)?;
    open_dialog(c, None)?;
    let me = own_agent_id(model)?;
    let fields = json!([participants_change("ADD", &role, &me)]);
    let mut cmd = Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, fields),
        Expect::Text(vec![texts::AGENT_ADDED]),
    )
    .on(Some(conversation_id), None);
    cmd.on_success = Some(Effect::SelfJoined(role));
    Ok(cmd)
}

/// `conversation.leave()`: remove the current brand user from every role it holds.
pub fn leave(model: &Model, conversation_id: &str) -> Result<Command, ModelError> {
    require_brand(model, "leave")?;
    let c = conversation(model, conversation_id)?;
    let d = c.current_dialog().ok_or(ModelError::NoOpenDialog)?;
    let me = own_agent_id(model)?;
    let viewer = model.viewer();
    let fields: Vec<Value> = d
        .participants
        .iter()
        .filter(|p| {
            p.is_active()
                && (viewer.is(&p.user_id) || p.agent_id.as_deref().is_some_and(|a| viewer.is(a)))
        })
        .map(|p| participants_change("REMOVE", &p.role, &me))
        .collect();
    if fields.is_empty() {
        return Err(ModelError::NotAParticipant);
    }
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, Value::Array(fields)),
        Expect::Text(vec![texts::AGENT_REMOVED]),
    )
    .on(Some(conversation_id), None))
}

/// Where a transfer goes: a skill, an agent (suggested as the new assigned agent), or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransferTarget {
    /// Target skill id.
    pub skill_id: Option<String>,
    /// Target agent: `accountId.userId`, or just the user id (the account is prefixed).
    pub agent_id: Option<String>,
}

/// `conversation.transfer({skillId?, agentId?})`.
///
/// Field order as LivePerson's SDK sends it (requests.md §6.4): skill update; removal of the
/// target from any role it already holds (else UMS answers "Agent already exist"); the
/// suggestion; and last the removal of the current assigned agent.
pub fn transfer(
    model: &Model,
    conversation_id: &str,
    target: &TransferTarget,
) -> Result<Command, ModelError> {
    require_brand(model, "transfer")?;
    let c = conversation(model, conversation_id)?;
    let d = open_dialog(c, None)?;
    if target.skill_id.is_none() && target.agent_id.is_none() {
        return Err(ModelError::EmptyTransfer);
    }
    let account = &model.viewer().account_id;
    // Requests name agents by old id; a PID of a known participant is translated.
    let agent = target.agent_id.as_deref().map(|a| {
        c.dialogs
            .iter()
            .flat_map(|d| d.participants.iter().chain(&d.removed_participants))
            .find(|p| p.user_id == a)
            .and_then(|p| p.agent_id.clone())
            .unwrap_or_else(|| normalize_agent_id(account, a))
    });
    let current = d.assigned_agent();
    if let (Some(a), Some(cur)) = (&agent, current)
        && cur.is(a)
    {
        return Err(ModelError::SameAgent(a.clone()));
    }
    let mut fields = Vec::new();
    if let Some(skill) = &target.skill_id {
        fields.push(json!({"field": "Skill", "type": "UPDATE", "skill": skill}));
    }
    let mut removes = false;
    if let Some(a) = &agent {
        for p in d.participants.iter().filter(|p| p.is_active() && p.is(a)) {
            fields.push(participants_change("REMOVE", &p.role, a));
            removes = true;
        }
        fields.push(participants_change(
            "SUGGEST",
            &ParticipantRole::AssignedAgent,
            a,
        ));
    }
    if let Some(cur) = current {
        let id = cur.agent_id.clone().unwrap_or_else(|| cur.user_id.clone());
        fields.push(participants_change(
            "REMOVE",
            &ParticipantRole::AssignedAgent,
            &id,
        ));
        removes = true;
    }
    let expect = if removes {
        vec![texts::AGENT_REMOVED]
    } else {
        // Without a removal UMS reports the skill change; a bare suggestion is not documented,
        // so either text is success.
        vec![texts::SKILL_CHANGED, texts::AGENT_ADDED]
    };
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, Value::Array(fields)),
        Expect::Text(expect),
    )
    .on(Some(conversation_id), None))
}

/// Back to queue: remove the current assigned agent; the skill stays and routing starts again.
pub fn back_to_queue(model: &Model, conversation_id: &str) -> Result<Command, ModelError> {
    require_brand(model, "backToQueue")?;
    let c = conversation(model, conversation_id)?;
    let d = open_dialog(c, None)?;
    let cur = d.assigned_agent().ok_or(ModelError::NoAssignedAgent)?;
    let id = cur.agent_id.clone().unwrap_or_else(|| cur.user_id.clone());
    let fields = json!([participants_change(
        "REMOVE",
        &ParticipantRole::AssignedAgent,
        &id
    )]);
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, fields),
        Expect::Text(vec![texts::AGENT_REMOVED]),
    )
    .on(Some(conversation_id), None))
}

/// `conversation.consumerTakeover(newConsumerId)` (step-up, requests.md §24): replace the
/// consumer participant in one request.
pub fn consumer_takeover(
    model: &Model,
    conversation_id: &str,
    new_consumer_id: &str,
) -> Result<Command, ModelError> {
    let c = conversation(model, conversation_id)?;
    let old = c.consumer().ok_or(ModelError::NoConsumer)?;
    let fields = json!([
        participants_change("REMOVE", &ParticipantRole::Consumer, &old.user_id),
        participants_change("ADD", &ParticipantRole::Consumer, new_consumer_id),
    ]);
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, fields),
        Expect::Any,
    )
    .on(Some(conversation_id), None))
}

// ----- conversation fields ------------------------------------------------------------------

/// `conversation.close()` / `connection.closeConversation(id)`: close the conversation and all
/// its dialogs (no survey). A conversation not in the cache can be closed by id too; a cached
/// one must not be closed or closing already.
pub fn close_conversation(model: &Model, conversation_id: &str) -> Result<Command, ModelError> {
    if let Some(c) = model.conversation(conversation_id) {
        match c.stage {
            ConversationStage::Close => return Err(ModelError::ConversationClosed),
            ConversationStage::Closing => return Err(ModelError::ConversationClosing),
            _ => {}
        }
    }
    let fields = json!([{"field": "ConversationStateField", "conversationState": "CLOSE"}]);
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, fields),
        Expect::Text(vec![texts::CONVERSATION_RESOLVED]),
    )
    .on(Some(conversation_id), None)
    .marking(Mark::ConversationClosing))
}

/// `dialog.close(reason?, cause?)`: close one dialog (closing MAIN lets a survey start).
pub fn close_dialog(
    model: &Model,
    dialog_id: &str,
    reason: Option<CloseReason>,
    cause: Option<&str>,
) -> Result<Command, ModelError> {
    let c = model
        .conversation_of_dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    let d = c
        .dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    if !d.is_open() {
        return Err(ModelError::DialogAlreadyClosed);
    }
    if d.closing {
        return Err(ModelError::DialogClosing);
    }
    let mut dialog = Map::new();
    dialog.insert("dialogId".into(), dialog_id.into());
    dialog.insert("state".into(), "CLOSE".into());
    if let Some(r) = reason {
        dialog.insert("closedBy".into(), r.as_str().into());
    }
    if let Some(cause) = cause {
        dialog.insert("closedCause".into(), cause.into());
    }
    let fields = json!([{"field": "DialogChange", "type": "UPDATE", "dialog": dialog}]);
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(&c.conversation_id, fields),
        Expect::Text(vec![texts::CONVERSATION_RESOLVED]),
    )
    .on(Some(&c.conversation_id), Some(dialog_id))
    .marking(Mark::DialogClosing))
}

/// `conversation.setTTR(type, value = 0)`: the value only counts for `CUSTOM`.
pub fn set_ttr(
    model: &Model,
    conversation_id: &str,
    ttr_type: TtrType,
    value: u64,
) -> Result<Command, ModelError> {
    conversation(model, conversation_id)?;
    let value = if ttr_type == TtrType::Custom {
        value
    } else {
        0
    };
    let field = json!({"field": "TTRField", "ttrType": ttr_type.as_str(), "value": value});
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, field),
        Expect::Text(vec![texts::TTR_UPDATED]),
    )
    .on(Some(conversation_id), None))
}

/// `conversation.setManualETTR(time)` (brand): expected response time, epoch ms.
pub fn set_manual_ettr(
    model: &Model,
    conversation_id: &str,
    time: u64,
) -> Result<Command, ModelError> {
    require_brand(model, "setManualETTR")?;
    conversation(model, conversation_id)?;
    let field = json!({"field": "ManualETTR", "time": time});
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, field),
        Expect::Text(vec![texts::MANUAL_ETTR_UPDATED]),
    )
    .on(Some(conversation_id), None))
}

/// `conversation.setNote(note)` (brand, ≤ 5 000 characters). Allowed after close too: UMS
/// accepts notes on closed conversations (requests.md §6.8), which is when wrap-up notes are
/// written.
pub fn set_note(model: &Model, conversation_id: &str, note: &str) -> Result<Command, ModelError> {
    require_brand(model, "setNote")?;
    conversation(model, conversation_id)?;
    let length = js_len(note);
    if length > MAX_NOTE_LENGTH {
        return Err(ModelError::NoteTooLong {
            length,
            max: MAX_NOTE_LENGTH,
        });
    }
    let field = json!({"field": "Note", "note": note});
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, field),
        Expect::Text(vec![texts::NOTE_UPDATED]),
    )
    .on(Some(conversation_id), None))
}

/// `conversation.setCsat(rate '0'..'5', resolutionConfirmation, status = FILLED)` (consumer).
pub fn set_csat(
    model: &Model,
    conversation_id: &str,
    csat_rate: &str,
    resolution_confirmation: bool,
    status: CsatStatus,
) -> Result<Command, ModelError> {
    require_consumer(model, "setCsat")?;
    conversation(model, conversation_id)?;
    if !matches!(csat_rate, "0" | "1" | "2" | "3" | "4" | "5") {
        return Err(ModelError::InvalidArgument(format!(
            "csatRate must be a string from \"0\" to \"5\", got {csat_rate:?}"
        )));
    }
    let field = json!({
        "field": "CSATRate", "csatRate": csat_rate,
        "csatResolutionConfirmation": resolution_confirmation, "status": status.as_str(),
    });
    Ok(Command::new(
        MessageType::UpdateConversationField,
        update_fields(conversation_id, field),
        Expect::Text(vec![texts::CSAT_PROCESSED]),
    )
    .on(Some(conversation_id), None))
}

// ----- publishing ------------------------------------------------------------------------------

/// `sendMessage(text, metadata?, quickReplies?)` to the open dialog (or `dialog_id`).
///
/// Empty text is refused, as is text over [`MAX_TEXT_LENGTH`]; markdown (`#md#…#/md#`) passes
/// through unchanged. `metadata` is one object or an array of objects.
pub fn send_message(
    model: &Model,
    conversation_id: &str,
    dialog_id: Option<&str>,
    text: &str,
    metadata: Option<&Value>,
    quick_replies: Option<&Value>,
) -> Result<Command, ModelError> {
    let c = conversation(model, conversation_id)?;
    let d = open_dialog(c, dialog_id)?;
    check_text(text)?;
    let mut event = json!({"type": "ContentEvent", "contentType": "text/plain", "message": text});
    if let Some(q) = quick_replies.filter(|q| !q.is_null()) {
        event["quickReplies"] = q.clone();
    }
    publish(c, d, event, "ALL", metadata)
}

fn check_text(text: &str) -> Result<(), ModelError> {
    if text.is_empty() {
        return Err(ModelError::EmptyMessage);
    }
    let length = js_len(text);
    if length > MAX_TEXT_LENGTH {
        return Err(ModelError::MessageTooLong {
            length,
            max: MAX_TEXT_LENGTH,
        });
    }
    Ok(())
}

/// `sendRichText(content, metadata?, quickReplies?)`: structured content (≤ 15 000 characters
/// serialized).
pub fn send_rich_text(
    model: &Model,
    conversation_id: &str,
    dialog_id: Option<&str>,
    content: &Value,
    metadata: Option<&Value>,
    quick_replies: Option<&Value>,
) -> Result<Command, ModelError> {
    let c = conversation(model, conversation_id)?;
    let d = open_dialog(c, dialog_id)?;
    if !content.is_object() {
        return Err(ModelError::InvalidArgument(
            "rich content must be an object".into(),
        ));
    }
    let length = js_len(&content.to_string());
    if length > MAX_RICH_CONTENT_LENGTH {
        return Err(ModelError::RichContentTooLong {
            length,
            max: MAX_RICH_CONTENT_LENGTH,
        });
    }
    let mut event = json!({"type": "RichContentEvent", "content": content});
    if let Some(q) = quick_replies.filter(|q| !q.is_null()) {
        event["quickReplies"] = q.clone();
    }
    publish(c, d, event, "ALL", metadata)
}

/// `sendPrivateMessage(text, metadata?)` (brand): audience `AGENTS_AND_MANAGERS`, never shown to
/// the consumer.
pub fn send_private_message(
    model: &Model,
    conversation_id: &str,
    dialog_id: Option<&str>,
    text: &str,
    metadata: Option<&Value>,
) -> Result<Command, ModelError> {
    require_brand(model, "sendPrivateMessage")?;
    let c = conversation(model, conversation_id)?;
    let d = open_dialog(c, dialog_id)?;
    check_text(text)?;
    let event = json!({"type": "ContentEvent", "contentType": "text/plain", "message": text});
    publish(c, d, event, "AGENTS_AND_MANAGERS", metadata)
}

/// The hosted-file message of an uploaded file (files.md §1.3, `uploadFile`'s second step): a
/// `ContentEvent` of type `hosted/file` naming the stored object, with its caption and image
/// preview.
pub fn send_file(
    model: &Model,
    conversation_id: &str,
    dialog_id: Option<&str>,
    relative_path: &str,
    file_type: &str,
    caption: Option<&str>,
    preview: Option<&str>,
) -> Result<Command, ModelError> {
    let c = conversation(model, conversation_id)?;
    let d = open_dialog(c, dialog_id)?;
    let mut message = json!({"relativePath": relative_path, "fileType": file_type});
    if let Some(caption) = caption {
        message["caption"] = json!(caption);
    }
    if let Some(preview) = preview {
        message["preview"] = json!(preview);
    }
    let event = json!({"type": "ContentEvent", "contentType": "hosted/file", "message": message});
    publish(c, d, event, "ALL", None)
}

/// `sendAcceptStatus(seqs)` / `sendReadStatus(seqs)` / `message.accept()` / `read()`: a receipt
/// for messages of `dialog_id`. Allowed on closed dialogs (UMS accepts them there).
pub fn send_receipt(
    model: &Model,
    dialog_id: &str,
    status: DeliveryStatus,
    sequences: &[u64],
) -> Result<Command, ModelError> {
    let c = model
        .conversation_of_dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    let d = c
        .dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    if sequences.is_empty() {
        return Err(ModelError::InvalidArgument(
            "no sequences to acknowledge".into(),
        ));
    }
    let event =
        json!({"type": "AcceptStatusEvent", "status": status.as_str(), "sequenceList": sequences});
    publish(c, d, event, "ALL", None)
}

/// `setChatState(state)` on the open dialog (or `dialog_id`). Answered with `{"sequence":0}`.
pub fn set_chat_state(
    model: &Model,
    conversation_id: &str,
    dialog_id: Option<&str>,
    chat_state: ChatState,
) -> Result<Command, ModelError> {
    let c = conversation(model, conversation_id)?;
    let d = open_dialog(c, dialog_id)?;
    if matches!(chat_state, ChatState::Removed) {
        return Err(ModelError::InvalidArgument(
            "REMOVED is not a chat state to send".into(),
        ));
    }
    let event = json!({"type": "ChatStateEvent", "chatState": chat_state.as_str()});
    publish(c, d, event, "ALL", None)
}

// ----- history ---------------------------------------------------------------------------------

/// `queryMessages({maxQuantity?, sequenceMin?, sequenceMax?})` bounds; both inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageQuery {
    /// Page size.
    pub max_quantity: Option<u64>,
    /// Lowest sequence (`newerThanSequence`).
    pub sequence_min: Option<u64>,
    /// Highest sequence (`olderThanSequence`).
    pub sequence_max: Option<u64>,
}

/// `queryMessages(query)` (brand, v2 only): stored events of `dialog_id`. Feed the records of
/// the response to [`Model::ingest_query_messages`].
pub fn query_messages(
    model: &Model,
    dialog_id: &str,
    query: &MessageQuery,
) -> Result<Command, ModelError> {
    require_brand(model, "queryMessages")?;
    let c = model
        .conversation_of_dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    let mut body = json!({"dialogId": dialog_id});
    if let Some(n) = query.sequence_min {
        body["newerThanSequence"] = n.into();
    }
    if let Some(n) = query.sequence_max {
        body["olderThanSequence"] = n.into();
    }
    if let Some(n) = query.max_quantity {
        body["maxQuantity"] = n.into();
    }
    Ok(
        Command::new(MessageType::QueryMessages, body, Expect::Records)
            .on(Some(&c.conversation_id), Some(dialog_id)),
    )
}

/// `dialog.getAllPublishEvents()`: what to ask for to fill the gaps, from the smallest sequence
/// not seen. Brand: `QueryMessages` from there; consumer: `ms.SubscribeMessagingEvents` with
/// `fromSeq` there (the history arrives as a messaging notification).
pub fn get_all_publish_events(model: &Model, dialog_id: &str) -> Result<Command, ModelError> {
    let c = model
        .conversation_of_dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    let d = c
        .dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    let from = d.first_missing_sequence();
    if model.viewer().is_brand() {
        query_messages(
            model,
            dialog_id,
            &MessageQuery {
                sequence_min: Some(from),
                ..MessageQuery::default()
            },
        )
    } else {
        Ok(subscribe_messaging_events_from(c, d, from))
    }
}

/// `ms.SubscribeMessagingEvents` for a consumer's dialog from sequence 0 (sent for every open
/// dialog of a newly seen conversation, for new dialogs, and again after a reconnect).
pub fn subscribe_messaging_events(model: &Model, dialog_id: &str) -> Result<Command, ModelError> {
    let c = model
        .conversation_of_dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    let d = c
        .dialog(dialog_id)
        .ok_or_else(|| ModelError::UnknownDialog(dialog_id.to_owned()))?;
    Ok(subscribe_messaging_events_from(c, d, 0))
}

fn subscribe_messaging_events_from(c: &Conversation, d: &Dialog, from: u64) -> Command {
    let body =
        json!({"dialogId": d.dialog_id, "conversationId": c.conversation_id, "fromSeq": from});
    Command::new(MessageType::SubscribeMessagingEvents, body, Expect::Any)
        .on(Some(&c.conversation_id), Some(&d.dialog_id))
}

// ----- routing -----------------------------------------------------------------------------------

/// `ring.accept()`: the agent becomes the assigned agent; the conversation arrives through the
/// conversation subscription.
pub fn accept_ring(model: &Model, ring_id: &str) -> Result<Command, ModelError> {
    ring_state(model, ring_id, "ACCEPTED")
}

/// `ring.reject()`.
pub fn reject_ring(model: &Model, ring_id: &str) -> Result<Command, ModelError> {
    ring_state(model, ring_id, "REJECTED")
}

fn ring_state(model: &Model, ring_id: &str, state: &str) -> Result<Command, ModelError> {
    require_brand(model, "ring")?;
    let conversation_id = model.ring(ring_id).map(|r| r.conversation_id.clone());
    Ok(Command::new(
        MessageType::UpdateRingState,
        json!({"ringId": ring_id, "ringState": state}),
        Expect::Any,
    )
    .on(conversation_id.as_deref(), None))
}

/// `setAgentState({agentState})` on the messaging channel (answered 202
/// "Agent state updated successfully").
pub fn set_agent_state(model: &Model, state: AgentState) -> Result<Command, ModelError> {
    require_brand(model, "setAgentState")?;
    let me = own_agent_id(model)?;
    Ok(Command::new(
        MessageType::SetAgentState,
        json!({"availability": state.as_str(), "channels": ["MESSAGING"], "agentUserId": me}),
        Expect::Any,
    ))
}
