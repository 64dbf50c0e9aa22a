//! Gap recovery (ARCHITECTURE "Delivery guarantee"): what a brand connection missed while its
//! socket was down is fetched after the reconnect with `QueryMessages` and reported once, in
//! sequence order, before the live events that arrived meanwhile.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, CommandOutput, Event};
use lpm_core::model::ModelEvent;
use serde_json::{Value, json};

/// An open conversation `conv` (one MAIN dialog) the bot (`{ACCT}.777` / `pid-777`) takes part
/// in when `joined`, else only the consumer.
fn conv(conv: &str, joined: bool) -> Value {
    let mut details = vec![json!({"id":"cons-1","role":"CONSUMER","state":"ACTIVE"})];
    if joined {
        details.push(json!({"id": format!("{ACCT}.777"),"role":"AGENT","state":"ACTIVE"}));
    }
    json!({"type":"UPSERT","result":{"convId": conv, "conversationDetails": {
        "brandId": ACCT, "skillId": "-1", "stage": "OPEN", "state": "OPEN", "metaDataLastUpdateTs": 5,
        "participants": {"CONSUMER": ["cons-1"]},
        "dialogs": [{"dialogId": conv, "dialogType":"MAIN","channelType":"MESSAGING","state":"OPEN",
            "participantsDetails": details}]}}})
}

/// A consumer text message record of dialog `d`.
fn msg(d: &str, seq: u64, text: &str) -> Value {
    json!({"sequence": seq, "dialogId": d, "conversationId": d, "serverTimestamp": 1000 + seq,
        "originatorId": "cons-1", "originatorMetadata": {"id": "cons-1", "role": "CONSUMER"},
        "event": {"type": "ContentEvent", "contentType": "text/plain", "message": text}})
}

fn live(h: &mut H, d: &str, seq: u64, text: &str) {
    h.notify(".ams.ms.OnlineEventDistribution", msg(d, seq, text));
}

/// `(dialog, sequence, history)` of every message event so far (taken).
fn messages(h: &mut H) -> Vec<(String, u64, bool)> {
    h.take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Model {
                model:
                    ModelEvent::Message {
                        dialog_id,
                        sequence,
                        history,
                        ..
                    },
            } => Some((dialog_id, sequence, history)),
            _ => None,
        })
        .collect()
}

fn errors(h: &mut H) -> usize {
    h.events
        .iter()
        .filter(|e| matches!(e, Event::Error { .. }))
        .count()
}

/// A connected bot following `existing` conversations (keep-alive out of the way).
fn bot(existing: Value) -> H {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let login = h.next_http();
    h.reply(&login, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    h.brand_socket_setup(existing);
    h.ok(open);
    h.take_events();
    h
}

/// Drops the socket and brings a new one up to the point where it is verified; returns the
/// frames sent then (subscription and gap queries), unanswered.
fn reconnect(h: &mut H) -> Vec<Value> {
    h.socket_closed(1011, "");
    h.fire_next_timer();
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    let mut frames = vec![];
    h.pump();
    while !h.transmits.is_empty() {
        frames.push(h.frame());
    }
    frames
}

fn take(frames: &mut Vec<Value>, type_name: &str) -> Value {
    let i = frames
        .iter()
        .position(|f| f["type"] == type_name)
        .unwrap_or_else(|| panic!("no {type_name} in {frames:?}"));
    frames.remove(i)
}

fn resubscribe(h: &mut H, frames: &mut Vec<Value>, existing: Value) {
    let sub = take(frames, ".ams.aam.SubscribeExConversations");
    h.respond(&sub, 200, json!({"subscriptionId": "BS2"}));
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS2","changes": existing}),
    );
}

