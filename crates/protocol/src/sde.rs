//! Engagement attributes (SDEs) in profiles and JWT claims
//! (`content-types.md` §7, `conversation-model.md` §11).

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::common::Extra;

wire_enum! {
    /// `personal.gender`.
    pub enum Gender {
        /// `MALE`
        Male = "MALE",
        /// `FEMALE`
        Female = "FEMALE",
        /// `OTHER`
        Other = "OTHER",
    }
}

/// A `{day, month, year}` date.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SdeDate {
    /// Day of month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<i64>,
    /// Year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ctmrinfo.info`: customer information.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInfoFields {
    /// Customer status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cstatus: Option<String>,
    /// Customer type (e.g. `vip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctype: Option<String>,
    /// Customer id (JWT `sub` maps here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Balance (exact JSON number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Number>,
    /// Social id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_id: Option<String>,
    /// Device IMEI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imei: Option<String>,
    /// User name (JWT `preferred_username` maps here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Company size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_size: Option<Number>,
    /// Account name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Company branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_branch: Option<String>,
    /// Last payment date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_payment_date: Option<SdeDate>,
    /// Registration date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_date: Option<SdeDate>,
    /// Login status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_status: Option<Value>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `personal.age`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Age {
    /// Age in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<i64>,
    /// Birth year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// Birth month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<i64>,
    /// Birth day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `personal.contacts`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Contact {
    /// E-mail (JWT `email` maps here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone (JWT `phone_number` maps here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `personal.personal`: personal information.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PersonalInfoFields {
    /// First name (JWT `given_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    /// Last name (JWT `family_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Language tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<Age>,
    /// Contacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<Contact>>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `ctmrinfo` SDE.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerInfo {
    /// The information.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub info: CustomerInfoFields,
    /// `{"amr":[…],"iss":…}` on SDEs from authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Value>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `personal` SDE.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PersonalInfo {
    /// The information.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub personal: PersonalInfoFields,
    /// `{"amr":[…],"iss":…}` on SDEs from authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Value>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// One engagement attribute, discriminated by `type`; other SDE types
    /// are kept as JSON.
    ///
    /// ```
    /// use lpm_protocol::sde::{Gender, Sde};
    /// let s: Sde = serde_json::from_str(
    ///     r#"{"type":"personal","personal":{"firstname":"Jane","gender":"FEMALE"}}"#,
    /// ).unwrap();
    /// assert!(matches!(&s, Sde::Personal(p) if p.personal.gender == Some(Gender::Female)));
    /// ```
    pub enum Sde (tag = "type") {
        /// `ctmrinfo`
        CustomerInfo(CustomerInfo) = "ctmrinfo",
        /// `personal`
        Personal(PersonalInfo) = "personal",
    }
}
