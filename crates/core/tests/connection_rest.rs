//! The brand REST connection (`connectionType: rest`): UMS REST v1 calls (`rest-services.md`
//! §5) with exact URLs, headers and bodies, the ETag → If-Match sequence, 412 and 401.

mod connection_support;

use connection_support::*;
use lpm_core::connection::rest::{Exchange, Next, Operation, RestError, Target};
use lpm_core::connection::{Command, CommandOutput, ConnectionState, Error, Event, TokenSource};
use lpm_core::io::{HttpMethod, HttpRequest, HttpResponse, Transmit};
use lpm_core::model::{CloseReason, DeliveryStatus, ParticipantRole, TtrType};
use serde_json::{Value, json};

const MSG: &str = "https://msg.example";

fn rest(extra: Value) -> H {
    let mut o = json!({"connectionType": "rest"});
    merge(&mut o, extra);
    H::brand(o)
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).expect("JSON body")
}

fn headers(r: &HttpRequest) -> Vec<(&str, &str)> {
    r.headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn std_headers(bearer: &str) -> Vec<(String, String)> {
    vec![
        ("Authorization".into(), format!("Bearer {bearer}")),
        ("Brand-ID".into(), ACCT.into()),
        ("Content-Type".into(), "application/json".into()),
    ]
}

fn with_if_match(bearer: &str, tag: &str) -> Vec<(String, String)> {
    let mut h = std_headers(bearer);
    h.push(("If-Match".into(), tag.into()));
    h
}

fn reply_etag(h: &mut H, req: &HttpRequest, tag: &str) {
    h.c.handle_http_response(
        h.now,
        req.id,
        Ok(HttpResponse {
            status: 200,
            headers: vec![("ETag".into(), tag.into())],
            body: b"{}".to_vec(),
        }),
    );
    h.pump();
}

/// Opens with API keys (login → bearer `B1`), without any socket.
fn open(h: &mut H) {
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let login = h.next_http();
    assert!(login.url.ends_with("/login?v=1.3"));
    h.reply(&login, 200, login_answer("B1"));
    assert_eq!(h.ok(open), CommandOutput::Done);
    assert_eq!(h.c.state(), ConnectionState::Connected);
    h.no_transmit();
}

/// A conversation with a consumer and no agent, as a webhook delivers it.
fn webhook_conversation(h: &mut H, conv: &str, assigned: Option<&str>) {
    let mut details = vec![json!({"id":"cons-1","role":"CONSUMER","state":"ACTIVE"})];
    let mut participants = json!({"CONSUMER": ["cons-1"]});
    if let Some(a) = assigned {
        details.push(json!({"id": a,"role":"ASSIGNED_AGENT","state":"ACTIVE"}));
        participants["ASSIGNED_AGENT"] = json!([a]);
    }
    let payload = json!({"wsNotificationMsg": {"type": "cqm.ExConversationChangeNotification", "body": {
        "changes": [{"type":"UPSERT","result":{"convId": conv, "conversationDetails": {
            "brandId": ACCT, "skillId": "-1", "stage": "OPEN", "state": "OPEN", "metaDataLastUpdateTs": 5,
            "participants": participants,
            "dialogs": [{"dialogId": conv, "dialogType":"MAIN","channelType":"MESSAGING","state":"OPEN",
                "participantsDetails": details}]}}}]}}});
    let id = h.cmd(Command::ProcessWebhooksNotification {
        notification: payload,
    });
    assert_eq!(h.ok(id), CommandOutput::Done);
    assert!(h.c.model().conversation(conv).is_some());
}

/// The first REST call looks up asyncMessagingEnt; answers it and returns the call.
fn first_call(h: &mut H) -> HttpRequest {
    h.csds("asyncMessagingEnt", "msg.example");
    h.next_http()
}

#[test]
fn open_logs_in_opens_no_socket_and_keeps_the_session_refreshed() {
    let mut h = rest(json!({}));
    open(&mut h);
    assert!(h.has_event(|e| matches!(e, Event::Connect)));
    assert_eq!(h.c.agent_id(), Some(format!("{ACCT}.777").as_str()));
    // The session is refreshed every 4 minutes, as on the websocket connection.
    h.advance(240_000);
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://vep.example/api/account/{ACCT}/refresh?v=1.3")
    );
    h.reply(&r, 200, json!({}));
    assert!(h.has_event(|e| matches!(e, Event::RefreshToken)));
    // close: no socket to close.
    let close = h.cmd(Command::Close);
    assert_eq!(h.ok(close), CommandOutput::Done);
    assert_eq!(h.c.state(), ConnectionState::Closed);
    h.no_transmit();
}