#[test]
fn missed_messages_come_once_in_order_before_newer_live_ones() {
    let mut h = bot(json!([conv("C1", true)]));
    live(&mut h, "C1", 0, "a");
    live(&mut h, "C1", 1, "b");
    assert_eq!(
        messages(&mut h),
        [("C1".into(), 0, false), ("C1".into(), 1, false)]
    );

    let mut frames = reconnect(&mut h);
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    assert_eq!(
        q["body"],
        json!({"dialogId": "C1", "newerThanSequence": 2, "maxQuantity": 100})
    );
    // live events of the dialog arriving before the answer wait for it
    live(&mut h, "C1", 5, "f");
    live(&mut h, "C1", 6, "g");
    assert_eq!(messages(&mut h), []);
    // the answer (in any order, overlapping what is known and what came live) fills the gap
    h.respond(
        &q,
        200,
        json!([
            msg("C1", 3, "d"),
            msg("C1", 1, "b"),
            msg("C1", 5, "f"),
            msg("C1", 2, "c"),
            msg("C1", 4, "e")
        ]),
    );
    let got: Vec<u64> = messages(&mut h).into_iter().map(|(_, s, _)| s).collect();
    assert_eq!(
        got,
        [2, 3, 4, 5, 6],
        "each missed sequence once, in order, then the newer live one"
    );
    resubscribe(&mut h, &mut frames, json!([conv("C1", true)]));
    assert!(frames.is_empty(), "nothing else sent: {frames:?}");
    // after the recovery, live events flow straight through (and repeats stay silent)
    live(&mut h, "C1", 6, "g");
    live(&mut h, "C1", 7, "h");
    assert_eq!(messages(&mut h), [("C1".into(), 7, false)]);
    let texts: Vec<String> =
        h.c.model()
            .dialog("C1")
            .expect("dialog")
            .messages()
            .map(|m| m.body.as_str().unwrap_or_default().to_owned())
            .collect();
    assert_eq!(texts, ["a", "b", "c", "d", "e", "f", "g", "h"]);
}

#[test]
fn a_live_event_before_the_new_socket_is_verified_waits_and_the_gap_is_still_fetched() {
    // UMS delivers a brand socket its conversations' events as soon as it is up; the SDK asks
    // QueryMessages only once it has verified it. Found by `lpm chaos`: the live event moved the
    // dialog's last sequence past the gap and the query skipped what was missed.
    let mut h = bot(json!([conv("C1", true)]));
    live(&mut h, "C1", 0, "a");
    assert_eq!(messages(&mut h), [("C1".into(), 0, false)]);
    h.socket_closed(1011, "");
    h.fire_next_timer();
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    // before the verification's answer: a message the consumer wrote after the missed ones
    live(&mut h, "C1", 4, "e");
    assert_eq!(messages(&mut h), [], "held until the gap is fetched");
    h.respond(&v, 200, json!({}));
    h.pump();
    let mut frames = vec![];
    while !h.transmits.is_empty() {
        frames.push(h.frame());
    }
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    assert_eq!(
        q["body"],
        json!({"dialogId": "C1", "newerThanSequence": 1, "maxQuantity": 100})
    );
    h.respond(
        &q,
        200,
        json!([msg("C1", 1, "b"), msg("C1", 2, "c"), msg("C1", 3, "d")]),
    );
    let got: Vec<u64> = messages(&mut h).into_iter().map(|(_, s, _)| s).collect();
    assert_eq!(got, [1, 2, 3, 4]);
}

#[test]
fn only_dialogs_the_bot_takes_part_in_are_queried_from_their_next_sequence() {
    let mut h = bot(json!([
        conv("C1", true),
        conv("C2", false),
        conv("C3", true)
    ]));
    live(&mut h, "C3", 0, "x");
    assert_eq!(messages(&mut h), [("C3".into(), 0, false)]);
    let mut frames = reconnect(&mut h);
    let mut queried: Vec<(String, u64)> = frames
        .iter()
        .filter(|f| f["type"] == ".ams.ms.QueryMessages")
        .map(|f| {
            (
                f["body"]["dialogId"].as_str().unwrap().to_owned(),
                f["body"]["newerThanSequence"].as_u64().unwrap(),
            )
        })
        .collect();
    queried.sort();
    assert_eq!(queried, [("C1".into(), 0), ("C3".into(), 1)]);
    // a dialog with nothing missed: an empty answer, nothing reported
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    h.respond(&q, 200, json!([]));
    assert_eq!(messages(&mut h), []);
}

#[test]
fn a_full_page_asks_for_the_next_one_and_live_events_wait_for_the_last() {
    let mut h = bot(json!([conv("C1", true)]));
    let mut frames = reconnect(&mut h);
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    live(&mut h, "C1", 150, "live");
    let page: Vec<Value> = (0..100).map(|s| msg("C1", s, "p")).collect();
    h.respond(&q, 200, Value::Array(page));
    assert_eq!(messages(&mut h).len(), 100);
    let q2 = h.frame_of(".ams.ms.QueryMessages");
    assert_eq!(q2["body"]["newerThanSequence"], 100);
    let page: Vec<Value> = (100..151).map(|s| msg("C1", s, "p")).collect();
    h.respond(&q2, 200, Value::Array(page));
    let got: Vec<u64> = messages(&mut h).into_iter().map(|(_, s, _)| s).collect();
    assert_eq!(got, (100..151).collect::<Vec<u64>>());
}

