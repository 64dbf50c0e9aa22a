//! Targeted checks on typed values: both notification forms, id forms,
//! tolerance, builders.

use std::fs;
use std::path::Path;

use lpm_protocol::conversation::Participants;
use lpm_protocol::enums::{
    AcceptStatus, Availability, ChangeType, ConversationState, DialogType, ParticipantRole,
    ParticipantState, ParticipantsChangeType, RingState, TtrType,
};
use lpm_protocol::events::{ContentEvent, ContentMessage, ContentType, Event};
use lpm_protocol::headers::Header;
use lpm_protocol::metadata::Metadata;
use lpm_protocol::notifications::{MessagingEventRecord, NotificationBody};
use lpm_protocol::requests::{
    ConversationField, ConversationFields, PublishEvent, RequestBody, SetAgentState,
    UpdateConversationField, success_text,
};
use lpm_protocol::responses::ResponseBody;
use lpm_protocol::{ApiVersion, BodyError, Frame, MessageType, Notification, Response};
use serde_json::json;

fn frame(name: &str) -> Frame {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/frames")
        .join(name);
    Frame::parse(&fs::read_to_string(path).unwrap()).unwrap()
}

fn notification_body(name: &str) -> NotificationBody {
    let Frame::Notification(n) = frame(name) else {
        panic!("{name} is not a notification")
    };
    n.decode_body().unwrap()
}

#[test]
fn brand_conversation_notification_uses_role_maps() {
    let NotificationBody::ExConversationChange(n) = notification_body("notifications_263.json")
    else {
        panic!()
    };
    let change = &n.changes[0];
    assert_eq!(change.change_type, ChangeType::Upsert);
    let result = &change.result;
    assert_eq!(result.effective_ttr, Some(-1));
    assert!(result.number_of_unread_messages.is_some());
    let d = result.conversation_details.as_ref().unwrap();
    assert_eq!(d.conv_id.as_deref(), Some(result.conv_id.as_str()));
    let Some(Participants::ByRole(map)) = &d.participants else {
        panic!("brand form expected")
    };
    assert!(map.contains_key(&ParticipantRole::Controller));
    assert!(d.participants_pid.is_some());
    assert_eq!(d.stage, Some(ConversationState::Open));
    assert_eq!(d.first_conversation, Some(true));
    assert_eq!(d.ttr.as_ref().unwrap().ttr_type, Some(TtrType::Normal));
    let handler = d.conversation_handler_details.as_ref().unwrap();
    assert_eq!(handler.skill_id.as_deref(), Some("792479851"));
    let ctx = d.context.as_ref().unwrap();
    assert!(ctx.client_properties.as_ref().unwrap().features.is_some());
    let main = d.main_dialog().unwrap();
    let suggested = main
        .participants_details
        .as_ref()
        .unwrap()
        .iter()
        .find(|p| p.state == Some(ParticipantState::Suggested))
        .unwrap();
    assert_eq!(suggested.role, Some(ParticipantRole::AssignedAgent));
    assert_eq!(suggested.id, "7149717.880365851");
    let last = result.last_content_event_notification.as_ref().unwrap();
    assert!(last.originator_pid.is_some());
}

#[test]
fn consumer_conversation_notification_uses_pid_list() {
    let NotificationBody::ExConversationChange(n) = notification_body("notifications_240.json")
    else {
        panic!()
    };
    let d = n.changes[0].result.conversation_details.as_ref().unwrap();
    let Some(p @ Participants::List(_)) = &d.participants else {
        panic!("consumer form expected")
    };
    assert_eq!(p.ids_with_role(&ParticipantRole::Consumer).len(), 1);
    assert_eq!(d.state, Some(ConversationState::Close));
    assert_eq!(d.stage, Some(ConversationState::Open));
    let dialogs = d.dialogs.as_ref().unwrap();
    assert_eq!(dialogs[1].dialog_type, Some(DialogType::PostSurvey));
    assert_eq!(d.open_dialogs().count(), 1);
}

