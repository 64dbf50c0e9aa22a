//! `lpm.rest` (feature `brand`, left out of the browser consumer build): UMS REST v1 calls
//! with a brand bearer, each the core's [`Exchange`](lpm_core::connection::rest::Exchange).

use lpm_core::io::HttpResponse;
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

use crate::err_json;

/// One UMS REST v1 call for the `lpm.rest` helpers: the core's
/// [`Exchange`](lpm_core::connection::rest::Exchange) (CSDS lookup, `ETag` read, the call,
/// one retry on 412). TypeScript only performs the requests it returns.
///
/// ```
/// use lpm_wasm::RestCall;
/// let mut call = RestCall::create("123", "B", "http://127.0.0.1:9",
///     r#"{"operation":"getConversationById","conversationId":"c1"}"#).unwrap();
/// let first = call.first_request();
/// assert!(first.contains("asyncMessagingEnt"));
/// ```
#[wasm_bindgen]
pub struct RestCall {
    inner: lpm_core::connection::rest::Exchange,
}

/// A request as JSON `{method, url, headers, body}` (body as text: REST v1 bodies are JSON).
fn request_json(req: &lpm_core::io::HttpRequest) -> String {
    json!({
        "method": req.method,
        "url": req.url,
        "headers": req.headers,
        "body": String::from_utf8_lossy(&req.body),
    })
    .to_string()
}

impl RestCall {
    /// A call (Rust-callable form): `operation_json` is an
    /// [`Operation`](lpm_core::connection::rest::Operation) in its JSON form.
    pub fn create(
        account_id: &str,
        bearer: &str,
        csds_url: &str,
        operation_json: &str,
    ) -> Result<RestCall, String> {
        let op: lpm_core::connection::rest::Operation = serde_json::from_str(operation_json)
            .map_err(|e| err_json("invalid", format!("invalid REST operation: {e}")))?;
        if account_id.trim().is_empty() {
            return Err(err_json("invalid", "accountId is required"));
        }
        if bearer.trim().is_empty() {
            return Err(err_json("invalid", "token (the brand bearer) is required"));
        }
        // The same CSDS default as a connection's (`le…` accounts: LivePerson's QA host).
        let csds = match csds_url.trim() {
            "" if account_id.starts_with("le") => lpm_core::connection::options::QA_CSDS_URL,
            "" => lpm_core::connection::options::DEFAULT_CSDS_URL,
            given => given,
        };
        Ok(RestCall {
            inner: lpm_core::connection::rest::Exchange::via_csds(account_id, bearer, csds, op),
        })
    }

    /// The first request as JSON (Rust-callable form).
    pub fn first_request(&mut self) -> String {
        request_json(&self.inner.start())
    }
}

#[wasm_bindgen]
impl RestCall {
    /// `new RestCall(accountId, bearer, csdsUrl, operationJson)` (`csdsUrl` empty: the
    /// default CSDS); throws a JSON error text for
    /// an unknown operation or missing values.
    #[wasm_bindgen(constructor)]
    pub fn new(
        account_id: &str,
        bearer: &str,
        csds_url: &str,
        operation_json: &str,
    ) -> Result<RestCall, JsValue> {
        RestCall::create(account_id, bearer, csds_url, operation_json)
            .map_err(|e| JsValue::from_str(&e))
    }

    /// The first request, `{method, url, headers, body}` as JSON.
    pub fn start(&mut self) -> String {
        self.first_request()
    }

    /// The answer to the last request. Returns `{"request": {…}}` (make it next) or
    /// `{"done": body}`; throws a JSON error text `{"kind":"http","message","status"}` on failure.
    #[wasm_bindgen(js_name = handleResponse)]
    pub fn handle_response(
        &mut self,
        status: u16,
        headers_json: &str,
        body: Vec<u8>,
    ) -> Result<String, String> {
        let headers: Vec<(String, String)> = serde_json::from_str(headers_json).unwrap_or_default();
        let resp = HttpResponse {
            status,
            headers,
            body,
        };
        match self.inner.handle_response(&resp) {
            Ok(lpm_core::connection::rest::Next::Request(req)) => {
                Ok(format!("{{\"request\":{}}}", request_json(&req)))
            }
            Ok(lpm_core::connection::rest::Next::Done(answer)) => {
                Ok(json!({"done": answer.body}).to_string())
            }
            Err(e) => {
                let status = e.status();
                let core: lpm_core::connection::Error = e.into();
                let mut v: Value = serde_json::to_value(&core).unwrap_or(Value::Null);
                if !v.is_object() {
                    v = json!({"kind": "http", "message": core.to_string(), "status": status});
                }
                Err(v.to_string())
            }
        }
    }
}
