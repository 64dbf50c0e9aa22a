//! [`Conversation`]: a handle on one conversation.

use lpm_core::connection::{Command, CommandOutput};
use lpm_core::model::{
    ChatState, ConversationStage, CsatStatus, DialogType, ParticipantRole, TtrType,
};
use serde_json::Value;

use crate::connection::Connection;
use crate::dialog::Dialog;
use crate::error::{Error, Result};
use crate::events::EventStream;
use crate::message::Message;
use crate::participant::Participant;
use crate::skill::Skill;

/// Where [`Conversation::transfer`] sends a conversation.
///
/// ```
/// use lp_messaging_sdk::Transfer;
/// let to_skill = Transfer::Skill("1111111".into());
/// let to_agent = Transfer::Agent("5555555".into());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transfer {
    /// To a skill (the assigned agent, if any, is removed).
    Skill(String),
    /// To an agent (`userId` or `{accountId}.{userId}`), who is suggested and must accept.
    Agent(String),
}

/// Optional parts of a message: request metadata and quick replies.
///
/// ```
/// use lp_messaging_sdk::MessageOptions;
/// let o = MessageOptions::default()
///     .metadata(serde_json::json!({"type": "ExternalId", "id": "123"}))
///     .quick_replies(serde_json::json!({"type": "quickReplies", "itemsPerRow": 3, "replies": []}));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageOptions {
    metadata: Option<Value>,
    quick_replies: Option<Value>,
}

impl MessageOptions {
    /// Attaches metadata: one object, or an array of them.
    ///
    /// ```
    /// let o = lp_messaging_sdk::MessageOptions::default()
    ///     .metadata(serde_json::json!([{"type": "ExternalId", "id": "1"}, {"type": "ExternalId", "id": "2"}]));
    /// ```
    pub fn metadata(mut self, metadata: Value) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Attaches quick replies (`{"type":"quickReplies","itemsPerRow":…,"replies":[…]}`).
    ///
    /// ```
    /// let o = lp_messaging_sdk::MessageOptions::default()
    ///     .quick_replies(serde_json::json!({"type": "quickReplies", "itemsPerRow": 1, "replies": []}));
    /// ```
    pub fn quick_replies(mut self, quick_replies: Value) -> Self {
        self.quick_replies = Some(quick_replies);
        self
    }
}

/// A conversation, by id. Reads show the connection's current state; the handle keeps no copy.
///
/// ```no_run
/// # async fn demo(conversation: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
/// use lp_messaging_sdk::ParticipantRole;
/// conversation.join(ParticipantRole::Agent).await?;
/// conversation.send_message("hello").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Conversation {
    conn: Connection,
    id: String,
}

impl std::fmt::Debug for Conversation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conversation")
            .field("id", &self.id)
            .finish()
    }
}

impl PartialEq for Conversation {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Conversation {
    pub(crate) fn new(conn: Connection, id: String) -> Conversation {
        Conversation { conn, id }
    }

    fn read<R>(&self, f: impl FnOnce(&lpm_core::model::Conversation) -> R) -> Option<R> {
        self.conn.read(|c| c.model().conversation(&self.id).map(f))
    }