#[test]
fn a_token_is_a_ready_made_bearer_used_as_it_is() {
    let mut h = H::new(
        json!({"accountId": ACCT, "userType": "brand", "connectionType": "rest",
        "token": "PREMADE", "agentId": format!("{ACCT}.42")}),
    );
    let open = h.cmd(Command::Open);
    assert_eq!(h.ok(open), CommandOutput::Done);
    h.no_transmit();
    assert_eq!(h.c.token().map(|t| t.expose()), Some("PREMADE"));
    // Nothing to refresh it with.
    assert_eq!(h.c.poll_timeout(), None);
    webhook_conversation(&mut h, "c1", None);
    let join = h.cmd(Command::Join {
        conversation_id: "c1".into(),
        role: ParticipantRole::AssignedAgent,
        metadata: None,
    });
    let r = first_call(&mut h);
    assert_eq!(r.headers, std_headers("PREMADE"));
    assert_eq!(body(&r)["id"], format!("{ACCT}.42"));
    // A refused bearer that cannot be renewed fails the call and says why.
    h.reply(&r, 401, json!({"error": "unauthorized"}));
    let e = h.err(join);
    assert_eq!(e.code(), Some(401));
    assert!(h.has_event(|e| matches!(
        e,
        Event::TokenInvalid {
            source: TokenSource::Rest
        }
    )));
}

#[test]
fn join_publish_receipts_and_chat_state_are_exact_requests() {
    let mut h = rest(json!({}));
    open(&mut h);
    webhook_conversation(&mut h, "c1", None);

    let join = h.cmd(Command::Join {
        conversation_id: "c1".into(),
        role: ParticipantRole::AssignedAgent,
        metadata: None,
    });
    let r = first_call(&mut h);
    assert_eq!(r.method, HttpMethod::Post);
    assert_eq!(
        r.url,
        format!("{MSG}/v1/conversations/c1/dialogs/c1/participants")
    );
    assert_eq!(r.headers, std_headers("B1"));
    assert_eq!(
        body(&r),
        json!({"id": format!("{ACCT}.777"), "role": "ASSIGNED_AGENT", "state": "ACTIVE"})
    );
    h.reply(&r, 200, json!({"convId": "c1"}));
    assert_eq!(h.ok(join), CommandOutput::Done);

    let send = h.cmd(Command::SendMessage {
        conversation_id: "c1".into(),
        dialog_id: None,
        text: "hello over http".into(),
        metadata: Some(json!({"type": "BotResponse", "intents": []})),
        quick_replies: None,
    });
    // The host is cached: no second lookup.
    let r = h.next_http();
    assert_eq!(r.method, HttpMethod::Post);
    assert_eq!(
        r.url,
        format!("{MSG}/v1/conversations/c1/dialogs/c1/messages")
    );
    assert_eq!(r.headers, std_headers("B1"));
    assert_eq!(
        body(&r),
        json!({"type": "PLAIN_TEXT", "content": {"text": "hello over http"},
            "metadata": [{"type": "BotResponse", "intents": []}], "messageAudience": "ALL"})
    );
    h.reply(&r, 200, json!({"sequence": 4}));
    assert_eq!(h.ok(send), CommandOutput::Sequence { sequence: 4 });

    let private = h.cmd(Command::SendPrivateMessage {
        conversation_id: "c1".into(),
        dialog_id: None,
        text: "note to agents".into(),
        metadata: None,
    });
    let r = h.next_http();
    assert_eq!(
        body(&r),
        json!({"type": "PLAIN_TEXT", "content": {"text": "note to agents"}, "metadata": null,
            "messageAudience": "AGENTS_AND_MANAGERS"})
    );
    h.reply(&r, 200, json!({"sequence": 5}));
    assert_eq!(h.ok(private), CommandOutput::Sequence { sequence: 5 });

    let card = json!({"type": "vertical", "elements": [{"type": "text", "text": "hi"}]});
    let rich = h.cmd(Command::SendRichText {
        conversation_id: "c1".into(),
        dialog_id: None,
        content: card.clone(),
        metadata: None,
        quick_replies: None,
    });
    let r = h.next_http();
    assert_eq!(
        body(&r),
        json!({"type": "RICH_CONTENT", "content": card, "metadata": null, "messageAudience": "ALL"})
    );
    h.reply(&r, 200, json!({"sequence": 6}));
    assert_eq!(h.ok(rich), CommandOutput::Sequence { sequence: 6 });

    let receipt = h.cmd(Command::SendReceipt {
        dialog_id: "c1".into(),
        status: DeliveryStatus::Read,
        sequences: vec![1, 2],
    });
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("{MSG}/v1/conversations/c1/dialogs/c1/messages")
    );
    assert_eq!(
        body(&r),
        json!({"type": "ACKNOWLEDGEMENT", "content": {"sequenceList": [1, 2], "status": "READ"}})
    );
    h.reply(&r, 200, json!({"sequence": 7}));
    assert_eq!(h.ok(receipt), CommandOutput::Sequence { sequence: 7 });

    let typing = h.cmd(Command::SetChatState {
        conversation_id: "c1".into(),
        dialog_id: None,
        chat_state: lpm_core::model::ChatState::Composing,
    });
    let r = h.next_http();
    assert_eq!(
        body(&r),
        json!({"type": "CHAT_STATE", "content": {"chatState": "COMPOSING"}})
    );
    // An answer without a sequence still succeeds; the body is handed over.
    h.reply(&r, 200, json!({}));
    assert_eq!(h.ok(typing), CommandOutput::Body { body: json!({}) });
}

