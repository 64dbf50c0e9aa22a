//! The UMS REST v1 calls (`rest-services.md` §5) as data: one [`Operation`] per call, and the
//! exact HTTP request it is.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::io::{HttpId, HttpMethod, HttpRequest};
use crate::model::{
    ChatState, CloseReason, DeliveryStatus, MessageAudience, ParticipantRole, TtrType,
};

/// One UMS REST v1 call, with everything its URL and body need.
///
/// Serialised with an `operation` tag in camelCase, the form the JavaScript `lpm.rest` helpers
/// pass through the wasm binding: `{"operation":"updateTtr","conversationId":"c1","ttrType":"URGENT"}`.
///
/// Where a `dialogId` is optional it defaults to the conversation id: the MAIN dialog, as
/// LivePerson's SDK addresses it.
///
/// ```
/// use lpm_core::connection::rest::{Operation, Target};
/// use lpm_core::io::HttpMethod;
///
/// let target = Target::new("123", "https://msg.example", "BEARER");
/// let op = Operation::UpdateConversationStage { conversation_id: "c1".into(), stage: "CLOSE".into() };
/// let req = op.request(&target, Some("\"17\""));
/// assert_eq!(req.method, HttpMethod::Patch);
/// assert_eq!(req.url, "https://msg.example/v1/conversations/c1");
/// assert!(req.headers.contains(&("If-Match".into(), "\"17\"".into())));
/// assert_eq!(req.body, br#"{"stage":"CLOSE"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "operation",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Operation {
    /// `GET /v1/conversations/{convId}`: read a conversation (answers with an `ETag`).
    GetConversationById {
        /// Conversation.
        conversation_id: String,
    },
    /// `PATCH /v1/conversations/{convId}` `{"stage":…}` (`"CLOSE"` closes it).
    UpdateConversationStage {
        /// Conversation.
        conversation_id: String,
        /// New stage.
        stage: String,
    },
    /// `PATCH /v1/conversations/{convId}` `{"type":…,"value":…}`.
    #[serde(rename = "updateTTR")]
    UpdateTtr {
        /// Conversation.
        conversation_id: String,
        /// TTR type.
        ttr_type: TtrType,
        /// Seconds (only meaningful for `CUSTOM`; default 0).
        #[serde(default)]
        value: u64,
    },
    /// `PATCH /v1/conversations/{convId}` `{"manualETTR":…}`.
    #[serde(rename = "updateManualETTR")]
    UpdateManualEttr {
        /// Conversation.
        conversation_id: String,
        /// Epoch ms.
        time: u64,
    },
    /// `GET /v1/conversations/{convId}/dialogs/{dialogId}` (answers with an `ETag`).
    GetDialog {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
    },
    /// `PATCH /v1/conversations/{convId}/dialogs/{dialogId}` `{"state":"CLOSE","closeReason":…}`.
    CloseDialog {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// `CONSUMER`, `AGENT`, `SYSTEM` or none.
        #[serde(default)]
        close_reason: Option<CloseReason>,
    },
    /// `POST /v1/conversations/{convId}/dialogs/{dialogId}/participants`
    /// `{"id":"{acct}.{userId}","role":…,"state":"ACTIVE"}` (join).
    AddParticipant {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// The user: `{acct}.{userId}`, or the bare user id (the account is prefixed).
        participant_id: String,
        /// Role.
        role: ParticipantRole,
    },
    /// `GET …/participants/{agentOldId}` (answers with an `ETag`).
    GetParticipant {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// The user (`{acct}.{userId}` or bare).
        participant_id: String,
    },
    /// `DELETE …/participants/{agentOldId}` (leave, back to queue).
    RemoveParticipant {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// The user (`{acct}.{userId}` or bare).
        participant_id: String,
    },
    /// `DELETE /v1/conversations/{convId}/dialogs/{convId}/participants/{assignedAgentOldId}
    /// ?transferToSkillId=…&transferToAgentId=…`.
    TransferConversation {
        /// Conversation.
        conversation_id: String,
        /// The assigned agent being replaced (`{acct}.{userId}` or bare).
        assigned_agent_id: String,
        /// Target skill.
        #[serde(default)]
        skill_id: Option<String>,
        /// Target agent (`{acct}.{userId}` or bare).
        #[serde(default)]
        agent_id: Option<String>,
    },
    /// `POST …/messages` `{"type":"PLAIN_TEXT","content":{"text":…},"metadata":…,"messageAudience":…}`.
    PublishMessage {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// Text.
        text: String,
        /// Request metadata (array of objects), if any.
        #[serde(default)]
        metadata: Option<Value>,
        /// `ALL` (default) or `AGENTS_AND_MANAGERS`.
        #[serde(default)]
        message_audience: Option<MessageAudience>,
    },
    /// `POST …/messages` `{"type":"RICH_CONTENT","content":<card>,…}`.
    PublishRichContent {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// The structured content.
        content: Value,
        /// Request metadata (array of objects), if any.
        #[serde(default)]
        metadata: Option<Value>,
        /// `ALL` (default) or `AGENTS_AND_MANAGERS`.
        #[serde(default)]
        message_audience: Option<MessageAudience>,
    },
    /// `POST …/messages` `{"type":"ACKNOWLEDGEMENT","content":{"sequenceList":[…],"status":…}}`.
    PublishAcceptStatus {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// Sequences acknowledged.
        sequence_list: Vec<u64>,
        /// `ACCEPT` or `READ`.
        status: DeliveryStatus,
    },
    /// `POST …/messages` `{"type":"CHAT_STATE","content":{"chatState":…}}`.
    SetChatState {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// `COMPOSING`, `ACTIVE`, …
        chat_state: ChatState,
    },
    /// `POST …/messages` `{"type":"HOSTED_FILE","content":{"relativePath","fileType","caption"?,"preview"?}}`.
    ///
    /// The reference names the type but not its content; this SDK sends the socket's
    /// hosted-file message object (files.md §1.3) as the content.
    PublishHostedFile {
        /// Conversation.
        conversation_id: String,
        /// Dialog (default: the MAIN dialog).
        #[serde(default)]
        dialog_id: Option<String>,
        /// `{relativePath, fileType, caption?, preview?}`.
        file: Value,
    },
    /// `GET /v1/conversations/{convId}/dialogs/{dialogId}/messages?limit=&newerThanSequence=&olderThanSequence=&offset=&filters=`
    /// (only the parameters given are sent).
    ///
    /// LivePerson's SDK puts the dialog id in both places, which only works for MAIN dialogs;
    /// this SDK uses the conversation id when it is given.
    GetMessages {
        /// Conversation (default: the dialog id, as LivePerson's SDK does).
        #[serde(default)]
        conversation_id: Option<String>,
        /// Dialog.
        dialog_id: String,
        /// Page size.
        #[serde(default)]
        limit: Option<u64>,
        /// Lower bound.
        #[serde(default)]
        newer_than_sequence: Option<u64>,
        /// Upper bound.
        #[serde(default)]
        older_than_sequence: Option<u64>,
        /// Records to skip.
        #[serde(default)]
        offset: Option<u64>,
        /// Server-side filter expression, passed through.
        #[serde(default)]
        filters: Option<String>,
    },
    /// `POST /v1/brands/{acct}/file-upload-path` `{"fileSize":…,"fileType":…}`.
    GetUploadUrl {
        /// Bytes.
        file_size: u64,
        /// `PNG`, `JPG`, …
        file_type: String,
    },
    /// `POST /v1/brands/{acct}/file-download-path` `{"relativePath":…}`.
    GetDownloadUrl {
        /// Path from a hosted-file message.
        relative_path: String,
    },
}

