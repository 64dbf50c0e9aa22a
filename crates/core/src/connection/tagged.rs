//! Internally tagged JSON (`{"command":"createConversation","skillId":"12"}`) for an enum
//! whose serde derive is externally tagged (`{"createConversation":{"skillId":"12"}}`).
//!
//! Why not `#[serde(tag = "…")]`: serde deserializes an internally tagged enum by buffering
//! the whole input into its private `Content` tree and then deserializing every variant's
//! fields from that tree, so every field type's deserializer is compiled once more, for
//! `Content`. For [`Command`](super::Command) that was about 110 KB of the browser build's
//! wasm (22 KB gzipped). Here the input is read once into a list of members, each a
//! [`serde_json::Value`]; the tag is taken out and the rest handed to the externally tagged
//! derive, whose field types then deserialize from `Value`, which the build has for them
//! anyway.
//!
//! The derive is made externally tagged and kept off the `Serialize`/`Deserialize` traits
//! with `#[serde(remote = "Self")]` (it then generates inherent `serialize`/`deserialize`
//! functions); the trait impls wrap those with [`TaggedSerializer`] and [`deserialize`].
//! For enums of unit and struct variants, as internally tagged enums mostly are.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, Unexpected, VariantAccess,
    Visitor,
};
use serde::ser::{self, Impossible, SerializeStruct};
use serde::{Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Deserializes an internally tagged object (`tag` names the variant, the other members are
/// its fields) with `external`, an externally tagged derive's `deserialize`.
///
/// Errors are as with `#[serde(tag = …)]`: ``missing field `command` ``, ``duplicate field
/// `command` ``, ``unknown variant `x`, expected one of …``, and the variant's own (unknown
/// field with `deny_unknown_fields`, missing or duplicate field, wrong type), in member order.
/// As with serde's internally tagged enums, a unit variant ignores any other members.
pub(crate) fn deserialize<'de, D, T, F>(
    deserializer: D,
    tag: &'static str,
    external: F,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(TaggedObject) -> Result<T, serde_json::Error>,
{
    let object = deserializer.deserialize_map(TagVisitor { tag })?;
    external(object).map_err(de::Error::custom)
}

/// Reads an object, taking out the tag member.
struct TagVisitor {
    tag: &'static str,
}

impl<'de> Visitor<'de> for TagVisitor {
    type Value = TaggedObject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with a `{}` member", self.tag)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TaggedObject, A::Error> {
        let mut variant = None;
        // A list, not a map: the derive then sees the members in their order, duplicates
        // included, and reports the same first error as it would from the text.
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.tag {
                if variant.is_some() {
                    return Err(de::Error::duplicate_field(self.tag));
                }
                variant = Some(map.next_value::<Value>()?);
            } else {
                fields.push((key, map.next_value::<Value>()?));
            }
        }
        let variant = variant.ok_or_else(|| de::Error::missing_field(self.tag))?;
        Ok(TaggedObject { variant, fields })
    }
}

/// An internally tagged object with its tag taken out, as a deserializer of an externally
/// tagged enum.
pub(crate) struct TaggedObject {
    /// The tag's value: the variant name.
    variant: Value,
    /// The other members, in order: the variant's fields.
    fields: Vec<(String, Value)>,
}

