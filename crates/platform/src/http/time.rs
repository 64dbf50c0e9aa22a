//! Calendar arithmetic on epoch milliseconds (UTC) without a date library: the agentVep error
//! time stamp and the weekday maths of shift status need only this much.

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// `(year, month 1–12, day 1–31)` of a day number counted from 1970-01-01.
/// Howard Hinnant's `civil_from_days`, valid for the whole `i64` day range we use.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Day of the week of an instant, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
pub fn weekday(ms: i64) -> u32 {
    (ms.div_euclid(DAY_MS) + 3).rem_euclid(7) as u32
}

/// The instant's time in the `time` field of agentVep errors, in UTC:
/// `Sep 22, 2016 4:10:15 PM` (`auth.md` §4.2).
pub fn lp_error_time(ms: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let secs = ms.rem_euclid(DAY_MS) / 1000;
    let (h, min, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    let month = MONTHS[(m as usize).saturating_sub(1) % 12];
    format!("{month} {d}, {y} {h12}:{min:02}:{s:02} {ampm}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_reference_example() {
        // 2016-09-22T16:10:15Z
        assert_eq!(lp_error_time(1_474_560_615_000), "Sep 22, 2016 4:10:15 PM");
        assert_eq!(lp_error_time(0), "Jan 1, 1970 12:00:00 AM");
        assert_eq!(lp_error_time(43_200_000), "Jan 1, 1970 12:00:00 PM");
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday(0), 3, "1970-01-01 was a Thursday");
        assert_eq!(weekday(1_474_560_615_000), 3, "2016-09-22 was a Thursday");
        assert_eq!(weekday(1_700_000_000_000), 1, "2023-11-14 was a Tuesday");
        assert_eq!(civil_from_days(19_675), (2023, 11, 14));
    }
}
