//! Declarative macros shared by the wire types.
//!
//! Two shapes recur all over the protocol:
//!
//! * string enums (`"OPEN"`, `"ASSIGNED_AGENT"`, …) that LivePerson may extend
//!   at any time — [`wire_enum!`] generates an enum with an `Unknown(String)`
//!   fallback so reading never fails on a new value;
//! * objects discriminated by one string member (`event.type`,
//!   `conversationField[].field`, metadata `type`, …) — [`tagged_enum!`]
//!   generates an enum that dispatches on that member and keeps objects with an
//!   unknown tag as raw JSON.
//!
//! [`keeps_extra!`] reads structs that keep their unmodelled members without
//! serde's `flatten` buffer.

/// Generates a tolerant string enum.
///
/// Known variants serialize to their exact wire string; any other string reads
/// as `Unknown(String)` and is written back unchanged.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know (yet); kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The exact wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// `false` for [`Self::Unknown`].
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $( $wire => $name::$variant, )+
                    _ => $name::Unknown(s),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::from(s))
            }
        }
    };
}

/// Generates an enum of JSON objects discriminated by one string member.
///
/// Each variant wraps a struct that does not contain the tag member itself;
/// the tag is added when writing and removed before the struct is read. An
/// object whose tag is missing or unknown reads as `Unknown(Value)` and is
/// written back unchanged. A known tag with a malformed object is an error.
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (tag = $tag:literal) {
            $( $(#[$vmeta:meta])* $variant:ident($inner:ty) = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        // Bodies are plain data read once per frame; boxing the big variants
        // would only make matching clumsier.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant($inner), )+
            /// An object with a missing or unknown tag, kept verbatim.
            Unknown(::serde_json::Value),
        }

        impl $name {
            /// The wire value of the tag member, if any.
            pub fn tag(&self) -> Option<&str> {
                match self {
                    $( $name::$variant(_) => Some($wire), )+
                    $name::Unknown(v) => v.get($tag).and_then(::serde_json::Value::as_str),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( $name::$variant(inner) => $crate::tagged::serialize_tagged(s, $tag, $wire, inner), )+
                    $name::Unknown(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (tag, map) = $crate::tagged::split_tag::<D>(d, $tag)?;
                match tag.as_deref() {
                    $( Some($wire) => $crate::tagged::read_inner::<D, $inner>(map).map($name::$variant), )+
                    _ => Ok($name::Unknown($crate::tagged::rejoin($tag, tag, map))),
                }
            }
        }
    };
}

/// Implements `Serialize` and `Deserialize` for structs that keep their unmodelled members in
/// an [`Extra`](crate::Extra) field, without serde's `Content` buffer when reading (see
/// `extra.rs` for why).
///
/// Each struct derives both traits with `#[serde(remote = "Self")]` (so the derive generates
/// inherent functions) and marks the field `#[serde(flatten, skip_deserializing)]`: it is
/// still flattened when writing, and filled here when reading. `keeps_extra!(Type.field)`.
macro_rules! keeps_extra {
    ($($ty:ident . $field:ident),+ $(,)?) => {$(
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                // The derived function (inherent functions come before trait methods).
                $ty::serialize(self, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (mut value, extra) =
                    $crate::extra::deserialize(d, stringify!($ty), |members| $ty::deserialize(members))?;
                value.$field = extra;
                Ok(value)
            }
        }
    )+};
}