/// Where the calls go and as whom: the account, the `asyncMessagingEnt` origin and the brand
/// bearer. `Debug` hides the bearer.
///
/// ```
/// use lpm_core::connection::rest::Target;
/// let t = Target::new("123", "https://msg.example/", "Bearer abc");
/// assert_eq!(t.origin, "https://msg.example");
/// assert!(!format!("{t:?}").contains("abc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Account (brand) id, sent as `Brand-ID`.
    pub account_id: String,
    /// `https://{asyncMessagingEnt}` without a trailing slash.
    pub origin: String,
    /// The agentVep bearer (with or without the `Bearer ` prefix).
    pub bearer: crate::connection::Secret,
}

impl Target {
    /// A target; a trailing `/` of `origin` is dropped.
    pub fn new(
        account_id: impl Into<String>,
        origin: impl Into<String>,
        bearer: impl Into<crate::connection::Secret>,
    ) -> Target {
        Target {
            account_id: account_id.into(),
            origin: origin.into().trim_end_matches('/').to_owned(),
            bearer: bearer.into(),
        }
    }
}

/// Which resource a PATCH or DELETE needs the `ETag` of.
fn read_first(op: &Operation) -> Option<Operation> {
    let main = |c: &String, d: &Option<String>| d.clone().unwrap_or_else(|| c.clone());
    Some(match op {
        Operation::UpdateConversationStage {
            conversation_id, ..
        }
        | Operation::UpdateTtr {
            conversation_id, ..
        }
        | Operation::UpdateManualEttr {
            conversation_id, ..
        } => Operation::GetConversationById {
            conversation_id: conversation_id.clone(),
        },
        Operation::CloseDialog {
            conversation_id,
            dialog_id,
            ..
        } => Operation::GetDialog {
            conversation_id: conversation_id.clone(),
            dialog_id: Some(main(conversation_id, dialog_id)),
        },
        Operation::RemoveParticipant {
            conversation_id,
            dialog_id,
            participant_id,
        } => Operation::GetParticipant {
            conversation_id: conversation_id.clone(),
            dialog_id: Some(main(conversation_id, dialog_id)),
            participant_id: participant_id.clone(),
        },
        Operation::TransferConversation {
            conversation_id,
            assigned_agent_id,
            ..
        } => Operation::GetParticipant {
            conversation_id: conversation_id.clone(),
            dialog_id: Some(conversation_id.clone()),
            participant_id: assigned_agent_id.clone(),
        },
        _ => return None,
    })
}