    /// The conversation id.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{}", c.id()); }
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The connection it belongs to.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { let _ = c.connection(); }
    /// ```
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A copy of everything the connection knows about the conversation now (`None` once it
    /// is no longer held).
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) {
    /// if let Some(s) = c.snapshot() { println!("{:?}", s.ttr_type); }
    /// # }
    /// ```
    pub fn snapshot(&self) -> Option<lpm_core::model::Conversation> {
        self.read(Clone::clone)
    }

    /// The conversation as JSON for [`Connection::load_conversation`] (message bodies are
    /// replaced by their SHA-256 hashes, so no personal data is stored).
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let saved = c.serialize()?;
    /// # Ok(()) }
    /// ```
    pub fn serialize(&self) -> Result<String> {
        self.conn
            .read(|c| c.model().serialize_conversation(&self.id))
            .map_err(|e| Error::Unavailable(e.to_string()))
    }

    /// The stage (`OPEN`, `CLOSE`, …); `None` when the conversation is not held.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{:?}", c.stage()); }
    /// ```
    pub fn stage(&self) -> Option<ConversationStage> {
        self.read(|c| c.stage.clone())
    }

    /// `true` until the conversation is closed.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{}", c.is_open()); }
    /// ```
    pub fn is_open(&self) -> bool {
        self.read(|c| c.is_open()).unwrap_or(false)
    }

    /// The current skill.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{}", c.skill().id()); }
    /// ```
    pub fn skill(&self) -> Skill {
        let id = self
            .read(|c| c.skill_id.clone())
            .unwrap_or_else(|| "-1".into());
        Skill::new(self.conn.clone(), id)
    }

    /// The open messaging dialog (`openDialog`), `None` once closed.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{:?}", c.open_dialog().map(|d| d.id().to_owned())); }
    /// ```
    pub fn open_dialog(&self) -> Option<Dialog> {
        self.read(|c| c.open_dialog().map(|d| d.dialog_id.clone()))
            .flatten()
            .map(|d| Dialog::new(self.conn.clone(), self.id.clone(), d))
    }

    /// The most recently updated dialog of a type (`getDialog(type)`), e.g. the survey.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) {
    /// use lp_messaging_sdk::DialogType;
    /// if let Some(survey) = c.dialog_by_type(&DialogType::PostSurvey) {
    ///     println!("survey dialog {}", survey.id());
    /// }
    /// # }
    /// ```
    pub fn dialog_by_type(&self, dialog_type: &DialogType) -> Option<Dialog> {
        self.read(|c| c.dialog_by_type(dialog_type).map(|d| d.dialog_id.clone()))
            .flatten()
            .map(|d| Dialog::new(self.conn.clone(), self.id.clone(), d))
    }

    /// Every dialog, in order of appearance.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{}", c.dialogs().len()); }
    /// ```
    pub fn dialogs(&self) -> Vec<Dialog> {
        self.read(|c| {
            c.dialogs
                .iter()
                .map(|d| d.dialog_id.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|d| Dialog::new(self.conn.clone(), self.id.clone(), d))
        .collect()
    }

    fn participant_of(
        &self,
        pick: impl FnOnce(&lpm_core::model::Conversation) -> Option<(String, String, ParticipantRole)>,
    ) -> Option<Participant> {
        self.read(pick)
            .flatten()
            .map(|(d, u, r)| Participant::new(self.conn.clone(), self.id.clone(), d, u, r))
    }

    /// The consumer.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{:?}", c.consumer().map(|p| p.user_id().to_owned())); }
    /// ```
    pub fn consumer(&self) -> Option<Participant> {
        self.participant_of(|c| {
            let d = c.current_dialog()?;
            let p = d.consumer()?;
            Some((d.dialog_id.clone(), p.user_id.clone(), p.role.clone()))
        })
    }

    /// The assigned agent, if there is one.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{}", c.assigned_agent().is_some()); }
    /// ```
    pub fn assigned_agent(&self) -> Option<Participant> {
        self.participant_of(|c| {
            let d = c.current_dialog()?;
            let p = d.assigned_agent()?;
            Some((d.dialog_id.clone(), p.user_id.clone(), p.role.clone()))
        })
    }

    /// Every message of every dialog, in order (previous messages).
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) {
    /// for m in c.messages() { println!("{:?}", m.body()); }
    /// # }
    /// ```
    pub fn messages(&self) -> Vec<Message> {
        self.read(|c| {
            c.all_messages()
                .map(|m| (m.dialog_id.clone(), m.sequence))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(d, s)| Message::new(self.conn.clone(), self.id.clone(), d, s, false))
        .collect()
    }

    /// The newest message from the consumer.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) { println!("{:?}", c.latest_consumer_message().and_then(|m| m.text())); }
    /// ```
    pub fn latest_consumer_message(&self) -> Option<Message> {
        self.read(|c| {
            c.latest_consumer_message()
                .map(|m| (m.dialog_id.clone(), m.sequence))
        })
        .flatten()
        .map(|(d, s)| Message::new(self.conn.clone(), self.id.clone(), d, s, false))
    }

    /// A stream of this conversation's events from now on.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) {
    /// use lp_messaging_sdk::Event;
    /// let mut events = c.events();
    /// while let Some(e) = events.next().await {
    ///     if let Event::ConversationClosed(_) = e { println!("conversation closed"); break; }
    /// }
    /// # }
    /// ```
    pub fn events(&self) -> EventStream {
        self.conn.conversation_events(&self.id)
    }

    /// Calls `handler` with each of this conversation's events, on a task of its own (the
    /// callback form of [`Conversation::events`]); abort the returned handle to stop.
    ///
    /// ```no_run
    /// # fn demo(c: lp_messaging_sdk::Conversation) {
    /// use lp_messaging_sdk::Event;
    /// c.on_event(|e| if let Event::Message(m) = e { println!("{:?}", m.body()) });
    /// # }
    /// ```
    pub fn on_event<F>(&self, handler: F) -> tokio::task::JoinHandle<()>
    where
        F: FnMut(crate::Event) + Send + 'static,
    {
        crate::connection::spawn_handler(self.events(), handler)
    }

    fn open_dialog_id(&self) -> Result<String> {
        self.open_dialog()
            .map(|d| d.id().to_owned())
            .ok_or_else(|| {
                Error::Unavailable(format!("conversation {} has no open dialog", self.id))
            })
    }

    /// Brand: joins with `role` (`ASSIGNED_AGENT`, `AGENT`, `MANAGER`, `CONTROLLER`, `READER`…).
    /// Returns once the conversation shows this user as a participant (when a subscription
    /// covers the conversation), so `leave` or `transfer` can follow at once.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.join(lp_messaging_sdk::ParticipantRole::Agent).await?;
    /// # Ok(()) }
    /// ```
    pub async fn join(&self, role: ParticipantRole) -> Result<()> {
        self.join_with_metadata(role, None).await
    }

    /// Brand: [`Conversation::join`] with conversation-level request metadata (one object or
    /// an array of objects).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "supervisor_review"});
    /// c.join_with_metadata(lp_messaging_sdk::ParticipantRole::Manager, Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn join_with_metadata(
        &self,
        role: ParticipantRole,
        metadata: Option<Value>,
    ) -> Result<()> {
        // The core completes the join once a covering subscription shows this user.
        self.conn
            .run_done(Command::Join {
                conversation_id: self.id.clone(),
                role,
                metadata,
            })
            .await
    }

    /// Brand: leaves the conversation.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.leave().await?;
    /// # Ok(()) }
    /// ```
    pub async fn leave(&self) -> Result<()> {
        self.leave_with_metadata(None).await
    }

    /// Brand: [`Conversation::leave`] with conversation-level request metadata.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "bot_done"});
    /// c.leave_with_metadata(Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn leave_with_metadata(&self, metadata: Option<Value>) -> Result<()> {
        self.conn
            .run_done(Command::Leave {
                conversation_id: self.id.clone(),
                metadata,
            })
            .await
    }

    /// Brand: transfers to a skill or an agent.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.transfer(lp_messaging_sdk::Transfer::Skill("1111111".into())).await?;
    /// # Ok(()) }
    /// ```
    pub async fn transfer(&self, to: Transfer) -> Result<()> {
        self.transfer_with_metadata(to, None).await
    }

    /// Brand: transfers with conversation-level request metadata (one object or an array),
    /// e.g. why a bot escalates (LivePerson's SDK offers metadata on messages only).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let reason = serde_json::json!({"type": "ActionReason", "reason": "escalated_by_bot"});
    /// c.transfer_with_metadata(lp_messaging_sdk::Transfer::Skill("1111111".into()), Some(reason))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn transfer_with_metadata(
        &self,
        to: Transfer,
        metadata: Option<Value>,
    ) -> Result<()> {
        let (skill_id, agent_id) = match to {
            Transfer::Skill(s) => (Some(s), None),
            Transfer::Agent(a) => (None, Some(a)),
        };
        self.conn
            .run_done(Command::Transfer {
                conversation_id: self.id.clone(),
                skill_id,
                agent_id,
                metadata,
            })
            .await
    }

    /// Brand: removes the assigned agent and puts the conversation back in its skill's queue.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.back_to_queue().await?;
    /// # Ok(()) }
    /// ```
    pub async fn back_to_queue(&self) -> Result<()> {
        self.back_to_queue_with_metadata(None).await
    }

    /// Brand: [`Conversation::back_to_queue`] with conversation-level request metadata.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "shift_ended"});
    /// c.back_to_queue_with_metadata(Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn back_to_queue_with_metadata(&self, metadata: Option<Value>) -> Result<()> {
        self.conn
            .run_done(Command::BackToQueue {
                conversation_id: self.id.clone(),
                metadata,
            })
            .await
    }

