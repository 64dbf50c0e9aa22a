//! Errors of domain commands (sdk-api §16), with the messages the JavaScript API uses.

/// Why a domain command could not be built, or why its response means failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The conversation is not in the cache.
    #[error("Unknown conversation: {0}")]
    UnknownConversation(String),
    /// The dialog is not in the cache.
    #[error("Unknown dialog: {0}")]
    UnknownDialog(String),
    /// The conversation has no open messaging dialog (closed, or not described yet).
    #[error("No open dialog")]
    NoOpenDialog,
    /// The conversation is closed.
    #[error("Conversation is closed")]
    ConversationClosed,
    /// The conversation is already being closed.
    #[error("Conversation has already begun closing.")]
    ConversationClosing,
    /// `close()` on a closed dialog.
    #[error("Dialog is already closed.")]
    DialogAlreadyClosed,
    /// `close()` while a close is under way.
    #[error("Dialog has already begun closing.")]
    DialogClosing,
    /// `sendMessage("")`.
    #[error("Empty message text is not allowed")]
    EmptyMessage,
    /// Text over the length limit.
    #[error("Message text is too long: {length} characters, at most {max} allowed")]
    MessageTooLong {
        /// Characters given.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// Structured content over the length limit.
    #[error("Rich content is too long: {length} characters, at most {max} allowed")]
    RichContentTooLong {
        /// Characters of the serialized content.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// Note over 5 000 characters.
    #[error("Note is too long: {length} characters, at most {max} allowed")]
    NoteTooLong {
        /// Characters given.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// A transfer naming the current assigned agent.
    #[error("Cannot transfer to the same agent: {0}")]
    SameAgent(String),
    /// A transfer with neither skill nor agent.
    #[error("transfer requires a skillId or an agentId")]
    EmptyTransfer,
    /// Back to queue without an assigned agent.
    #[error("no assigned agent to remove")]
    NoAssignedAgent,
    /// `leave()` by a user who is not a participant.
    #[error("current user is not a participant of the conversation")]
    NotAParticipant,
    /// Consumer takeover without a consumer participant.
    #[error("no existing consumer participant")]
    NoConsumer,
    /// A brand-only operation on a consumer connection.
    #[error("{0} is only supported for BrandWebsocketConnection")]
    BrandOnly(&'static str),
    /// A consumer-only operation on a brand connection.
    #[error("{0} is only supported for ConsumerWebsocketConnection")]
    ConsumerOnly(&'static str),
    /// An argument is not acceptable.
    #[error("{0}")]
    InvalidArgument(String),
    /// UMS answered with an error code; `message` is its text, verbatim.
    #[error("{message}")]
    ErrorResponse {
        /// Status code.
        code: u16,
        /// The server's text (or JSON body).
        message: String,
    },
    /// UMS answered success but not with the text that means success; surfaced verbatim.
    #[error("{got}")]
    UnexpectedResponse {
        /// What success looks like.
        expected: String,
        /// What came.
        got: String,
    },
}
