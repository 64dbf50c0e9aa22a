//! What every binding of a core machine shares, and the `CSDS` singleton's binding.
//!
//! Every machine (the connection in [`crate::WasmClient`], `TokenMaintainer` and
//! `ShiftStatusPoller` in [`agent`](crate::agent) for brand builds, `CSDS` here) reaches
//! JavaScript through the same driver-facing methods (`machine_io!`): one output type
//! (`pollOutputs`), HTTP and token-source answers in, one timer. The TypeScript side
//! (`src/driver.ts`) runs all of them with one loop and only does their I/O and timers.

use lpm_core::connection::csds_lookup::{CsdsResolver, Resolved};
use lpm_core::connection::maintainer::MaintainerEvent;
use lpm_core::connection::poller::PollerEvent;
use lpm_core::connection::{AgentSessionData, Machine, Output};
use lpm_core::io::{HttpFailure, HttpId, HttpResponse, TokenRequestId, Transmit};
use wasm_bindgen::prelude::*;

use crate::{err_json, time};

/// How a machine's event crosses to TypeScript: JSON written to `out`, bytes that do not go
/// through JSON (a downloaded file) split off into `bytes`. `machine` is the machine that made
/// it, for what the event names but does not carry (a live message's stored fields).
pub(crate) trait EventJson<M> {
    /// Writes the event's JSON.
    fn write_json(
        self,
        machine: &M,
        out: &mut Vec<u8>,
        bytes: &mut Vec<u8>,
    ) -> serde_json::Result<()>;
}

/// The helpers' events cross in their serde form (`{"event": …}`; CSDS: `{"id", "result"}`).
impl<M> EventJson<M> for MaintainerEvent {
    fn write_json(self, _: &M, out: &mut Vec<u8>, _bytes: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &self)
    }
}

impl<M> EventJson<M> for PollerEvent {
    fn write_json(self, _: &M, out: &mut Vec<u8>, _bytes: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &self)
    }
}

impl<M> EventJson<M> for Resolved {
    fn write_json(self, _: &M, out: &mut Vec<u8>, _bytes: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &self)
    }
}

/// A transmit's JSON, an HTTP body split off into `bytes` (it crosses as a `Uint8Array`).
fn write_transmit(t: Transmit, out: &mut Vec<u8>, bytes: &mut Vec<u8>) -> serde_json::Result<()> {
    match t {
        Transmit::Http(mut req) => {
            *bytes = std::mem::take(&mut req.body);
            let mut v = serde_json::to_value(Transmit::Http(req))?;
            if let Some(o) = v.as_object_mut() {
                o.remove("body");
            }
            serde_json::to_writer(out, &v)
        }
        other => serde_json::to_writer(out, &other),
    }
}

