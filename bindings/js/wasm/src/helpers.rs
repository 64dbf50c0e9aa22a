//! The module-level helpers of sdk-api §1.2 for JavaScript: `CSDS` here, `TokenMaintainer`
//! and `ShiftStatusPoller` in [`agent`](crate::agent) (brand builds), each a thin JSON binding
//! of the core's state machine of the same name. The TypeScript side only does their HTTP
//! and timers.

use lpm_core::connection::AgentSessionData;
use lpm_core::connection::csds_lookup::CsdsResolver;
use lpm_core::io::{HttpFailure, HttpId, HttpRequest, HttpResponse, Transmit};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::{err_json, time};

/// An HTTP request as the transmit JSON the driver knows, its body split off into `bytes`.
pub(crate) fn http_json(mut req: HttpRequest, bytes: &mut Vec<u8>) -> String {
    *bytes = std::mem::take(&mut req.body);
    let mut v = serde_json::to_value(Transmit::Http(req)).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("body");
    }
    v.to_string()
}

/// A transmit as JSON (HTTP bodies split off into `bytes`).
pub(crate) fn transmit_json(t: Transmit, bytes: &mut Vec<u8>) -> String {
    match t {
        Transmit::Http(req) => http_json(req, bytes),
        other => serde_json::to_string(&other).unwrap_or_default(),
    }
}

pub(crate) fn response(
    status: u16,
    headers_json: &str,
    body: Vec<u8>,
) -> Result<HttpResponse, HttpFailure> {
    let headers: Vec<(String, String)> = serde_json::from_str(headers_json).unwrap_or_default();
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// A token source's answer: the session JSON (`{token, csrf?, sessionId?, userId?,
/// userPid?}`) when `ok`, else the failure message.
pub(crate) fn token_answer(ok: bool, text: &str) -> Result<AgentSessionData, String> {
    if !ok {
        return Err(text.to_owned());
    }
    serde_json::from_str(text).map_err(|e| format!("the token source's session is unusable: {e}"))
}

/// The driver-facing methods every helper machine has (HTTP answers in, bodies and events
/// out): one definition, generated into each binding's own `impl` block.
macro_rules! driver_io {
    ($ty:ident) => {
        #[wasm_bindgen]
        impl $ty {
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
                self.inner.handle_http_response(
                    time(now),
                    HttpId(id as u64),
                    response(status, headers_json, body),
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
                self.inner.handle_http_response(
                    time(now),
                    HttpId(id as u64),
                    Err(HttpFailure {
                        message,
                        certificate,
                    }),
                );
            }

            /// The body of the last request.
            #[wasm_bindgen(js_name = takeBytes)]
            pub fn take_bytes(&mut self) -> Vec<u8> {
                std::mem::take(&mut self.bytes)
            }

            /// The next event as JSON (`{"event": …}`; CSDS: a finished look-up `{"id",
            /// "result"}`), or `undefined`.
            #[wasm_bindgen(js_name = pollEvent)]
            pub fn poll_event(&mut self) -> Option<String> {
                let e = self.inner.poll_event()?;
                serde_json::to_string(&e).ok()
            }
        }
    };
}

#[cfg(feature = "brand")]
pub(crate) use driver_io;

driver_io!(WasmCsds);

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

    /// The next request as transmit JSON, or `undefined`.
    #[wasm_bindgen(js_name = pollTransmit)]
    pub fn poll_transmit(&mut self) -> Option<String> {
        let r = self.inner.poll_transmit()?;
        Some(http_json(r, &mut self.bytes))
    }

    /// No timers: always `undefined` (the driver interface asks).
    #[wasm_bindgen(js_name = pollTimeout)]
    pub fn poll_timeout(&self) -> Option<f64> {
        None
    }

    /// No timers: nothing to do.
    #[wasm_bindgen(js_name = handleTimeout)]
    pub fn handle_timeout(&mut self, _now: f64) {}
}
