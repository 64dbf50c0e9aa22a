//! Skill shift status (rest-services.md §7): the request, the answer and the poll cadence,
//! shared by the connection (`pollShiftStatus`) and the stand-alone
//! [`ShiftStatusPoller`](crate::connection::poller::ShiftStatusPoller).

use serde_json::Value;

use super::rng::Rng;
use crate::io::{HttpId, HttpMethod, HttpRequest};

/// Shortest wait between two polls after the second (ms).
pub const POLL_MIN_MS: u64 = 54_000;
/// Random extra wait on top of [`POLL_MIN_MS`] (ms).
pub const POLL_JITTER_MS: u64 = 6_000;
/// The second poll comes a random 0–60 s after the first.
pub const FIRST_JITTER_MS: u64 = 60_000;

/// `GET {asyncMessagingEnt}/api/account/{acct}/shift-status` with the bearer.
pub(crate) fn request(
    id: HttpId,
    origin: &str,
    account: &str,
    bearer: Option<&str>,
) -> HttpRequest {
    let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    if let Some(b) = bearer {
        headers.push(("Authorization".into(), format!("Bearer {b}")));
    }
    HttpRequest {
        id,
        method: HttpMethod::Get,
        url: format!("{origin}/api/account/{account}/shift-status"),
        headers,
        body: vec![],
    }
}

/// The answer's list (`[{skillId, onShift, nextOn, nextOff}]`); `None` when the body is not
/// a JSON array.
pub(crate) fn parse(body: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_array)
}

/// Wait before the second poll.
pub(crate) fn first_wait(rng: &mut Rng) -> u64 {
    rng.below(FIRST_JITTER_MS).max(1)
}

/// Wait before every later poll.
pub(crate) fn next_wait(rng: &mut Rng) -> u64 {
    POLL_MIN_MS + rng.below(POLL_JITTER_MS)
}
