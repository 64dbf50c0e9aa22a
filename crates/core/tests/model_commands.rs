//! Domain commands: request bodies (asserted as JSON), type names on both socket versions,
//! validation errors with the JavaScript API's messages, response checks.

mod common;

use common::*;
use lpm_core::model::commands::{self, CommandOutput, Expect, MessageQuery, TransferTarget};
use lpm_core::model::{
    AgentState, ChatState, CloseReason, CsatStatus, DeliveryStatus, Model, ModelError,
    ParticipantRole, TtrType,
};
use lpm_protocol::{ApiVersion, MessageType, Response};
use serde_json::json;

const C: (&str, &str, &str) = (CONSUMER, "CONSUMER", "ACTIVE");

fn brand_with(parts: &[P]) -> Model {
    let mut m = brand_model();
    let pids: Vec<(&str, &str)> = vec![
        (AGENT_OLD, AGENT_PID),
        (ME_OLD, ME_PID),
        (OTHER_OLD, OTHER_PID),
    ];
    m.ingest(&Conv::new(100, parts).v2("UPSERT", &pids), &at(1));
    m
}

fn consumer_with(parts: &[P]) -> Model {
    let mut m = consumer_model();
    m.ingest(&Conv::new(100, parts).v3("UPSERT"), &at(1));
    m
}

fn closed_brand() -> Model {
    let mut m = brand_model();
    let mut conv = Conv::new(100, &[C]);
    conv.stage = "CLOSE".into();
    conv.dialogs = vec![dialog(CONV, "MAIN", "CLOSE", 100, &[C])];
    m.ingest(&conv.v2("UPSERT", &[]), &at(1));
    m
}

fn text_resp(t: &str) -> Response {
    Response::text("1", 200, ApiVersion::V2_1, t)
}

#[test]
fn join_body_names_and_check() {
    let m = brand_with(&[C]);
    let cmd = commands::join(&m, CONV, ParticipantRole::Agent).unwrap();
    assert_eq!(cmd.message_type, MessageType::UpdateConversationField);
    assert_eq!(
        cmd.body,
        json!({"conversationId": CONV, "conversationField": [
            {"field": "ParticipantsChange", "type": "ADD", "role": "AGENT", "userId": ME_OLD}]})
    );
    assert_eq!(
        cmd.to_request("1", ApiVersion::V2_1).unwrap().type_name,
        ".ams.cm.UpdateConversationField"
    );
    assert_eq!(
        cmd.to_request("1", ApiVersion::V3).unwrap().type_name,
        "cm.UpdateConversationField"
    );
    assert_eq!(
        cmd.check(&text_resp("OK Agent added successfully")),
        Ok(CommandOutput::Done)
    );
    let err = cmd.check(&text_resp("Agent already exist")).unwrap_err();
    assert_eq!(err.to_string(), "Agent already exist");
    let err = cmd
        .check(&Response::text(
            "1",
            400,
            ApiVersion::V2_1,
            "Agent does not exist in conversation",
        ))
        .unwrap_err();
    assert_eq!(
        err,
        ModelError::ErrorResponse {
            code: 400,
            message: "Agent does not exist in conversation".into()
        }
    );
    // Consumers cannot join; closed conversations have no open dialog.
    let c = consumer_with(&[C]);
    assert_eq!(
        commands::join(&c, CONV, ParticipantRole::Agent)
            .unwrap_err()
            .to_string(),
        "join is only supported for BrandWebsocketConnection"
    );
    assert_eq!(
        commands::join(&closed_brand(), CONV, ParticipantRole::Agent)
            .unwrap_err()
            .to_string(),
        "No open dialog"
    );
    assert!(matches!(
        commands::join(&m, "nope", ParticipantRole::Agent),
        Err(ModelError::UnknownConversation(_))
    ));
}

#[test]
fn leave_removes_each_own_role() {
    let m = brand_with(&[
        C,
        (ME_OLD, "MANAGER", "ACTIVE"),
        (ME_OLD, "READER", "ACTIVE"),
    ]);
    let cmd = commands::leave(&m, CONV).unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!([
            {"field": "ParticipantsChange", "type": "REMOVE", "role": "MANAGER", "userId": ME_OLD},
            {"field": "ParticipantsChange", "type": "REMOVE", "role": "READER", "userId": ME_OLD}])
    );
    assert_eq!(
        cmd.expect,
        Expect::Text(vec!["OK Agent removed successfully"])
    );
    assert_eq!(
        commands::leave(&brand_with(&[C]), CONV).unwrap_err(),
        ModelError::NotAParticipant
    );
}