#[test]
fn a_drop_during_recovery_fetches_again_on_the_next_reconnect() {
    let mut h = bot(json!([conv("C1", true)]));
    live(&mut h, "C1", 0, "a");
    messages(&mut h);
    let mut frames = reconnect(&mut h);
    let _lost = take(&mut frames, ".ams.ms.QueryMessages");
    live(&mut h, "C1", 3, "d");
    assert_eq!(messages(&mut h), []);
    // the socket goes before the answer: the held event is not applied out of order …
    let mut frames = reconnect(&mut h);
    assert_eq!(messages(&mut h), []);
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    assert_eq!(q["body"]["newerThanSequence"], 1);
    // … the next query brings it with the rest
    h.respond(
        &q,
        200,
        json!([msg("C1", 1, "b"), msg("C1", 2, "c"), msg("C1", 3, "d")]),
    );
    let got: Vec<u64> = messages(&mut h).into_iter().map(|(_, s, _)| s).collect();
    assert_eq!(got, [1, 2, 3]);
}

#[test]
fn a_failed_query_reports_an_error_and_releases_the_held_events() {
    let mut h = bot(json!([conv("C1", true)]));
    let mut frames = reconnect(&mut h);
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    live(&mut h, "C1", 4, "e");
    assert_eq!(messages(&mut h), []);
    h.respond(&q, 500, json!("Internal error"));
    h.pump();
    assert_eq!(errors(&mut h), 1);
    assert_eq!(messages(&mut h), [("C1".into(), 4, false)]);
}

#[test]
fn an_unanswered_query_times_out_and_releases_the_held_events() {
    let mut h = bot(json!([conv("C1", true)]));
    let mut frames = reconnect(&mut h);
    resubscribe(&mut h, &mut frames, json!([conv("C1", true)]));
    live(&mut h, "C1", 4, "e");
    assert_eq!(messages(&mut h), []);
    h.advance(60_000);
    assert_eq!(messages(&mut h), [("C1".into(), 4, false)]);
}

#[test]
fn consumers_send_no_gap_query() {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([conv_change("C1", "OPEN", 1)]));
    h.ok(open);
    h.socket_closed(1006, "");
    h.fire_next_timer();
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    h.respond(&init, 200, json!("OK"));
    h.pump();
    while !h.transmits.is_empty() {
        let f = h.frame();
        assert_ne!(f["type"], ".ams.ms.QueryMessages");
        assert_ne!(f["type"], "ms.QueryMessages");
    }
}

#[test]
fn a_join_fetches_what_the_dialog_held_before_and_holds_live_events_meanwhile() {
    let mut h = bot(json!([conv("C1", false)]));
    let join = h.cmd(Command::Join {
        conversation_id: "C1".into(),
        role: lpm_core::model::ParticipantRole::Agent,
        metadata: None,
    });
    let f = h.frame_of(".ams.cm.UpdateConversationField");
    h.respond(&f, 200, json!("OK Agent added successfully"));
    h.ok(join);
    let q = h.frame_of(".ams.ms.QueryMessages");
    assert_eq!(
        q["body"],
        json!({"dialogId": "C1", "newerThanSequence": 0, "maxQuantity": 100})
    );
    live(&mut h, "C1", 2, "now a participant");
    assert_eq!(messages(&mut h), []);
    h.respond(
        &q,
        200,
        json!([
            msg("C1", 0, "hi"),
            msg("C1", 1, "anyone?"),
            msg("C1", 2, "now a participant")
        ]),
    );
    let got: Vec<u64> = messages(&mut h).into_iter().map(|(_, s, _)| s).collect();
    assert_eq!(got, [0, 1, 2]);
    h.no_transmit();
}