impl<'de> Deserializer<'de> for TaggedObject {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

impl<'de> EnumAccess<'de> for TaggedObject {
    type Error = serde_json::Error;
    type Variant = Fields;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Self::Error> {
        // From the `Value`, as serde does from its buffer: a string names the variant.
        let variant = seed.deserialize(self.variant)?;
        let fields = Fields {
            members: self.fields.into_iter(),
            value: None,
        };
        Ok((variant, fields))
    }
}

/// The variant's fields: the object's members other than the tag, as a map.
pub(crate) struct Fields {
    members: std::vec::IntoIter<(String, Value)>,
    /// The value of the member whose name was read last.
    value: Option<Value>,
}

impl Fields {
    /// Moves to the next member and returns its name. Not generic, so each variant's copy of
    /// `next_key_seed` is only the name's visit.
    fn next_name(&mut self) -> Option<String> {
        let (name, value) = self.members.next()?;
        self.value = Some(value);
        Some(name)
    }
}

impl<'de> MapAccess<'de> for Fields {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.next_name() {
            Some(name) => seed
                .deserialize(name.as_str().into_deserializer())
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom(
                "a member's value was asked for before its name",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

impl<'de> VariantAccess<'de> for Fields {
    type Error = serde_json::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        // serde's internally tagged unit variants ignore other members too.
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        seed.deserialize(MapAccessDeserializer::new(self))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(de::Error::invalid_type(Unexpected::Map, &"a tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }
}

/// Serializes an externally tagged enum's unit and struct variants internally tagged:
/// `serialize_unit_variant` becomes a struct with the tag as its only field and
/// `serialize_struct_variant` a struct with the tag as its first field, as serde's own
/// internally tagged serialization does. Anything else is an error.
pub(crate) struct TaggedSerializer<S> {
    tag: &'static str,
    inner: S,
}

impl<S> TaggedSerializer<S> {
    /// Wraps `inner`; `tag` is the member that names the variant.
    pub(crate) fn new(tag: &'static str, inner: S) -> Self {
        TaggedSerializer { tag, inner }
    }
}

fn not_unit_or_struct_variant<E: ser::Error>() -> E {
    E::custom("an internally tagged value must be a unit or struct variant")
}

/// The serializer methods a tagged enum never calls.
macro_rules! not_a_variant {
    ($($method:ident($($arg:ty),*) -> $out:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$out, S::Error> {
            Err(not_unit_or_struct_variant())
        })*
    };
}

impl<S: Serializer> Serializer for TaggedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Impossible<S::Ok, S::Error>;
    type SerializeStruct = Impossible<S::Ok, S::Error>;
    type SerializeStructVariant = TaggedStruct<S::SerializeStruct>;

    fn serialize_unit_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        let mut out = self.inner.serialize_struct(name, 1)?;
        out.serialize_field(self.tag, variant)?;
        out.end()
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<TaggedStruct<S::SerializeStruct>, S::Error> {
        let mut out = self.inner.serialize_struct(name, len + 1)?;
        out.serialize_field(self.tag, variant)?;
        Ok(TaggedStruct(out))
    }

    not_a_variant! {
        serialize_bool(bool) -> S::Ok;
        serialize_i8(i8) -> S::Ok;
        serialize_i16(i16) -> S::Ok;
        serialize_i32(i32) -> S::Ok;
        serialize_i64(i64) -> S::Ok;
        serialize_u8(u8) -> S::Ok;
        serialize_u16(u16) -> S::Ok;
        serialize_u32(u32) -> S::Ok;
        serialize_u64(u64) -> S::Ok;
        serialize_f32(f32) -> S::Ok;
        serialize_f64(f64) -> S::Ok;
        serialize_char(char) -> S::Ok;
        serialize_str(&str) -> S::Ok;
        serialize_bytes(&[u8]) -> S::Ok;
        serialize_none() -> S::Ok;
        serialize_unit() -> S::Ok;
        serialize_unit_struct(&'static str) -> S::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<S::Ok, S::Error> {
        Err(not_unit_or_struct_variant())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _value: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_unit_or_struct_variant())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_unit_or_struct_variant())
    }
}

/// A struct variant's fields, written into the struct that already holds the tag.
pub(crate) struct TaggedStruct<S>(S);

impl<S: SerializeStruct> ser::SerializeStructVariant for TaggedStruct<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::connection::Command;

    fn parse(text: &str) -> Result<Command, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn writes_the_tag_first_then_the_fields_in_declaration_order() {
        let c = Command::SetAgentState {
            agent_state: "ONLINE".into(),
            agent_id: None,
        };
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"command":"setAgentState","agentState":"ONLINE","agentId":null}"#
        );
        assert_eq!(
            serde_json::to_string(&Command::Open).unwrap(),
            r#"{"command":"open"}"#
        );
        for c in [c, Command::Open] {
            let text = serde_json::to_string(&c).unwrap();
            assert_eq!(parse(&text), Ok(c));
        }
    }

    #[test]
    fn reads_the_tag_anywhere_with_aliases_and_defaults() {
        assert_eq!(
            parse(
                r#"{"waitForFirstNotification":true,"command":"createConversationSubscription"}"#
            ),
            Ok(Command::CreateConversationSubscription {
                query: None,
                wait_for_ready: Some(true)
            })
        );
        // Unit variants ignore other members, as serde's internally tagged enums do.
        assert_eq!(parse(r#"{"command":"open","x":1}"#), Ok(Command::Open));
        let from_value: Command = serde_json::from_value(json!({"command":"getToken"})).unwrap();
        assert_eq!(from_value, Command::GetToken);
    }

    #[test]
    fn errors_name_the_tag_the_command_or_the_member() {
        let e = parse(r#"{"skillId":"1"}"#).unwrap_err();
        assert!(e.starts_with("missing field `command`"), "{e}");
        let e = parse(r#"{"command":"open","command":"close"}"#).unwrap_err();
        assert!(e.starts_with("duplicate field `command`"), "{e}");
        let e = parse(r#"{"command":"nope"}"#).unwrap_err();
        assert!(
            e.starts_with("unknown variant `nope`, expected one of `open`"),
            "{e}"
        );
        // The first bad member in the text's order, as the derive reads it.
        let e = parse(r#"{"command":"join","zzz":1,"aaa":2}"#).unwrap_err();
        assert!(e.starts_with("unknown field `zzz`"), "{e}");
        let e =
            parse(r#"{"command":"createConversation","skillId":"1","skillId":"2"}"#).unwrap_err();
        assert!(e.starts_with("duplicate field `skillId`"), "{e}");
        let e = parse(r#"{"command":"resumeConversation"}"#).unwrap_err();
        assert!(e.starts_with("missing field `conversationId`"), "{e}");
        let e = parse(r#"{"command":"getUploadUrl","fileSize":"1","fileType":"PNG"}"#).unwrap_err();
        assert!(
            e.starts_with("invalid type: string \"1\", expected u64"),
            "{e}"
        );
        let e = parse(r#""open""#).unwrap_err();
        assert!(
            e.starts_with(
                "invalid type: string \"open\", expected an object with a `command` member"
            ),
            "{e}"
        );
    }
}
