//! [`Message`]: one message of a dialog.

use lpm_core::connection::Command;
use lpm_core::model::{DeliveryStatus, MessageAudience, ParticipantRole};
use serde_json::Value;

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::participant::Participant;

/// A downloaded hosted file.
///
/// ```no_run
/// # async fn demo(m: lp_messaging_sdk::Message) -> lp_messaging_sdk::Result<()> {
/// let file = m.download_file().await?;
/// std::fs::write(file.filename.as_deref().unwrap_or("file"), &file.data).unwrap();
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadedFile {
    /// The bytes.
    pub data: Vec<u8>,
    /// The last path segment, when known.
    pub filename: Option<String>,
}

/// A message, by dialog and sequence.
///
/// ```no_run
/// # async fn demo(m: lp_messaging_sdk::Message) -> lp_messaging_sdk::Result<()> {
/// use lp_messaging_sdk::ParticipantRole;
/// if m.sender_role() == Some(ParticipantRole::Consumer) {
///     m.accept().await?;
///     println!("{:?}", m.body());
///     m.read().await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Message {
    conn: Connection,
    conversation_id: String,
    dialog_id: String,
    sequence: u64,
    history: bool,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message")
            .field("dialog_id", &self.dialog_id)
            .field("sequence", &self.sequence)
            .finish()
    }
}

impl Message {
    pub(crate) fn new(
        conn: Connection,
        conversation_id: String,
        dialog_id: String,
        sequence: u64,
        history: bool,
    ) -> Message {
        Message {
            conn,
            conversation_id,
            dialog_id,
            sequence,
            history,
        }
    }

    fn with<R>(&self, f: impl FnOnce(&lpm_core::model::Message) -> R) -> Option<R> {
        self.conn
            .read(|c| c.model().message(&self.dialog_id, self.sequence).map(f))
    }

    /// The conversation id.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.conversation_id()); }
    /// ```
    pub fn conversation_id(&self) -> &str {
        &self.conversation_id
    }

    /// The dialog id.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.dialog_id()); }
    /// ```
    pub fn dialog_id(&self) -> &str {
        &self.dialog_id
    }

    /// The sequence within the dialog.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.sequence()); }
    /// ```
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// `true` when the message came from loaded history rather than live.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.is_history()); }
    /// ```
    pub fn is_history(&self) -> bool {
        self.history
    }

    /// A copy of the message's current state.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.snapshot().map(|s| s.time)); }
    /// ```
    pub fn snapshot(&self) -> Option<lpm_core::model::Message> {
        self.with(Clone::clone)
    }

    /// The body: text, or an object (structured content, file descriptor).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.body()); }
    /// ```
    pub fn body(&self) -> Option<Value> {
        self.with(|m| m.body.clone())
    }

    /// The text of a text message.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.text()); }
    /// ```
    pub fn text(&self) -> Option<String> {
        self.with(|m| m.text().map(str::to_owned)).flatten()
    }

