//! Conversation snapshots (feature `persist`, left out of the browser consumer build):
//! `conversation.serialize()` and `connection.loadConversation(json)`, for bots that keep
//! conversations in a store between processes.

use wasm_bindgen::prelude::*;

use crate::{WasmClient, err_json, time};

#[wasm_bindgen]
impl WasmClient {
    /// `conversation.serialize()`: the conversation as JSON, message bodies replaced by their
    /// SHA-256 hashes. Throws a JSON error text for an unknown conversation.
    #[wasm_bindgen(js_name = serializeConversation)]
    pub fn serialize_conversation(&self, conversation_id: &str) -> Result<String, String> {
        self.inner
            .model()
            .serialize_conversation(conversation_id)
            .map_err(|e| err_json("domain", e.to_string()))
    }

    /// `connection.loadConversation(json)`: puts a serialized conversation back into the
    /// model; returns its id.
    #[wasm_bindgen(js_name = loadConversation)]
    pub fn load_conversation(&mut self, now: f64, json: &str) -> Result<String, String> {
        self.inner
            .model_mut()
            .load_conversation(json, time(now))
            .map_err(|e| err_json("invalid", e.to_string()))
    }
}
