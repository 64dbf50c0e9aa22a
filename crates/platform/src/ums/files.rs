//! File sharing (`files.md`): signed, expiring Swift temp URLs on this platform's host, and the
//! Swift object routes that check them.
//!
//! Paths: `/v1/AUTH_async-images/{account}/{uuid}.{EXT}`. Signature: 40 lowercase hex chars over
//! `METHOD + "\n" + expires + "\n" + path` with the platform's own key. Real Swift uses
//! HMAC-SHA1; this platform uses HMAC-SHA256 truncated to 160 bits (same length and role; the
//! value is opaque to clients) to avoid another dependency.

use super::Store;
use super::conversations::str_or_num;
use super::dispatch::Caller;
use super::errors::{UmsError, bad};
use crate::state::{AppState, lock};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hmac::{Hmac, Mac};
use lpm_protocol::Side;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::Mutex;

/// Largest file accepted (3 MB, `files.md` §1).
pub const MAX_FILE_BYTES: u64 = 3 * 1024 * 1024;
/// Lifetime of a temp URL ("1 minute by default").
pub const URL_TTL_SECS: i64 = 60;
/// Image types from the schema enum.
pub const IMAGE_TYPES: [&str; 4] = ["JPG", "JPEG", "PNG", "GIF"];
/// Document types (`uncertain.md` M7), accepted only when [`ALLOW_DOCUMENTS`] is on.
pub const DOCUMENT_TYPES: [&str; 4] = ["PDF", "DOCX", "XLSX", "PPTX"];
/// The switch for document types.
pub const ALLOW_DOCUMENTS: bool = false;
/// The Swift account/container prefix of every object path.
pub const CONTAINER: &str = "/v1/AUTH_async-images";

/// Not a secret: a local test platform's signing key.
const SIGNING_KEY: &[u8] = b"lpm-local-platform-swift-temp-url-key";

/// One stored object.
#[derive(Debug, Clone)]
pub struct StoredObject {
    /// Bytes.
    pub bytes: Bytes,
    /// Upload time, epoch ms.
    pub uploaded_at: i64,
}

/// What `GenerateURLForUploadFile` promised for one path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Promise {
    /// Largest upload accepted, in bytes.
    pub size: u64,
    /// The PID of the participant who asked for the upload URL: the file's owner.
    pub uploader: String,
}

/// Objects and the uploads promised by `GenerateURLForUploadFile`.
#[derive(Debug, Default)]
pub struct FileStore {
    objects: Mutex<HashMap<String, StoredObject>>,
    promised: Mutex<HashMap<String, Promise>>,
}

impl FileStore {
    /// Takes back the objects and promises of an earlier run (`lpm platform --data`).
    pub fn restore(
        &self,
        objects: impl IntoIterator<Item = (String, StoredObject)>,
        promised: impl IntoIterator<Item = (String, Promise)>,
    ) {
        lock(&self.objects).extend(objects);
        lock(&self.promised).extend(promised);
    }

    /// Paths and sizes of stored objects (for inspection).
    pub fn list(&self) -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = lock(&self.objects)
            .iter()
            .map(|(k, o)| (k.clone(), o.bytes.len()))
            .collect();
        v.sort();
        v
    }
}