#[test]
fn updates_read_the_etag_first_and_send_it_as_if_match() {
    let mut h = rest(json!({}));
    open(&mut h);
    webhook_conversation(&mut h, "c1", None);

    let ttr = h.cmd(Command::SetTtr {
        conversation_id: "c1".into(),
        ttr_type: TtrType::Custom,
        value: Some(600),
        metadata: None,
    });
    let get = first_call(&mut h);
    assert_eq!(get.method, HttpMethod::Get);
    assert_eq!(get.url, format!("{MSG}/v1/conversations/c1"));
    assert_eq!(get.headers, std_headers("B1"));
    assert!(get.body.is_empty());
    reply_etag(&mut h, &get, "\"5\"");
    let patch = h.next_http();
    assert_eq!(patch.method, HttpMethod::Patch);
    assert_eq!(patch.url, format!("{MSG}/v1/conversations/c1"));
    assert_eq!(patch.headers, with_if_match("B1", "\"5\""));
    assert_eq!(body(&patch), json!({"type": "CUSTOM", "value": 600}));
    h.reply(&patch, 200, json!({}));
    assert_eq!(h.ok(ttr), CommandOutput::Done);

    let ettr = h.cmd(Command::SetManualEttr {
        conversation_id: "c1".into(),
        time: 1_700_000_000_000,
        metadata: None,
    });
    let get = h.next_http();
    reply_etag(&mut h, &get, "\"6\"");
    let patch = h.next_http();
    assert_eq!(body(&patch), json!({"manualETTR": 1_700_000_000_000u64}));
    assert_eq!(patch.headers, with_if_match("B1", "\"6\""));
    h.reply(&patch, 200, json!({}));
    assert_eq!(h.ok(ettr), CommandOutput::Done);

    let close_dialog = h.cmd(Command::CloseDialog {
        dialog_id: "c1".into(),
        reason: Some(CloseReason::Agent),
        cause: None,
        metadata: None,
    });
    let get = h.next_http();
    assert_eq!(get.url, format!("{MSG}/v1/conversations/c1/dialogs/c1"));
    reply_etag(&mut h, &get, "\"7\"");
    let patch = h.next_http();
    assert_eq!(patch.url, format!("{MSG}/v1/conversations/c1/dialogs/c1"));
    assert_eq!(patch.headers, with_if_match("B1", "\"7\""));
    assert_eq!(
        body(&patch),
        json!({"state": "CLOSE", "closeReason": "AGENT"})
    );
    h.reply(&patch, 200, json!({}));
    assert_eq!(h.ok(close_dialog), CommandOutput::Done);

    let close = h.cmd(Command::CloseConversation {
        conversation_id: "c1".into(),
        metadata: None,
    });
    // While the call runs the conversation shows CLOSING and refuses a second close.
    let again = h.cmd(Command::CloseConversation {
        conversation_id: "c1".into(),
        metadata: None,
    });
    assert_eq!(h.err(again).kind(), "domain");
    let get = h.next_http();
    reply_etag(&mut h, &get, "\"8\"");
    let patch = h.next_http();
    assert_eq!(body(&patch), json!({"stage": "CLOSE"}));
    h.reply(&patch, 200, json!({}));
    assert_eq!(h.ok(close), CommandOutput::Done);
}

