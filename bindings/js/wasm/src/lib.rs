//! wasm-bindgen binding of [`lpm_core::Client`] for the `lp-messaging-sdk` npm package.
//!
//! Everything crosses the boundary as JSON text (commands in; transmits, events and object
//! snapshots out), except byte payloads (HTTP bodies, uploaded and downloaded files), which
//! cross as `Uint8Array`. The TypeScript driver holds no protocol state: it performs the I/O
//! the core asks for and builds its facade objects from the snapshots in `views`.
//!
//! ```
//! use lpm_wasm::WasmClient;
//! let mut c = WasmClient::create(
//!     r#"{"accountId":"123","userType":"consumer","csdsUrl":"http://127.0.0.1:9"}"#, 7.0,
//! ).unwrap();
//! c.command(0.0, r#"{"command":"open"}"#).unwrap();
//! // the IDP look-up first (its batch ends there: a request body may wait in `takeBytes`),
//! // then the `state-change` event
//! let t = c.poll_outputs().unwrap();
//! assert!(t.starts_with(r#"[{"transmit":{"#) && t.contains(r#""kind":"http""#), "{t}");
//! let e = c.poll_outputs().unwrap();
//! assert!(e.starts_with(r#"[{"event":{"#) && e.contains(r#""event":"state-change""#), "{e}");
//! ```

#[cfg(feature = "brand")]
mod agent;
mod helpers;
#[cfg(feature = "persist")]
mod persist;
mod previews;
#[cfg(feature = "brand")]
mod rest;
#[cfg(test)]
mod ts_types;
#[cfg(not(all(feature = "brand", feature = "persist")))]
mod unsupported;
mod views;

#[cfg(feature = "brand")]
pub use agent::{WasmShiftStatusPoller, WasmTokenMaintainer};
pub use helpers::WasmCsds;
pub use previews::{preview_max_source_pixels, preview_side};
#[cfg(feature = "brand")]
pub use rest::RestCall;
#[cfg(not(feature = "brand"))]
pub use unsupported::{RestCall, WasmShiftStatusPoller, WasmTokenMaintainer};

use lpm_core::connection::{Command, CommandOutput, Event};
use lpm_core::io::{SocketFailure, SocketId};
use lpm_core::{Client, ClientOptions, Time};
use serde_json::json;
use wasm_bindgen::prelude::*;

/// A JSON error text `{"kind","message"}` the TypeScript side turns into an `Error`.
fn err_json(kind: &str, message: impl Into<String>) -> String {
    json!({"kind": kind, "message": message.into()}).to_string()
}

fn time(now: f64) -> Time {
    Time(if now.is_finite() && now > 0.0 {
        now as u64
    } else {
        0
    })
}

helpers::machine_io!(WasmClient);

/// One connection's core, driven from JavaScript.
#[wasm_bindgen]
pub struct WasmClient {
    inner: Client,
    /// Bytes split off the last output (HTTP body, downloaded file).
    bytes: Vec<u8>,
}

impl WasmClient {
    /// Creates a client from `createConnection` options as JSON (Rust-callable form).
    pub fn create(options_json: &str, seed: f64) -> Result<WasmClient, String> {
        let options = ClientOptions::from_json(options_json)
            .map_err(|e| err_json("invalid", e.to_string()))?;
        let inner =
            Client::new(options, seed as u64).map_err(|e| err_json("invalid", e.to_string()))?;
        Ok(WasmClient {
            inner,
            bytes: Vec::new(),
        })
    }
}