#[test]
fn messaging_events_in_both_forms() {
    let consumer = notification_body("notifications_89.json");
    assert!(matches!(
        consumer,
        NotificationBody::MessagingEventNotification(_)
    ));
    let brand = notification_body("notifications_123.json");
    assert!(matches!(
        brand,
        NotificationBody::OnlineEventDistribution(_)
    ));
    for body in [&consumer, &brand] {
        let events = body.messaging_events();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].sequence, Some(2));
        let Event::Content(c) = &events[0].event else {
            panic!()
        };
        assert_eq!(c.content_type, ContentType::TextPlain);
    }
    assert_eq!(
        consumer.messaging_events()[0]
            .originator_metadata
            .as_ref()
            .unwrap()
            .role,
        Some(ParticipantRole::AssignedAgent)
    );
    assert_eq!(
        brand.messaging_events()[0].originator_id.as_deref(),
        Some("qa20971604.3836897210")
    );
}

#[test]
fn brand_record_is_wrapped_for_consumer_sockets() {
    let NotificationBody::OnlineEventDistribution(record) =
        notification_body("notifications_123.json")
    else {
        panic!()
    };
    let body = NotificationBody::OnlineEventDistribution(record);
    let v2 = body.to_notification(ApiVersion::V2_1).unwrap();
    assert_eq!(v2.type_name, ".ams.ms.OnlineEventDistribution");
    assert!(v2.body.as_ref().unwrap().get("event").is_some());
    let v3 = body.to_notification(ApiVersion::V3).unwrap();
    assert_eq!(v3.type_name, "ms.MessagingEventNotification");
    assert_eq!(
        v3.body.as_ref().unwrap()["changes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // And the v3 frame decodes back to the same record.
    assert_eq!(
        v3.decode_body().unwrap().messaging_events(),
        body.messaging_events()
    );
}

#[test]
fn ring_notification() {
    let NotificationBody::RoutingTask(n) = notification_body("requests_748.json") else {
        panic!()
    };
    assert!(n.changes.is_empty());
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/routing_task_bodies/notifications_372.json"),
    )
    .unwrap();
    let n: lpm_protocol::notifications::RoutingTaskNotification =
        serde_json::from_str(&text).unwrap();
    let ring = &n.changes[0].result.rings_details[0];
    assert_eq!(ring.ring_state, Some(RingState::Waiting));
    assert_eq!(ring.ring_expiration, Some(72000));
    assert_eq!(n.changes[0].result.task_completed, Some(false));
}

#[test]
fn init_connection_headers() {
    let Frame::Request(r) = frame("requests_64.json") else {
        panic!()
    };
    let headers = r.headers.as_ref().unwrap();
    assert!(matches!(&headers[0], Header::ConsumerAuthentication(a) if a.jwt.starts_with("eyJ")));
    let Header::ClientProperties(p) = &headers[1] else {
        panic!()
    };
    assert_eq!(p.app_id.as_deref(), Some("quick_start"));
    assert!(matches!(
        r.decode_body().unwrap(),
        RequestBody::InitConnection(_)
    ));
}

#[test]
fn lpm_nulls_read_as_absent() {
    let Frame::Request(r) = frame("requests_138.json") else {
        panic!()
    };
    let RequestBody::ConsumerRequestConversation(b) = r.decode_body().unwrap() else {
        panic!()
    };
    assert_eq!(b.skill_id, None);
    assert_eq!(b.campaign_info, None);
    assert_eq!(b.ttr_def_name, Some(TtrType::Normal));
    let written = serde_json::to_value(&b).unwrap();
    assert!(written.get("skillId").is_none());
}

#[test]
fn hosted_file_and_metadata() {
    let Frame::Request(r) = frame("files_63.json") else {
        panic!()
    };
    let RequestBody::PublishEvent(p) = r.decode_body().unwrap() else {
        panic!()
    };
    let Event::Content(c) = &p.event else {
        panic!()
    };
    assert_eq!(c.content_type, ContentType::HostedFile);
    assert!(
        matches!(&c.message, ContentMessage::HostedFile(f) if f.relative_path.starts_with("/v1/"))
    );

    let Frame::Request(r) = frame("requests_460.json") else {
        panic!()
    };
    assert!(
        matches!(&r.metadata.as_ref().unwrap()[0], Metadata::ActionReason(a) if a.reason_id.as_deref() == Some("3"))
    );
    let RequestBody::UpdateConversationField(u) = r.decode_body().unwrap() else {
        panic!()
    };
    assert_eq!(u.fields().len(), 2);
    assert_eq!(
        success_text(u.fields()),
        Some("OK Agent removed successfully")
    );
}

#[test]
fn quick_reply_record_with_pcs_metadata() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records/notifications_139.json"),
    )
    .unwrap();
    let r: MessagingEventRecord = serde_json::from_str(&text).unwrap();
    assert!(
        matches!(&r.metadata.as_ref().unwrap()[0], Metadata::Question(q) if q.provider.as_deref() == Some("AC"))
    );
    let Event::Content(c) = &r.event else {
        panic!()
    };
    let q = c.quick_replies.as_ref().unwrap();
    assert_eq!(q.items_per_row, Some(8));
    let click = q.replies[0].click.as_ref().unwrap();
    assert!(matches!(
        &click.metadata.as_ref().unwrap()[0],
        Metadata::Answer(_)
    ));
}

