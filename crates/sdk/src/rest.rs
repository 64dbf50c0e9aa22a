//! UMS REST v1 request helpers (LivePerson's `lpm.rest`): single brand messaging calls over
//! HTTP with a bearer you already hold, without a connection.
//!
//! Each call is the core's [`Operation`] carried out by its [`Exchange`]: the host comes from
//! CSDS (`asyncMessagingEnt`), a PATCH or DELETE first reads the resource's `ETag` and sends it
//! as `If-Match`, and a 412 is met with one fresh read and retry. The answer is the response
//! body, unchanged (`null` when empty). A refused bearer is an error with code 401: these
//! helpers do not log in again (a [`Connection`](crate::Connection) of type
//! [`ConnectionType::Rest`](crate::ConnectionType::Rest) does).
//!
//! ```no_run
//! # async fn demo() -> lp_messaging_sdk::Result<()> {
//! use lp_messaging_sdk::rest::RestClient;
//! let rest = RestClient::new("12345678", "my-bearer").csds_url("http://127.0.0.1:7400");
//! let conversation = rest.get_conversation_by_id("conv-1").await?;
//! rest.publish_message("conv-1", None, "Hello from REST").await?;
//! rest.update_conversation_stage("conv-1", "CLOSE").await?;
//! # let _ = conversation; Ok(()) }
//! ```

use lpm_core::connection::rest::{Exchange, Next, Operation};
use lpm_core::connection::{Error as CoreError, Secret};
use lpm_core::io::HttpResponse;
use lpm_core::model::{ChatState, CloseReason, DeliveryStatus, ParticipantRole, TtrType};
use serde_json::Value;

use crate::driver::http;
use crate::options::CSDS_URL_ENV;
use crate::{Error, Result};
use lpm_core::connection::options::DEFAULT_CSDS_URL;

pub use lpm_core::connection::rest::{Operation as RestOperation, RestError};

/// Makes UMS REST v1 calls for one account with one bearer.
///
/// The CSDS location is [`RestClient::csds_url`], else `LPM_CSDS_URL`, else LivePerson's
/// production host. The process-wide proxy ([`crate::configure_proxy`]) applies. `Debug`
/// hides the bearer.
///
/// ```
/// use lp_messaging_sdk::rest::RestClient;
/// let rest = RestClient::new("12345678", "secret-bearer");
/// assert!(!format!("{rest:?}").contains("secret-bearer"));
/// ```
#[derive(Debug, Clone)]
pub struct RestClient {
    account_id: String,
    bearer: Secret,
    csds_url: Option<String>,
}

impl RestClient {
    /// A client for `account_id` with an agentVep bearer (e.g. from
    /// [`Connection::token`](crate::Connection::token); the `Bearer ` prefix is optional).
    ///
    /// ```
    /// let rest = lp_messaging_sdk::rest::RestClient::new("12345678", "bearer");
    /// ```
    pub fn new(account_id: impl Into<String>, bearer: impl Into<String>) -> RestClient {
        RestClient {
            account_id: account_id.into(),
            bearer: Secret::new(bearer.into()),
            csds_url: None,
        }
    }

    /// Where CSDS is (`http://…` means plain HTTP for the calls too).
    ///
    /// ```
    /// let rest = lp_messaging_sdk::rest::RestClient::new("1", "b").csds_url("http://127.0.0.1:7400");
    /// ```
    pub fn csds_url(mut self, url: impl Into<String>) -> RestClient {
        self.csds_url = Some(url.into());
        self
    }

    /// Carries out any [`Operation`]; returns the response body.
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::rest::RestOperation;
    /// let dialog = rest.call(RestOperation::GetDialog { conversation_id: "c1".into(), dialog_id: None }).await?;
    /// # let _ = dialog; Ok(()) }
    /// ```
    pub async fn call(&self, op: Operation) -> Result<Value> {
        let name = op.name();
        let csds = self
            .csds_url
            .clone()
            .or_else(|| {
                std::env::var(CSDS_URL_ENV)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
            })
            .unwrap_or_else(|| DEFAULT_CSDS_URL.to_owned());
        let plain = csds.trim().starts_with("http://");
        let mut exchange =
            Exchange::via_csds(self.account_id.clone(), self.bearer.clone(), csds, op);
        let client = http::HttpClients::new(Default::default())
            .get(crate::global_proxy())
            .map_err(|m| failure(name, m))?;
        let mut req = exchange.start();
        loop {
            let resp: HttpResponse = http::perform(client.clone(), req, plain)
                .await
                .map_err(|f| failure(name, f.message))?;
            match exchange.handle_response(&resp) {
                Ok(Next::Request(next)) => req = next,
                Ok(Next::Done(answer)) => return Ok(answer.body),
                Err(e) => return Err(Error::command(name, CoreError::from(e))),
            }
        }
    }