#[test]
fn a_412_reads_the_etag_again_once_then_fails() {
    let mut h = rest(json!({}));
    open(&mut h);
    webhook_conversation(&mut h, "c1", None);
    let close = h.cmd(Command::CloseConversation {
        conversation_id: "c1".into(),
        metadata: None,
    });
    let get = first_call(&mut h);
    reply_etag(&mut h, &get, "\"5\"");
    let patch = h.next_http();
    h.reply(&patch, 412, json!({"error": "ETag mismatch"}));
    // Read again, retry with the new tag.
    let get = h.next_http();
    assert_eq!(get.method, HttpMethod::Get);
    reply_etag(&mut h, &get, "\"9\"");
    let patch = h.next_http();
    assert_eq!(patch.headers, with_if_match("B1", "\"9\""));
    h.reply(&patch, 200, json!({}));
    assert_eq!(h.ok(close), CommandOutput::Done);

    let ttr = h.cmd(Command::SetTtr {
        conversation_id: "c1".into(),
        ttr_type: TtrType::Urgent,
        value: None,
        metadata: None,
    });
    for tag in ["\"10\"", "\"11\""] {
        let get = h.next_http();
        reply_etag(&mut h, &get, tag);
        let patch = h.next_http();
        assert_eq!(body(&patch), json!({"type": "URGENT", "value": 0}));
        h.reply(&patch, 412, json!({"error": "ETag mismatch"}));
    }
    let e = h.err(ttr);
    assert_eq!(e.code(), Some(412));
    assert!(e.to_string().contains("412 twice"), "{e}");
    h.no_transmit();
}

#[test]
fn a_401_regenerates_the_bearer_and_retries_once() {
    let mut h = rest(json!({}));
    open(&mut h);
    webhook_conversation(&mut h, "c1", None);
    let send = h.cmd(Command::SendMessage {
        conversation_id: "c1".into(),
        dialog_id: None,
        text: "hi".into(),
        metadata: None,
        quick_replies: None,
    });
    let r = first_call(&mut h);
    h.reply(&r, 401, json!({"error": "unauthorized"}));
    assert!(h.has_event(|e| matches!(
        e,
        Event::TokenInvalid {
            source: TokenSource::Rest
        }
    )));
    let login = h.next_http();
    assert!(login.url.ends_with("/login?v=1.3"));
    h.reply(&login, 200, login_answer("B2"));
    assert!(h.has_event(|e| matches!(e, Event::TokenRegenerated { .. })));
    let retry = h.next_http();
    assert_eq!(retry.url, r.url);
    assert_eq!(retry.headers, std_headers("B2"));
    assert_eq!(retry.body, r.body);
    h.reply(&retry, 200, json!({"sequence": 1}));
    assert_eq!(h.ok(send), CommandOutput::Sequence { sequence: 1 });

    // Refused again after the new login: the command fails (no endless loop).
    let again = h.cmd(Command::SendMessage {
        conversation_id: "c1".into(),
        dialog_id: None,
        text: "again".into(),
        metadata: None,
        quick_replies: None,
    });
    let r = h.next_http();
    h.reply(&r, 401, json!({}));
    let login = h.next_http();
    h.reply(&login, 200, login_answer("B3"));
    let retry = h.next_http();
    assert_eq!(retry.headers[0].1, "Bearer B3");
    h.reply(&retry, 401, json!({}));
    let e = h.err(again);
    assert_eq!(e.code(), Some(401));
    for secret in ["B1", "B2", "B3", "SECRETVAL", "ATSECRET"] {
        assert!(!format!("{e} {e:?}").contains(secret));
    }
}