#[wasm_bindgen]
impl WasmClient {
    /// `new WasmClient(optionsJson, seed)`; throws a JSON error text for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str, seed: f64) -> Result<WasmClient, JsValue> {
        WasmClient::create(options_json, seed).map_err(|e| JsValue::from_str(&e))
    }

    /// Runs a command (`{"command":"open"}`); returns its id. Throws a JSON error text when
    /// the command JSON is not a known command.
    pub fn command(&mut self, now: f64, command_json: &str) -> Result<f64, String> {
        let cmd: Command = serde_json::from_str(command_json)
            .map_err(|e| err_json("invalid", format!("invalid command: {e}")))?;
        let id = self.inner.command(time(now), cmd);
        Ok(id.0 as f64)
    }

    /// `UploadFile` with the bytes as a `Uint8Array` (not JSON); `file_type` `undefined`:
    /// recognised from the bytes by the core. `preview`: one the page drew (browser build),
    /// held to the core's contract; `undefined`: the core draws one when built with previews.
    #[wasm_bindgen(js_name = uploadFile)]
    pub fn upload_file(
        &mut self,
        now: f64,
        file_type: Option<String>,
        data: Vec<u8>,
        preview: Option<String>,
    ) -> f64 {
        self.inner
            .command(
                time(now),
                Command::UploadFile {
                    file_type,
                    data,
                    preview,
                },
            )
            .0 as f64
    }

    /// The socket opened.
    #[wasm_bindgen(js_name = handleSocketOpened)]
    pub fn handle_socket_opened(&mut self, now: f64, id: f64) {
        self.inner
            .handle_socket_opened(time(now), SocketId(id as u64));
    }

    /// The socket could not be opened: `status` > 0 when the upgrade was refused with it;
    /// `certificate` when TLS refused the server's certificate (not retried).
    #[wasm_bindgen(js_name = handleSocketFailed)]
    pub fn handle_socket_failed(
        &mut self,
        now: f64,
        id: f64,
        status: u16,
        message: String,
        certificate: bool,
    ) {
        let failure = if status > 0 {
            SocketFailure::UpgradeRefused { status }
        } else {
            SocketFailure::Network {
                message,
                certificate,
            }
        };
        self.inner
            .handle_socket_failed(time(now), SocketId(id as u64), failure);
    }

    /// The socket closed.
    #[wasm_bindgen(js_name = handleSocketClosed)]
    pub fn handle_socket_closed(&mut self, now: f64, id: f64, code: u16, reason: &str) {
        self.inner
            .handle_socket_closed(time(now), SocketId(id as u64), code, reason);
    }

    /// A text frame arrived.
    #[wasm_bindgen(js_name = handleSocketText)]
    pub fn handle_socket_text(&mut self, now: f64, id: f64, text: &str) {
        self.inner
            .handle_socket_text(time(now), SocketId(id as u64), text);
    }

    /// A text frame as the UTF-8 bytes it came in (Node.js's `ws` gives a `Buffer`): the
    /// same as `handleSocketText` without decoding it into a JS string and encoding it back.
    /// Invalid UTF-8 (websocket libraries refuse it in text frames) is read lossily.
    #[wasm_bindgen(js_name = handleSocketBytes)]
    pub fn handle_socket_bytes(&mut self, now: f64, id: f64, data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        self.inner
            .handle_socket_text(time(now), SocketId(id as u64), &text);
    }

    /// Whether raw `notification` events are made (the connection turns them on only while
    /// a `notification` listener exists: serialising every frame again costs).
    #[wasm_bindgen(js_name = setRawNotifications)]
    pub fn set_raw_notifications(&mut self, on: bool) {
        self.inner.set_raw_notifications(on);
    }

    /// Whether UMS requests and responses make timing events (`Client::set_frame_timings`).
    #[wasm_bindgen(js_name = setFrameTimings)]
    pub fn set_frame_timings(&mut self, on: bool) {
        self.inner.set_frame_timings(on);
    }

    /// The connection is open or trying to be (`ConnectionState::is_active`): the driver keeps
    /// the process alive while this holds, also between reconnect attempts.
    #[wasm_bindgen(js_name = isActive)]
    pub fn is_active(&self) -> bool {
        self.inner.state().is_active()
    }

    /// Connection-level state as JSON (see `views::connection`).
    pub fn info(&self) -> String {
        views::connection(&self.inner)
    }

    /// Ids of every cached conversation, as a JSON array.
    #[wasm_bindgen(js_name = conversationIds)]
    pub fn conversation_ids(&self) -> String {
        let ids: Vec<&str> = self
            .inner
            .model()
            .conversations()
            .map(|c| c.conversation_id.as_str())
            .collect();
        serde_json::to_string(&ids).unwrap_or_default()
    }

    /// A conversation snapshot as JSON, or `undefined` when it is not cached.
    pub fn conversation(&self, conversation_id: &str) -> Option<String> {
        views::conversation(&self.inner, conversation_id)
    }

    /// `getDialog(type)`: the id of the conversation's most recently updated dialog of a type.
    #[wasm_bindgen(js_name = dialogByType)]
    pub fn dialog_by_type(&self, conversation_id: &str, dialog_type: &str) -> Option<String> {
        let conv = self.inner.model().conversation(conversation_id)?;
        let d = conv.dialog_by_type(&lpm_core::model::DialogType::from(dialog_type))?;
        Some(d.dialog_id.clone())
    }

    /// A dialog snapshot as JSON.
    pub fn dialog(&self, dialog_id: &str) -> Option<String> {
        views::dialog(&self.inner, dialog_id)
    }

    /// A message snapshot as JSON.
    pub fn message(&self, dialog_id: &str, sequence: f64) -> Option<String> {
        views::message(&self.inner, dialog_id, sequence as u64)
    }

    /// A message's stored fields as JSON (no derived values): what the facade's `body`,
    /// `time`, `contentType`, … read, without building the whole view.
    #[wasm_bindgen(js_name = messageContent)]
    pub fn message_content(&self, dialog_id: &str, sequence: f64) -> Option<String> {
        let m = self.inner.model().message(dialog_id, sequence as u64)?;
        serde_json::to_string(&MessageContentJson::of(m)).ok()
    }

    /// A participant snapshot (by user id and role; `role` empty = any role) as JSON.
    pub fn participant(&self, dialog_id: &str, user_id: &str, role: &str) -> Option<String> {
        views::participant(&self.inner, dialog_id, user_id, role)
    }

    /// A ring snapshot as JSON.
    pub fn ring(&self, ring_id: &str) -> Option<String> {
        let r = self.inner.model().ring(ring_id)?;
        serde_json::to_string(r).ok()
    }

    /// A skill snapshot as JSON (a skill with no data when unknown).
    pub fn skill(&self, skill_id: &str) -> String {
        views::skill(&self.inner, skill_id)
    }

    /// `conversation.unload()`: drops a loaded conversation from the model.
    #[wasm_bindgen(js_name = unloadConversation)]
    pub fn unload_conversation(&mut self, conversation_id: &str) -> bool {
        self.inner.model_mut().unload_conversation(conversation_id)
    }

    /// Every subscription as a JSON array.
    pub fn subscriptions(&self) -> String {
        serde_json::to_string(&self.inner.subscriptions()).unwrap_or_default()
    }
}

