//! JSON kept as its text: for objects the model passes through without reading them.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A JSON value held as its compact text, for objects the model keeps only to hand back
/// (a conversation's `lastContentEventNotification` record and client properties).
///
/// A parsed [`Value`] costs a ~630 B tree node for every object however few its members (a
/// message record with its nested objects is ~3.6 KB); the text of the same record is ~650 B.
/// [`JsonText::to_value`] parses it when someone reads it, and it serializes as the JSON value
/// itself (not as a string), so views and serialized conversations look as before.
/// (serde_json's `RawValue` would write the text out without parsing it, but its feature adds
/// 5.3 KiB gzipped to the browser build, which is over its size budget; views are rare reads.)
///
/// ```
/// use lpm_core::model::JsonText;
/// use serde_json::json;
/// let t = JsonText::new(&json!({"b": 1, "a": [true]}));
/// assert_eq!(t.as_str(), r#"{"a":[true],"b":1}"#);
/// assert_eq!(t.to_value()["a"][0], true);
/// assert_eq!(serde_json::to_value(&t).unwrap(), json!({"a": [true], "b": 1}));
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "unknown"))]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct JsonText(Box<str>);

impl JsonText {
    /// The compact text of `value`.
    pub fn new(value: &Value) -> JsonText {
        JsonText(value.to_string().into_boxed_str())
    }

    /// The value (parsed anew on each call).
    pub fn to_value(&self) -> Value {
        // The text was written from a `Value`, so it parses; `Null` would only hide a bug.
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }

    /// The compact JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&Value> for JsonText {
    fn from(value: &Value) -> JsonText {
        JsonText::new(value)
    }
}

impl From<Value> for JsonText {
    fn from(value: Value) -> JsonText {
        JsonText::new(&value)
    }
}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for JsonText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for JsonText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<JsonText, D::Error> {
        Value::deserialize(d).map(|v| JsonText::new(&v))
    }
}
