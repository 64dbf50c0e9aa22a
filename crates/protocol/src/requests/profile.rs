//! User and brand profiles (`requests.md` §21–23).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::sde::Sde;

/// `GetUserProfile` body; all four forms seen on the wire are accepted.
///
/// ```
/// use lpm_protocol::requests::GetUserProfile;
/// let own: GetUserProfile = serde_json::from_str("{}").unwrap();
/// assert_eq!(own.user_id(), None);
/// let by_id: GetUserProfile = serde_json::from_str(r#"{"userId":"123.456"}"#).unwrap();
/// assert_eq!(by_id.user_id(), Some("123.456"));
/// let bare: GetUserProfile = serde_json::from_str(r#""c0ffee""#).unwrap();
/// assert_eq!(bare.user_id(), Some("c0ffee"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GetUserProfile {
    /// A bare string body: the user id (schema, node-agent-sdk).
    Id(String),
    /// `{}` (own profile) or `{"userId":…}`.
    Object(GetUserProfileObject),
}

/// The object form of [`GetUserProfile`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUserProfileObject {
    /// Old id `acct.userId`, consumer id/PID, or absent for one's own profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for GetUserProfile {
    fn default() -> Self {
        GetUserProfile::Object(GetUserProfileObject::default())
    }
}

impl GetUserProfile {
    /// The requested user, `None` for one's own profile.
    pub fn user_id(&self) -> Option<&str> {
        match self {
            GetUserProfile::Id(id) => Some(id),
            GetUserProfile::Object(o) => o.user_id.as_deref(),
        }
    }
}

/// `privateData.pushNotificationData`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushNotificationData {
    /// Service name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Certificate name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_name: Option<String>,
    /// Push token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `privateData` of a profile.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateData {
    /// Mobile number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_num: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<String>,
    /// Push notification registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_notification_data: Option<PushNotificationData>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A container of engagement attributes: `{"lp_sdes":[…]}` (plus, for
/// `claims`, `iss` and other claims).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SdeContainer {
    /// SDEs (`ctmrinfo`, `personal`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lp_sdes: Option<Vec<Sde>>,
    /// Unmodelled members (`iss`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user profile: the `SetUserProfile` body and the `GetUserProfile`
/// success body (every member optional).
///
/// On the socket `SetUserProfile` answers `OK User Profile set successfully`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Nick name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick_name: Option<String>,
    /// User id (a consumer learns its own id from this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Background image URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backgnd_img_uri: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Private data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_data: Option<PrivateData>,
    /// SDEs from the authenticated flow / Send API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticated_data: Option<SdeContainer>,
    /// Claims of the authenticated JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<SdeContainer>,
    /// Authentication context class (`loa1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GetBrandProfile` body (legacy, internal).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetBrandProfile {
    /// Account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
