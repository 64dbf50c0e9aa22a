//! Model enums: JavaScript strings, unknown values kept, conversions to and from wire enums.

use lpm_core::model::{
    AgentState, ChatState, ConversationStage, MessageAudience, ModelEvent, ParticipantRole,
    ParticipantState,
};

#[test]
fn strings_and_unknowns() {
    assert_eq!(
        ParticipantRole::from("ASSIGNED_AGENT"),
        ParticipantRole::AssignedAgent
    );
    assert_eq!(ParticipantRole::from("NEW_ROLE").as_str(), "NEW_ROLE");
    assert_eq!(
        serde_json::to_string(&ChatState::Composing).unwrap(),
        "\"COMPOSING\""
    );
    let s: ParticipantState = serde_json::from_str("\"SUGGESTED\"").unwrap();
    assert_eq!(s, ParticipantState::Suggested);
    assert_eq!(MessageAudience::Unspecified.as_str(), "UNKNOWN");
    assert_eq!(ConversationStage::Closing.to_string(), "CLOSING");
}

#[test]
fn wire_conversions() {
    let wire = lpm_protocol::enums::ParticipantRole::from("MANAGER");
    assert_eq!(ParticipantRole::from(&wire), ParticipantRole::Manager);
    let back: lpm_protocol::enums::Availability = (&AgentState::BackSoon).into();
    assert_eq!(back.as_str(), "BACK_SOON");
    // SDK-only values survive as the wire enum's unknown.
    let w: lpm_protocol::enums::ChatState = (&ChatState::Removed).into();
    assert_eq!(w.as_str(), "REMOVED");
}

#[test]
fn event_serialization_is_tagged_camel_case() {
    let e = ModelEvent::SkillChange {
        conversation_id: "c".into(),
        prev_skill_id: "1".into(),
        new_skill_id: "2".into(),
    };
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        serde_json::json!({"event": "skillChange", "conversationId": "c", "prevSkillId": "1", "newSkillId": "2"})
    );
    assert_eq!(e.name(), "skill-change");
    assert_eq!(e.conversation_id(), Some("c"));
}