/// The temp-URL signature of `method` on `path` until `expires` (epoch seconds).
pub fn sign(method: &str, expires: i64, path: &str) -> String {
    // An HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(SIGNING_KEY) else {
        return String::new();
    };
    mac.update(format!("{method}\n{expires}\n{path}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..20])
}

fn url_body(path: &str, method: &str, now_ms: i64) -> Value {
    let expires = now_ms.div_euclid(1000) + URL_TTL_SECS;
    json!({
        "relativePath": path,
        "queryParams": {
            "temp_url_sig": sign(method, expires, path),
            "temp_url_expires": expires.to_string(),
        }
    })
}

fn sharing_enabled(st: &AppState, account: &str) -> bool {
    lock(&st.directory)
        .account(account)
        .map(|a| a.features.file_sharing)
        .unwrap_or(false)
}

/// `GenerateURLForUploadFile` by `caller`, who becomes the file's owner.
pub fn generate_upload(
    st: &AppState,
    caller: &Caller,
    body: &Value,
    now_ms: i64,
) -> Result<Value, UmsError> {
    let account = caller.account.as_str();
    if !sharing_enabled(st, account) {
        return Err(UmsError::FileSharingDisabled);
    }
    let size: u64 = str_or_num(body.get("fileSize"))
        .and_then(|s| s.trim().parse().ok())
        .filter(|s| *s > 0 && *s <= MAX_FILE_BYTES)
        .ok_or_else(|| bad("fileSize"))?;
    let file_type = body
        .get("fileType")
        .and_then(Value::as_str)
        .map(str::to_ascii_uppercase)
        .filter(|t| {
            IMAGE_TYPES.contains(&t.as_str())
                || (ALLOW_DOCUMENTS && DOCUMENT_TYPES.contains(&t.as_str()))
        })
        .ok_or_else(|| bad("fileType"))?;
    let path = format!("{CONTAINER}/{account}/{}.{file_type}", st.ids.uuid());
    let promise = Promise {
        size,
        uploader: caller.who.pid().to_owned(),
    };
    // Stored before the URL is handed out, so an upload after a restart is still allowed.
    if let Some(durable) = &st.durable
        && let Some(body) = crate::store::capture::json(&promise)
    {
        durable.write(&[crate::store::Row::Put {
            kind: crate::store::kind::PROMISE,
            id: path.clone(),
            body,
        }]);
    }
    lock(&st.ums.files.promised).insert(path.clone(), promise);
    Ok(url_body(&path, "PUT", now_ms))
}

/// `GenerateURLForDownloadFile` by `caller`. Brand users may read any file of their account
/// (they may read every conversation of it too); a consumer only a file it uploaded or one
/// shared in one of its own conversations (403 otherwise), so that knowing another
/// consumer's path is not enough.
pub fn generate_download(
    st: &AppState,
    store: &Store,
    caller: &Caller,
    body: &Value,
    now_ms: i64,
) -> Result<Value, UmsError> {
    let account = caller.account.as_str();
    if !sharing_enabled(st, account) {
        return Err(UmsError::FileSharingDisabled);
    }
    let path = body
        .get("relativePath")
        .and_then(Value::as_str)
        .filter(|p| p.starts_with(&format!("{CONTAINER}/{account}/")) && !p.contains(".."))
        .ok_or_else(|| bad("relativePath"))?;
    if caller.side == Side::Consumer && !consumer_may_read(st, store, caller, path) {
        return Err(UmsError::Forbidden);
    }
    Ok(url_body(path, "GET", now_ms))
}

/// Whether the consumer `caller` owns the file at `path` or got it in one of its conversations.
fn consumer_may_read(st: &AppState, store: &Store, caller: &Caller, path: &str) -> bool {
    let me = caller.who.pid();
    let uploaded = lock(&st.ums.files.promised)
        .get(path)
        .is_some_and(|p| p.uploader == me);
    uploaded
        || store
            .conversations
            .values()
            .filter(|c| c.account == caller.account && c.consumer_id == me)
            .flat_map(|c| c.dialogs.iter())
            .flat_map(|d| d.events.iter())
            .any(|e| e.event["message"]["relativePath"].as_str() == Some(path))
}

/// The Swift object routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/v1/AUTH_async-images/{account}/{name}",
        get(download)
            .put(upload)
            .layer(DefaultBodyLimit::max(MAX_FILE_BYTES as usize + 1024 * 1024)),
    )
}

#[derive(Deserialize)]
struct TempUrl {
    temp_url_sig: Option<String>,
    temp_url_expires: Option<String>,
}

/// Whether the temp URL is valid for `method` on `path` now.
fn check(st: &AppState, method: &str, path: &str, q: &TempUrl) -> Result<(), StatusCode> {
    let unauthorized = || StatusCode::UNAUTHORIZED;
    let expires: i64 = q
        .temp_url_expires
        .as_deref()
        .and_then(|e| e.parse().ok())
        .ok_or_else(unauthorized)?;
    let sig = q.temp_url_sig.as_deref().ok_or_else(unauthorized)?;
    if sig != sign(method, expires, path) || st.clock.now_secs() > expires {
        return Err(unauthorized());
    }
    Ok(())
}

async fn upload(
    State(st): State<AppState>,
    Path((account, name)): Path<(String, String)>,
    Query(q): Query<TempUrl>,
    body: Bytes,
) -> Response {
    let path = format!("{CONTAINER}/{account}/{name}");
    if check(&st, "PUT", &path, &q).is_err() {
        return (
            StatusCode::UNAUTHORIZED,
            "401 Unauthorized: Temp URL invalid",
        )
            .into_response();
    }
    let promised = lock(&st.ums.files.promised)
        .get(&path)
        .map(|p| p.size)
        .unwrap_or(MAX_FILE_BYTES);
    if body.len() as u64 > promised.min(MAX_FILE_BYTES) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "413 Request Entity Too Large",
        )
            .into_response();
    }
    let uploaded_at = st.clock.now_ms();
    // Committed before the 201: a client told its upload worked finds it after a restart.
    if let Some(durable) = &st.durable {
        durable.write(&[crate::store::Row::File {
            path: path.clone(),
            uploaded_at,
            bytes: body.to_vec(),
        }]);
    }
    lock(&st.ums.files.objects).insert(
        path,
        StoredObject {
            bytes: body,
            uploaded_at,
        },
    );
    StatusCode::CREATED.into_response()
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_uppercase();
    match ext.as_str() {
        "JPG" | "JPEG" => "image/jpeg",
        "PNG" => "image/png",
        "GIF" => "image/gif",
        "PDF" => "application/pdf",
        _ => "application/octet-stream",
    }
}

async fn download(
    State(st): State<AppState>,
    Path((account, name)): Path<(String, String)>,
    Query(q): Query<TempUrl>,
) -> Response {
    let path = format!("{CONTAINER}/{account}/{name}");
    if check(&st, "GET", &path, &q).is_err() {
        return (
            StatusCode::UNAUTHORIZED,
            "401 Unauthorized: Temp URL invalid",
        )
            .into_response();
    }
    match lock(&st.ums.files.objects).get(&path) {
        Some(o) => (
            [(header::CONTENT_TYPE, content_type(&name))],
            o.bytes.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "404 Not Found").into_response(),
    }
}