    /// `text/plain`, `hosted/file`, `RichContentEvent`, …
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.content_type()); }
    /// ```
    pub fn content_type(&self) -> Option<String> {
        self.with(|m| m.content_type.clone())
    }

    /// Request metadata attached to the message.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.metadata()); }
    /// ```
    pub fn metadata(&self) -> Option<Value> {
        self.with(|m| m.metadata.clone()).flatten()
    }

    /// Quick replies attached to the message.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.quick_replies()); }
    /// ```
    pub fn quick_replies(&self) -> Option<Value> {
        self.with(|m| m.quick_replies.clone()).flatten()
    }

    /// Who may see it (`ALL`, or `AGENTS_AND_MANAGERS` for private messages).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.audience()); }
    /// ```
    pub fn audience(&self) -> Option<MessageAudience> {
        self.with(|m| m.audience.clone())
    }

    /// `true` for a private message (agents and managers only).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.is_private()); }
    /// ```
    pub fn is_private(&self) -> bool {
        self.with(|m| m.is_private()).unwrap_or(false)
    }

    /// The sender, as the core decides it for both SDKs (`Model::sender_of`): the participant
    /// in the dialog that names it (the message's own first, then the others: a consumer
    /// writing in the survey is the MAIN dialog's consumer), else the message's originator;
    /// `None` when no role is known.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.participant().map(|p| p.role().clone())); }
    /// ```
    pub fn participant(&self) -> Option<Participant> {
        let (dialog, user, role) = self.conn.read(|c| {
            let m = c.model().message(&self.dialog_id, self.sequence)?;
            let (s, _) = c.model().sender_of(m);
            Some((
                s.dialog_id.to_owned(),
                s.user_id.to_owned(),
                s.role?.clone(),
            ))
        })?;
        Some(Participant::new(
            self.conn.clone(),
            self.conversation_id.clone(),
            dialog,
            user,
            role,
        ))
    }

    /// The sender's role.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.sender_role()); }
    /// ```
    pub fn sender_role(&self) -> Option<ParticipantRole> {
        self.participant().map(|p| p.role().clone())
    }

    /// `true` when this connection's user sent it (`sentByCurrentUser`).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.sent_by_current_user()); }
    /// ```
    pub fn sent_by_current_user(&self) -> bool {
        self.conn.read(|c| {
            c.model()
                .message(&self.dialog_id, self.sequence)
                .is_some_and(|m| m.sent_by(c.model().viewer()))
        })
    }

    /// The consumer sent `READ` for it.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.has_consumer_read()); }
    /// ```
    pub fn has_consumer_read(&self) -> bool {
        self.with(|m| m.has_consumer_read()).unwrap_or(false)
    }

    /// The assigned agent sent `READ` for it.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.has_assigned_agent_read()); }
    /// ```
    pub fn has_assigned_agent_read(&self) -> bool {
        self.with(|m| m.has_assigned_agent_read()).unwrap_or(false)
    }

    /// `true` for a hosted file that can be downloaded.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{}", m.is_downloadable()); }
    /// ```
    pub fn is_downloadable(&self) -> bool {
        self.with(|m| m.is_downloadable()).unwrap_or(false)
    }

    /// The hosted file's path.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.relative_path()); }
    /// ```
    pub fn relative_path(&self) -> Option<String> {
        self.with(|m| m.relative_path().map(str::to_owned))
            .flatten()
    }

    /// The hosted file's caption.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.caption()); }
    /// ```
    pub fn caption(&self) -> Option<String> {
        self.with(|m| m.caption().map(str::to_owned)).flatten()
    }

    /// The hosted file's type (`PNG`, `PDF`, …).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.file_type()); }
    /// ```
    pub fn file_type(&self) -> Option<String> {
        self.with(|m| m.file_type().map(str::to_owned)).flatten()
    }

    /// The hosted image's thumbnail, a `data:` URL (LivePerson's `preview`).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::Message) { println!("{:?}", m.preview()); }
    /// ```
    pub fn preview(&self) -> Option<String> {
        self.with(|m| m.preview().map(str::to_owned)).flatten()
    }

    async fn receipt(&self, status: DeliveryStatus) -> Result<()> {
        self.conn
            .run_done(Command::SendReceipt {
                dialog_id: self.dialog_id.clone(),
                status,
                sequences: vec![self.sequence],
            })
            .await
    }

    /// Tells the sender the message arrived (`ACCEPT`).
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::Message) -> lp_messaging_sdk::Result<()> {
    /// m.accept().await?;
    /// # Ok(()) }
    /// ```
    pub async fn accept(&self) -> Result<()> {
        self.receipt(DeliveryStatus::Accept).await
    }

    /// Tells the sender the message was read (`READ`).
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::Message) -> lp_messaging_sdk::Result<()> {
    /// m.read().await?;
    /// # Ok(()) }
    /// ```
    pub async fn read(&self) -> Result<()> {
        self.receipt(DeliveryStatus::Read).await
    }

    /// Downloads the hosted file.
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::Message) -> lp_messaging_sdk::Result<()> {
    /// let file = m.download_file().await?;
    /// # Ok(()) }
    /// ```
    pub async fn download_file(&self) -> Result<DownloadedFile> {
        let path = self
            .relative_path()
            .ok_or_else(|| Error::Invalid("the message is not a downloadable file".into()))?;
        self.conn.download_file(path).await
    }
}
