//! Builds every timing event ([`crate::connection::timing`]) in one place: what is timed, its
//! name, and the secret-free request and response payloads.

use super::*;
use crate::connection::auth::error_details;
use crate::connection::timing::{self as tm, Timing};

/// Starts of timed exchanges still waiting for their answer.
#[derive(Debug, Default)]
pub(super) struct Timings {
    /// HTTP calls: what (`getAgentToken`, …), start, request payload.
    http: VecMap<HttpId, (&'static str, Time, Value)>,
    /// The socket of the current attempt: id, start, request payload.
    socket: Option<(SocketId, Time, Value)>,
}

/// The timing name of an HTTP call, for those that are timed.
fn timed_call(call: &Call) -> Option<&'static str> {
    match call {
        Call::Login { .. } => Some(tm::GET_AGENT_TOKEN),
        Call::Idp(_) => Some(tm::GET_CONSUMER_TOKEN),
        Call::ShiftStatus(_) => Some(tm::GET_SHIFT_STATUS),
        _ => None,
    }
}

/// Replaces every secret inside the string values of `v`.
fn redact(v: &mut Value, secrets: &[&str]) {
    match v {
        Value::String(s) => {
            let clean = scrub(s, secrets);
            if clean != *s {
                *s = clean;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| redact(x, secrets)),
        Value::Object(o) => o.values_mut().for_each(|x| redact(x, secrets)),
        _ => {}
    }
}

impl Client {
    fn emit_timing(
        &mut self,
        name: String,
        start: Time,
        end: Option<Time>,
        request: Value,
        response: Option<Value>,
        error: Option<Error>,
    ) {
        self.emit(Event::Timing(Timing {
            name,
            start,
            end,
            request,
            response,
            error,
        }));
    }

    /// `v` with the connection's secrets replaced.
    fn redacted(&self, mut v: Value) -> Value {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        redact(&mut v, &refs);
        v
    }

    /// `<type>#request` for a UMS frame about to be sent; returns the payload to keep for
    /// its `#response`.
    pub(super) fn time_ums_request(&mut self, now: Time, type_name: &str, frame: &str) -> Value {
        if !self.frame_timings {
            return Value::Null;
        }
        let request = self.redacted(serde_json::from_str(frame).unwrap_or(Value::Null));
        self.emit_timing(
            format!("{type_name}#request"),
            now,
            None,
            request.clone(),
            None,
            None,
        );
        request
    }

    /// `<type>#response` for the response of a pending request.
    pub(super) fn time_ums_response(&mut self, now: Time, p: &Pending<Purpose>, r: &Response) {
        if !self.frame_timings {
            return;
        }
        let response = self.redacted(json!({
            "kind": "resp",
            "reqId": r.req_id,
            "code": r.code,
            "type": r.type_name,
            "body": r.body,
        }));
        self.emit_timing(
            format!("{}#response", p.type_name),
            p.started,
            Some(now),
            p.request.clone(),
            Some(response),
            None,
        );
    }

    /// `…#request` for an HTTP call being sent, when it is a timed one.
    pub(super) fn time_http_request(&mut self, now: Time, call: &Call, req: &HttpRequest) {
        let Some(what) = timed_call(call) else {
            return;
        };
        // Cancelled calls never answer: forget their starts.
        let live = &self.http;
        self.timings.http.retain(|id, _| live.contains_key(id));
        // Only method and URL: the bodies carry passwords, keys, tokens and claims.
        let request = self.redacted(json!({"method": req.method, "url": req.url}));
        self.timings
            .http
            .insert(req.id, (what, now, request.clone()));
        self.emit_timing(format!("{what}#request"), now, None, request, None, None);
    }

    /// `…#response` (or `getShiftStatus#error`) for an HTTP answer of a timed call.
    pub(super) fn time_http_answer(
        &mut self,
        now: Time,
        id: HttpId,
        result: &Result<HttpResponse, HttpFailure>,
    ) {
        let Some((what, start, request)) = self.timings.http.remove(&id) else {
            return;
        };
        let (response, failure) = match result {
            Ok(r) => (
                json!({"status": r.status}),
                (!is_success(r)).then(|| {
                    let secrets = self.secrets();
                    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
                    error_details(r, &refs)
                }),
            ),
            Err(f) => {
                let message = self.scrubbed(&f.message);
                (json!({"error": message}), Some((message, None)))
            }
        };
        let (name, error) = match failure {
            Some((message, code)) if what == tm::GET_SHIFT_STATUS => (
                format!("{what}#error"),
                Some(Error::Http {
                    service: "shift status".into(),
                    status: result.as_ref().ok().map(|r| r.status),
                    code,
                    message,
                }),
            ),
            _ => (format!("{what}#response"), None),
        };
        self.emit_timing(name, start, Some(now), request, Some(response), error);
    }

    /// `connect#request`: the socket `id` is being opened at `url`.
    pub(super) fn time_socket_open(&mut self, now: Time, id: SocketId, url: &str) {
        let request = json!({"url": self.scrubbed(url)});
        self.timings.socket = Some((id, now, request.clone()));
        self.emit_timing(
            format!("{}#request", tm::CONNECT),
            now,
            None,
            request,
            None,
            None,
        );
    }

    /// `connect#response`: the socket `id` opened (`failure` `None`) or could not be opened.
    pub(super) fn time_socket_result(&mut self, now: Time, id: SocketId, failure: Option<&str>) {
        let Some((_, start, request)) = self.timings.socket.take_if(|(s, ..)| *s == id) else {
            return;
        };
        let response = match failure {
            None => json!({"opened": true}),
            Some(f) => json!({"error": self.scrubbed(f)}),
        };
        self.emit_timing(
            format!("{}#response", tm::CONNECT),
            start,
            Some(now),
            request,
            Some(response),
            None,
        );
    }
}
