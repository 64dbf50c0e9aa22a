//! CPU time and resident memory of a process, from `/proc` (Linux): how the load generator
//! measures the local platform it started, separately from itself.

use std::time::Duration;

/// CPU time (user + system) process `pid` has used so far; `None` where `/proc` cannot tell
/// (another OS, or the process is gone).
///
/// ```no_run
/// let used = lpm::load::procstat::cpu_time(std::process::id());
/// ```
pub fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may contain spaces and parentheses: fields resume after the
    // last ')'. utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let after = stat.rsplit_once(')')?.1;
    let mut fields = after.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Resident memory of process `pid` in KiB (`VmRSS`), `None` where `/proc` cannot tell.
///
/// ```no_run
/// let kib = lpm::load::procstat::rss_kib(std::process::id());
/// ```
pub fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_cpu_time_and_memory() {
        let pid = std::process::id();
        // Burn a little CPU so that the tick counter has something to show on a fresh process.
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(x != 1);
        assert!(cpu_time(pid).is_some());
        assert!(rss_kib(pid).is_some_and(|kib| kib > 0));
    }

    #[test]
    fn a_missing_process_has_none() {
        assert_eq!(cpu_time(u32::MAX), None);
        assert_eq!(rss_kib(u32::MAX), None);
    }
}