/// The one drain step every binding of a core machine shares: the pending [`Output`]s as one
/// JSON array, each `{"transmit": {"kind": …}}` or `{"event": …}`, or `None` when there are
/// none. One call and one `JSON.parse` per input instead of one per output: on a busy bot
/// socket the crossings cost more than the outputs.
///
/// What does not go through JSON (an HTTP request's body, a downloaded file) is left in
/// `bytes` for `takeBytes`; so the array ends after an output that may have left bytes there,
/// and the driver calls again until `None`.
///
/// (Examples: the tests below, and `WasmClient`'s.)
pub(crate) fn poll_outputs_json<M>(machine: &mut M, bytes: &mut Vec<u8>) -> Option<String>
where
    M: Machine,
    M::Event: EventJson<M>,
{
    let mut out = machine.poll_output()?;
    // Written straight into one buffer: an intermediate `Value` tree, or a second copy of
    // each event's text, cost a third of the drain on every event.
    let mut buf = Vec::with_capacity(256);
    buf.push(b'[');
    loop {
        let start = buf.len();
        let (key, may_leave_bytes): (&[u8], bool) = match &out {
            Output::Transmit(t) => (br#"{"transmit":"#, matches!(t, Transmit::Http(_))),
            Output::Event(_) => (br#"{"event":"#, false),
        };
        buf.extend_from_slice(key);
        let written = match out {
            Output::Transmit(t) => write_transmit(t, &mut buf, bytes),
            Output::Event(e) => e.write_json(machine, &mut buf, bytes),
        };
        if written.is_err() {
            // Not expected (the core's types always serialise); the driver skips a null.
            buf.truncate(start + key.len());
            buf.extend_from_slice(b"null");
        }
        buf.push(b'}');
        if may_leave_bytes || !bytes.is_empty() {
            break;
        }
        match machine.poll_output() {
            Some(next) => {
                out = next;
                buf.push(b',');
            }
            None => break,
        }
    }
    buf.push(b']');
    String::from_utf8(buf).ok()
}

/// An HTTP response (any status) for `machine`; `headers_json` is `[[name, value], …]`.
pub(crate) fn handle_http_response<M: Machine>(
    machine: &mut M,
    now: f64,
    id: f64,
    status: u16,
    headers_json: &str,
    body: Vec<u8>,
) {
    let headers: Vec<(String, String)> = serde_json::from_str(headers_json).unwrap_or_default();
    let response = HttpResponse {
        status,
        headers,
        body,
    };
    machine.handle_http_response(time(now), HttpId(id as u64), Ok(response));
}

/// An HTTP exchange without a response for `machine` (`certificate`: TLS refused the
/// server's certificate, not retried).
pub(crate) fn handle_http_failure<M: Machine>(
    machine: &mut M,
    now: f64,
    id: f64,
    message: String,
    certificate: bool,
) {
    let failure = HttpFailure {
        message,
        certificate,
    };
    machine.handle_http_response(time(now), HttpId(id as u64), Err(failure));
}

/// A token source's answer for `machine`: the session JSON (`{token, csrf?, sessionId?,
/// userId?, userPid?}`) when `ok`, else the failure message.
pub(crate) fn handle_token<M: Machine>(machine: &mut M, now: f64, id: f64, ok: bool, text: &str) {
    let answer = if ok {
        serde_json::from_str::<AgentSessionData>(text)
            .map_err(|e| format!("the token source's session is unusable: {e}"))
    } else {
        Err(text.to_owned())
    };
    machine.handle_token(time(now), TokenRequestId(id as u64), answer);
}

/// The driver-facing methods of a binding of a core machine (fields `inner`: the machine,
/// `bytes`: what did not go through JSON). A macro only because wasm-bindgen exports no
/// generic `impl`: it lists the JavaScript names, and each is a call of the generic
/// function above, so the TypeScript driver runs every machine with one loop.
macro_rules! machine_io {
    ($ty:ident) => {
        #[wasm_bindgen]
        impl $ty {
            /// The pending outputs as a JSON array of `{"transmit": {"kind": …}}` (an HTTP
            /// request's body via `takeBytes`) and `{"event": …}`; `undefined` when there are
            /// none. Call again until `undefined` (`helpers::poll_outputs_json`).
            #[wasm_bindgen(js_name = pollOutputs)]
            pub fn poll_outputs(&mut self) -> Option<String> {
                $crate::helpers::poll_outputs_json(&mut self.inner, &mut self.bytes)
            }

            /// The bytes split off the last output (HTTP body, downloaded file).
            #[wasm_bindgen(js_name = takeBytes)]
            pub fn take_bytes(&mut self) -> Vec<u8> {
                std::mem::take(&mut self.bytes)
            }

            /// When to call `handleTimeout` (epoch ms), or `undefined`.
            #[wasm_bindgen(js_name = pollTimeout)]
            pub fn poll_timeout(&self) -> Option<f64> {
                lpm_core::connection::Machine::poll_timeout(&self.inner).map(|t| t.0 as f64)
            }

            /// The timer from `pollTimeout` fired.
            #[wasm_bindgen(js_name = handleTimeout)]
            pub fn handle_timeout(&mut self, now: f64) {
                lpm_core::connection::Machine::handle_timeout(&mut self.inner, $crate::time(now));
            }

            /// An HTTP response (any status); `headers_json` is `[[name, value], …]`.
            #[wasm_bindgen(js_name = handleHttpResponse)]
            pub fn handle_http_response(
                &mut self,
                now: f64,
                id: f64,
                status: u16,
                headers_json: &str,
                body: Vec<u8>,
            ) {
                $crate::helpers::handle_http_response(
                    &mut self.inner,
                    now,
                    id,
                    status,
                    headers_json,
                    body,
                );
            }

            /// An HTTP exchange without a response (`certificate`: TLS refused the server's
            /// certificate).
            #[wasm_bindgen(js_name = handleHttpFailure)]
            pub fn handle_http_failure(
                &mut self,
                now: f64,
                id: f64,
                message: String,
                certificate: bool,
            ) {
                $crate::helpers::handle_http_failure(
                    &mut self.inner,
                    now,
                    id,
                    message,
                    certificate,
                );
            }

            /// The token source answered a `tokenRequest` transmit: `ok` with the session JSON
            /// `{token, csrf?, sessionId?, userId?, userPid?}`, else with the failure message.
            #[wasm_bindgen(js_name = handleToken)]
            pub fn handle_token(&mut self, now: f64, id: f64, ok: bool, text: &str) {
                $crate::helpers::handle_token(&mut self.inner, now, id, ok, text);
            }
        }
    };
}

pub(crate) use machine_io;

machine_io!(WasmCsds);

/// The `CSDS` singleton's core.
#[wasm_bindgen]
#[derive(Default)]
pub struct WasmCsds {
    inner: CsdsResolver,
    bytes: Vec<u8>,
}

#[wasm_bindgen]
impl WasmCsds {
    /// A resolver on LivePerson's CSDS.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmCsds {
        WasmCsds::default()
    }

    /// Sets the CSDS location (`undefined`: LivePerson's); throws for a bad URL.
    #[wasm_bindgen(js_name = setCsdsUrl)]
    pub fn set_csds_url(&mut self, url: Option<String>) -> Result<(), String> {
        self.inner
            .set_csds_url(url.as_deref())
            .map_err(|e| err_json("invalid", e.to_string()))
    }

    /// `lookup(accountId, serviceName)`: the id its answer carries.
    pub fn lookup(&mut self, now: f64, account: &str, service: &str) -> f64 {
        self.inner.lookup(time(now), account, service).0 as f64
    }

    /// `clearCache()`.
    #[wasm_bindgen(js_name = clearCache)]
    pub fn clear_cache(&mut self) {
        self.inner.clear_cache();
    }
}

#[cfg(test)]
mod tests {
    use lpm_core::time::Time;
    use serde_json::{Value, json};

    use super::*;

    /// The next batch, parsed.
    fn batch<M>(machine: &mut M, bytes: &mut Vec<u8>) -> Option<Vec<Value>>
    where
        M: Machine,
        M::Event: EventJson<M>,
    {
        let text = poll_outputs_json(machine, bytes)?;
        Some(serde_json::from_str(&text).expect("a JSON array"))
    }

    #[test]
    fn outputs_cross_as_one_json_shape_with_http_bodies_split_off() {
        let mut r = CsdsResolver::new(Some("http://127.0.0.1:9")).unwrap();
        r.lookup(Time(0), "123", "agentVep");
        r.lookup(Time(0), "", "agentVep");
        let mut bytes = vec![1];
        // the batch ends after the HTTP request: its body waits in `bytes`
        let first = batch(&mut r, &mut bytes).unwrap();
        assert_eq!(first.len(), 1, "{first:?}");
        let t = &first[0];
        assert_eq!(t["transmit"]["kind"], "http");
        assert_eq!(t["transmit"]["method"], "GET");
        assert!(
            t["transmit"].get("body").is_none(),
            "the body goes by takeBytes"
        );
        assert!(bytes.is_empty());
        let rest = batch(&mut r, &mut bytes).unwrap();
        assert_eq!(rest.len(), 1, "{rest:?}");
        assert_eq!(rest[0]["event"]["id"], 2);
        assert!(rest[0]["event"]["result"]["Err"].is_object());
        assert!(batch(&mut r, &mut bytes).is_none());

        let id = t["transmit"]["id"].as_f64().unwrap();
        handle_http_response(&mut r, 1.0, id, 200, "[]", br#"{"baseURI":"h"}"#.to_vec());
        let e = batch(&mut r, &mut bytes).unwrap();
        assert_eq!(e, vec![json!({"event": {"id": 1, "result": {"Ok": "h"}}})]);
    }

    #[test]
    fn events_cross_in_one_batch() {
        let mut r = CsdsResolver::new(Some("http://127.0.0.1:9")).unwrap();
        for _ in 0..3 {
            r.lookup(Time(0), "", "agentVep");
        }
        let mut bytes = Vec::new();
        let all = batch(&mut r, &mut bytes).unwrap();
        let ids: Vec<&Value> = all.iter().map(|o| &o["event"]["id"]).collect();
        assert_eq!(ids, [&json!(1), &json!(2), &json!(3)]);
        assert!(batch(&mut r, &mut bytes).is_none());
    }

    #[test]
    fn failures_and_token_answers_reach_the_machine() {
        let mut r = CsdsResolver::new(Some("http://127.0.0.1:9")).unwrap();
        r.lookup(Time(0), "123", "agentVep");
        let mut bytes = Vec::new();
        let t = batch(&mut r, &mut bytes).unwrap().remove(0);
        let id = t["transmit"]["id"].as_f64().unwrap();
        handle_http_failure(&mut r, 1.0, id, "refused".into(), false);
        let e = batch(&mut r, &mut bytes).unwrap();
        assert!(e[0]["event"]["result"]["Err"].is_object());
        // The resolver asks no token source: an answer is ignored.
        handle_token(&mut r, 2.0, 1.0, false, "no token source");
        assert!(batch(&mut r, &mut bytes).is_none());
    }
}