#[test]
fn unknown_values_are_kept() {
    let e: Event = serde_json::from_value(json!({"type":"FutureEvent","x":1})).unwrap();
    assert_eq!(e.tag(), Some("FutureEvent"));
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"type":"FutureEvent","x":1})
    );

    let e: Event = serde_json::from_value(
        json!({"type":"AcceptStatusEvent","status":"DELIVERED_TWICE","sequenceList":[1],"newField":true}),
    )
    .unwrap();
    let Event::AcceptStatus(a) = &e else { panic!() };
    assert_eq!(a.status, AcceptStatus::Unknown("DELIVERED_TWICE".into()));
    assert!(!a.status.is_known());
    assert_eq!(a.extra["newField"], json!(true));

    let f: ConversationField =
        serde_json::from_value(json!({"field":"FutureField","a":"b"})).unwrap();
    assert!(matches!(f, ConversationField::Unknown(_)));

    let c: ContentEvent = serde_json::from_value(
        json!({"contentType":"application/x-new","message":{"any":"thing"}}),
    )
    .unwrap();
    assert_eq!(c.content_type.as_str(), "application/x-new");
    assert!(matches!(c.message, ContentMessage::Other(_)));

    // A known tag with a malformed body is an error, not a silent Unknown.
    assert!(serde_json::from_value::<Event>(json!({"type":"ChatStateEvent"})).is_err());
    assert!(serde_json::from_value::<Event>(json!(["ContentEvent"])).is_err());

    let s: Availability = serde_json::from_value(json!("ON_BREAK")).unwrap();
    assert_eq!(serde_json::to_value(&s).unwrap(), json!("ON_BREAK"));
}