#[test]
fn transfer_to_skill_removes_current_agent() {
    let m = brand_with(&[C, (AGENT_OLD, "ASSIGNED_AGENT", "ACTIVE")]);
    let cmd = commands::transfer(
        &m,
        CONV,
        &TransferTarget {
            skill_id: Some("1111111".into()),
            agent_id: None,
        },
    )
    .unwrap();
    assert_eq!(
        cmd.body,
        json!({"conversationId": CONV, "conversationField": [
            {"field": "Skill", "type": "UPDATE", "skill": "1111111"},
            {"field": "ParticipantsChange", "type": "REMOVE", "role": "ASSIGNED_AGENT", "userId": AGENT_OLD}]})
    );
    assert_eq!(
        cmd.expect,
        Expect::Text(vec!["OK Agent removed successfully"])
    );
}

#[test]
fn transfer_to_agent_already_participating_in_another_role() {
    let m = brand_with(&[
        C,
        (AGENT_OLD, "ASSIGNED_AGENT", "ACTIVE"),
        (OTHER_OLD, "READER", "ACTIVE"),
    ]);
    // Just the user id: the account is prefixed.
    let cmd = commands::transfer(
        &m,
        CONV,
        &TransferTarget {
            skill_id: Some("5".into()),
            agent_id: Some("1002".into()),
        },
    )
    .unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!([
            {"field": "Skill", "type": "UPDATE", "skill": "5"},
            {"field": "ParticipantsChange", "type": "REMOVE", "role": "READER", "userId": OTHER_OLD},
            {"field": "ParticipantsChange", "type": "SUGGEST", "role": "ASSIGNED_AGENT", "userId": OTHER_OLD},
            {"field": "ParticipantsChange", "type": "REMOVE", "role": "ASSIGNED_AGENT", "userId": AGENT_OLD}])
    );
    let err = commands::transfer(
        &m,
        CONV,
        &TransferTarget {
            skill_id: None,
            agent_id: Some(AGENT_OLD.into()),
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("Cannot transfer to the same agent: {AGENT_OLD}")
    );
    assert_eq!(
        commands::transfer(&m, CONV, &TransferTarget::default()).unwrap_err(),
        ModelError::EmptyTransfer
    );
}

#[test]
fn transfer_without_removal_expects_skill_changed() {
    let m = brand_with(&[C]);
    let cmd = commands::transfer(
        &m,
        CONV,
        &TransferTarget {
            skill_id: Some("5".into()),
            agent_id: None,
        },
    )
    .unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!([{"field": "Skill", "type": "UPDATE", "skill": "5"}])
    );
    assert_eq!(
        cmd.check(&text_resp("Skill changed successfully")),
        Ok(CommandOutput::Done)
    );
}

#[test]
fn back_to_queue() {
    let m = brand_with(&[C, (AGENT_OLD, "ASSIGNED_AGENT", "ACTIVE")]);
    let cmd = commands::back_to_queue(&m, CONV).unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!([{"field": "ParticipantsChange", "type": "REMOVE", "role": "ASSIGNED_AGENT", "userId": AGENT_OLD}])
    );
    assert_eq!(
        commands::back_to_queue(&brand_with(&[C]), CONV).unwrap_err(),
        ModelError::NoAssignedAgent
    );
}

