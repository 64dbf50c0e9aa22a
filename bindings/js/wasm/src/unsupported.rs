//! What the browser consumer build leaves out (features `brand` and `persist` off): the same
//! JavaScript names, each answering an `unsupported` error that says which build has it, so
//! a page that calls one learns why instead of failing on a missing export.

use wasm_bindgen::prelude::*;

#[cfg(not(feature = "persist"))]
use crate::WasmClient;
use crate::err_json;

/// The error text of a feature this build leaves out.
fn unsupported(what: &str) -> String {
    err_json(
        "unsupported",
        format!(
            "{what} is not in the browser consumer build of lp-messaging-sdk; import 'lp-messaging-sdk/browser-full'"
        ),
    )
}

/// `lpm.rest` (brand REST): not in this build.
#[cfg(not(feature = "brand"))]
#[wasm_bindgen]
pub struct RestCall;

#[cfg(not(feature = "brand"))]
#[wasm_bindgen]
impl RestCall {
    /// Throws the `unsupported` error.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<RestCall, JsValue> {
        Err(JsValue::from_str(&unsupported("lpm.rest")))
    }
}

/// `TokenMaintainer` (agents): not in this build.
#[cfg(not(feature = "brand"))]
#[wasm_bindgen]
pub struct WasmTokenMaintainer;

#[cfg(not(feature = "brand"))]
#[wasm_bindgen]
impl WasmTokenMaintainer {
    /// Throws the `unsupported` error.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<WasmTokenMaintainer, JsValue> {
        Err(JsValue::from_str(&unsupported("TokenMaintainer")))
    }
}

/// `ShiftStatusPoller` (agents): not in this build.
#[cfg(not(feature = "brand"))]
#[wasm_bindgen]
pub struct WasmShiftStatusPoller;

#[cfg(not(feature = "brand"))]
#[wasm_bindgen]
impl WasmShiftStatusPoller {
    /// Throws the `unsupported` error.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<WasmShiftStatusPoller, JsValue> {
        Err(JsValue::from_str(&unsupported("ShiftStatusPoller")))
    }
}

#[cfg(not(feature = "persist"))]
#[wasm_bindgen]
impl WasmClient {
    /// `conversation.serialize()`: not in this build.
    #[wasm_bindgen(js_name = serializeConversation)]
    pub fn serialize_conversation(&self, _conversation_id: &str) -> Result<String, String> {
        Err(unsupported("conversation.serialize()"))
    }

    /// `connection.loadConversation(json)`: not in this build.
    #[wasm_bindgen(js_name = loadConversation)]
    pub fn load_conversation(&mut self, _now: f64, _json: &str) -> Result<String, String> {
        Err(unsupported("connection.loadConversation()"))
    }
}
