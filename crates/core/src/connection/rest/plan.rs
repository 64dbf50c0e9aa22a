//! A connection command on a REST connection: which [`Operation`] it is and what its answer
//! means.
//!
//! Domain commands are first built by the model's command builders
//! ([`crate::model::commands`], through the same `domain::build` as on the socket), so the
//! state checks (open dialog, same agent, text length, …) and the values (own agent id,
//! normalised target ids, close reason) have one source of truth; the socket request they
//! produce is then read back into its REST v1 form.

use serde_json::{Value, json};

use super::operation::Operation;
use crate::connection::commands::Command;
use crate::connection::domain;
use crate::files::Upload;
use crate::model::Model;
use crate::model::commands as mc;
use crate::model::{ChatState, DeliveryStatus, MessageAudience};

/// What a REST connection does with a command.
#[derive(Debug)]
pub(crate) enum Route {
    /// One REST v1 call; `model` is the model's command when it is a domain command.
    Call(Box<Plan>),
    /// Not a REST matter: the client handles it as on any connection (open, close, token,
    /// webhooks, shift status, message statistics).
    Local,
}

/// A command as a REST v1 call.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub op: Operation,
    pub model: Option<mc::Command>,
    pub output: Output,
}

/// How the answer becomes the command's output.
#[derive(Debug, Clone)]
pub(crate) enum Output {
    Done,
    /// `{"sequence": N}`.
    Sequence,
    /// Event records for this dialog, merged into the model.
    Records(String),
    /// A conversation, merged into the model.
    Conversation,
    /// A file-storage URL (`GetUploadUrl`, `GetDownloadUrl`).
    FileUrl,
    /// The upload URL, then PUT these bytes.
    Upload(Box<Upload>),
    /// The download URL, then GET the file.
    Download,
}

/// Why a command cannot go over REST.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PlanError {
    /// The model refused it (no open dialog, same agent, …).
    #[error("{0}")]
    Model(String),
    /// UMS REST v1 has no form for it.
    #[error(
        "{0} is not available on REST connections (UMS REST v1 has no form for it; use a websocket connection)"
    )]
    NoRestForm(&'static str),
    /// The REST form cannot express this case.
    #[error("{command} over REST: {reason}")]
    Unexpressible {
        command: &'static str,
        reason: &'static str,
    },
}

