//! The agents' helpers of sdk-api §1.2 (feature `brand`, left out of the browser consumer
//! build): `TokenMaintainer` and `ShiftStatusPoller`, thin JSON bindings of the core's state
//! machines of the same name.

use lpm_core::connection::TokenSource;
use lpm_core::connection::maintainer::{MaintainerOptions, TokenMaintainer};
use lpm_core::connection::poller::{PollerOptions, ShiftStatusPoller};
use serde_json::Value;
use serde_json::json;
use wasm_bindgen::prelude::*;

use crate::helpers::machine_io;
use crate::{err_json, time};

machine_io!(WasmTokenMaintainer);
machine_io!(WasmShiftStatusPoller);

/// A `token-invalid` source name (`Websocket-close`, `shift-status`, …).
fn token_source(name: &str) -> Result<TokenSource, String> {
    serde_json::from_value(Value::String(name.to_owned()))
        .map_err(|_| err_json("invalid", format!("unknown token-invalid source {name:?}")))
}

/// `new TokenMaintainer(options)`'s core.
#[wasm_bindgen]
pub struct WasmTokenMaintainer {
    inner: TokenMaintainer,
    bytes: Vec<u8>,
}

#[wasm_bindgen]
impl WasmTokenMaintainer {
    /// Options JSON `{accountId, authData?, authSessionInfo?, csdsUrl?}`; throws a JSON error
    /// text when they are unusable.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> Result<WasmTokenMaintainer, JsValue> {
        let o: MaintainerOptions = serde_json::from_str(options_json).map_err(|e| {
            JsValue::from_str(&err_json(
                "invalid",
                format!("invalid TokenMaintainer options: {e}"),
            ))
        })?;
        let inner = TokenMaintainer::new(o)
            .map_err(|e| JsValue::from_str(&err_json("invalid", e.to_string())))?;
        Ok(WasmTokenMaintainer {
            inner,
            bytes: Vec::new(),
        })
    }

    /// `start()`.
    pub fn start(&mut self, now: f64) {
        self.inner.start(time(now));
    }

    /// `stop()`.
    pub fn stop(&mut self) {
        self.inner.stop();
    }

    /// `getToken()`: the id its `token-answer` event carries.
    #[wasm_bindgen(js_name = getToken)]
    pub fn get_token(&mut self, now: f64) -> f64 {
        self.inner.get_token(time(now)).0 as f64
    }

    /// `onTokenInvalid(source)`; throws for an unknown source name.
    #[wasm_bindgen(js_name = onTokenInvalid)]
    pub fn on_token_invalid(&mut self, now: f64, source: &str) -> Result<(), String> {
        let s = token_source(source)?;
        self.inner.on_token_invalid(time(now), s);
        Ok(())
    }

    /// `{state, token, userId, agentId, authSessionInfo}` as JSON.
    pub fn info(&self) -> String {
        json!({
            "state": self.inner.state(),
            "token": self.inner.token(),
            "userId": self.inner.user_id(),
            "agentId": self.inner.agent_id(),
            "authSessionInfo": self.inner.auth_session_info(),
        })
        .to_string()
    }
}

/// `new ShiftStatusPoller(options)`'s core.
#[wasm_bindgen]
pub struct WasmShiftStatusPoller {
    inner: ShiftStatusPoller,
    bytes: Vec<u8>,
}

#[wasm_bindgen]
impl WasmShiftStatusPoller {
    /// Options JSON `{accountId, token?, tokenMaintainer?: true, csdsUrl?}`.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str, seed: f64) -> Result<WasmShiftStatusPoller, JsValue> {
        let o: PollerOptions = serde_json::from_str(options_json).map_err(|e| {
            JsValue::from_str(&err_json(
                "invalid",
                format!("invalid ShiftStatusPoller options: {e}"),
            ))
        })?;
        let inner = ShiftStatusPoller::new(o, seed as u64)
            .map_err(|e| JsValue::from_str(&err_json("invalid", e.to_string())))?;
        Ok(WasmShiftStatusPoller {
            inner,
            bytes: Vec::new(),
        })
    }

    /// `start()`.
    pub fn start(&mut self, now: f64) {
        self.inner.start(time(now));
    }

    /// `stop()`.
    pub fn stop(&mut self) {
        self.inner.stop();
    }
}