#[test]
fn builders_match_lp_messaging_sdk_frames() {
    // requests.md §6.4 join, as lp-messaging-sdk 1.5.4 sends it.
    let join = UpdateConversationField::new(
        "C",
        vec![ConversationField::participants(
            ParticipantsChangeType::Add,
            ParticipantRole::Agent,
            Some("123.456".into()),
        )],
    );
    assert_eq!(
        serde_json::to_value(&join).unwrap(),
        json!({"conversationId":"C","conversationField":[
            {"field":"ParticipantsChange","userId":"123.456","role":"AGENT","type":"ADD"}]})
    );
    assert_eq!(
        success_text(join.fields()),
        Some("OK Agent added successfully")
    );

    let ttr = UpdateConversationField::single("C", ConversationField::ttr(TtrType::Urgent, 0));
    assert!(matches!(ttr.conversation_field, ConversationFields::One(_)));
    assert_eq!(
        serde_json::to_value(&ttr).unwrap(),
        json!({"conversationId":"C","conversationField":{"field":"TTRField","ttrType":"URGENT","value":0}})
    );
    assert_eq!(
        success_text(ttr.fields()),
        Some("Update TTR ended successfully")
    );

    let transfer = UpdateConversationField::new(
        "C",
        vec![
            ConversationField::skill("42"),
            ConversationField::participants(
                ParticipantsChangeType::Suggest,
                ParticipantRole::AssignedAgent,
                Some("1.2".into()),
            ),
        ],
    );
    assert_eq!(
        success_text(transfer.fields()),
        Some("Skill changed successfully")
    );

    let body = RequestBody::PublishEvent(PublishEvent::new("C", "C", ContentEvent::text("test")));
    let req = body.to_request("u1", ApiVersion::V3).unwrap();
    assert_eq!(
        Frame::Request(req).to_value(),
        json!({"kind":"req","id":"u1","type":"ms.PublishEvent","body":{
            "conversationId":"C","dialogId":"C","messageAudience":"ALL",
            "event":{"type":"ContentEvent","contentType":"text/plain","message":"test"}}})
    );

    let state = RequestBody::SetAgentState(SetAgentState::new("1.2", Availability::Online));
    assert_eq!(
        state.to_request("s", ApiVersion::V2_1).unwrap().type_name,
        ".ams.routing.SetAgentState"
    );
    assert_eq!(
        state.to_request("s", ApiVersion::V3).unwrap().type_name,
        "rs.SetAgentState"
    );
    // QueryMessages has no v3 name.
    let q =
        RequestBody::decode(MessageType::QueryMessages, Some(&json!({"dialogId":"d"}))).unwrap();
    assert!(q.to_request("q", ApiVersion::V3).is_err());
}

