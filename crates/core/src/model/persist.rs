//! `conversation.serialize()` / `connection.loadConversation(json)` (sdk-api §7.2): a
//! conversation as JSON for stateless or multi-process bots, without message text.
//!
//! Message bodies (and the text of `lastContentEventNotification`) are replaced by their SHA-256
//! hashes, so persisted state carries no personal data but a bot can still tell whether it has
//! seen a given message.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Model;
use super::conversation::Conversation;
use super::error::ModelError;
use super::json_text::JsonText;
use crate::time::Time;

/// Version of the serialized form.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Persisted {
    format_version: u32,
    hash_algorithm: String,
    conversation: Conversation,
}

/// SHA-256 of a body: the text itself for text, the JSON text for objects; lowercase hex.
///
/// ```
/// use lpm_core::model::body_hash;
/// assert_eq!(
///     body_hash(&serde_json::json!("abc")),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn body_hash(body: &Value) -> String {
    let digest = match body {
        Value::String(s) => Sha256::digest(s.as_bytes()),
        other => Sha256::digest(other.to_string().as_bytes()),
    };
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_record_text(record: &mut Value) {
    let Some(event) = record.get_mut("event") else {
        return;
    };
    for key in ["message", "content"] {
        if let Some(v) = event.get_mut(key)
            && !v.is_null()
        {
            *v = Value::String(body_hash(v));
        }
    }
}

impl Model {
    /// `conversation.serialize()`: the conversation as JSON, message bodies replaced by their
    /// SHA-256 hashes ([`super::Message::body_is_hash`] is set on them).
    pub fn serialize_conversation(&self, conversation_id: &str) -> Result<String, ModelError> {
        let mut c = self
            .conversation(conversation_id)
            .ok_or_else(|| ModelError::UnknownConversation(conversation_id.to_owned()))?
            .clone();
        for d in &mut c.dialogs {
            for m in d.messages.iter_mut() {
                if !m.body_is_hash {
                    m.body = Value::String(body_hash(&m.body));
                    m.body_is_hash = true;
                }
            }
        }
        if let Some(r) = c.last_content_event.as_mut() {
            let mut record = r.to_value();
            hash_record_text(&mut record);
            *r = JsonText::new(&record);
        }
        let p = Persisted {
            format_version: FORMAT_VERSION,
            hash_algorithm: "SHA-256".into(),
            conversation: c,
        };
        serde_json::to_string(&p).map_err(|e| ModelError::InvalidArgument(e.to_string()))
    }

    /// `connection.loadConversation(json)`: puts a serialized conversation into the model
    /// (replacing a cached one with the same id) and returns its id. A loaded conversation stays
    /// until [`Model::unload_conversation`], whatever the subscriptions do.
    pub fn load_conversation(&mut self, json: &str, now: Time) -> Result<String, ModelError> {
        let p: Persisted = serde_json::from_str(json).map_err(|e| {
            ModelError::InvalidArgument(format!("not a serialized conversation: {e}"))
        })?;
        if p.format_version != FORMAT_VERSION {
            return Err(ModelError::InvalidArgument(format!(
                "unsupported serialized conversation version {}",
                p.format_version
            )));
        }
        let c = p.conversation;
        if c.conversation_id.is_empty() {
            return Err(ModelError::InvalidArgument(
                "serialized conversation without id".into(),
            ));
        }
        let id = c.conversation_id.clone();
        self.remove_conversation(&id);
        self.index_dialogs(&id, c.dialogs.iter().map(|d| d.dialog_id.as_str()));
        self.ensure_skill(&c.skill_id);
        self.conversations.insert(id.clone(), Box::new(c));
        {
            let mut entry = self.cache.entry(&id);
            entry.pinned = true;
            entry.touch(now);
        }
        Ok(id)
    }

    /// `conversation.unload()`: drops a loaded conversation (or any cached one) at once.
    pub fn unload_conversation(&mut self, conversation_id: &str) -> bool {
        self.remove_conversation(conversation_id).is_some()
    }
}