#[test]
fn transfer_leave_and_back_to_queue_delete_a_participant() {
    let mut h = rest(json!({}));
    open(&mut h);
    let me = format!("{ACCT}.777");
    webhook_conversation(&mut h, "c1", Some(&me));

    let transfer = h.cmd(Command::Transfer {
        conversation_id: "c1".into(),
        skill_id: Some("12".into()),
        agent_id: Some("55".into()),
        metadata: None,
    });
    let get = first_call(&mut h);
    assert_eq!(get.method, HttpMethod::Get);
    assert_eq!(
        get.url,
        format!("{MSG}/v1/conversations/c1/dialogs/c1/participants/{me}")
    );
    reply_etag(&mut h, &get, "\"3\"");
    let del = h.next_http();
    assert_eq!(del.method, HttpMethod::Delete);
    assert_eq!(
        del.url,
        format!(
            "{MSG}/v1/conversations/c1/dialogs/c1/participants/{me}?transferToSkillId=12&transferToAgentId={ACCT}.55"
        )
    );
    assert_eq!(del.headers, with_if_match("B1", "\"3\""));
    assert!(del.body.is_empty());
    h.reply(&del, 200, json!({}));
    assert_eq!(h.ok(transfer), CommandOutput::Done);

    let back = h.cmd(Command::BackToQueue {
        conversation_id: "c1".into(),
        metadata: None,
    });
    let get = h.next_http();
    reply_etag(&mut h, &get, "\"4\"");
    let del = h.next_http();
    assert_eq!(
        (del.method, del.url.as_str()),
        (
            HttpMethod::Delete,
            format!("{MSG}/v1/conversations/c1/dialogs/c1/participants/{me}").as_str()
        )
    );
    h.reply(&del, 200, json!({}));
    assert_eq!(h.ok(back), CommandOutput::Done);

    let leave = h.cmd(Command::Leave {
        conversation_id: "c1".into(),
        metadata: None,
    });
    let get = h.next_http();
    reply_etag(&mut h, &get, "\"5\"");
    let del = h.next_http();
    assert_eq!(del.method, HttpMethod::Delete);
    assert_eq!(del.headers, with_if_match("B1", "\"5\""));
    h.reply(&del, 200, json!({}));
    assert_eq!(h.ok(leave), CommandOutput::Done);
}

#[test]
fn a_transfer_without_an_assigned_agent_has_no_rest_form() {
    let mut h = rest(json!({}));
    open(&mut h);
    webhook_conversation(&mut h, "c1", None);
    let t = h.cmd(Command::Transfer {
        conversation_id: "c1".into(),
        skill_id: Some("12".into()),
        agent_id: None,
        metadata: None,
    });
    let e = h.err(t);
    assert_eq!(e.kind(), "unsupported");
    assert!(e.to_string().contains("assigned agent"), "{e}");
    h.no_transmit();
}

