//! Runtime helpers behind `tagged_enum!` (see `macros.rs`).

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Writes `inner` as an object with `tag: name` added.
pub(crate) fn serialize_tagged<S: Serializer, T: Serialize>(
    s: S,
    tag: &str,
    name: &str,
    inner: &T,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(inner).map_err(S::Error::custom)?;
    match &mut value {
        Value::Object(map) => {
            map.insert(tag.to_owned(), Value::String(name.to_owned()));
        }
        _ => return Err(S::Error::custom("tagged value must serialize to an object")),
    }
    value.serialize(s)
}

/// The tag's value (when a string) and the rest of the object.
pub(crate) type Split = (Option<String>, Map<String, Value>);

/// Reads an object and takes its tag member out (when it is a string).
pub(crate) fn split_tag<'de, D: Deserializer<'de>>(d: D, tag: &str) -> Result<Split, D::Error> {
    let mut map = match Value::deserialize(d)? {
        Value::Object(map) => map,
        other => {
            return Err(D::Error::custom(format_args!(
                "expected a JSON object with a \"{tag}\" member, found {}",
                kind_of(&other)
            )));
        }
    };
    let tag_value = match map.remove(tag) {
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            // Not a string: keep it in place so the object survives verbatim.
            map.insert(tag.to_owned(), other);
            None
        }
        None => None,
    };
    Ok((tag_value, map))
}

/// Reads the variant's struct from the object without its tag.
pub(crate) fn read_inner<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    map: Map<String, Value>,
) -> Result<T, D::Error> {
    serde_json::from_value(Value::Object(map)).map_err(D::Error::custom)
}

/// Puts the tag back for the `Unknown` case.
pub(crate) fn rejoin(tag: &str, value: Option<String>, mut map: Map<String, Value>) -> Value {
    if let Some(v) = value {
        map.insert(tag.to_owned(), Value::String(v));
    }
    Value::Object(map)
}

/// A short name of a JSON value's kind, for error messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
