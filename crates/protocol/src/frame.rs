//! The websocket frame envelope (`ums-framing.md` §2).
//!
//! Every websocket message is one JSON object of one of three kinds:
//!
//! ```json
//! {"kind":"req","id":"1","type":".ams.ms.PublishEvent","body":{…}}
//! {"kind":"resp","reqId":"1","code":200,"type":".ams.ms.PublishEvent$Response","body":{"sequence":3}}
//! {"kind":"notification","type":".ams.aam.ExConversationChangeNotification","body":{…}}
//! ```
//!
//! The envelope keeps `body` as raw JSON; the typed bodies are decoded
//! separately because which type applies depends on the message type (and,
//! for responses, on the request they answer).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::FrameError;
use crate::headers::Header;
use crate::message_type::{MessageType, is_string_response_type, string_response_type};
use crate::metadata::Metadata;
use crate::tagged::kind_of;
use crate::version::ApiVersion;

/// A client → server request (`"kind":"req"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Request {
    /// Request id, unique per socket (numbers on the wire are read as strings).
    pub id: String,
    /// The request type name (version-specific, see [`MessageType`]).
    pub type_name: String,
    /// The body; `None` when absent or `null`.
    pub body: Option<Value>,
    /// `headers` (only `InitConnection`).
    pub headers: Option<Vec<Header>>,
    /// Request-level `metadata` (`PublishEvent`, `UpdateConversationField`).
    pub metadata: Option<Vec<Metadata>>,
    /// `encodedMetadata`: base64 string ≤ 5 KB.
    pub encoded_metadata: Option<String>,
}

/// A server → client response (`"kind":"resp"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Response {
    /// The `id` of the request answered (always a string on the wire).
    pub req_id: String,
    /// HTTP-like status; `> 399` is a failure.
    pub code: u16,
    /// Response type name (`ums-framing.md` §4); clients must not dispatch on
    /// it. `None` when absent.
    pub type_name: Option<String>,
    /// Object, string, array, or `None` when absent.
    pub body: Option<Value>,
}

/// A server → client notification (`"kind":"notification"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notification {
    /// Notification type name.
    pub type_name: String,
    /// The body; `None` when absent or `null`.
    pub body: Option<Value>,
}

/// One websocket frame.
///
/// Parsing never panics: malformed input gives a [`FrameError`].
///
/// ```
/// use lpm_protocol::{Frame, FrameError};
///
/// let f = Frame::parse(r#"{"kind":"resp","reqId":"1","code":200,"type":".ams.ms.PublishEvent$Response","body":{"sequence":3}}"#).unwrap();
/// let Frame::Response(resp) = &f else { panic!() };
/// assert_eq!(resp.req_id, "1");
/// assert!(!resp.is_error());
///
/// // Documentation examples omit "kind" and use numeric ids; both are accepted.
/// let f = Frame::parse(r#"{"id":1,"type":"GetClock"}"#).unwrap();
/// assert!(matches!(&f, Frame::Request(r) if r.id == "1"));
///
/// assert!(matches!(Frame::parse("[1,2]"), Err(FrameError::NotAnObject(_))));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// `"kind":"req"`
    Request(Request),
    /// `"kind":"resp"`
    Response(Response),
    /// `"kind":"notification"`
    Notification(Notification),
}