/// Routes `command` for a REST connection.
pub(crate) fn route(model: &Model, command: &Command) -> Result<Route, PlanError> {
    let name = command.name();
    let plan = |op: Operation, model: Option<mc::Command>, output: Output| {
        Ok(Route::Call(Box::new(Plan { op, model, output })))
    };
    // Commands that are not domain commands.
    match command {
        Command::Open
        | Command::Close
        | Command::GetToken
        | Command::ProcessWebhooksNotification { .. }
        | Command::ProcessShiftStatusResponse { .. }
        | Command::GetMessageStatisticsForUser
        | Command::GetMessageStatisticsForBrand
        | Command::GetShiftStatus => return Ok(Route::Local),
        Command::GetConversationById { conversation_id } => {
            return plan(
                Operation::GetConversationById {
                    conversation_id: conversation_id.clone(),
                },
                None,
                Output::Conversation,
            );
        }
        Command::GetUploadUrl {
            file_size,
            file_type,
        } => {
            return plan(
                Operation::GetUploadUrl {
                    file_size: *file_size,
                    file_type: file_type.clone(),
                },
                None,
                Output::FileUrl,
            );
        }
        Command::GetDownloadUrl { relative_path } => {
            return plan(
                Operation::GetDownloadUrl {
                    relative_path: relative_path.clone(),
                },
                None,
                Output::FileUrl,
            );
        }
        Command::UploadFile {
            file_type,
            data,
            preview,
        } => {
            let upload = Upload::new(file_type.clone(), data.clone(), preview.clone());
            return plan(
                Operation::GetUploadUrl {
                    file_size: upload.data.len() as u64,
                    file_type: upload.file_type.clone(),
                },
                None,
                Output::Upload(Box::new(upload)),
            );
        }
        Command::DownloadFile { relative_path } => {
            return plan(
                Operation::GetDownloadUrl {
                    relative_path: relative_path.clone(),
                },
                None,
                Output::Download,
            );
        }
        Command::SetNote { .. }
        | Command::SetCsat { .. }
        | Command::AcceptRing { .. }
        | Command::RejectRing { .. }
        | Command::ConsumerTakeover { .. } => return Err(PlanError::NoRestForm(name)),
        _ => {}
    }
    let Some(built) = domain::build(model, command) else {
        // Socket-only connection commands: subscriptions, agent state, raw send, profiles, …
        return Err(PlanError::NoRestForm(name));
    };
    let m = built.map_err(|e| PlanError::Model(e.to_string()))?;
    let conv = m.conversation_id.clone().unwrap_or_default();
    let dialog = m.dialog_id.clone();
    let body = &m.body;
    let fields = body
        .get("conversationField")
        .map(|f| match f {
            Value::Array(list) => list.clone(),
            one => vec![one.clone()],
        })
        .unwrap_or_default();
    let field = |kind: &str| fields.iter().find(|f| f["field"] == kind).cloned();
    let changes = |kind: &str| -> Vec<Value> {
        fields
            .iter()
            .filter(|f| f["field"] == "ParticipantsChange" && f["type"] == kind)
            .cloned()
            .collect()
    };
    let metadata = m.metadata.clone().map(Value::from);
    let event = body.get("event").cloned().unwrap_or(Value::Null);
    let audience = body
        .get("messageAudience")
        .and_then(Value::as_str)
        .map(MessageAudience::from);
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let op = match command {
        Command::CloseConversation { .. } => Operation::UpdateConversationStage {
            conversation_id: conv.clone(),
            stage: "CLOSE".into(),
        },
        Command::SetTtr { .. } => {
            let f = field("TTRField").unwrap_or_default();
            Operation::UpdateTtr {
                conversation_id: conv.clone(),
                ttr_type: s(&f["ttrType"]).as_str().into(),
                value: f["value"].as_u64().unwrap_or(0),
            }
        }
        Command::SetManualEttr { time, .. } => Operation::UpdateManualEttr {
            conversation_id: conv.clone(),
            time: *time,
        },
        Command::CloseDialog { reason, .. } => Operation::CloseDialog {
            conversation_id: conv.clone(),
            dialog_id: dialog.clone(),
            close_reason: reason.clone(),
        },
        Command::Join { role, .. } => {
            let add = changes("ADD");
            let me = add.first().map(|f| s(&f["userId"])).unwrap_or_default();
            Operation::AddParticipant {
                conversation_id: conv.clone(),
                dialog_id: None,
                participant_id: me,
                role: role.clone(),
            }
        }
        Command::Leave { .. } => {
            let me = changes("REMOVE")
                .first()
                .map(|f| s(&f["userId"]))
                .unwrap_or_default();
            Operation::RemoveParticipant {
                conversation_id: conv.clone(),
                dialog_id: None,
                participant_id: me,
            }
        }
        Command::BackToQueue { .. } | Command::Transfer { .. } => {
            // The socket form removes the current assigned agent last; REST removes it by
            // DELETE, carrying the transfer target in the query.
            let Some(assigned) = changes("REMOVE")
                .into_iter()
                .rfind(|f| f["role"] == "ASSIGNED_AGENT")
                .map(|f| s(&f["userId"]))
            else {
                return Err(PlanError::Unexpressible {
                    command: name,
                    reason: "UMS REST v1 transfers by removing the assigned agent, and the conversation has none",
                });
            };
            match command {
                Command::Transfer { .. } => Operation::TransferConversation {
                    conversation_id: conv.clone(),
                    assigned_agent_id: assigned,
                    skill_id: field("Skill").map(|f| s(&f["skill"])),
                    agent_id: changes("SUGGEST").first().map(|f| s(&f["userId"])),
                },
                _ => Operation::RemoveParticipant {
                    conversation_id: conv.clone(),
                    dialog_id: None,
                    participant_id: assigned,
                },
            }
        }
        Command::SendMessage { quick_replies, .. }
        | Command::SendRichText { quick_replies, .. }
            if quick_replies.as_ref().is_some_and(|q| !q.is_null()) =>
        {
            return Err(PlanError::Unexpressible {
                command: name,
                reason: "UMS REST v1 messages have no quick replies",
            });
        }
        Command::SendMessage { .. } | Command::SendPrivateMessage { .. } => {
            Operation::PublishMessage {
                conversation_id: conv.clone(),
                dialog_id: dialog.clone(),
                text: s(&event["message"]),
                metadata,
                message_audience: audience,
            }
        }
        Command::SendRichText { .. } => Operation::PublishRichContent {
            conversation_id: conv.clone(),
            dialog_id: dialog.clone(),
            content: event["content"].clone(),
            metadata,
            message_audience: audience,
        },
        Command::SendReceipt { .. } => Operation::PublishAcceptStatus {
            conversation_id: conv.clone(),
            dialog_id: dialog.clone(),
            sequence_list: event["sequenceList"]
                .as_array()
                .map(|l| l.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default(),
            status: DeliveryStatus::from(s(&event["status"]).as_str()),
        },
        Command::SetChatState { .. } => Operation::SetChatState {
            conversation_id: conv.clone(),
            dialog_id: dialog.clone(),
            chat_state: ChatState::from(s(&event["chatState"]).as_str()),
        },
        Command::SendFile { .. } => Operation::PublishHostedFile {
            conversation_id: conv.clone(),
            dialog_id: dialog.clone(),
            file: event["message"].clone(),
        },
        Command::QueryMessages { .. } | Command::GetAllPublishEvents { .. } => {
            let d = dialog.clone().unwrap_or_default();
            Operation::GetMessages {
                conversation_id: Some(conv.clone()).filter(|c| !c.is_empty()),
                dialog_id: d.clone(),
                limit: body["maxQuantity"].as_u64(),
                newer_than_sequence: body["newerThanSequence"].as_u64(),
                older_than_sequence: body["olderThanSequence"].as_u64(),
                offset: None,
                filters: None,
            }
        }
        _ => return Err(PlanError::NoRestForm(name)),
    };
    let output = match (&m.expect, &op) {
        (_, Operation::GetMessages { dialog_id, .. }) => Output::Records(dialog_id.clone()),
        (mc::Expect::Sequence, _) => Output::Sequence,
        _ => Output::Done,
    };
    plan(op, Some(m), output)
}

/// The command's output from a successful answer's body.
pub(crate) fn sequence_of(body: &Value) -> Option<u64> {
    body.get("sequence").and_then(Value::as_u64)
}

/// `{"changes":[{"type":"UPSERT","result":…}]}`: a REST conversation read as the brand
/// conversation-change body the model ingests.
pub(crate) fn as_change(body: &Value) -> Value {
    json!({"changes": [{"type": "UPSERT", "result": body}]})
}