#[test]
fn close_conversation_and_dialog() {
    let mut m = brand_with(&[C]);
    let cmd = commands::close_conversation(&m, CONV).unwrap();
    assert_eq!(
        cmd.body,
        json!({"conversationId": CONV, "conversationField": [{"field": "ConversationStateField", "conversationState": "CLOSE"}]})
    );
    assert_eq!(
        cmd.check(&text_resp("OK Conversation resolved successfully")),
        Ok(CommandOutput::Done)
    );
    assert!(m.begin_close_conversation(CONV));
    assert_eq!(m.conversation(CONV).unwrap().stage.as_str(), "CLOSING");
    assert_eq!(
        commands::close_conversation(&m, CONV).unwrap_err(),
        ModelError::ConversationClosing
    );
    m.abort_close_conversation(CONV);

    let cmd = commands::close_dialog(&m, CONV, Some(CloseReason::Agent), Some("done")).unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!([{"field": "DialogChange", "type": "UPDATE", "dialog": {"dialogId": CONV, "state": "CLOSE", "closedBy": "AGENT", "closedCause": "done"}}])
    );
    let cmd = commands::close_dialog(&m, CONV, None, None).unwrap();
    assert_eq!(
        cmd.body["conversationField"][0]["dialog"],
        json!({"dialogId": CONV, "state": "CLOSE"})
    );
    m.begin_close_dialog(CONV, true);
    assert_eq!(
        commands::close_dialog(&m, CONV, None, None)
            .unwrap_err()
            .to_string(),
        "Dialog has already begun closing."
    );
    let closed = closed_brand();
    assert_eq!(
        commands::close_dialog(&closed, CONV, None, None)
            .unwrap_err()
            .to_string(),
        "Dialog is already closed."
    );
    assert_eq!(
        commands::close_conversation(&closed, CONV).unwrap_err(),
        ModelError::ConversationClosed
    );
}

#[test]
fn ttr_manual_ettr_note_csat() {
    let m = brand_with(&[C]);
    let cmd = commands::set_ttr(&m, CONV, TtrType::Custom, 1800).unwrap();
    assert_eq!(
        cmd.body,
        json!({"conversationId": CONV, "conversationField": {"field": "TTRField", "ttrType": "CUSTOM", "value": 1800}})
    );
    assert_eq!(
        cmd.expect,
        Expect::Text(vec!["Update TTR ended successfully"])
    );
    let cmd = commands::set_ttr(&m, CONV, TtrType::Urgent, 1800).unwrap();
    assert_eq!(
        cmd.body["conversationField"]["value"], 0,
        "value only for CUSTOM"
    );

    let cmd = commands::set_manual_ettr(&m, CONV, 1478069636348).unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!({"field": "ManualETTR", "time": 1478069636348u64})
    );
    assert_eq!(
        cmd.check(&text_resp("Update manual Ettr ended successfully")),
        Ok(CommandOutput::Done)
    );

    let cmd = commands::set_note(&m, CONV, "free text").unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!({"field": "Note", "note": "free text"})
    );
    assert_eq!(cmd.expect, Expect::Text(vec!["OK Update note success"]));
    assert!(matches!(
        commands::set_note(&m, CONV, &"x".repeat(5001)),
        Err(ModelError::NoteTooLong { .. })
    ));
    assert!(
        commands::set_note(&closed_brand(), CONV, "wrap-up").is_ok(),
        "notes after close are fine"
    );

    assert!(matches!(
        commands::set_csat(&m, CONV, "5", true, CsatStatus::Filled),
        Err(ModelError::ConsumerOnly(_))
    ));
    let c = consumer_with(&[C]);
    let cmd = commands::set_csat(&c, CONV, "5", true, CsatStatus::Filled).unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!({"field": "CSATRate", "csatRate": "5", "csatResolutionConfirmation": true, "status": "FILLED"})
    );
    assert_eq!(
        cmd.to_request("1", ApiVersion::V3).unwrap().type_name,
        "cm.UpdateConversationField"
    );
    assert!(matches!(
        commands::set_csat(&c, CONV, "6", true, CsatStatus::Filled),
        Err(ModelError::InvalidArgument(_))
    ));
    assert!(matches!(
        commands::set_manual_ettr(&c, CONV, 1),
        Err(ModelError::BrandOnly(_))
    ));
}

#[test]
fn consumer_takeover_replaces_consumer() {
    let c = consumer_with(&[C]);
    let cmd = commands::consumer_takeover(&c, CONV, "auth-id").unwrap();
    assert_eq!(
        cmd.body["conversationField"],
        json!([
            {"field": "ParticipantsChange", "type": "REMOVE", "role": "CONSUMER", "userId": CONSUMER},
            {"field": "ParticipantsChange", "type": "ADD", "role": "CONSUMER", "userId": "auth-id"}])
    );
    let mut m = consumer_model();
    m.ingest(&Conv::new(1, &[]).v3("UPSERT"), &at(1));
    assert_eq!(
        commands::consumer_takeover(&m, CONV, "x")
            .unwrap_err()
            .to_string(),
        "no existing consumer participant"
    );
}