impl Frame {
    /// Parses one websocket text frame.
    pub fn parse(text: &str) -> Result<Frame, FrameError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| FrameError::Json(e.to_string()))?;
        Frame::from_value(value)
    }

    /// Reads a frame from already-parsed JSON.
    pub fn from_value(value: Value) -> Result<Frame, FrameError> {
        Frame::read(value, |map| Request::from_map(map).map(Frame::Request))
    }

    /// Reads a frame as a client does: a response or a notification. A request frame (servers
    /// send none) is [`FrameError::UnexpectedRequest`], its headers and metadata not read, so
    /// that a client build carries no code for them (the browser build: ~10 KB of wasm).
    ///
    /// ```
    /// use lpm_protocol::{Frame, FrameError};
    /// let v = serde_json::json!({"kind":"req","id":"1","type":"GetClock"});
    /// assert_eq!(Frame::from_server_value(v), Err(FrameError::UnexpectedRequest("GetClock".into())));
    /// let v = serde_json::json!({"kind":"resp","reqId":"1","code":200,"body":{}});
    /// assert!(matches!(Frame::from_server_value(v), Ok(Frame::Response(_))));
    /// ```
    pub fn from_server_value(value: Value) -> Result<Frame, FrameError> {
        Frame::read(value, |map| {
            let type_name = map.get("type").and_then(Value::as_str).unwrap_or("");
            Err(FrameError::UnexpectedRequest(type_name.to_owned()))
        })
    }

    /// [`Frame::from_value`] with the reading of a request frame left to `request`.
    fn read(
        value: Value,
        request: impl FnOnce(Map<String, Value>) -> Result<Frame, FrameError>,
    ) -> Result<Frame, FrameError> {
        let mut map = match value {
            Value::Object(map) => map,
            other => return Err(FrameError::NotAnObject(kind_of(&other))),
        };
        let kind = match map.remove("kind") {
            Some(Value::String(k)) => Some(k),
            Some(Value::Null) | None => None,
            Some(other) => {
                return Err(FrameError::InvalidField {
                    field: "kind",
                    reason: format!("expected a string, found {}", kind_of(&other)),
                });
            }
        };
        match kind.as_deref() {
            Some("req") => request(map),
            Some("resp") => Response::from_map(map).map(Frame::Response),
            Some("notification") => Notification::from_map(map).map(Frame::Notification),
            Some(other) => Err(FrameError::UnknownKind(other.to_owned())),
            // Doc examples omit `kind`; infer it (INFERRED in ums-framing.md §2.1).
            None if map.contains_key("reqId") => Response::from_map(map).map(Frame::Response),
            None if map.contains_key("id") && map.contains_key("type") => request(map),
            None => Err(FrameError::MissingKind),
        }
    }

    /// The frame as JSON.
    pub fn to_value(&self) -> Value {
        // Our `Serialize` impl only writes string keys and JSON values.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The frame as JSON text, ready to send, members in the order
    /// LivePerson's clients use (`kind`, `id`/`reqId`, `code`, `type`, `body`, …).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The `type` member, if any.
    pub fn type_name(&self) -> Option<&str> {
        match self {
            Frame::Request(r) => Some(&r.type_name),
            Frame::Response(r) => r.type_name.as_deref(),
            Frame::Notification(n) => Some(&n.type_name),
        }
    }
}

impl Serialize for Frame {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Frame::Request(r) => {
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("kind", "req")?;
                map.serialize_entry("id", &r.id)?;
                map.serialize_entry("type", &r.type_name)?;
                if let Some(body) = &r.body {
                    map.serialize_entry("body", body)?;
                }
                if let Some(headers) = &r.headers {
                    map.serialize_entry("headers", headers)?;
                }
                if let Some(metadata) = &r.metadata {
                    map.serialize_entry("metadata", metadata)?;
                }
                if let Some(m) = &r.encoded_metadata {
                    map.serialize_entry("encodedMetadata", m)?;
                }
                map.end()
            }
            Frame::Response(r) => {
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("kind", "resp")?;
                map.serialize_entry("reqId", &r.req_id)?;
                map.serialize_entry("code", &r.code)?;
                if let Some(t) = &r.type_name {
                    map.serialize_entry("type", t)?;
                }
                if let Some(body) = &r.body {
                    map.serialize_entry("body", body)?;
                }
                map.end()
            }
            Frame::Notification(n) => NotificationEnvelope {
                type_name: &n.type_name,
                body: n.body.as_ref(),
            }
            .serialize(s),
        }
    }
}

/// `{"kind":"notification","type":…,"body":…}` over any body: one place for the envelope of
/// [`Frame::to_json`] and of [`notification_json`].
struct NotificationEnvelope<'a, B: ?Sized> {
    type_name: &'a str,
    body: Option<&'a B>,
}

impl<B: Serialize + ?Sized> Serialize for NotificationEnvelope<'_, B> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", "notification")?;
        map.serialize_entry("type", self.type_name)?;
        if let Some(body) = self.body {
            map.serialize_entry("body", body)?;
        }
        map.end()
    }
}

/// The text of a notification frame whose body is serialized in place, with no
/// `serde_json::Value` built: what a server writes when it renders a notification straight
/// from its own records. The same envelope as [`Frame::to_json`].
///
/// ```
/// use lpm_protocol::frame::notification_json;
/// let text = notification_json(".ams.ms.MessagingEventNotification", &serde_json::json!({"changes": []}))
///     .unwrap();
/// assert_eq!(text, r#"{"kind":"notification","type":".ams.ms.MessagingEventNotification","body":{"changes":[]}}"#);
/// ```
pub fn notification_json<B: Serialize + ?Sized>(
    type_name: &str,
    body: &B,
) -> Result<String, serde_json::Error> {
    serde_json::to_string(&NotificationEnvelope {
        type_name,
        body: Some(body),
    })
}