/// What `messageContent` gives: a message's stored fields, as `message.ts` reads them (its
/// originator and receipts are left out: they change, and the full view has them).
#[derive(serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "MessageContent"))]
#[serde(rename_all = "camelCase")]
struct MessageContentJson<'a> {
    conversation_id: &'a str,
    dialog_id: &'a str,
    sequence: u64,
    time: Option<u64>,
    content_type: &'a str,
    body: &'a serde_json::Value,
    quick_replies: Option<&'a serde_json::Value>,
    audience: &'a lpm_core::model::MessageAudience,
    metadata: Option<&'a serde_json::Value>,
}

/// A model event as `pollOutputs` gives it (under `"event"`): `{event: "model", name, emitter,
/// model, content?}`.
#[derive(serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ModelEventOutput"))]
struct ModelEventJson<'a> {
    #[cfg_attr(test, ts(type = "\"model\""))]
    event: &'static str,
    name: &'static str,
    emitter: lpm_core::model::Emitter,
    model: &'a lpm_core::model::ModelEvent,
    /// A live message's stored fields (what `messageContent` gives), so that reading its
    /// `body` costs no second call. History messages, which come by the thousand when a bot
    /// opens and are mostly never read, leave it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    content: Option<MessageContentJson<'a>>,
}

impl<'a> MessageContentJson<'a> {
    fn of(m: &'a lpm_core::model::Message) -> Self {
        MessageContentJson {
            conversation_id: &m.conversation_id,
            dialog_id: &m.dialog_id,
            sequence: m.sequence,
            time: m.time,
            content_type: &m.content_type,
            body: &m.body,
            quick_replies: m.quick_replies.as_ref(),
            audience: &m.audience,
            metadata: m.metadata.as_ref(),
        }
    }
}

/// A connection event as `pollOutputs` gives it (under `"event"`): model events carry `name`
/// (the JS event name) and `emitter` (which object emits it first), a live message its stored
/// fields; a downloaded file's bytes are split off for `takeBytes`.
impl helpers::EventJson<Client> for Event {
    fn write_json(
        self,
        client: &Client,
        out: &mut Vec<u8>,
        bytes: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        match self {
            Event::Model { model } => {
                let content = match &model {
                    lpm_core::model::ModelEvent::Message {
                        dialog_id,
                        sequence,
                        history: false,
                        ..
                    } => client
                        .model()
                        .message(dialog_id, *sequence)
                        .map(MessageContentJson::of),
                    _ => None,
                };
                serde_json::to_writer(
                    out,
                    &ModelEventJson {
                        event: "model",
                        name: model.name(),
                        emitter: model.emitter(),
                        model: &model,
                        content,
                    },
                )
            }
            Event::CommandCompleted {
                id,
                result: Ok(CommandOutput::File { data, filename }),
            } => {
                *bytes = data;
                serde_json::to_writer(
                    out,
                    &json!({"event": "command-completed", "id": id, "result": {"Ok": {"kind": "file", "filename": filename}}}),
                )
            }
            other => serde_json::to_writer(out, &other),
        }
    }
}