#[test]
fn responses() {
    let r = Response::text("1", 400, ApiVersion::V3, "Conversation not found");
    assert!(r.is_error() && r.is_string_response());
    assert_eq!(
        ResponseBody::decode(MessageType::PublishEvent, &r).unwrap(),
        ResponseBody::Text("Conversation not found".into())
    );
    let ok = Response::success(
        "2",
        200,
        MessageType::PublishEvent,
        ApiVersion::V2_1,
        Some(json!({"sequence":3})),
    );
    assert_eq!(
        ok.type_name.as_deref(),
        Some(".ams.ms.PublishEvent$Response")
    );
    assert!(matches!(
        ResponseBody::decode(MessageType::PublishEvent, &ok).unwrap(),
        ResponseBody::PublishEvent(p) if p.sequence == 3
    ));
    let accepted = Response::success(
        "3",
        202,
        MessageType::SetAgentState,
        ApiVersion::V2_1,
        Some(json!("Agent state updated successfully")),
    );
    assert_eq!(accepted.type_name.as_deref(), Some(".ReqBody$StringResp"));
    assert_eq!(
        accepted.text_body(),
        Some("Agent state updated successfully")
    );
    assert_eq!(accepted.error_message(), None);
    // Object error bodies are surfaced verbatim.
    let odd = Response::new("4", 401, ".ReqBody$ErrorResp", Some(json!({"title":"t"})));
    assert_eq!(odd.error_message().as_deref(), Some(r#"{"title":"t"}"#));
    assert!(matches!(
        ResponseBody::decode(MessageType::GetClock, &odd).unwrap(),
        ResponseBody::Other(_)
    ));
    // A wrongly shaped success body is a typed error.
    let bad = Response::new(
        "5",
        200,
        "GetClockResponse",
        Some(json!({"currentTime":"soon"})),
    );
    assert!(matches!(
        ResponseBody::decode(MessageType::GetClock, &bad),
        Err(BodyError::Invalid { .. })
    ));
    // QueryMessages answers an array of records.
    let msgs = Response::new(
        "6",
        200,
        ".ams.ms.QueryMessages$Response",
        Some(json!([
        {"sequence":0,"originatorId":"1.2","originatorPId":"p","dialogId":"d","serverTimestamp":1,
         "event":{"type":"ContentEvent","contentType":"text/plain","message":"x"},"messageAudience":"ALL"}])),
    );
    assert!(
        matches!(ResponseBody::decode(MessageType::QueryMessages, &msgs).unwrap(), ResponseBody::Messages(m) if m.len() == 1)
    );
}

#[test]
fn body_errors_are_typed() {
    let n = Notification {
        type_name: "nope".into(),
        body: None,
    };
    assert!(matches!(n.decode_body(), Err(BodyError::UnknownType(_))));
    let n = Notification {
        type_name: ".ams.routing.RoutingTaskNotification".into(),
        body: Some(json!({"changes":"no"})),
    };
    assert!(matches!(n.decode_body(), Err(BodyError::Invalid { .. })));
    let Frame::Request(r) =
        Frame::parse(r#"{"kind":"req","id":"1","type":"ms.PublishEvent","body":{"event":1}}"#)
            .unwrap()
    else {
        panic!()
    };
    assert!(matches!(r.decode_body(), Err(BodyError::Invalid { .. })));
    // A bare-string GetUserProfile body (schema form).
    let Frame::Request(r) = Frame::parse(
        r#"{"kind":"req","id":"1","type":".ams.userprofile.GetUserProfile","body":"c0ffee"}"#,
    )
    .unwrap() else {
        panic!()
    };
    let RequestBody::GetUserProfile(g) = r.decode_body().unwrap() else {
        panic!()
    };
    assert_eq!(g.user_id(), Some("c0ffee"));
    // Aliases decode too.
    let Frame::Request(r) = Frame::parse(r#"{"kind":"req","id":"1","type":"routing.UpdateRingState","body":{"ringId":"r","ringState":"ACCEPTED"}}"#).unwrap() else {
        panic!()
    };
    assert!(
        matches!(r.decode_body().unwrap(), RequestBody::UpdateRingState(u) if u.ring_state == RingState::Accepted)
    );
}

#[test]
fn explicit_nulls_read_like_absent_members() {
    let r: MessagingEventRecord = serde_json::from_value(json!({
        "sequence":null,"originatorId":null,"dialogId":null,"metadata":null,"messageAudience":null,
        "event":{"type":"AcceptStatusEvent","status":"READ","sequenceList":null}}))
    .unwrap();
    assert_eq!(r.dialog_id, "");
    assert!(r.sequence.is_none() && r.metadata.is_none());
    let Event::AcceptStatus(a) = &r.event else {
        panic!()
    };
    assert!(a.sequence_list.is_empty());
    let n: lpm_protocol::notifications::ExConversationChangeNotification =
        serde_json::from_value(json!({"subscriptionId":null,"changes":null})).unwrap();
    assert!(n.changes.is_empty());
    let Frame::Request(r) = Frame::parse(
        r#"{"kind":"req","id":"1","type":"cm.ConsumerRequestConversation","body":null,"headers":null,"metadata":null}"#,
    )
    .unwrap() else {
        panic!()
    };
    assert!(matches!(
        r.decode_body().unwrap(),
        RequestBody::ConsumerRequestConversation(_)
    ));
}

#[test]
fn participants_convert_between_forms() {
    let brand: Participants =
        serde_json::from_value(json!({"CONSUMER":["c"],"MANAGER":["1.2","1.3"],"READER":[]}))
            .unwrap();
    let list = Participants::list_from(&brand.by_role());
    assert_eq!(
        list.ids_with_role(&ParticipantRole::Manager),
        vec!["1.2", "1.3"]
    );
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!([{"id":"c","role":"CONSUMER"},{"id":"1.2","role":"MANAGER"},{"id":"1.3","role":"MANAGER"}])
    );
    let mut back = list.by_role();
    back.insert(ParticipantRole::Reader, vec![]);
    assert_eq!(Participants::ByRole(back), brand);
}