impl core::str::FromStr for Frame {
    type Err = FrameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Frame::parse(s)
    }
}

impl From<Request> for Frame {
    fn from(r: Request) -> Self {
        Frame::Request(r)
    }
}

impl From<Response> for Frame {
    fn from(r: Response) -> Self {
        Frame::Response(r)
    }
}

impl From<Notification> for Frame {
    fn from(n: Notification) -> Self {
        Frame::Notification(n)
    }
}

impl Request {
    /// A request of `message_type` named for `version`, with `body`.
    ///
    /// Fails when the type has no name on that version (e.g. `QueryMessages`
    /// on v3).
    ///
    /// ```
    /// use lpm_protocol::{ApiVersion, MessageType, Request};
    /// let r = Request::new("1", MessageType::GetClock, ApiVersion::V2_1, serde_json::json!({})).unwrap();
    /// assert_eq!(r.type_name, ".GetClock");
    /// ```
    pub fn new(
        id: impl Into<String>,
        message_type: MessageType,
        version: ApiVersion,
        body: Value,
    ) -> Result<Request, FrameError> {
        let type_name = message_type
            .name(version)
            .ok_or_else(|| FrameError::NoNameOnVersion(format!("{message_type:?}"), version))?;
        Ok(Request {
            id: id.into(),
            type_name: type_name.to_owned(),
            body: Some(body),
            ..Request::default()
        })
    }

    /// The message type named by `type`, accepting either version's name and
    /// the known aliases.
    pub fn message_type(&self) -> Option<MessageType> {
        MessageType::from_name(&self.type_name)
    }

    fn from_map(mut map: Map<String, Value>) -> Result<Request, FrameError> {
        let id = take_id(&mut map, "id")?.ok_or(FrameError::MissingField("id"))?;
        let type_name = take_string(&mut map, "type")?.ok_or(FrameError::MissingField("type"))?;
        let body = take_body(&mut map);
        let headers = take_typed(&mut map, "headers")?;
        let metadata = take_typed(&mut map, "metadata")?;
        let encoded_metadata = take_string(&mut map, "encodedMetadata")?;
        Ok(Request {
            id,
            type_name,
            body,
            headers,
            metadata,
            encoded_metadata,
        })
    }
}

impl Response {
    /// A success or error response with an explicit type name.
    pub fn new(
        req_id: impl Into<String>,
        code: u16,
        type_name: impl Into<String>,
        body: Option<Value>,
    ) -> Response {
        Response {
            req_id: req_id.into(),
            code,
            type_name: Some(type_name.into()),
            body,
        }
    }

    /// A string response (plain-text success or any error) of `version`.
    ///
    /// ```
    /// use lpm_protocol::{ApiVersion, Response};
    /// let r = Response::text("2", 400, ApiVersion::V2_1, "Agent does not exist in conversation");
    /// assert_eq!(r.type_name.as_deref(), Some(".ReqBody$StringResp"));
    /// assert_eq!(r.error_message().as_deref(), Some("Agent does not exist in conversation"));
    /// ```
    pub fn text(
        req_id: impl Into<String>,
        code: u16,
        version: ApiVersion,
        text: impl Into<String>,
    ) -> Response {
        Response::new(
            req_id,
            code,
            string_response_type(version),
            Some(Value::String(text.into())),
        )
    }

    /// A success response to a request of `request_type`, typed per
    /// `ums-framing.md` §4 (falls back to the string-response name).
    pub fn success(
        req_id: impl Into<String>,
        code: u16,
        request_type: MessageType,
        version: ApiVersion,
        body: Option<Value>,
    ) -> Response {
        let type_name = request_type
            .response_type(version)
            .unwrap_or_else(|| string_response_type(version));
        Response::new(req_id, code, type_name, body)
    }

    /// `code > 399`, the rule every LivePerson client uses.
    pub fn is_error(&self) -> bool {
        self.code > 399
    }

    /// `true` if `type` is a string-response type of either version.
    pub fn is_string_response(&self) -> bool {
        self.type_name
            .as_deref()
            .is_some_and(is_string_response_type)
    }