impl Operation {
    /// The name of the `lpm.rest` helper (and of the operation in errors).
    pub fn name(&self) -> &'static str {
        match self {
            Operation::GetConversationById { .. } => "getConversationById",
            Operation::UpdateConversationStage { .. } => "updateConversationStage",
            Operation::UpdateTtr { .. } => "updateTTR",
            Operation::UpdateManualEttr { .. } => "updateManualETTR",
            Operation::GetDialog { .. } => "getDialog",
            Operation::CloseDialog { .. } => "closeDialog",
            Operation::AddParticipant { .. } => "addParticipant",
            Operation::GetParticipant { .. } => "getParticipant",
            Operation::RemoveParticipant { .. } => "removeParticipant",
            Operation::TransferConversation { .. } => "transferConversation",
            Operation::PublishMessage { .. } => "publishMessage",
            Operation::PublishRichContent { .. } => "publishRichContent",
            Operation::PublishAcceptStatus { .. } => "publishAcceptStatus",
            Operation::SetChatState { .. } => "setChatState",
            Operation::PublishHostedFile { .. } => "publishHostedFile",
            Operation::GetMessages { .. } => "getMessages",
            Operation::GetUploadUrl { .. } => "getUploadUrl",
            Operation::GetDownloadUrl { .. } => "getDownloadUrl",
        }
    }

    /// The GET whose `ETag` this call must send as `If-Match` (PATCH and DELETE calls), if any.
    pub fn etag_source(&self) -> Option<Operation> {
        read_first(self)
    }

    /// The HTTP request of this call to `target`. `etag` becomes the `If-Match` header (pass
    /// the `ETag` of [`Operation::etag_source`]'s answer for PATCH and DELETE calls). The
    /// request id is 0: the caller numbers its requests.
    pub fn request(&self, target: &Target, etag: Option<&str>) -> HttpRequest {
        let acct = &target.account_id;
        let (method, path, body) = self.parts(acct);
        let bearer = target.bearer.expose().trim();
        let prefixed = bearer
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("bearer "));
        let authorization = if prefixed {
            bearer.to_owned()
        } else {
            format!("Bearer {bearer}")
        };
        let mut headers = vec![
            ("Authorization".to_owned(), authorization),
            ("Brand-ID".to_owned(), acct.clone()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
        ];
        if let (Some(tag), HttpMethod::Patch | HttpMethod::Delete) = (etag, method) {
            headers.push(("If-Match".to_owned(), tag.to_owned()));
        }
        HttpRequest {
            id: HttpId(0),
            method,
            url: format!("{}{path}", target.origin),
            headers,
            body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
        }
    }

    /// Method, path with query, and JSON body.
    fn parts(&self, acct: &str) -> (HttpMethod, String, Option<Value>) {
        let conv = |c: &str| format!("/v1/conversations/{}", segment(c));
        let dialog = |c: &str, d: &Option<String>| {
            format!("{}/dialogs/{}", conv(c), segment(d.as_deref().unwrap_or(c)))
        };
        let participant = |c: &str, d: &Option<String>, p: &str| {
            format!(
                "{}/participants/{}",
                dialog(c, d),
                segment(&old_id(acct, p))
            )
        };
        let messages = |c: &str, d: &Option<String>| format!("{}/messages", dialog(c, d));
        let publish =
            |kind: &str,
             content: Value,
             extra: Option<(&Option<Value>, &Option<MessageAudience>)>| {
                let mut b = json!({"type": kind, "content": content});
                if let Some((metadata, audience)) = extra {
                    b["metadata"] = metadata.clone().unwrap_or(Value::Null);
                    b["messageAudience"] =
                        json!(audience.as_ref().map_or("ALL", MessageAudience::as_str));
                }
                b
            };
        match self {
            Operation::GetConversationById { conversation_id } => {
                (HttpMethod::Get, conv(conversation_id), None)
            }
            Operation::UpdateConversationStage {
                conversation_id,
                stage,
            } => (
                HttpMethod::Patch,
                conv(conversation_id),
                Some(json!({"stage": stage})),
            ),
            Operation::UpdateTtr {
                conversation_id,
                ttr_type,
                value,
            } => (
                HttpMethod::Patch,
                conv(conversation_id),
                Some(json!({"type": ttr_type.as_str(), "value": value})),
            ),
            Operation::UpdateManualEttr {
                conversation_id,
                time,
            } => (
                HttpMethod::Patch,
                conv(conversation_id),
                Some(json!({"manualETTR": time})),
            ),
            Operation::GetDialog {
                conversation_id,
                dialog_id,
            } => (HttpMethod::Get, dialog(conversation_id, dialog_id), None),
            Operation::CloseDialog {
                conversation_id,
                dialog_id,
                close_reason,
            } => (
                HttpMethod::Patch,
                dialog(conversation_id, dialog_id),
                Some(
                    json!({"state": "CLOSE", "closeReason": close_reason.as_ref().map(CloseReason::as_str)}),
                ),
            ),
            Operation::AddParticipant {
                conversation_id,
                dialog_id,
                participant_id,
                role,
            } => (
                HttpMethod::Post,
                format!("{}/participants", dialog(conversation_id, dialog_id)),
                Some(
                    json!({"id": old_id(acct, participant_id), "role": role.as_str(), "state": "ACTIVE"}),
                ),
            ),
            Operation::GetParticipant {
                conversation_id,
                dialog_id,
                participant_id,
            } => (
                HttpMethod::Get,
                participant(conversation_id, dialog_id, participant_id),
                None,
            ),
            Operation::RemoveParticipant {
                conversation_id,
                dialog_id,
                participant_id,
            } => (
                HttpMethod::Delete,
                participant(conversation_id, dialog_id, participant_id),
                None,
            ),
            Operation::TransferConversation {
                conversation_id,
                assigned_agent_id,
                skill_id,
                agent_id,
            } => {
                let mut query = Vec::new();
                if let Some(s) = skill_id {
                    query.push(format!("transferToSkillId={}", query_value(s)));
                }
                if let Some(a) = agent_id {
                    query.push(format!(
                        "transferToAgentId={}",
                        query_value(&old_id(acct, a))
                    ));
                }
                let mut path = participant(conversation_id, &None, assigned_agent_id);
                if !query.is_empty() {
                    path = format!("{path}?{}", query.join("&"));
                }
                (HttpMethod::Delete, path, None)
            }
            Operation::PublishMessage {
                conversation_id,
                dialog_id,
                text,
                metadata,
                message_audience,
            } => (
                HttpMethod::Post,
                messages(conversation_id, dialog_id),
                Some(publish(
                    "PLAIN_TEXT",
                    json!({"text": text}),
                    Some((metadata, message_audience)),
                )),
            ),
            Operation::PublishRichContent {
                conversation_id,
                dialog_id,
                content,
                metadata,
                message_audience,
            } => (
                HttpMethod::Post,
                messages(conversation_id, dialog_id),
                Some(publish(
                    "RICH_CONTENT",
                    content.clone(),
                    Some((metadata, message_audience)),
                )),
            ),
            Operation::PublishAcceptStatus {
                conversation_id,
                dialog_id,
                sequence_list,
                status,
            } => (
                HttpMethod::Post,
                messages(conversation_id, dialog_id),
                Some(publish(
                    "ACKNOWLEDGEMENT",
                    json!({"sequenceList": sequence_list, "status": status.as_str()}),
                    None,
                )),
            ),
            Operation::SetChatState {
                conversation_id,
                dialog_id,
                chat_state,
            } => (
                HttpMethod::Post,
                messages(conversation_id, dialog_id),
                Some(publish(
                    "CHAT_STATE",
                    json!({"chatState": chat_state.as_str()}),
                    None,
                )),
            ),
            Operation::PublishHostedFile {
                conversation_id,
                dialog_id,
                file,
            } => (
                HttpMethod::Post,
                messages(conversation_id, dialog_id),
                Some(publish("HOSTED_FILE", file.clone(), None)),
            ),
            Operation::GetMessages {
                conversation_id,
                dialog_id,
                limit,
                newer_than_sequence,
                older_than_sequence,
                offset,
                filters,
            } => {
                let c = conversation_id.as_deref().unwrap_or(dialog_id);
                let mut query = Vec::new();
                for (k, v) in [
                    ("limit", limit),
                    ("newerThanSequence", newer_than_sequence),
                    ("olderThanSequence", older_than_sequence),
                    ("offset", offset),
                ] {
                    if let Some(v) = v {
                        query.push(format!("{k}={v}"));
                    }
                }
                if let Some(f) = filters {
                    query.push(format!("filters={}", query_value(f)));
                }
                let mut path = messages(c, &Some(dialog_id.clone()));
                if !query.is_empty() {
                    path = format!("{path}?{}", query.join("&"));
                }
                (HttpMethod::Get, path, None)
            }
            Operation::GetUploadUrl {
                file_size,
                file_type,
            } => (
                HttpMethod::Post,
                format!("/v1/brands/{}/file-upload-path", segment(acct)),
                Some(json!({"fileSize": file_size, "fileType": file_type})),
            ),
            Operation::GetDownloadUrl { relative_path } => (
                HttpMethod::Post,
                format!("/v1/brands/{}/file-download-path", segment(acct)),
                Some(json!({"relativePath": relative_path})),
            ),
        }
    }
}

/// `{acct}.{userId}` unless the id is already qualified.
fn old_id(account_id: &str, id: &str) -> String {
    crate::model::commands::normalize_agent_id(account_id, id)
}

/// Percent-encodes one path segment (ids are user input: a `/` or `?` must not change the
/// resource).
fn segment(s: &str) -> String {
    encode(s)
}

fn query_value(s: &str) -> String {
    encode(s)
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
