//! Skills and their working hours (sdk-api §12).

use serde::{Deserialize, Serialize};

/// One skill, shared by every conversation of the connection that is routed to it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    /// Skill id (`-1` = none).
    pub skill_id: String,
    /// From shift-status data: currently in working hours.
    pub on_shift: Option<bool>,
    /// Epoch ms when the next shift starts.
    pub next_on: Option<u64>,
    /// Epoch ms when the current shift ends.
    pub next_off: Option<u64>,
}

impl Skill {
    /// A skill with no shift data.
    pub fn new(skill_id: impl Into<String>) -> Skill {
        Skill {
            skill_id: skill_id.into(),
            ..Skill::default()
        }
    }

    /// `isInOffHours()`: not on shift and a next shift start is known.
    ///
    /// ```
    /// use lpm_core::model::Skill;
    /// let mut s = Skill::new("12");
    /// assert!(!s.is_in_off_hours());
    /// s.on_shift = Some(false);
    /// s.next_on = Some(1_700_000_000_000);
    /// assert!(s.is_in_off_hours());
    /// ```
    pub fn is_in_off_hours(&self) -> bool {
        self.on_shift == Some(false) && self.next_on.is_some()
    }
}

/// One record of the shift-status REST answer
/// (`[{skillId, onShift, nextOn, nextOff}]`), fed in by the connection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShiftStatus {
    /// Skill id (number or string on the wire).
    #[serde(deserialize_with = "super::ingest::wire::de_string_or_number")]
    pub skill_id: String,
    /// In working hours now.
    #[serde(default)]
    pub on_shift: bool,
    /// Next shift start (epoch ms).
    #[serde(default)]
    pub next_on: Option<u64>,
    /// Current shift end (epoch ms).
    #[serde(default)]
    pub next_off: Option<u64>,
}