    /// The body as text when it is a JSON string.
    pub fn text_body(&self) -> Option<&str> {
        self.body.as_ref().and_then(Value::as_str)
    }

    /// For an error response, a message to show: the string body, or the
    /// object/array body as JSON text, or the code when there is no body
    /// (`errors.md`: surface whatever came verbatim).
    pub fn error_message(&self) -> Option<String> {
        if !self.is_error() {
            return None;
        }
        Some(match &self.body {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => format!("error {}", self.code),
            Some(other) => other.to_string(),
        })
    }

    fn from_map(mut map: Map<String, Value>) -> Result<Response, FrameError> {
        let req_id = take_id(&mut map, "reqId")?.ok_or(FrameError::MissingField("reqId"))?;
        let code = match map.remove("code") {
            None | Some(Value::Null) => return Err(FrameError::MissingField("code")),
            Some(Value::Number(n)) => {
                n.as_u64()
                    .and_then(|c| u16::try_from(c).ok())
                    .ok_or_else(|| FrameError::InvalidField {
                        field: "code",
                        reason: format!("{n} is not a status code"),
                    })?
            }
            // Tolerate a numeric string.
            Some(Value::String(s)) => s.trim().parse().map_err(|_| FrameError::InvalidField {
                field: "code",
                reason: format!("{s:?} is not a status code"),
            })?,
            Some(other) => {
                return Err(FrameError::InvalidField {
                    field: "code",
                    reason: format!("expected a number, found {}", kind_of(&other)),
                });
            }
        };
        let type_name = take_string(&mut map, "type")?;
        let body = map.remove("body").filter(|b| !b.is_null());
        Ok(Response {
            req_id,
            code,
            type_name,
            body,
        })
    }
}

impl Notification {
    /// A notification of `message_type` named for `version`.
    pub fn new(
        message_type: MessageType,
        version: ApiVersion,
        body: Value,
    ) -> Result<Notification, FrameError> {
        let type_name = message_type
            .name(version)
            .ok_or_else(|| FrameError::NoNameOnVersion(format!("{message_type:?}"), version))?;
        Ok(Notification {
            type_name: type_name.to_owned(),
            body: Some(body),
        })
    }

    /// The message type named by `type` (either version or an alias).
    pub fn message_type(&self) -> Option<MessageType> {
        MessageType::from_name(&self.type_name)
    }

    /// The notification as a frame (`{"kind":"notification","type":…,"body":…}`), moving the
    /// body rather than copying it.
    ///
    /// ```
    /// use lpm_protocol::{Frame, Notification};
    /// let text = r#"{"kind":"notification","type":"GenericSubscribeResponse","body":{"a":1}}"#;
    /// let Frame::Notification(n) = Frame::parse(text).unwrap() else { panic!() };
    /// let v = n.into_value();
    /// assert_eq!(v, serde_json::from_str::<serde_json::Value>(text).unwrap());
    /// ```
    pub fn into_value(self) -> Value {
        let mut map = Map::new();
        map.insert("kind".into(), Value::String("notification".into()));
        map.insert("type".into(), Value::String(self.type_name));
        if let Some(body) = self.body {
            map.insert("body".into(), body);
        }
        Value::Object(map)
    }

    fn from_map(mut map: Map<String, Value>) -> Result<Notification, FrameError> {
        let type_name = take_string(&mut map, "type")?.ok_or(FrameError::MissingField("type"))?;
        let body = take_body(&mut map);
        Ok(Notification { type_name, body })
    }
}

/// Reads an id that may be a string or a number (docs send `"id":1`).
fn take_id(
    map: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, FrameError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(FrameError::InvalidField {
            field,
            reason: format!("expected a string or number, found {}", kind_of(&other)),
        }),
    }
}

fn take_string(
    map: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, FrameError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(FrameError::InvalidField {
            field,
            reason: format!("expected a string, found {}", kind_of(&other)),
        }),
    }
}

fn take_body(map: &mut Map<String, Value>) -> Option<Value> {
    map.remove("body").filter(|b| !b.is_null())
}

fn take_typed<T: serde::de::DeserializeOwned>(
    map: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<T>, FrameError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v)
            .map(Some)
            .map_err(|e| FrameError::InvalidField {
                field,
                reason: e.to_string(),
            }),
    }
}