    /// `GET /v1/conversations/{id}`: the conversation (brand form, `{convId, conversationDetails…}`).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// let c = rest.get_conversation_by_id("c1").await?;
    /// println!("{}", c["conversationDetails"]["stage"]);
    /// # Ok(()) }
    /// ```
    pub async fn get_conversation_by_id(&self, conversation_id: &str) -> Result<Value> {
        self.call(Operation::GetConversationById {
            conversation_id: conversation_id.into(),
        })
        .await
    }

    /// `PATCH /v1/conversations/{id}` `{"stage":…}` after reading its `ETag` (`"CLOSE"` closes).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// rest.update_conversation_stage("c1", "CLOSE").await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_conversation_stage(
        &self,
        conversation_id: &str,
        stage: &str,
    ) -> Result<Value> {
        self.call(Operation::UpdateConversationStage {
            conversation_id: conversation_id.into(),
            stage: stage.into(),
        })
        .await
    }

    /// `PATCH /v1/conversations/{id}` `{"type":…,"value":…}` (value counts for `CUSTOM`).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::TtrType;
    /// rest.update_ttr("c1", TtrType::Urgent, 0).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_ttr(
        &self,
        conversation_id: &str,
        ttr_type: TtrType,
        value: u64,
    ) -> Result<Value> {
        self.call(Operation::UpdateTtr {
            conversation_id: conversation_id.into(),
            ttr_type,
            value,
        })
        .await
    }

    /// `PATCH /v1/conversations/{id}` `{"manualETTR": epochMs}`.
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// rest.update_manual_ettr("c1", 1_700_000_000_000).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_manual_ettr(&self, conversation_id: &str, time: u64) -> Result<Value> {
        self.call(Operation::UpdateManualEttr {
            conversation_id: conversation_id.into(),
            time,
        })
        .await
    }

    /// `PATCH …/dialogs/{dialogId}` `{"state":"CLOSE","closeReason":…}` (default: the MAIN dialog).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// rest.close_dialog("c1", None, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn close_dialog(
        &self,
        conversation_id: &str,
        dialog_id: Option<&str>,
        close_reason: Option<CloseReason>,
    ) -> Result<Value> {
        self.call(Operation::CloseDialog {
            conversation_id: conversation_id.into(),
            dialog_id: dialog_id.map(str::to_owned),
            close_reason,
        })
        .await
    }

    /// `POST …/dialogs/{convId}/participants` `{"id","role","state":"ACTIVE"}` (join a user).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::ParticipantRole;
    /// rest.add_participant("c1", "12345678.99", ParticipantRole::AssignedAgent).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_participant(
        &self,
        conversation_id: &str,
        participant_id: &str,
        role: ParticipantRole,
    ) -> Result<Value> {
        self.call(Operation::AddParticipant {
            conversation_id: conversation_id.into(),
            dialog_id: None,
            participant_id: participant_id.into(),
            role,
        })
        .await
    }

    /// `DELETE …/participants/{assignedAgent}?transferToSkillId=…&transferToAgentId=…`.
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// rest.transfer_conversation("c1", "12345678.99", Some("1002"), None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn transfer_conversation(
        &self,
        conversation_id: &str,
        assigned_agent_id: &str,
        skill_id: Option<&str>,
        agent_id: Option<&str>,
    ) -> Result<Value> {
        self.call(Operation::TransferConversation {
            conversation_id: conversation_id.into(),
            assigned_agent_id: assigned_agent_id.into(),
            skill_id: skill_id.map(str::to_owned),
            agent_id: agent_id.map(str::to_owned),
        })
        .await
    }

    /// `POST …/messages` with a `PLAIN_TEXT` message to everyone (default: the MAIN dialog).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// let answer = rest.publish_message("c1", None, "Hello").await?;
    /// println!("sequence {}", answer["sequence"]);
    /// # Ok(()) }
    /// ```
    pub async fn publish_message(
        &self,
        conversation_id: &str,
        dialog_id: Option<&str>,
        text: &str,
    ) -> Result<Value> {
        self.call(Operation::PublishMessage {
            conversation_id: conversation_id.into(),
            dialog_id: dialog_id.map(str::to_owned),
            text: text.into(),
            metadata: None,
            message_audience: None,
        })
        .await
    }

    /// `POST …/messages` with `RICH_CONTENT` (a structured-content card).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// rest.publish_rich_content("c1", None, serde_json::json!({"type": "vertical", "elements": []})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn publish_rich_content(
        &self,
        conversation_id: &str,
        dialog_id: Option<&str>,
        content: Value,
    ) -> Result<Value> {
        self.call(Operation::PublishRichContent {
            conversation_id: conversation_id.into(),
            dialog_id: dialog_id.map(str::to_owned),
            content,
            metadata: None,
            message_audience: None,
        })
        .await
    }

    /// `POST …/messages` with `ACKNOWLEDGEMENT` (`ACCEPT` or `READ` for these sequences).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::lpm_core::model::DeliveryStatus;
    /// rest.publish_accept_status("c1", None, &[3, 4], DeliveryStatus::Read).await?;
    /// # Ok(()) }
    /// ```
    pub async fn publish_accept_status(
        &self,
        conversation_id: &str,
        dialog_id: Option<&str>,
        sequences: &[u64],
        status: DeliveryStatus,
    ) -> Result<Value> {
        self.call(Operation::PublishAcceptStatus {
            conversation_id: conversation_id.into(),
            dialog_id: dialog_id.map(str::to_owned),
            sequence_list: sequences.to_vec(),
            status,
        })
        .await
    }

    /// `POST …/messages` with `CHAT_STATE`.
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::ChatState;
    /// rest.set_chat_state("c1", None, ChatState::Composing).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_chat_state(
        &self,
        conversation_id: &str,
        dialog_id: Option<&str>,
        chat_state: ChatState,
    ) -> Result<Value> {
        self.call(Operation::SetChatState {
            conversation_id: conversation_id.into(),
            dialog_id: dialog_id.map(str::to_owned),
            chat_state,
        })
        .await
    }

    /// `GET …/dialogs/{dialogId}/messages?limit=&newerThanSequence=&olderThanSequence=`: event
    /// records (the `QueryMessages` form).
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// let records = rest.get_messages("c1", "c1", Some(50), Some(0), None).await?;
    /// # let _ = records; Ok(()) }
    /// ```
    pub async fn get_messages(
        &self,
        conversation_id: &str,
        dialog_id: &str,
        limit: Option<u64>,
        newer_than_sequence: Option<u64>,
        older_than_sequence: Option<u64>,
    ) -> Result<Value> {
        self.call(Operation::GetMessages {
            conversation_id: Some(conversation_id.into()),
            dialog_id: dialog_id.into(),
            limit,
            newer_than_sequence,
            older_than_sequence,
            offset: None,
            filters: None,
        })
        .await
    }

    /// `POST /v1/brands/{acct}/file-upload-path`: `{relativePath, queryParams}` for a PUT.
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// let url = rest.get_upload_url(1024, "PNG").await?;
    /// # let _ = url; Ok(()) }
    /// ```
    pub async fn get_upload_url(&self, file_size: u64, file_type: &str) -> Result<Value> {
        self.call(Operation::GetUploadUrl {
            file_size,
            file_type: file_type.into(),
        })
        .await
    }

    /// `POST /v1/brands/{acct}/file-download-path`: `{relativePath, queryParams}` for a GET.
    ///
    /// ```no_run
    /// # async fn demo(rest: lp_messaging_sdk::rest::RestClient) -> lp_messaging_sdk::Result<()> {
    /// let url = rest.get_download_url("/v1/AUTH_x/file.png").await?;
    /// # let _ = url; Ok(()) }
    /// ```
    pub async fn get_download_url(&self, relative_path: &str) -> Result<Value> {
        self.call(Operation::GetDownloadUrl {
            relative_path: relative_path.into(),
        })
        .await
    }
}

fn failure(operation: &'static str, message: String) -> Error {
    Error::command(
        operation,
        CoreError::Http {
            service: format!("UMS REST v1 {operation}"),
            status: None,
            code: None,
            message,
        },
    )
}
