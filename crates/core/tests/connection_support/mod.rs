//! Test harness: a [`Client`] driven with a virtual clock, frames and HTTP answers fed by hand.
#![allow(dead_code)]

use std::collections::VecDeque;

use lpm_core::connection::{
    Client, ClientOptions, Command, CommandId, CommandOutput, Error, Event,
};
use lpm_core::io::{HttpFailure, HttpRequest, HttpResponse, SocketFailure, SocketId, Transmit};
use lpm_core::time::Time;
use serde_json::{Value, json};

pub const ACCT: &str = "12345678";
pub const CSDS: &str = "https://adminlogin.liveperson.net";

/// An unsigned JWT whose `sub` is `sub`.
pub fn jwt(sub: &str) -> String {
    let payload = json!({"sub": sub, "aud": format!("acc:{ACCT}")}).to_string();
    format!("eyJhbGciOiJub25lIn0.{}.sig", b64url(payload.as_bytes()))
}

fn b64url(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

pub fn csds_url(service: &str) -> String {
    format!("{CSDS}/api/account/{ACCT}/service/{service}/baseURI.json?version=1.0")
}

pub struct H {
    pub c: Client,
    pub now: Time,
    pub transmits: VecDeque<Transmit>,
    pub events: Vec<Event>,
    pub socket: Option<SocketId>,
}

impl H {
    pub fn new(options: Value) -> H {
        let opts = ClientOptions::from_value(options).expect("options");
        H {
            c: Client::new(opts, 7).expect("client"),
            now: Time(1_000_000),
            transmits: VecDeque::new(),
            events: Vec::new(),
            socket: None,
        }
    }

    pub fn consumer(extra: Value) -> H {
        let mut o = json!({"accountId": ACCT, "userType": "consumer", "appId": "quick_start"});
        merge(&mut o, extra);
        H::new(o)
    }

    pub fn brand(extra: Value) -> H {
        let mut o = json!({"accountId": ACCT, "userType": "brand", "appId": "quick_start",
            "authData": {"username": "bot", "appKey": "AK", "secret": "SECRETVAL", "accessToken": "ATOKEN", "accessTokenSecret": "ATSECRET"}});
        merge(&mut o, extra);
        H::new(o)
    }

    pub fn pump(&mut self) {
        while let Some(t) = self.c.poll_transmit() {
            self.transmits.push_back(t);
        }
        while let Some(e) = self.c.poll_event() {
            self.events.push(e);
        }
    }

    pub fn cmd(&mut self, c: Command) -> CommandId {
        let id = self.c.command(self.now, c);
        self.pump();
        id
    }

    pub fn next(&mut self) -> Transmit {
        self.pump();
        self.transmits.pop_front().expect("a transmit")
    }

    pub fn no_transmit(&mut self) {
        self.pump();
        assert!(
            self.transmits.is_empty(),
            "unexpected transmits: {:?}",
            self.transmits
        );
    }

    pub fn next_http(&mut self) -> HttpRequest {
        match self.next() {
            Transmit::Http(r) => r,
            other => panic!("expected HTTP, got {other:?}"),
        }
    }

    pub fn reply(&mut self, req: &HttpRequest, status: u16, body: Value) {
        let body = if body.is_null() {
            vec![]
        } else {
            body.to_string().into_bytes()
        };
        self.c.handle_http_response(
            self.now,
            req.id,
            Ok(HttpResponse {
                status,
                headers: vec![],
                body,
            }),
        );
        self.pump();
    }

    pub fn fail_http(&mut self, req: &HttpRequest, msg: &str) {
        self.c
            .handle_http_response(self.now, req.id, Err(HttpFailure::new(msg)));
        self.pump();
    }

    /// Expects a CSDS look-up of `service` and answers with `host`.
    pub fn csds(&mut self, service: &str, host: &str) -> HttpRequest {
        let r = self.next_http();
        assert_eq!(r.url, csds_url(service));
        self.reply(
            &r,
            200,
            json!({"service": service, "account": ACCT, "baseURI": host}),
        );
        r
    }

    pub fn expect_open_socket(&mut self) -> (SocketId, String) {
        match self.next() {
            Transmit::OpenSocket { id, url, headers } => {
                assert!(headers.is_empty());
                self.socket = Some(id);
                (id, url)
            }
            other => panic!("expected OpenSocket, got {other:?}"),
        }
    }

    pub fn opened(&mut self) {
        let id = self.socket.expect("socket");
        self.c.handle_socket_opened(self.now, id);
        self.pump();
    }

    /// Next frame sent; returns the parsed JSON.
    pub fn frame(&mut self) -> Value {
        match self.next() {
            Transmit::SendText { id, text } => {
                assert_eq!(Some(id), self.socket);
                serde_json::from_str(&text).expect("frame JSON")
            }
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    /// Next frame, checking its type.
    pub fn frame_of(&mut self, type_name: &str) -> Value {
        let f = self.frame();
        assert_eq!(f["type"], type_name, "frame {f}");
        assert_eq!(f["kind"], "req");
        f
    }

    pub fn text(&mut self, text: &str) {
        let id = self.socket.expect("socket");
        self.c.handle_socket_text(self.now, id, text);
        self.pump();
    }

    pub fn respond(&mut self, req: &Value, code: u16, body: Value) {
        let t = json!({"kind":"resp","reqId": req["id"],"code": code,"type":"X","body": body});
        self.text(&t.to_string());
    }

    pub fn notify(&mut self, type_name: &str, body: Value) {
        let t = json!({"kind":"notification","type": type_name,"body": body});
        self.text(&t.to_string());
    }

    pub fn socket_closed(&mut self, code: u16, reason: &str) {
        let id = self.socket.take().expect("socket");
        self.c.handle_socket_closed(self.now, id, code, reason);
        self.pump();
    }

    pub fn socket_failed(&mut self, f: SocketFailure) {
        let id = self.socket.take().expect("socket");
        self.c.handle_socket_failed(self.now, id, f);
        self.pump();
    }

    /// Moves the clock and fires timers.
    pub fn advance(&mut self, ms: u64) {
        self.now = self.now.plus_ms(ms);
        self.c.handle_timeout(self.now);
        self.pump();
    }

    /// Moves the clock to the next timer and fires it.
    pub fn fire_next_timer(&mut self) -> u64 {
        let t = self.c.poll_timeout().expect("a timer");
        let d = t.since(self.now);
        self.now = t.max(self.now);
        self.c.handle_timeout(self.now);
        self.pump();
        d
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        self.pump();
        std::mem::take(&mut self.events)
    }

    pub fn result(&mut self, id: CommandId) -> Option<Result<CommandOutput, Error>> {
        self.pump();
        self.events.iter().find_map(|e| match e {
            Event::CommandCompleted { id: i, result } if *i == id => Some(result.clone()),
            _ => None,
        })
    }

    pub fn ok(&mut self, id: CommandId) -> CommandOutput {
        match self.result(id) {
            Some(Ok(o)) => o,
            other => panic!("command {id:?} not ok: {other:?}"),
        }
    }

    pub fn err(&mut self, id: CommandId) -> Error {
        match self.result(id) {
            Some(Err(e)) => e,
            other => panic!("command {id:?} did not fail: {other:?}"),
        }
    }

    pub fn has_event(&mut self, f: impl Fn(&Event) -> bool) -> bool {
        self.pump();
        self.events.iter().any(f)
    }

    /// Consumer anonymous open, through `connected`. Returns the open command id.
    pub fn open_consumer(&mut self, existing: Value) -> CommandId {
        let open = self.cmd(Command::Open);
        self.csds("idp", "idp.example");
        let r = self.next_http();
        assert_eq!(
            r.url,
            format!("https://idp.example/api/account/{ACCT}/signup")
        );
        self.reply(&r, 200, json!({"jwt": jwt("consumer-1")}));
        self.connect_consumer_socket(existing);
        open
    }

    /// From the asyncMessagingEnt look-up to `connected`.
    pub fn connect_consumer_socket(&mut self, existing: Value) {
        self.csds("asyncMessagingEnt", "msg.example");
        self.consumer_socket_setup(existing);
    }

    pub fn consumer_socket_setup(&mut self, existing: Value) {
        self.expect_open_socket();
        self.opened();
        let init = self.frame_of("InitConnection");
        self.no_transmit();
        self.respond(&init, 200, json!("OK"));
        let sub = self.frame_of("cqm.SubscribeExConversations");
        self.respond(&sub, 200, json!({"subscriptionId": "S1"}));
        self.notify(
            "cqm.ExConversationChangeNotification",
            json!({"subscriptionId":"S1","changes": existing}),
        );
        // The profile request (sent at the subscription's response) and the messaging
        // subscriptions (sent as the snapshot arrives), in whatever order they went out.
        self.pump();
        while let Some(Transmit::SendText { .. }) = self.transmits.front() {
            let f = self.frame();
            match f["type"].as_str() {
                Some("userprofile.GetUserProfile") => {
                    self.respond(&f, 200, json!({"userId": "consumer-1", "firstName": "A"}))
                }
                Some("ms.SubscribeMessagingEvents") => self.respond(&f, 200, json!({})),
                other => panic!("unexpected frame {other:?}"),
            }
        }
    }

    /// Frames `ms.SubscribeMessagingEvents` already sent, answered 200.
    pub fn drain_messaging_subs(&mut self) -> Vec<Value> {
        self.pump();
        let mut out = vec![];
        while let Some(Transmit::SendText { text, .. }) = self.transmits.front() {
            let f: Value = serde_json::from_str(text).unwrap();
            if f["type"] != "ms.SubscribeMessagingEvents" {
                break;
            }
            self.transmits.pop_front();
            self.respond(&f, 200, json!({}));
            out.push(f);
        }
        out
    }

    /// Brand API-key open through `connected`.
    pub fn open_brand(&mut self) -> CommandId {
        let open = self.cmd(Command::Open);
        self.csds("agentVep", "vep.example");
        let login = self.next_http();
        self.reply(&login, 200, login_answer("B1"));
        self.csds("facadeMsg", "facade.example");
        self.brand_socket_setup(json!([]));
        open
    }

    pub fn brand_socket_setup(&mut self, existing: Value) -> Value {
        self.expect_open_socket();
        self.opened();
        let v = self.frame_of(".ams.userprofile.GetUserProfile");
        self.respond(&v, 200, json!({"userId": format!("{ACCT}.777")}));
        let sub = self.frame_of(".ams.aam.SubscribeExConversations");
        self.respond(&sub, 200, json!({"subscriptionId": "BS1"}));
        self.notify(
            ".ams.aam.ExConversationChangeNotification",
            json!({"subscriptionId":"BS1","changes": existing}),
        );
        sub
    }
}

pub fn login_answer(bearer: &str) -> Value {
    json!({"bearer": bearer, "csrf": "CSRF1", "sessionId": "SESS1",
        "config": {"userId": "777", "userPid": "pid-777"}})
}

pub fn merge(a: &mut Value, b: Value) {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        for (k, v) in b {
            a.insert(k, v);
        }
    }
}

/// A conversation change `UPSERT` with one MAIN dialog.
pub fn conv_change(conv: &str, stage: &str, ts: i64) -> Value {
    json!({"type":"UPSERT","result":{"convId": conv, "conversationDetails": {
        "stage": stage, "state": stage, "metaDataLastUpdateTs": ts,
        "dialogs": [{"dialogId": conv, "dialogType":"MAIN","channelType":"MESSAGING","state": stage}]}}})
}

pub fn upgrade_refused(status: u16) -> SocketFailure {
    SocketFailure::UpgradeRefused { status }
}