    /// Closes the conversation.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.close().await?;
    /// # Ok(()) }
    /// ```
    pub async fn close(&self) -> Result<()> {
        self.conn.close_conversation(self.id.clone()).await
    }

    /// Closes the conversation with conversation-level request metadata.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "resolved_by_bot"});
    /// c.close_with_metadata(Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn close_with_metadata(&self, metadata: Option<Value>) -> Result<()> {
        self.conn
            .close_conversation_with_metadata(self.id.clone(), metadata)
            .await
    }

    /// Consumer: continues a closed conversation in a new one with the same skill, context
    /// and campaign (`resumeConversation`); returns the new conversation.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let resumed = c.resume().await?;
    /// resumed.send_message("I have one more question").await?;
    /// # Ok(()) }
    /// ```
    pub async fn resume(&self) -> Result<Conversation> {
        self.conn
            .created_conversation(Command::ResumeConversation {
                conversation_id: self.id.clone(),
            })
            .await
    }

    async fn sequence(&self, cmd: Command) -> Result<u64> {
        match self.conn.run(cmd).await? {
            CommandOutput::Sequence { sequence } => Ok(sequence),
            _ => Ok(0),
        }
    }

    /// Sends a text message (markdown inside `#md#…#/md#`); returns its sequence.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.send_message("view our docs #md#[here](https://developers.liveperson.com)#/md#").await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_message(&self, text: impl Into<String>) -> Result<u64> {
        self.send_message_with(text, MessageOptions::default())
            .await
    }

    /// Sends a text message with metadata and/or quick replies.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::MessageOptions;
    /// let o = MessageOptions::default().metadata(serde_json::json!({"type": "ExternalId", "id": "123"}));
    /// c.send_message_with("external action 123 was taken", o).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_message_with(
        &self,
        text: impl Into<String>,
        options: MessageOptions,
    ) -> Result<u64> {
        self.sequence(Command::SendMessage {
            conversation_id: self.id.clone(),
            dialog_id: None,
            text: text.into(),
            metadata: options.metadata,
            quick_replies: options.quick_replies,
        })
        .await
    }

    /// Sends structured content (rich text).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let card = serde_json::json!({"type": "vertical", "elements": [{"type": "text", "text": "hi"}]});
    /// c.send_rich_text(card, Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_rich_text(&self, content: Value, options: MessageOptions) -> Result<u64> {
        self.sequence(Command::SendRichText {
            conversation_id: self.id.clone(),
            dialog_id: None,
            content,
            metadata: options.metadata,
            quick_replies: options.quick_replies,
        })
        .await
    }

    /// Brand: sends a message only agents and managers see.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.send_private_message("this is private", None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_private_message(
        &self,
        text: impl Into<String>,
        metadata: Option<Value>,
    ) -> Result<u64> {
        self.sequence(Command::SendPrivateMessage {
            conversation_id: self.id.clone(),
            dialog_id: None,
            text: text.into(),
            metadata,
        })
        .await
    }

    /// Uploads a file and publishes it in the conversation with an optional caption;
    /// returns the message's sequence. The file type (`JPG`, `PNG`, `GIF`, `PDF`, `DOCX`,
    /// `XLSX`, `PPTX`) is recognised from the bytes, and images get a thumbnail preview,
    /// as in LivePerson's SDK. Unrecognised bytes are named `PNG`, as LivePerson's SDK does;
    /// use [`upload_file_as`](Self::upload_file_as) to name the type.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let bytes = std::fs::read("logo.png").unwrap();
    /// c.upload_file(bytes, Some("our logo")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn upload_file(&self, data: Vec<u8>, caption: Option<&str>) -> Result<u64> {
        self.upload(data, None, caption).await
    }

    /// [`upload_file`](Self::upload_file) with the file type (`PNG`, `JPG`, …) named by the
    /// caller instead of recognised from the bytes.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let bytes = std::fs::read("report.pdf").unwrap();
    /// c.upload_file_as(bytes, "PDF", None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn upload_file_as(
        &self,
        data: Vec<u8>,
        file_type: &str,
        caption: Option<&str>,
    ) -> Result<u64> {
        self.upload(data, Some(file_type.to_owned()), caption).await
    }

    async fn upload(
        &self,
        data: Vec<u8>,
        file_type: Option<String>,
        caption: Option<&str>,
    ) -> Result<u64> {
        let dialog_id = self.open_dialog_id()?;
        let (relative_path, file_type, preview) = match self
            .conn
            .run(Command::UploadFile {
                file_type,
                data,
                preview: None,
            })
            .await?
        {
            CommandOutput::Uploaded {
                relative_path,
                file_type,
                preview,
            } => (relative_path, file_type, preview),
            _ => {
                return Err(Error::Unavailable(
                    "no file path in the upload answer".into(),
                ));
            }
        };
        self.sequence(Command::SendFile {
            conversation_id: self.id.clone(),
            dialog_id: Some(dialog_id),
            relative_path,
            file_type,
            caption: caption.map(str::to_owned),
            preview,
        })
        .await
    }

    /// Sets the chat state (`COMPOSING`, `ACTIVE`, …) on the open dialog.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.set_chat_state(lp_messaging_sdk::ChatState::Composing).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_chat_state(&self, chat_state: ChatState) -> Result<()> {
        self.conn
            .run_done(Command::SetChatState {
                conversation_id: self.id.clone(),
                dialog_id: None,
                chat_state,
            })
            .await
    }

    /// Brand: replaces the conversation note.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.set_note("VIP customer").await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_note(&self, note: impl Into<String>) -> Result<()> {
        self.set_note_with_metadata(note, None).await
    }

    /// Brand: [`Conversation::set_note`] with conversation-level request metadata.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let id = serde_json::json!({"type": "ExternalId", "id": "crm-42"});
    /// c.set_note_with_metadata("VIP customer", Some(id)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_note_with_metadata(
        &self,
        note: impl Into<String>,
        metadata: Option<Value>,
    ) -> Result<()> {
        self.conn
            .run_done(Command::SetNote {
                conversation_id: self.id.clone(),
                note: note.into(),
                metadata,
            })
            .await
    }

    /// Sets the time to respond (`value` in seconds, only for `CUSTOM`).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.set_ttr(lp_messaging_sdk::TtrType::Urgent, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_ttr(&self, ttr_type: TtrType, value: Option<u64>) -> Result<()> {
        self.set_ttr_with_metadata(ttr_type, value, None).await
    }

    /// [`Conversation::set_ttr`] with conversation-level request metadata.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "vip"});
    /// c.set_ttr_with_metadata(lp_messaging_sdk::TtrType::Urgent, None, Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_ttr_with_metadata(
        &self,
        ttr_type: TtrType,
        value: Option<u64>,
        metadata: Option<Value>,
    ) -> Result<()> {
        self.conn
            .run_done(Command::SetTtr {
                conversation_id: self.id.clone(),
                ttr_type,
                value,
                metadata,
            })
            .await
    }

    /// Brand: sets the manual expected time to respond (epoch ms).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.set_manual_ettr(1_800_000_000_000).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_manual_ettr(&self, time_ms: u64) -> Result<()> {
        self.set_manual_ettr_with_metadata(time_ms, None).await
    }

    /// Brand: [`Conversation::set_manual_ettr`] with conversation-level request metadata.
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "callback_promised"});
    /// c.set_manual_ettr_with_metadata(1_800_000_000_000, Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_manual_ettr_with_metadata(
        &self,
        time_ms: u64,
        metadata: Option<Value>,
    ) -> Result<()> {
        self.conn
            .run_done(Command::SetManualEttr {
                conversation_id: self.id.clone(),
                time: time_ms,
                metadata,
            })
            .await
    }

    /// Brand: loads up to `max_quantity` messages of the open dialog (`queryMessages`).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.query_messages(Some(20)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn query_messages(&self, max_quantity: Option<u64>) -> Result<()> {
        let dialog_id = self.open_dialog_id()?;
        self.conn
            .run_done(Command::QueryMessages {
                dialog_id,
                max_quantity,
                sequence_min: None,
                sequence_max: None,
            })
            .await
    }

    /// Consumer: fills in the satisfaction survey (`rate` `"0"`…`"5"`).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.set_csat("5", true, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_csat(
        &self,
        rate: &str,
        resolved: bool,
        status: Option<CsatStatus>,
    ) -> Result<()> {
        self.conn
            .run_done(Command::SetCsat {
                conversation_id: self.id.clone(),
                csat_rate: rate.to_owned(),
                resolution_confirmation: resolved,
                status,
            })
            .await
    }

    /// Brand: loads every message of the open dialog (`getAllPublishEvents`).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.get_all_publish_events().await?;
    /// for m in c.messages() { println!("{:?}", m.body()); }
    /// # Ok(()) }
    /// ```
    pub async fn get_all_publish_events(&self) -> Result<()> {
        let dialog_id = self.open_dialog_id()?;
        self.conn
            .run_done(Command::GetAllPublishEvents { dialog_id })
            .await
    }

    /// Consumer: hands the conversation to another consumer identity (used by step-up).
    ///
    /// ```no_run
    /// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
    /// c.consumer_takeover("new-consumer-id").await?;
    /// # Ok(()) }
    /// ```
    pub async fn consumer_takeover(&self, new_consumer_id: impl Into<String>) -> Result<()> {
        self.conn
            .run_done(Command::ConsumerTakeover {
                conversation_id: self.id.clone(),
                new_consumer_id: new_consumer_id.into(),
            })
            .await
    }
}
