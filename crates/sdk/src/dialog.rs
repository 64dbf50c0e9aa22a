//! [`Dialog`]: one dialog of a conversation (the main dialog, a survey, …).

use lpm_core::connection::Command;
use lpm_core::model::{CloseReason, DialogState, DialogType};
use serde_json::Value;

use crate::connection::Connection;
use crate::error::Result;
use crate::message::Message;
use crate::participant::Participant;

/// A dialog, by id.
///
/// ```no_run
/// # fn demo(c: lp_messaging_sdk::Conversation) {
/// if let Some(d) = c.open_dialog() {
///     for m in d.messages() { println!("{:?}", m.body()); }
/// }
/// # }
/// ```
#[derive(Clone)]
pub struct Dialog {
    conn: Connection,
    conversation_id: String,
    id: String,
}

impl std::fmt::Debug for Dialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dialog")
            .field("conversation_id", &self.conversation_id)
            .field("id", &self.id)
            .finish()
    }
}

impl Dialog {
    pub(crate) fn new(conn: Connection, conversation_id: String, id: String) -> Dialog {
        Dialog {
            conn,
            conversation_id,
            id,
        }
    }

    fn read<R>(&self, f: impl FnOnce(&lpm_core::model::Dialog) -> R) -> Option<R> {
        self.conn.read(|c| c.model().dialog(&self.id).map(f))
    }

    /// The dialog id.
    ///
    /// ```no_run
    /// # fn demo(d: lp_messaging_sdk::Dialog) { println!("{}", d.id()); }
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The conversation id.
    ///
    /// ```no_run
    /// # fn demo(d: lp_messaging_sdk::Dialog) { println!("{}", d.conversation_id()); }
    /// ```
    pub fn conversation_id(&self) -> &str {
        &self.conversation_id
    }

    /// A copy of the dialog's current state.
    ///
    /// ```no_run
    /// # fn demo(d: lp_messaging_sdk::Dialog) { println!("{:?}", d.snapshot().map(|s| s.closed_cause)); }
    /// ```
    pub fn snapshot(&self) -> Option<lpm_core::model::Dialog> {
        self.read(Clone::clone)
    }

    /// `MAIN`, `POST_SURVEY`, …
    ///
    /// ```no_run
    /// # fn demo(d: lp_messaging_sdk::Dialog) { println!("{:?}", d.dialog_type()); }
    /// ```
    pub fn dialog_type(&self) -> Option<DialogType> {
        self.read(|d| d.dialog_type.clone())
    }

    /// `OPEN` or `CLOSE`.
    ///
    /// ```no_run
    /// # fn demo(d: lp_messaging_sdk::Dialog) { println!("{:?}", d.state()); }
    /// ```
    pub fn state(&self) -> Option<DialogState> {
        self.read(|d| d.state.clone())
    }

    /// The messages held, in sequence order.
    ///
    /// ```no_run
    /// # fn demo(d: lp_messaging_sdk::Dialog) { println!("{}", d.messages().len()); }
    /// ```
    pub fn messages(&self) -> Vec<Message> {
        self.read(|d| d.messages().map(|m| m.sequence).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                Message::new(
                    self.conn.clone(),
                    self.conversation_id.clone(),
                    self.id.clone(),
                    s,
                    false,
                )
            })
            .collect()
    }

    /// Active and suggested participants.
    ///
    /// ```no_run
    /// # fn demo(d: lp_messaging_sdk::Dialog) { for p in d.participants() { println!("{:?}", p.role()); } }
    /// ```
    pub fn participants(&self) -> Vec<Participant> {
        self.read(|d| {
            d.participants
                .iter()
                .map(|p| (p.user_id.clone(), p.role.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(u, r)| {
            Participant::new(
                self.conn.clone(),
                self.conversation_id.clone(),
                self.id.clone(),
                u,
                r,
            )
        })
        .collect()
    }

    /// Brand: loads the dialog's missing messages (`getAllPublishEvents`).
    ///
    /// ```no_run
    /// # async fn demo(d: lp_messaging_sdk::Dialog) -> lp_messaging_sdk::Result<()> {
    /// d.get_all_publish_events().await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_all_publish_events(&self) -> Result<()> {
        self.conn
            .run_done(Command::GetAllPublishEvents {
                dialog_id: self.id.clone(),
            })
            .await
    }

    /// Closes this dialog (`dialog.close(reason?, cause?)`), e.g. a post-survey dialog.
    ///
    /// ```no_run
    /// # async fn demo(d: lp_messaging_sdk::Dialog) -> lp_messaging_sdk::Result<()> {
    /// d.close(Some(lp_messaging_sdk::CloseReason::Agent), None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn close(&self, reason: Option<CloseReason>, cause: Option<&str>) -> Result<()> {
        self.close_with_metadata(reason, cause, None).await
    }

    /// [`Dialog::close`] with dialog-level request metadata (one object or an array of them).
    ///
    /// ```no_run
    /// # async fn demo(d: lp_messaging_sdk::Dialog) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "survey_skipped"});
    /// d.close_with_metadata(None, Some("skipped"), Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn close_with_metadata(
        &self,
        reason: Option<CloseReason>,
        cause: Option<&str>,
        metadata: Option<Value>,
    ) -> Result<()> {
        self.conn
            .run_done(Command::CloseDialog {
                dialog_id: self.id.clone(),
                reason,
                cause: cause.map(str::to_owned),
                metadata,
            })
            .await
    }

    /// Brand: loads a range of messages (`queryMessages`).
    ///
    /// ```no_run
    /// # async fn demo(d: lp_messaging_sdk::Dialog) -> lp_messaging_sdk::Result<()> {
    /// d.query_messages(Some(50), None, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn query_messages(
        &self,
        max_quantity: Option<u64>,
        sequence_min: Option<u64>,
        sequence_max: Option<u64>,
    ) -> Result<()> {
        self.conn
            .run_done(Command::QueryMessages {
                dialog_id: self.id.clone(),
                max_quantity,
                sequence_min,
                sequence_max,
            })
            .await
    }
}
