//! Skill shift status (`rest-services.md` §7): `GET /api/account/{acct}/shift-status` with
//! `Authorization: Bearer` → `[{skillId, onShift, nextOn, nextOff}]`, one entry per configured
//! skill, fault kind `http:shift_status`.
//!
//! Working hours come from the configuration ([`crate::config::WorkingHours`], weekly windows in
//! UTC). A skill without working hours is always on shift (`nextOn` and `nextOff` null).
//! Otherwise `nextOn` / `nextOff` are the next instants (epoch ms) at which the skill turns on /
//! off shift, `null` when that never happens.

use super::time::{DAY_MS, weekday};
use super::{brand_session, fault};
use crate::config::{ShiftWindow, WorkingHours};
use crate::state::{AppState, lock};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use lpm_protocol::rest::shift_status::SkillShiftStatus;

const MINUTE_MS: i64 = 60_000;
const WEEK_MS: i64 = 7 * DAY_MS;

/// The shift-status route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/account/{account}/shift-status", get(shift_status))
}

/// `(onShift, nextOn, nextOff)` of a skill with these working hours at `now_ms`.
pub fn shift_at(hours: &[WorkingHours], now_ms: i64) -> (bool, Option<i64>, Option<i64>) {
    let windows: Vec<ShiftWindow> = hours.iter().filter_map(|h| h.window().ok()).collect();
    if windows.is_empty() {
        return (true, None, None);
    }
    // Monday 00:00 UTC of the current week.
    let week_start = now_ms.div_euclid(DAY_MS) * DAY_MS - i64::from(weekday(now_ms)) * DAY_MS;
    // Absolute intervals for last week, this week and the next two (windows may cross midnight,
    // and the next change may be a week away).
    let mut intervals = Vec::new();
    for week in -1..=2 {
        for w in &windows {
            for &day in &w.days {
                let start = week_start
                    + week * WEEK_MS
                    + i64::from(day) * DAY_MS
                    + i64::from(w.from_min) * MINUTE_MS;
                let mut end = week_start
                    + week * WEEK_MS
                    + i64::from(day) * DAY_MS
                    + i64::from(w.to_min) * MINUTE_MS;
                if end <= start {
                    end += DAY_MS;
                }
                intervals.push((start, end));
            }
        }
    }
    let on = |t: i64| intervals.iter().any(|&(s, e)| s <= t && t < e);
    let on_now = on(now_ms);
    let mut boundaries: Vec<i64> = intervals
        .iter()
        .flat_map(|&(s, e)| [s, e])
        .filter(|&b| b > now_ms && b <= now_ms + WEEK_MS + DAY_MS)
        .collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    let next_on = boundaries.iter().copied().find(|&b| on(b) && !on(b - 1));
    let next_off = boundaries.iter().copied().find(|&b| !on(b) && on(b - 1));
    (on_now, next_on, next_off)
}

async fn shift_status(
    State(state): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(response) = fault(&state, "shift_status").await {
        return response;
    }
    if let Err(e) = brand_session(&state, &account, &headers) {
        return e.respond(state.clock.now_ms());
    }
    let now = state.clock.now_ms();
    let mut skills: Vec<(String, Vec<WorkingHours>)> = {
        let mut directory = lock(&state.directory);
        match directory.account(&account) {
            Ok(account) => account
                .skills
                .values()
                .map(|s| (s.config.id.clone(), s.config.working_hours.clone()))
                .collect(),
            Err(_) => Vec::new(),
        }
    };
    skills.sort_by(|a, b| a.0.cmp(&b.0));
    let body: Vec<SkillShiftStatus> = skills
        .into_iter()
        .map(|(skill_id, hours)| {
            let (on_shift, next_on, next_off) = shift_at(&hours, now);
            SkillShiftStatus {
                skill_id,
                on_shift,
                next_on,
                next_off,
            }
        })
        .collect();
    Json(body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(days: &[&str], from: &str, to: &str) -> WorkingHours {
        WorkingHours {
            days: days.iter().map(|d| (*d).to_owned()).collect(),
            from: from.into(),
            to: to.into(),
        }
    }

    // 2023-11-13 is a Monday.
    const MONDAY: i64 = 1_699_833_600_000;
    const HOUR: i64 = 3_600_000;

    #[test]
    fn no_hours_is_always_on() {
        assert_eq!(shift_at(&[], MONDAY), (true, None, None));
    }

    #[test]
    fn weekday_office_hours() {
        let h = [hours(
            &["mon", "tue", "wed", "thu", "fri"],
            "09:00",
            "17:00",
        )];
        // Monday 10:00: on, off at 17:00, on again Tuesday 09:00.
        assert_eq!(
            shift_at(&h, MONDAY + 10 * HOUR),
            (true, Some(MONDAY + 33 * HOUR), Some(MONDAY + 17 * HOUR))
        );
        // Monday 08:00: off, on at 09:00.
        assert_eq!(
            shift_at(&h, MONDAY + 8 * HOUR),
            (false, Some(MONDAY + 9 * HOUR), Some(MONDAY + 17 * HOUR))
        );
        // Friday 18:00: next on is Monday 09:00.
        let friday_evening = MONDAY + 4 * DAY_MS + 18 * HOUR;
        let (on, next_on, _) = shift_at(&h, friday_evening);
        assert!(!on);
        assert_eq!(next_on, Some(MONDAY + WEEK_MS + 9 * HOUR));
    }

    #[test]
    fn overnight_and_round_the_clock() {
        let night = [hours(&["sun"], "22:00", "06:00")];
        // Monday 01:00 is inside Sunday's night shift.
        let (on, _, off) = shift_at(&night, MONDAY + HOUR);
        assert!(on);
        assert_eq!(off, Some(MONDAY + 6 * HOUR));
        let always = [hours(
            &["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "00:00",
            "24:00",
        )];
        assert_eq!(shift_at(&always, MONDAY + HOUR), (true, None, None));
    }
}