#[test]
fn history_and_get_conversation_by_id_feed_the_model() {
    let mut h = rest(json!({}));
    open(&mut h);
    let get = h.cmd(Command::GetConversationById {
        conversation_id: "c9".into(),
    });
    let r = first_call(&mut h);
    assert_eq!(
        (r.method, r.url.as_str()),
        (
            HttpMethod::Get,
            format!("{MSG}/v1/conversations/c9").as_str()
        )
    );
    let conv = json!({"convId": "c9", "conversationDetails": {
        "brandId": ACCT, "skillId": "-1", "stage": "OPEN", "state": "OPEN", "metaDataLastUpdateTs": 5,
        "participants": {"CONSUMER": ["cons-1"]},
        "dialogs": [{"dialogId": "c9", "dialogType":"MAIN","channelType":"MESSAGING","state":"OPEN",
            "participantsDetails": [{"id":"cons-1","role":"CONSUMER","state":"ACTIVE"}]}]}});
    h.reply(&r, 200, conv);
    assert_eq!(
        h.ok(get),
        CommandOutput::Conversation {
            conversation_id: "c9".into()
        }
    );
    assert!(h.c.model().conversation("c9").is_some());

    let q = h.cmd(Command::QueryMessages {
        dialog_id: "c9".into(),
        max_quantity: Some(10),
        sequence_min: Some(0),
        sequence_max: None,
    });
    let r = h.next_http();
    assert_eq!(r.method, HttpMethod::Get);
    assert_eq!(
        r.url,
        format!("{MSG}/v1/conversations/c9/dialogs/c9/messages?limit=10&newerThanSequence=0")
    );
    let records = json!([{"sequence": 0, "originatorId": "cons-1", "serverTimestamp": 10, "dialogId": "c9",
        "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "earlier"}}]);
    h.reply(&r, 200, records.clone());
    assert_eq!(h.ok(q), CommandOutput::Records { records });
    let d =
        h.c.model()
            .conversation("c9")
            .and_then(|c| c.dialog("c9"))
            .expect("dialog");
    assert_eq!(d.messages().count(), 1);

    // An unknown conversation: the server's 404 is the error.
    let missing = h.cmd(Command::GetConversationById {
        conversation_id: "nope".into(),
    });
    let r = h.next_http();
    h.reply(&r, 404, json!({"error": "Conversation not found"}));
    let e = h.err(missing);
    assert_eq!(e.code(), Some(404));
    assert!(e.to_string().contains("Conversation not found"), "{e}");
}

#[test]
fn files_go_through_the_rest_paths_then_storage() {
    let mut h = rest(json!({}));
    open(&mut h);
    let up = h.cmd(Command::UploadFile {
        file_type: Some("PNG".into()),
        data: vec![1, 2, 3],
        preview: None,
    });
    let r = first_call(&mut h);
    assert_eq!(r.method, HttpMethod::Post);
    assert_eq!(r.url, format!("{MSG}/v1/brands/{ACCT}/file-upload-path"));
    assert_eq!(body(&r), json!({"fileSize": 3, "fileType": "PNG"}));
    h.reply(
        &r,
        200,
        json!({"relativePath": "/v1/AUTH_a/f.png", "queryParams": {"temp_url_sig": "s", "temp_url_expires": "9"}}),
    );
    h.csds("swift", "swift.example");
    let put = h.next_http();
    assert_eq!(put.method, HttpMethod::Put);
    assert_eq!(
        put.url,
        "https://swift.example/v1/AUTH_a/f.png?temp_url_sig=s&temp_url_expires=9"
    );
    assert_eq!(put.body, vec![1, 2, 3]);
    h.reply(&put, 201, Value::Null);
    assert_eq!(
        h.ok(up),
        CommandOutput::Uploaded {
            relative_path: "/v1/AUTH_a/f.png".into(),
            file_type: "PNG".into(),
            preview: None,
        }
    );

    let url = h.cmd(Command::GetDownloadUrl {
        relative_path: "/v1/AUTH_a/f.png".into(),
    });
    let r = h.next_http();
    assert_eq!(r.url, format!("{MSG}/v1/brands/{ACCT}/file-download-path"));
    assert_eq!(body(&r), json!({"relativePath": "/v1/AUTH_a/f.png"}));
    h.reply(
        &r,
        200,
        json!({"relativePath": "/v1/AUTH_a/f.png", "queryParams": {"temp_url_sig": "d", "temp_url_expires": "9"}}),
    );
    assert!(matches!(h.ok(url), CommandOutput::FileUrl { .. }));
}

#[test]
fn commands_without_a_rest_form_fail_clearly() {
    let mut h = rest(json!({}));
    open(&mut h);
    webhook_conversation(&mut h, "c1", None);
    let cases = [
        Command::SetNote {
            conversation_id: "c1".into(),
            note: "n".into(),
            metadata: None,
        },
        Command::SetAgentState {
            agent_state: "ONLINE".into(),
            agent_id: None,
        },
        Command::CreateRoutingTaskSubscription { query: None },
        Command::CreateConversationSubscription {
            query: None,
            wait_for_ready: None,
        },
        Command::GetClock,
        Command::SendMessage {
            conversation_id: "c1".into(),
            dialog_id: None,
            text: "t".into(),
            metadata: None,
            quick_replies: Some(json!({"type": "quickReplies", "itemsPerRow": 1, "replies": []})),
        },
    ];
    for c in cases {
        let name = c.name();
        let id = h.cmd(c);
        let e = h.err(id);
        assert_eq!(e.kind(), "unsupported", "{name}: {e}");
        assert!(e.to_string().contains("REST"), "{name}: {e}");
    }
    // The model's own checks come first, as on the socket.
    let empty = h.cmd(Command::SendMessage {
        conversation_id: "c1".into(),
        dialog_id: None,
        text: String::new(),
        metadata: None,
        quick_replies: None,
    });
    assert_eq!(h.err(empty).kind(), "domain");
    h.no_transmit();
}

#[test]
fn options_rest_is_brand_only_sendapi_is_refused_and_websockets_do_not_read_over_rest() {
    use lpm_core::connection::{ClientOptions, OptionsError};
    let check = |v: Value| ClientOptions::from_value(v).unwrap().validate().map(|_| ());
    let e = check(json!({"accountId": "1", "userType": "consumer", "connectionType": "REST"}));
    assert!(matches!(e, Err(OptionsError::Unsupported(m)) if m.contains("brand")));
    let e = check(
        json!({"accountId": "1", "userType": "brand", "connectionType": "SEND_API", "token": "t"}),
    );
    assert!(matches!(e, Err(OptionsError::Unsupported(m)) if m.contains("sendapi")));
    let e = check(json!({"accountId": "1", "userType": "brand", "connectionType": "rest"}));
    assert!(matches!(e, Err(OptionsError::Invalid(m)) if m.contains("token")));
    assert!(
        check(
            json!({"accountId": "1", "userType": "brand", "connectionType": "rest", "token": "t"})
        )
        .is_ok()
    );

    let mut ws = H::brand(json!({}));
    let id = ws.cmd(Command::GetConversationById {
        conversation_id: "c1".into(),
    });
    assert!(matches!(ws.err(id), Error::Unsupported(_)));
}

#[test]
fn rest_calls_before_open_are_refused() {
    let mut h = rest(json!({}));
    let id = h.cmd(Command::GetConversationById {
        conversation_id: "c1".into(),
    });
    let e = h.err(id);
    assert!(e.to_string().contains("not open"), "{e}");
    h.no_transmit();
}

#[test]
fn a_standalone_exchange_looks_up_the_host_first_and_debug_hides_the_bearer() {
    let op = Operation::CloseDialog {
        conversation_id: "c1".into(),
        dialog_id: Some("d2".into()),
        close_reason: None,
    };
    let mut x = Exchange::via_csds(ACCT, "Bearer SECRETBEARER", "http://127.0.0.1:9/", op);
    let csds = x.start();
    assert_eq!(
        csds.url,
        format!(
            "http://127.0.0.1:9/api/account/{ACCT}/service/asyncMessagingEnt/baseURI.json?version=1.0"
        )
    );
    let answer = |status, headers: Vec<(String, String)>, body: &str| HttpResponse {
        status,
        headers,
        body: body.as_bytes().to_vec(),
    };
    let Next::Request(get) = x
        .handle_response(&answer(200, vec![], r#"{"baseURI":"127.0.0.1:9"}"#))
        .unwrap()
    else {
        panic!("expected the ETag read")
    };
    assert_eq!(get.url, "http://127.0.0.1:9/v1/conversations/c1/dialogs/d2");
    // The prefix is not doubled.
    assert_eq!(headers(&get)[0], ("Authorization", "Bearer SECRETBEARER"));
    assert!(!format!("{get:?} {x:?}").contains("SECRETBEARER"));
    let Next::Request(patch) = x
        .handle_response(&answer(200, vec![("etag".into(), "W/\"1\"".into())], "{}"))
        .unwrap()
    else {
        panic!("expected the PATCH")
    };
    assert_eq!(body(&patch), json!({"state": "CLOSE", "closeReason": null}));
    assert_eq!(headers(&patch)[3], ("If-Match", "W/\"1\""));
    let e = x
        .handle_response(&answer(500, vec![], r#"{"error":"boom SECRETBEARER"}"#))
        .unwrap_err();
    assert!(matches!(e, RestError::Status { status: 500, .. }));
    assert!(!e.to_string().contains("SECRETBEARER"), "{e}");

    // A read without an ETag cannot be followed by an update.
    let mut x = Exchange::new(
        Target::new(ACCT, MSG, "B"),
        Operation::RemoveParticipant {
            conversation_id: "c1".into(),
            dialog_id: None,
            participant_id: "5".into(),
        },
    );
    let get = x.start();
    assert_eq!(
        get.url,
        format!("{MSG}/v1/conversations/c1/dialogs/c1/participants/{ACCT}.5")
    );
    assert!(matches!(
        x.handle_response(&answer(200, vec![], "{}")),
        Err(RestError::MissingEtag { .. })
    ));
    // Ids are path segments, never paths.
    let op = Operation::GetConversationById {
        conversation_id: "../x?y".into(),
    };
    assert_eq!(
        op.request(&Target::new(ACCT, MSG, "B"), None).url,
        format!("{MSG}/v1/conversations/..%2Fx%3Fy")
    );
    let _ = Transmit::Http(get);
}
