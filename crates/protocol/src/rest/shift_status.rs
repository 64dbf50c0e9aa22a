//! Skill shift status (`rest-services.md` §7): `GET /api/account/{acct}/shift-status` with
//! `Authorization: Bearer` → an array of [`SkillShiftStatus`].

use serde::{Deserialize, Serialize};

/// Whether a skill is inside its working hours, and when that changes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillShiftStatus {
    /// Skill id, as a string (compared with `conversationDetails.skillId`).
    pub skill_id: String,
    /// Inside working hours now.
    pub on_shift: bool,
    /// When the skill next goes on shift, epoch ms; `null` when it never does.
    pub next_on: Option<i64>,
    /// When the skill next goes off shift, epoch ms; `null` when it never does.
    pub next_off: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shift_status_round_trips_with_nulls() {
        let example = json!([
            {"skillId": "1001", "onShift": true, "nextOn": null, "nextOff": 1700000000000_i64},
            {"skillId": "1002", "onShift": false, "nextOn": 1700003600000_i64, "nextOff": null}
        ]);
        let parsed: Vec<SkillShiftStatus> =
            serde_json::from_value(example.clone()).expect("parses");
        assert!(parsed[0].on_shift);
        assert_eq!(parsed[1].next_on, Some(1_700_003_600_000));
        assert_eq!(serde_json::to_value(parsed).expect("json"), example);
    }
}
