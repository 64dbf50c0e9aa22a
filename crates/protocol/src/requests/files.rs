//! File URLs and tokens (`requests.md` §13–15, `files.md`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::{Extra, StringOrNumber};

/// `GenerateURLForUploadFile` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateUrlForUploadFile {
    /// Bytes (number or numeric string, ≤ 3 MB).
    pub file_size: StringOrNumber,
    /// `JPG`, `JPEG`, `PNG`, `GIF` (documents UNCERTAIN); passed through.
    pub file_type: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GenerateURLForDownloadFile` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateUrlForDownloadFile {
    /// Swift path of the file.
    pub relative_path: String,
    /// Legacy clients also sent the dialog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Temp-URL query parameters of a file URL.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TempUrlParams {
    /// Signature.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub temp_url_sig: String,
    /// Expiry, epoch **seconds** as a string.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub temp_url_expires: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Success body of both file-URL requests.
///
/// ```
/// use lpm_protocol::requests::GenerateUrlResponse;
/// let r: GenerateUrlResponse = serde_json::from_str(r#"{"relativePath":"/v1/AUTH_async-images/a/b.PNG",
///   "queryParams":{"temp_url_sig":"6f52","temp_url_expires":"1474973420"}}"#).unwrap();
/// assert_eq!(r.query_params.temp_url_expires, "1474973420");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateUrlResponse {
    /// Swift object path.
    pub relative_path: String,
    /// Signature and expiry.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub query_params: TempUrlParams,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GenerateUploadToken` body (secure forms; UNCERTAIN beyond `uploadable`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GenerateUploadToken {
    /// `{"formId","invitationId","type":"SecureForm","dialogId"}`, kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploadable: Option<Value>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GenerateDownloadToken` body (UNCERTAIN; probably `{"relativePath"}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateDownloadToken {
    /// Path of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_path: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Success body of the token requests (`{"token":…}`, UNCERTAIN beyond that).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
