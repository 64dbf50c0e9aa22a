//! CSDS (domain discovery): service name → host, cached per service for 10 minutes.
//!
//! The account is fixed per client, so the cache key is the service name. Concurrent
//! look-ups of one service share one request.

use serde_json::Value;

use crate::io::{HttpId, HttpMethod, HttpRequest};
use crate::time::Time;
use crate::vec_map::VecMap;

/// How long a look-up stays valid (LivePerson's client: 10 minutes).
pub const CSDS_TTL_MS: u64 = 600_000;

/// Services the connection uses.
pub mod service {
    /// Consumer identity.
    pub const IDP: &str = "idp";
    /// Brand login.
    pub const AGENT_VEP: &str = "agentVep";
    /// Brand socket.
    pub const FACADE_MSG: &str = "facadeMsg";
    /// Consumer socket, shift status, message statistics.
    pub const ASYNC_MESSAGING_ENT: &str = "asyncMessagingEnt";
    /// File storage.
    pub const SWIFT: &str = "swift";
}

#[derive(Debug, Clone)]
struct Entry {
    host: String,
    expires: Time,
}

/// The cache.
#[derive(Debug, Default)]
pub(crate) struct Csds {
    entries: VecMap<String, Entry>,
    in_flight: VecMap<String, ()>,
}

impl Csds {
    /// The cached host of `service`, if still valid.
    pub(crate) fn host(&self, service: &str, now: Time) -> Option<&str> {
        self.entries
            .get(service)
            .filter(|e| e.expires > now)
            .map(|e| e.host.as_str())
    }

    /// Marks a look-up as started; `false` if one is already under way.
    pub(crate) fn begin(&mut self, service: &str) -> bool {
        self.in_flight.insert(service.to_owned(), ()).is_none()
    }

    /// Records an answer.
    pub(crate) fn store(&mut self, service: &str, host: String, now: Time) {
        self.in_flight.remove(service);
        self.entries.insert(
            service.to_owned(),
            Entry {
                host,
                expires: now.plus_ms(CSDS_TTL_MS),
            },
        );
    }

    /// Records a failed look-up.
    pub(crate) fn failed(&mut self, service: &str) {
        self.in_flight.remove(service);
    }

    /// Forgets all in-flight markers (a cancelled attempt).
    pub(crate) fn cancel_all(&mut self) {
        self.in_flight.clear();
    }
}

/// `{csds}/api/account/{acct}/service/{service}/baseURI.json?version=1.0`
pub(crate) fn lookup_url(csds_url: &str, account: &str, service: &str) -> String {
    format!("{csds_url}/api/account/{account}/service/{service}/baseURI.json?version=1.0")
}

/// The look-up request of `service` (no authentication).
pub(crate) fn lookup_request(
    id: HttpId,
    csds_url: &str,
    account: &str,
    service: &str,
) -> HttpRequest {
    HttpRequest {
        id,
        method: HttpMethod::Get,
        url: lookup_url(csds_url, account, service),
        headers: vec![("Accept".into(), "application/json".into())],
        body: vec![],
    }
}

/// Reads `baseURI` from a single-service answer (or the entry for `service` of an
/// all-services `baseURIs` answer).
pub(crate) fn parse_answer(body: &[u8], service: &str) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    if let Some(h) = v.get("baseURI").and_then(Value::as_str) {
        return Some(h.trim().trim_end_matches('/').to_owned()).filter(|h| !h.is_empty());
    }
    v.get("baseURIs")?
        .as_array()?
        .iter()
        .find(|e| e.get("service").and_then(Value::as_str) == Some(service))?
        .get("baseURI")?
        .as_str()
        .map(|h| h.trim().trim_end_matches('/').to_owned())
}

/// A host from CSDS as an origin: `https://host` (or `http://host` on plain setups). A
/// host that already carries a scheme is kept as it is.
pub(crate) fn origin(host: &str, plain: bool, websocket: bool) -> String {
    if host.contains("://") {
        return host.to_owned();
    }
    let scheme = match (plain, websocket) {
        (false, false) => "https",
        (false, true) => "wss",
        (true, false) => "http",
        (true, true) => "ws",
    };
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_answer_forms() {
        assert_eq!(
            parse_answer(
                br#"{"service":"idp","account":"1","baseURI":"va.idp.example:8080"}"#,
                "idp"
            )
            .as_deref(),
            Some("va.idp.example:8080")
        );
        assert_eq!(
            parse_answer(br#"{"baseURIs":[{"service":"idp","baseURI":"h"}]}"#, "idp").as_deref(),
            Some("h")
        );
        assert_eq!(parse_answer(b"nope", "idp"), None);
    }

    #[test]
    fn cache_expires() {
        let mut c = Csds::default();
        assert!(c.begin("idp"));
        assert!(!c.begin("idp"));
        c.store("idp", "h".into(), Time(0));
        assert_eq!(c.host("idp", Time(1)), Some("h"));
        assert_eq!(c.host("idp", Time(CSDS_TTL_MS)), None);
    }
}
