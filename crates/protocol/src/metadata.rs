//! Request-level `metadata` objects (`content-types.md` §6).
//!
//! Attached to `PublishEvent` and `UpdateConversationField` requests, echoed
//! on messaging events, and used inside `click.metadata` of structured
//! content. UMS validates them strictly; this crate reads them tolerantly
//! (unknown types and members are kept).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::Extra;

/// `ExternalId`: identifies a card or card action for reporting.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ExternalId {
    /// The id (required by the schema).
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub id: String,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// `ActionReason`: why an action (e.g. an escalation) happened.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ActionReason {
    /// E.g. `escalated_by_bot`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Reason id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// One intent of a [`BotResponse`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Intent {
    /// Intent id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Intent name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Number 0..1 in the schema, `low`/`medium`/`high` in the guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Value>,
    /// Number, per the guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_score: Option<Value>,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// `BotResponse`: bot recognition results.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct BotResponse {
    /// The bot platform's conversation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_conversation_id: Option<String>,
    /// Business cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_cases: Option<Vec<String>>,
    /// Recognised intents (≤ 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intents: Option<Vec<Intent>>,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// `EscalationSummary`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct EscalationSummary {
    /// Escalation cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation_cause: Option<String>,
    /// `[{id, time}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_cases: Option<Vec<Value>>,
    /// Duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_duration: Option<i64>,
    /// Escalated during business case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalated_during_business_case: Option<Value>,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// `Question` (post-conversation survey).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Question {
    /// Question id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Survey id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_id: Option<String>,
    /// Provider (`AC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Answer ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replies: Option<Vec<String>>,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// `Answer` (post-conversation survey).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Answer {
    /// Question id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<String>,
    /// Answer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Provider (`AC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

keeps_extra!(
    ExternalId.extra,
    ActionReason.extra,
    Intent.extra,
    BotResponse.extra,
    EscalationSummary.extra,
    Question.extra,
    Answer.extra,
);

/// A metadata type whose members this crate keeps as raw JSON
/// (`IBMWatsonInfo`, `ConnectorPaymentResponse`, `SocialMessaging…`).
// `transparent`, not `flatten`: the same JSON, without serde's `Content` buffer (`extra.rs`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MetadataFields {
    /// All members except `type`.
    pub fields: Extra,
}

tagged_enum! {
    /// One request-level metadata object, discriminated by `type`.
    ///
    /// ```
    /// use lpm_protocol::metadata::Metadata;
    /// let m: Vec<Metadata> = serde_json::from_str(
    ///     r#"[{"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"},{"type":"Future","x":1}]"#,
    /// ).unwrap();
    /// assert!(matches!(&m[0], Metadata::ActionReason(r) if r.reason.as_deref() == Some("escalated_by_bot")));
    /// assert_eq!(m[1].tag(), Some("Future"));
    /// ```
    pub enum Metadata (tag = "type") {
        /// `ExternalId`
        ExternalId(ExternalId) = "ExternalId",
        /// `ActionReason`
        ActionReason(ActionReason) = "ActionReason",
        /// `BotResponse`
        BotResponse(BotResponse) = "BotResponse",
        /// `EscalationSummary`
        EscalationSummary(EscalationSummary) = "EscalationSummary",
        /// `IBMWatsonInfo`
        IbmWatsonInfo(MetadataFields) = "IBMWatsonInfo",
        /// `ConnectorPaymentResponse`
        ConnectorPaymentResponse(MetadataFields) = "ConnectorPaymentResponse",
        /// `ConnectorAuthenticationResponse`
        ConnectorAuthenticationResponse(MetadataFields) = "ConnectorAuthenticationResponse",
        /// `SocialMessagingConversationData`
        SocialMessagingConversationData(MetadataFields) = "SocialMessagingConversationData",
        /// `SocialMessagingEventData`
        SocialMessagingEventData(MetadataFields) = "SocialMessagingEventData",
        /// `Question` (PCS)
        Question(Question) = "Question",
        /// `Answer` (PCS)
        Answer(Answer) = "Answer",
    }
}