#[test]
fn send_message_validation_and_body() {
    let c = consumer_with(&[C]);
    let cmd = commands::send_message(
        &c,
        CONV,
        None,
        "view our docs #md#[here](https://developers.liveperson.com)#/md#",
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        cmd.body,
        json!({"conversationId": CONV, "dialogId": CONV, "messageAudience": "ALL",
            "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "view our docs #md#[here](https://developers.liveperson.com)#/md#"}})
    );
    let req = cmd.to_request("9", ApiVersion::V3).unwrap();
    assert_eq!(req.type_name, "ms.PublishEvent");
    assert_eq!(
        cmd.to_request("9", ApiVersion::V2_1).unwrap().type_name,
        ".ams.ms.PublishEvent"
    );
    assert_eq!(
        cmd.check(&Response::new(
            "9",
            200,
            "ms.PublishEventResponse",
            Some(json!({"sequence": 3}))
        )),
        Ok(CommandOutput::Sequence(3))
    );
    assert_eq!(
        commands::send_message(&c, CONV, None, "", None, None)
            .unwrap_err()
            .to_string(),
        "Empty message text is not allowed"
    );
    assert!(commands::send_message(&c, CONV, None, &"é".repeat(8000), None, None).is_ok());
    assert!(matches!(
        commands::send_message(&c, CONV, None, &"😀".repeat(4001), None, None),
        Err(ModelError::MessageTooLong {
            length: 8002,
            max: 8000
        })
    ));
    // Metadata: one object becomes an array; quick replies go into the event.
    let qr = json!({"type":"quickReplies","itemsPerRow":8,"replies":[{"type":"button","title":"Yes","click":{"actions":[{"type":"publishText","text":"yep"}]}}]});
    let md = json!({"type": "ExternalId", "id": "external action 123"});
    let cmd = commands::send_message(&c, CONV, None, "q", Some(&md), Some(&qr)).unwrap();
    assert_eq!(cmd.metadata, Some(vec![md.clone()]));
    assert_eq!(cmd.body["event"]["quickReplies"], qr);
    let req = cmd.to_request("2", ApiVersion::V3).unwrap();
    assert_eq!(
        lpm_protocol::Frame::Request(req).to_value()["metadata"],
        json!([md])
    );
    assert!(matches!(
        commands::send_message(&c, CONV, None, "q", Some(&json!(5)), None),
        Err(ModelError::InvalidArgument(_))
    ));
    // Closed conversation: no open dialog.
    assert_eq!(
        commands::send_message(&closed_brand(), CONV, None, "x", None, None).unwrap_err(),
        ModelError::NoOpenDialog
    );
}

#[test]
fn rich_text_private_receipts_chat_state() {
    let m = brand_with(&[C, (ME_OLD, "ASSIGNED_AGENT", "ACTIVE")]);
    let card = json!({"type": "vertical", "elements": [{"type": "text", "text": "hi"}]});
    let cmd = commands::send_rich_text(&m, CONV, None, &card, None, None).unwrap();
    assert_eq!(
        cmd.body["event"],
        json!({"type": "RichContentEvent", "content": card})
    );
    let big = json!({"type": "text", "text": "x".repeat(15_000)});
    assert!(matches!(
        commands::send_rich_text(&m, CONV, None, &big, None, None),
        Err(ModelError::RichContentTooLong { .. })
    ));

    let cmd = commands::send_private_message(&m, CONV, None, "this is private", None).unwrap();
    assert_eq!(cmd.body["messageAudience"], "AGENTS_AND_MANAGERS");
    assert_eq!(cmd.body["event"]["message"], "this is private");
    assert!(matches!(
        commands::send_private_message(&consumer_with(&[C]), CONV, None, "x", None),
        Err(ModelError::BrandOnly(_))
    ));

    let cmd = commands::send_receipt(&m, CONV, DeliveryStatus::Read, &[4, 5]).unwrap();
    assert_eq!(
        cmd.body["event"],
        json!({"type": "AcceptStatusEvent", "status": "READ", "sequenceList": [4, 5]})
    );
    assert!(
        commands::send_receipt(&closed_brand(), CONV, DeliveryStatus::Accept, &[1]).is_ok(),
        "receipts on closed dialogs"
    );
    assert!(commands::send_receipt(&m, CONV, DeliveryStatus::Read, &[]).is_err());

    let cmd = commands::set_chat_state(&m, CONV, None, ChatState::Composing).unwrap();
    assert_eq!(
        cmd.body["event"],
        json!({"type": "ChatStateEvent", "chatState": "COMPOSING"})
    );
    assert_eq!(
        cmd.check(&Response::new(
            "1",
            200,
            ".ams.ms.PublishEvent$Response",
            Some(json!({"sequence": 0}))
        )),
        Ok(CommandOutput::Sequence(0))
    );
}

#[test]
fn query_messages_and_gap_filling() {
    let mut m = brand_with(&[C, (ME_OLD, "MANAGER", "ACTIVE")]);
    let cmd = commands::query_messages(
        &m,
        CONV,
        &MessageQuery {
            max_quantity: Some(50),
            sequence_min: Some(2),
            sequence_max: Some(9),
        },
    )
    .unwrap();
    assert_eq!(
        cmd.body,
        json!({"dialogId": CONV, "newerThanSequence": 2, "olderThanSequence": 9, "maxQuantity": 50})
    );
    assert_eq!(
        cmd.to_request("1", ApiVersion::V2_1).unwrap().type_name,
        ".ams.ms.QueryMessages"
    );
    assert!(
        cmd.to_request("1", ApiVersion::V3).is_err(),
        "QueryMessages has no v3 name"
    );
    let records = json!([{"sequence": 0, "originatorId": CONSUMER, "event": {"type": "ContentEvent", "message": "a"}, "dialogId": CONV}]);
    let out = cmd
        .check(&Response::new(
            "1",
            200,
            ".ams.ms.QueryMessages$Response",
            Some(records.clone()),
        ))
        .unwrap();
    let CommandOutput::Records(r) = out else {
        panic!()
    };
    m.ingest_query_messages(CONV, &r, lpm_core::time::Time(1));
    let cmd = commands::get_all_publish_events(&m, CONV).unwrap();
    assert_eq!(cmd.body, json!({"dialogId": CONV, "newerThanSequence": 1}));

    let c = consumer_with(&[C]);
    let cmd = commands::get_all_publish_events(&c, CONV).unwrap();
    assert_eq!(cmd.message_type, MessageType::SubscribeMessagingEvents);
    assert_eq!(
        cmd.body,
        json!({"dialogId": CONV, "conversationId": CONV, "fromSeq": 0})
    );
    assert_eq!(
        cmd.to_request("1", ApiVersion::V3).unwrap().type_name,
        "ms.SubscribeMessagingEvents"
    );
    assert!(matches!(
        commands::query_messages(&c, CONV, &MessageQuery::default()),
        Err(ModelError::BrandOnly(_))
    ));
}

#[test]
fn rings_and_agent_state() {
    let m = brand_model();
    let cmd = commands::accept_ring(&m, "r1").unwrap();
    assert_eq!(cmd.body, json!({"ringId": "r1", "ringState": "ACCEPTED"}));
    assert_eq!(
        cmd.to_request("1", ApiVersion::V2_1).unwrap().type_name,
        ".ams.routing.UpdateRingState"
    );
    assert_eq!(
        commands::reject_ring(&m, "r1").unwrap().body["ringState"],
        "REJECTED"
    );
    let cmd = commands::set_agent_state(&m, AgentState::Online).unwrap();
    assert_eq!(
        cmd.body,
        json!({"availability": "ONLINE", "channels": ["MESSAGING"], "agentUserId": ME_OLD})
    );
    assert_eq!(
        cmd.check(&Response::text(
            "1",
            202,
            ApiVersion::V2_1,
            "Agent state updated successfully"
        )),
        Ok(CommandOutput::Done)
    );
}
