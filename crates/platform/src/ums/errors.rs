//! The error catalogue of `errors.md` §1. Every error goes out as a string response of the
//! socket's version; the codes and texts marked UNCERTAIN there are this platform's choice.

/// A request failure: the code and the string body the client receives.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UmsError {
    /// 400 `Unknown request type`.
    #[error("Unknown request type")]
    UnknownType,
    /// 400 `Bad request: <field>`.
    #[error("Bad request: {0}")]
    BadRequest(String),
    /// 401 `Not authenticated` (consumer request before authentication).
    #[error("Not authenticated")]
    NotAuthenticated,
    /// 403 `Forbidden` (type not allowed for the side, or not the caller's to change).
    #[error("Forbidden")]
    Forbidden,
    /// 404 `Conversation not found`.
    #[error("Conversation not found")]
    ConversationNotFound,
    /// 400 `Conversation is closed`.
    #[error("Conversation is closed")]
    Closed,
    /// 403 `Agent does not exist in conversation` (caller not a participant).
    #[error("Agent does not exist in conversation")]
    NotParticipant,
    /// 400 `Agent does not exist in conversation` (remove an absent agent).
    #[error("Agent does not exist in conversation")]
    AgentNotInConversation,
    /// 400 `Transfer to agent failed: Agent already exist`.
    #[error("Transfer to agent failed: Agent already exist")]
    AgentAlreadyExists,
    /// 400 `Conversation already has an assigned agent`.
    #[error("Conversation already has an assigned agent")]
    AlreadyAssigned,
    /// 400 `Consumer already has an open conversation` (`uncertain.md` H1).
    #[error("Consumer already has an open conversation")]
    AlreadyOpen,
    /// 400 `Ring is not in waiting state`.
    #[error("Ring is not in waiting state")]
    RingNotWaiting,
    /// 404 `Subscription not found`.
    #[error("Subscription not found")]
    SubscriptionNotFound,
    /// 400 `File sharing is disabled`.
    #[error("File sharing is disabled")]
    FileSharingDisabled,
    /// 404 `User not found`.
    #[error("User not found")]
    UserNotFound,
    /// 403 `Consumer takeover not permitted` (strict mode without a step-up link).
    #[error("Consumer takeover not permitted")]
    TakeoverDenied,
}

impl UmsError {
    /// The response `code`.
    pub fn code(&self) -> u16 {
        match self {
            UmsError::NotAuthenticated => 401,
            UmsError::Forbidden | UmsError::NotParticipant | UmsError::TakeoverDenied => 403,
            UmsError::ConversationNotFound
            | UmsError::SubscriptionNotFound
            | UmsError::UserNotFound => 404,
            _ => 400,
        }
    }
}

/// Shorthand for a missing or malformed field.
pub fn bad(field: &str) -> UmsError {
    UmsError::BadRequest(field.to_owned())
}