/// What the reconnect snapshot shows that changed while the socket was down is reported as the
/// same events a live notification would have given: a participant who joined, one who left.
#[test]
fn participant_changes_made_while_down_are_derived_from_the_reconnect_snapshot() {
    let mut h = bot(json!([conv("C1", true)]));
    let mut frames = reconnect(&mut h);
    // meanwhile a second agent joined and the bot was removed
    let mut now = conv("C1", false);
    now["result"]["conversationDetails"]["dialogs"][0]["participantsDetails"]
        .as_array_mut()
        .expect("details")
        .push(json!({"id": format!("{ACCT}.888"), "role": "AGENT", "state": "ACTIVE"}));
    resubscribe(&mut h, &mut frames, json!([now]));
    let events: Vec<ModelEvent> = h
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Model { model } => Some(model),
            _ => None,
        })
        .collect();
    let added = events.iter().any(|e| {
        matches!(e, ModelEvent::ParticipantAdded { user_id, .. } if user_id == &format!("{ACCT}.888"))
    });
    let removed = events.iter().any(|e| {
        matches!(e, ModelEvent::ParticipantRemoved { user_id, .. } if user_id == &format!("{ACCT}.777"))
    });
    assert!(added && removed, "{events:?}");
}

fn say(h: &mut H, text: &str) -> lpm_core::connection::CommandId {
    h.cmd(Command::SendMessage {
        conversation_id: "C1".into(),
        dialog_id: None,
        text: text.into(),
        metadata: None,
        quick_replies: None,
    })
}

/// A record of the bot's own text message.
fn own(seq: u64, text: &str) -> Value {
    json!({"sequence": seq, "dialogId": "C1", "conversationId": "C1", "serverTimestamp": 1000 + seq,
        "originatorId": "pid-777", "originatorMetadata": {"id": "pid-777", "role": "ASSIGNED_AGENT"},
        "event": {"type": "ContentEvent", "contentType": "text/plain", "message": text}})
}

/// A publish whose answer the drop swallowed, but which the platform carried out, is not sent
/// again: the gap answer shows it, and the send completes with its sequence.
#[test]
fn a_publish_carried_out_before_the_drop_is_confirmed_by_the_gap_answer_not_sent_twice() {
    let mut h = bot(json!([conv("C1", true)]));
    live(&mut h, "C1", 0, "q1");
    // answered before the drop: its sequence bounds what counts as "ours, answer lost"
    let first = say(&mut h, "hello");
    let f = h.frame_of(".ams.ms.PublishEvent");
    h.respond(&f, 200, json!({"sequence": 1}));
    h.ok(first);
    // on the wire when the socket drops
    let second = say(&mut h, "hello");
    let _lost = h.frame_of(".ams.ms.PublishEvent");
    // queued while down, for the same dialog: waits behind it
    h.socket_closed(1011, "");
    let third = say(&mut h, "bye");
    h.fire_next_timer();
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    h.pump();
    let mut frames = vec![];
    while !h.transmits.is_empty() {
        frames.push(h.frame());
    }
    assert!(
        !frames.iter().any(|f| f["type"] == ".ams.ms.PublishEvent"),
        "nothing of C1 goes out before its gap answer: {frames:?}"
    );
    resubscribe(&mut h, &mut frames, json!([conv("C1", true)]));
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    // the answered "hello" (1), a consumer message (2), the lost one carried out (3)
    h.respond(
        &q,
        200,
        json!([own(1, "hello"), msg("C1", 2, "q2"), own(3, "hello")]),
    );
    assert_eq!(h.ok(second), CommandOutput::Sequence { sequence: 3 });
    // only "bye" goes out, after the check
    let f = h.frame_of(".ams.ms.PublishEvent");
    assert_eq!(f["body"]["event"]["message"], "bye");
    h.respond(&f, 200, json!({"sequence": 4}));
    assert_eq!(h.ok(third), CommandOutput::Sequence { sequence: 4 });
    h.no_transmit();
}

/// A publish the gap answer does not show was lost with the socket: it is sent again, once,
/// in its order.
#[test]
fn a_publish_lost_with_the_socket_is_sent_again_after_the_gap_answer() {
    let mut h = bot(json!([conv("C1", true)]));
    let send = say(&mut h, "hello");
    let _lost = h.frame_of(".ams.ms.PublishEvent");
    let mut frames = reconnect(&mut h);
    resubscribe(&mut h, &mut frames, json!([conv("C1", true)]));
    let q = take(&mut frames, ".ams.ms.QueryMessages");
    assert!(!frames.iter().any(|f| f["type"] == ".ams.ms.PublishEvent"));
    h.respond(&q, 200, json!([msg("C1", 0, "q1")]));
    let f = h.frame_of(".ams.ms.PublishEvent");
    assert_eq!(f["body"]["event"]["message"], "hello");
    h.respond(&f, 200, json!({"sequence": 1}));
    assert_eq!(h.ok(send), CommandOutput::Sequence { sequence: 1 });
    h.no_transmit();
}
