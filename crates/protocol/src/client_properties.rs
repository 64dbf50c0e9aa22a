//! Client properties (`conversation-model.md` §9).

use serde::{Deserialize, Serialize};

use crate::common::Extra;

wire_enum! {
    /// `deviceFamily` of the client.
    pub enum DeviceFamily {
        /// `DESKTOP`
        Desktop = "DESKTOP",
        /// `TABLET`
        Tablet = "TABLET",
        /// `MOBILE`
        Mobile = "MOBILE",
        /// `OTHER`
        Other = "OTHER",
        /// `PDA` (listed by lp-messaging-sdk 1.5.4)
        Pda = "PDA",
        /// `UNKNOWN` (listed by lp-messaging-sdk 1.5.4)
        UnknownFamily = "UNKNOWN",
    }
}

wire_enum! {
    /// `os` of the client.
    pub enum Os {
        /// `WINDOWS`
        Windows = "WINDOWS",
        /// `LINUX`
        Linux = "LINUX",
        /// `OSX`
        Osx = "OSX",
        /// `ANDROID`
        Android = "ANDROID",
        /// `IOS`
        Ios = "IOS",
        /// `OTHER`
        Other = "OTHER",
    }
}

wire_enum! {
    /// `integration` of the client.
    pub enum Integration {
        /// `WEB_SDK`
        WebSdk = "WEB_SDK",
        /// `MOBILE_SDK`
        MobileSdk = "MOBILE_SDK",
        /// `BRAND_SDK`
        BrandSdk = "BRAND_SDK",
    }
}

wire_enum! {
    /// A client feature announced in `features` (gates server behaviour, e.g.
    /// `MULTI_DIALOG` enables post-conversation surveys).
    pub enum ClientFeature {
        /// `CO_BROWSE`
        CoBrowse = "CO_BROWSE",
        /// `CO_APP`
        CoApp = "CO_APP",
        /// `PHOTO_SHARING`
        PhotoSharing = "PHOTO_SHARING",
        /// `SECURE_FORMS`
        SecureForms = "SECURE_FORMS",
        /// `AUTO_MESSAGES`
        AutoMessages = "AUTO_MESSAGES",
        /// `RICH_CONTENT`
        RichContent = "RICH_CONTENT",
        /// `QUICK_REPLIES`
        QuickReplies = "QUICK_REPLIES",
        /// `MULTI_DIALOG`
        MultiDialog = "MULTI_DIALOG",
        /// `FILE_SHARING`
        FileSharing = "FILE_SHARING",
        /// `MARKDOWN_HYPERLINKS`
        MarkdownHyperlinks = "MARKDOWN_HYPERLINKS",
    }
}

/// Properties of a client connection.
///
/// Sent in the `InitConnection` header (without `type` here: the header enum
/// adds `.ams.headers.ClientProperties`) or echoed by the server as
/// `originatorClientProperties`, `originatorMetadata.clientProperties` and
/// `context.clientProperties` with `"type":".ClientProperties"` and an
/// `ipAddress`. `null` members read as absent (lp-messaging-sdk 1.5.4 sends
/// `null` for every property it was not given).
///
/// ```
/// use lpm_protocol::client_properties::{ClientProperties, DeviceFamily};
/// let p: ClientProperties = serde_json::from_str(
///     r#"{"type":".ClientProperties","appId":"webAsync","deviceFamily":"TABLET","os":null}"#,
/// ).unwrap();
/// assert_eq!(p.device_family, Some(DeviceFamily::Tablet));
/// assert!(p.os.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ClientProperties {
    /// `.ClientProperties` when echoed by the server.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Application id (≤ 64 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Application version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    /// Set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Device family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_family: Option<DeviceFamily>,
    /// Operating system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<Os>,
    /// Operating system name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_name: Option<String>,
    /// Operating system version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// Integration kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    /// Integration version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_version: Option<String>,
    /// Browser (`CHROME`, `MOBILE_SAFARI`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// Browser version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_version: Option<String>,
    /// IANA time zone name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Device manufacturer, lp-messaging-sdk 1.5.4 spelling (UNCERTAIN which
    /// spelling UMS reads; the reference recommends sending this one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_manufacturer: Option<String>,
    /// Device manufacturer, schema spelling (accepted when reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_manufacture: Option<String>,
    /// Device model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_model: Option<String>,
    /// Announced client features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<ClientFeature>>,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

keeps_extra!(ClientProperties.extra);
