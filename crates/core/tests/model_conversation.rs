//! Conversation-change ingest: consumer (v3) and brand (v2) forms, the events each change means.

mod common;

use common::*;
use lpm_core::model::{
    ConversationStage, DialogType, IngestContext, ModelEvent, ParticipantRole, ParticipantState,
};
use lpm_core::time::Time;
use serde_json::json;

const C: (&str, &str, &str) = (CONSUMER, "CONSUMER", "ACTIVE");

#[test]
fn first_sight_emits_conversation_and_fills_fields() {
    let mut m = consumer_model();
    let mut conv = Conv::new(100, &[C, (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE")]);
    conv.skill = "777".into();
    conv.extra = json!({
        "groupId": "g1", "note": "hello", "manualETTR": 5000, "firstConversation": true,
        "campaignInfo": {"campaignId": 11, "engagementId": "22"},
        "csat": {"field": "CSATRate", "csatRate": 4, "csatResolutionConfirmation": true, "status": "FILLED"},
        "conversationHandlerDetails": {"accountId": ACCT, "skillId": "777"},
        "context": {"type": "SharkContext", "lang": "en-US", "clientProperties": {"type": ".ClientProperties", "appId": "webAsync"}},
    });
    let ev = m.ingest(&conv.v3("UPSERT"), &at(1));
    assert_eq!(
        ev,
        vec![ModelEvent::Conversation {
            conversation_id: CONV.into()
        }]
    );
    let c = m.conversation(CONV).unwrap();
    assert_eq!(c.stage, ConversationStage::Open);
    assert_eq!(c.skill_id, "777");
    assert_eq!(c.group_id.as_deref(), Some("g1"));
    assert_eq!(c.note.as_deref(), Some("hello"));
    assert_eq!(c.ttr_value, Some(3600));
    assert_eq!(c.ttr_effective, None, "-1 means nothing due");
    assert_eq!(c.ttr_effective_manual, Some(5000));
    assert_eq!(c.campaign_id.as_deref(), Some("11"));
    assert_eq!(c.engagement_id.as_deref(), Some("22"));
    assert_eq!(c.csat_rate, Some(4.0));
    assert_eq!(c.first_conversation, Some(true));
    assert_eq!(c.handler_skill_id.as_deref(), Some("777"));
    assert_eq!(
        c.client_properties.as_ref().unwrap().to_value()["appId"],
        "webAsync"
    );
    assert!(
        c.context
            .as_ref()
            .unwrap()
            .get("clientProperties")
            .is_none()
    );
    assert_eq!(c.consumer().unwrap().user_id, CONSUMER);
    assert_eq!(c.assigned_agent().unwrap().user_id, AGENT_PID);
    assert_eq!(c.open_dialog().unwrap().dialog_type, DialogType::Main);
    assert!(
        m.skill("777").is_some(),
        "skills are created from conversations"
    );
}

#[test]
fn duplicate_and_out_of_order_notifications() {
    let mut m = consumer_model();
    let conv = Conv::new(100, &[C]);
    m.ingest(&conv.v3("UPSERT"), &at(1));
    let ev = m.ingest(&conv.v3("UPSERT"), &at(2));
    assert_eq!(names(&ev), ["notification-ignored"]);
    let older = Conv::new(50, &[C, (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE")]);
    let ev = m.ingest(&older.v3("UPSERT"), &at(3));
    assert_eq!(names(&ev), ["notification-out-of-order"]);
    let c = m.conversation(CONV).unwrap();
    assert!(
        c.assigned_agent().is_none(),
        "an older notification is not applied"
    );
    assert_eq!(c.notification_ignored_count, 1);
    assert_eq!(c.notification_out_of_order_count, 1);
    assert_eq!(c.notification_count, 1);
}

#[test]
fn participant_added_removed_and_back_to_queue() {
    let mut m = consumer_model();
    m.ingest(&Conv::new(100, &[C]).v3("UPSERT"), &at(1));
    let ev = m.ingest(
        &Conv::new(200, &[C, (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE")]).v3("UPSERT"),
        &at(2),
    );
    assert_eq!(
        ev,
        vec![ModelEvent::ParticipantAdded {
            conversation_id: CONV.into(),
            dialog_id: CONV.into(),
            user_id: AGENT_PID.into(),
            role: ParticipantRole::AssignedAgent,
            previously_suggested: false,
        }]
    );
    let ev = m.ingest(&Conv::new(300, &[C]).v3("UPSERT"), &at(3));
    assert_eq!(
        names(&ev),
        ["participant-removed", "stateChange", "back-to-queue"]
    );
    let d = m.dialog(CONV).unwrap();
    let removed = d.removed_participant(AGENT_PID).unwrap();
    assert_eq!(removed.state, ParticipantState::Removed);
}

#[test]
fn transfer_to_skill_with_correct_skill_change_order() {
    let mut m = brand_model();
    let mut conv = Conv::new(100, &[C, (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE")]);
    conv.skill = "1".into();
    m.ingest(&conv.v3("UPSERT"), &at(1));
    let mut conv = Conv::new(200, &[C]);
    conv.skill = "2".into();
    let ev = m.ingest(&conv.v3("UPSERT"), &at(2));
    assert_eq!(
        ev[0],
        ModelEvent::SkillChange {
            conversation_id: CONV.into(),
            prev_skill_id: "1".into(),
            new_skill_id: "2".into()
        }
    );
    assert_eq!(
        names(&ev),
        [
            "skill-change",
            "participant-removed",
            "stateChange",
            "transfer-skill"
        ]
    );
    assert_eq!(
        ev.last(),
        Some(&ModelEvent::TransferSkill {
            conversation_id: CONV.into(),
            skill_id: "2".into()
        })
    );
}

#[test]
fn transfer_to_agent_suggest_then_accept_on_consumer_socket() {
    let mut m = consumer_model();
    m.ingest(
        &Conv::new(100, &[C, (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE")]).v3("UPSERT"),
        &at(1),
    );
    // The target is suggested by old id; the current agent is removed.
    let ev = m.ingest(
        &Conv::new(200, &[C, (OTHER_OLD, "ASSIGNED_AGENT", "SUGGESTED")]).v3("UPSERT"),
        &at(2),
    );
    assert_eq!(
        names(&ev),
        [
            "participant-suggested",
            "transfer-agent",
            "participant-removed",
            "stateChange"
        ],
        "no back-to-queue while a suggestion is pending"
    );
    let d = m.dialog(CONV).unwrap();
    let s = d.participant(OTHER_OLD).unwrap();
    assert_eq!(s.agent_id.as_deref(), Some(OTHER_OLD));
    assert!(s.is_suggested());
    assert!(m.conversation(CONV).unwrap().assigned_agent().is_none());
    // Accepted: now named by PID.
    let ev = m.ingest(
        &Conv::new(300, &[C, (OTHER_PID, "ASSIGNED_AGENT", "ACTIVE")]).v3("UPSERT"),
        &at(3),
    );
    assert_eq!(names(&ev), ["stateChange", "participant-added"]);
    assert!(matches!(
        ev[1],
        ModelEvent::ParticipantAdded {
            previously_suggested: true,
            ..
        }
    ));
    assert_eq!(
        m.conversation(CONV)
            .unwrap()
            .assigned_agent()
            .unwrap()
            .user_id,
        OTHER_PID
    );
}

#[test]
fn suggestion_withdrawn() {
    let mut m = consumer_model();
    m.ingest(
        &Conv::new(100, &[C, (OTHER_OLD, "ASSIGNED_AGENT", "SUGGESTED")]).v3("UPSERT"),
        &at(1),
    );
    let ev = m.ingest(&Conv::new(200, &[C]).v3("UPSERT"), &at(2));
    assert_eq!(names(&ev), ["participant-suggested-removed"]);
}

#[test]
fn brand_v2_maps_old_ids_to_pids_by_position() {
    let mut m = brand_model();
    let conv = Conv::new(
        100,
        &[
            C,
            (AGENT_OLD, "ASSIGNED_AGENT", "ACTIVE"),
            (ME_OLD, "MANAGER", "ACTIVE"),
            (OTHER_OLD, "MANAGER", "ACTIVE"),
        ],
    );
    m.ingest(
        &conv.v2(
            "UPSERT",
            &[
                (AGENT_OLD, AGENT_PID),
                (ME_OLD, ME_PID),
                (OTHER_OLD, OTHER_PID),
            ],
        ),
        &at(1),
    );
    let d = m.dialog(CONV).unwrap();
    let agent = d.assigned_agent().unwrap();
    assert_eq!(agent.user_id, AGENT_PID);
    assert_eq!(agent.agent_id.as_deref(), Some(AGENT_OLD));
    let other = d.participant_by_agent_id(OTHER_OLD).unwrap();
    assert_eq!(other.user_id, OTHER_PID);
    assert_eq!(d.consumer().unwrap().user_id, CONSUMER);
    assert_eq!(d.consumer().unwrap().agent_id, None);
    let me = d.self_participant(m.viewer()).unwrap();
    assert_eq!(me.role, ParticipantRole::Manager);
    assert_eq!(me.user_id, ME_PID);
    // Either id form finds the participant.
    assert!(d.participant(AGENT_OLD).is_some() && d.participant(AGENT_PID).is_some());
}

#[test]
fn role_change_and_consumer_step_up() {
    let mut m = brand_model();
    m.ingest(
        &Conv::new(100, &[C, (AGENT_PID, "AGENT", "ACTIVE")]).v3("UPSERT"),
        &at(1),
    );
    let ev = m.ingest(
        &Conv::new(200, &[C, (AGENT_PID, "MANAGER", "ACTIVE")]).v3("UPSERT"),
        &at(2),
    );
    assert_eq!(
        ev,
        vec![ModelEvent::RoleChange {
            conversation_id: CONV.into(),
            dialog_id: CONV.into(),
            user_id: AGENT_PID.into(),
            prev_role: ParticipantRole::Agent,
            role: ParticipantRole::Manager,
        }]
    );
    let ev = m.ingest(
        &Conv::new(
            300,
            &[
                ("auth-consumer", "CONSUMER", "ACTIVE"),
                (AGENT_PID, "MANAGER", "ACTIVE"),
            ],
        )
        .v3("UPSERT"),
        &at(3),
    );
    assert_eq!(
        ev,
        vec![ModelEvent::ConsumerStepUp {
            conversation_id: CONV.into(),
            dialog_id: CONV.into(),
            previous_consumer: CONSUMER.into(),
            consumer: "auth-consumer".into(),
        }]
    );
    let c = m.conversation(CONV).unwrap();
    assert_eq!(c.consumer().unwrap().user_id, "auth-consumer");
    assert!(
        c.main_dialog()
            .unwrap()
            .removed_participant(CONSUMER)
            .is_some()
    );
}

#[test]
fn pcs_flow_dialogs_and_close() {
    let mut m = consumer_model();
    let agent = (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE");
    m.ingest(&Conv::new(100, &[C, agent]).v3("UPSERT"), &at(1));
    // MAIN closes, a survey dialog opens; stage stays OPEN.
    let mut conv = Conv::new(200, &[C, agent]);
    conv.dialogs = vec![
        dialog(CONV, "MAIN", "CLOSE", 200, &[C, agent]),
        dialog(
            "PwT_YK91Sum3vu5H6T3YnA",
            "POST_SURVEY",
            "OPEN",
            200,
            &[
                C,
                ("bot", "AGENT", "ACTIVE"),
                (AGENT_PID, "READER", "ACTIVE"),
            ],
        ),
    ];
    let ev = m.ingest(&conv.v3("UPSERT"), &at(2));
    assert_eq!(names(&ev), ["dialog:close", "dialog"]);
    let c = m.conversation(CONV).unwrap();
    assert_eq!(c.open_dialog().unwrap().dialog_id, "PwT_YK91Sum3vu5H6T3YnA");
    assert!(c.is_open());
    assert_eq!(
        m.conversation_of_dialog("PwT_YK91Sum3vu5H6T3YnA")
            .unwrap()
            .conversation_id,
        CONV
    );
    // Survey completes: conversation closes.
    conv.ts = 300;
    conv.stage = "CLOSE".into();
    conv.dialogs[1] = dialog(
        "PwT_YK91Sum3vu5H6T3YnA",
        "POST_SURVEY",
        "CLOSE",
        300,
        &[
            C,
            ("bot", "AGENT", "ACTIVE"),
            (AGENT_PID, "READER", "ACTIVE"),
        ],
    );
    let ev = m.ingest(&conv.v3("UPSERT"), &at(3));
    assert_eq!(names(&ev), ["dialog:close", "close"]);
    let c = m.conversation(CONV).unwrap();
    assert!(c.open_dialog().is_none());
    assert_eq!(c.stage, ConversationStage::Close);
}

#[test]
fn group_ttr_and_manual_ettr_changes() {
    let mut m = brand_model();
    m.ingest(&Conv::new(100, &[C]).v3("UPSERT"), &at(1));
    let mut conv = Conv::new(200, &[C]);
    conv.extra =
        json!({"groupId": "g2", "manualETTR": 99_000, "ttr": {"ttrType": "CUSTOM", "value": 1800}});
    let ev = m.ingest(&conv.v3("UPSERT"), &at(2));
    assert_eq!(
        names(&ev),
        ["group-change", "ttr-change", "manual-ettr-change"]
    );
    assert!(
        matches!(&ev[0], ModelEvent::GroupChange { prev_group_id: None, new_group_id: Some(g), .. } if g == "g2")
    );
    assert!(matches!(
        &ev[1],
        ModelEvent::TtrChange {
            ttr_value: Some(1800),
            ..
        }
    ));
}

#[test]
fn cobrowse_dialog_is_not_the_open_dialog() {
    let mut m = brand_model();
    let mut conv = Conv::new(100, &[C]);
    let mut co = dialog("c26b9d3b-co", "OTHER", "OPEN", 100, &[C]);
    co["channelType"] = json!("COBROWSE");
    conv.dialogs.push(co);
    m.ingest(&conv.v3("UPSERT"), &at(1));
    assert_eq!(
        m.conversation(CONV)
            .unwrap()
            .open_dialog()
            .unwrap()
            .dialog_id,
        CONV
    );
}

#[test]
fn malformed_conversation_changes_are_errors_not_panics() {
    let mut m = brand_model();
    let bodies = [
        json!({}),
        json!({"changes": 5}),
        json!({"changes": [1, "x", null]}),
        json!({"changes": [{"type": "UPSERT", "result": {"convId": "x"}}]}),
        json!({"changes": [{"type": "UPSERT", "result": {"conversationDetails": {"dialogs": []}}}]}),
        json!({"changes": [{"type": "UPSERT", "result": {"convId": 7, "conversationDetails": {"dialogs": "no", "participants": 3, "ttr": 1}}}]}),
    ];
    for body in bodies {
        let ev = m.ingest(
            &frame(".ams.aam.ExConversationChangeNotification", body.clone()),
            &at(1),
        );
        assert!(!ev.is_empty(), "{body}");
        assert!(
            ev.iter().all(|e| matches!(
                e,
                ModelEvent::Error { .. } | ModelEvent::Conversation { .. }
            )),
            "{body}: {ev:?}"
        );
    }
    let ev = m.ingest(
        &frame("cqm.SomethingElse", json!({})),
        &IngestContext::at(Time(1)),
    );
    assert_eq!(names(&ev), ["error"]);
}

#[test]
fn very_old_payload_without_dialogs_gets_a_main_dialog() {
    let mut m = consumer_model();
    let body = json!({"changes": [{"type": "UPSERT", "result": {"convId": CONV, "conversationDetails": {
        "skillId": "-1", "brandId": ACCT, "state": "OPEN", "startTs": 1,
        "participantsPId": {"CONSUMER": [CONSUMER], "ASSIGNED_AGENT": [AGENT_PID]}}}}]});
    m.ingest(&frame("cqm.ExConversationChangeNotification", body), &at(1));
    let c = m.conversation(CONV).unwrap();
    assert_eq!(c.main_dialog().unwrap().dialog_id, CONV);
    assert_eq!(c.assigned_agent().unwrap().user_id, AGENT_PID);
}

#[test]
fn created_conversation_merges_first_notification_quietly() {
    let mut m = consumer_model();
    m.insert_created_conversation(CONV, Some("12"), Time(5));
    let c = m.conversation(CONV).unwrap();
    assert_eq!(c.stage, ConversationStage::Open);
    assert_eq!(c.open_dialog().unwrap().dialog_id, CONV);
    assert_eq!(c.consumer().unwrap().user_id, CONSUMER);
    let mut conv = Conv::new(100, &[C]);
    conv.skill = "12".into();
    let ev = m.ingest(&conv.v3("UPSERT"), &at(6));
    assert!(ev.is_empty(), "{ev:?}");
    assert_eq!(m.conversation(CONV).unwrap().notification_count, 1);
}

#[test]
fn message_participant_lookup_across_dialogs() {
    let mut m = consumer_model();
    let agent = (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE");
    let mut conv = Conv::new(100, &[C, agent]);
    conv.dialogs.push(dialog(
        "survey",
        "POST_SURVEY",
        "OPEN",
        100,
        &[("bot", "AGENT", "ACTIVE")],
    ));
    m.ingest(&conv.v3("UPSERT"), &at(1));
    let mut rec = record_v3(Some(0), CONSUMER, "CONSUMER", text("5"));
    rec["dialogId"] = "survey".into();
    m.ingest(&consumer_messages(vec![rec]), &IngestContext::at(Time(2)));
    let c = m.conversation(CONV).unwrap();
    let msg = c.dialog("survey").unwrap().message(0).unwrap();
    assert_eq!(
        c.participant_of(msg).unwrap().role,
        ParticipantRole::Consumer
    );
    // Both SDKs show the sender as the core decides it: found in MAIN, so MAIN's consumer.
    let (sender, participant) = m.sender_of(msg);
    assert_eq!(sender.dialog_id, CONV);
    assert_eq!(sender.user_id, CONSUMER);
    assert_eq!(sender.role, Some(&ParticipantRole::Consumer));
    assert!(participant.is_some());

    // A sender no dialog names: the originator, in the message's own dialog, unknown.
    let rec = record_v3(Some(1), "ghost", "ASSIGNED_AGENT", text("hi"));
    m.ingest(&consumer_messages(vec![rec]), &IngestContext::at(Time(3)));
    let msg = m
        .conversation(CONV)
        .unwrap()
        .dialog(CONV)
        .unwrap()
        .message(1)
        .unwrap();
    let (sender, participant) = m.sender_of(msg);
    assert_eq!((sender.dialog_id, sender.user_id), (CONV, "ghost"));
    assert_eq!(sender.role, Some(&ParticipantRole::AssignedAgent));
    assert!(participant.is_none());
}

#[test]
fn dialog_level_out_of_order_keeps_the_newer_dialog() {
    let mut m = consumer_model();
    let agent = (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE");
    let mut conv = Conv::new(100, &[C, agent]);
    conv.dialogs = vec![dialog(CONV, "MAIN", "OPEN", 100, &[C, agent])];
    m.ingest(&conv.v3("UPSERT"), &at(1));
    // Newer conversation timestamp, but the dialog's own timestamp went back.
    let mut stale = Conv::new(200, &[C]);
    stale.dialogs = vec![dialog(CONV, "MAIN", "OPEN", 50, &[C])];
    let ev = m.ingest(&stale.v3("UPSERT"), &at(2));
    assert_eq!(
        ev,
        vec![ModelEvent::NotificationOutOfOrder {
            conversation_id: CONV.into(),
            dialog_id: Some(CONV.into())
        }]
    );
    assert!(m.conversation(CONV).unwrap().assigned_agent().is_some());
}
