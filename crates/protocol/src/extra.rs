//! Runtime helper behind `keeps_extra!` (see `macros.rs`): reading a struct that keeps its
//! unmodelled members in an [`Extra`] without `#[serde(flatten)]` on the reading side.
//!
//! Why: serde reads a struct with a flattened member by buffering every member into its
//! private `Content` tree and reading the modelled ones from that buffer, which compiles every
//! field type's deserializer once more, for `Content` (8 KB of the browser build's wasm,
//! 2.9 KB gzipped, for the metadata and header types it reads). Here the members are read as
//! [`serde_json::Value`]s; the ones the derive names (its field list, aliases included) go to
//! the derive, the others into [`Extra`]. Member order and duplicates reach the derive as
//! they came, so its errors stay the same.
//!
//! Used where the browser build reads the type; the other wire types keep `flatten`.

use std::fmt;

use serde::Deserializer;
use serde::de::value::MapDeserializer;
use serde::de::{self, MapAccess, Visitor};
use serde_json::Value;

use crate::common::Extra;

/// Reads an object: the members `derived` (a derive's `deserialize` without the flattened
/// member) asks for go to it, the others are returned as the [`Extra`].
pub(crate) fn deserialize<'de, D, T, F>(
    deserializer: D,
    name: &'static str,
    derived: F,
) -> Result<(T, Extra), D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(Members<'_>) -> Result<T, serde_json::Error>,
{
    deserializer.deserialize_map(ExtraVisitor { name, derived })
}

struct ExtraVisitor<F> {
    /// The struct's name, for the "expected" of an error.
    name: &'static str,
    derived: F,
}

impl<'de, T, F> Visitor<'de> for ExtraVisitor<F>
where
    F: FnOnce(Members<'_>) -> Result<T, serde_json::Error>,
{
    type Value = (T, Extra);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(T, Extra), A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, Value>()? {
            members.push(member);
        }
        let mut extra = Extra::new();
        // Inside the visit, as serde's flatten does, so a text deserializer still adds the
        // position to the derive's errors.
        let value = (self.derived)(Members {
            members,
            extra: &mut extra,
        })
        .map_err(de::Error::custom)?;
        Ok((value, extra))
    }
}

/// An object's members, as the deserializer a struct derive reads; the members it has no
/// field for are moved into `extra`.
pub(crate) struct Members<'a> {
    members: Vec<(String, Value)>,
    extra: &'a mut Extra,
}

impl Members<'_> {
    /// The members named in `fields`, in order; the others go into `extra`. Not generic, so
    /// there is one copy for all the structs.
    fn split(self, fields: &[&str]) -> Vec<(String, Value)> {
        let mut known = Vec::with_capacity(self.members.len());
        for (name, value) in self.members {
            if fields.contains(&name.as_str()) {
                known.push((name, value));
            } else {
                self.extra.insert(name, value);
            }
        }
        known
    }
}

impl<'de> Deserializer<'de> for Members<'_> {
    type Error = serde_json::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_map(MapDeserializer::new(self.split(fields).into_iter()))
    }

    /// A struct derive asks for a struct only.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom(
            "an object's members can only be read as a struct",
        ))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    use crate::common::Extra;
    use crate::metadata::{BotResponse, Metadata};

    #[derive(Debug, Default, Serialize, Deserialize)]
    #[serde(remote = "Self", rename_all = "camelCase")]
    struct Probe {
        #[serde(default, alias = "oldName")]
        new_name: Option<u8>,
        #[serde(flatten, skip_deserializing)]
        extra: Extra,
    }

    keeps_extra!(Probe.extra);

    #[test]
    fn unknown_members_are_kept_and_written_back() {
        let text =
            r#"{"externalConversationId":"c","intents":[{"id":"i","score":1}],"zz":[1],"aa":null}"#;
        let b: BotResponse = serde_json::from_str(text).unwrap();
        assert_eq!(b.external_conversation_id.as_deref(), Some("c"));
        assert_eq!(b.extra.get("zz"), Some(&json!([1])));
        assert_eq!(b.extra.get("aa"), Some(&json!(null)));
        let intents = b.intents.as_deref().unwrap_or_default();
        assert_eq!(intents[0].extra.get("score"), Some(&json!(1)));
        let back = serde_json::to_value(&b).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        let m: Metadata = serde_json::from_value(json!({"type":"ActionReason","x":1})).unwrap();
        assert!(matches!(&m, Metadata::ActionReason(r) if r.extra.get("x") == Some(&json!(1))));
    }

    #[test]
    fn aliases_reach_the_derive_and_its_errors_stay() {
        let p: Probe = serde_json::from_str(r#"{"oldName":3,"other":true}"#).unwrap();
        assert_eq!(p.new_name, Some(3));
        assert_eq!(p.extra.get("other"), Some(&json!(true)));
        let e = serde_json::from_str::<Probe>(r#"{"newName":1,"newName":2}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("duplicate field `newName`"),
            "{e}"
        );
        let e = serde_json::from_str::<Probe>(r#"{"newName":"x"}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid type: string \"x\", expected u8 at line 1 column 15"
        );
        let e = serde_json::from_str::<Probe>("[]").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid type: sequence, expected struct Probe"),
            "{e}"
        );
    }
}
