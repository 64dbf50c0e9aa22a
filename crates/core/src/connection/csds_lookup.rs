//! Stand-alone CSDS look-ups for any account (sdk-api §1.2 `CSDS`): `(account, service) →
//! host`, cached for 10 minutes, concurrent look-ups of one key sharing one request. The
//! request and the reading of its answer are the connection's ([`csds`] module). Driven
//! through [`Machine`](super::Machine) like the connection.

use std::collections::VecDeque;

use serde::Serialize;

use super::auth::error_details;
use super::csds::{self, CSDS_TTL_MS};
use super::errors::Error;
use super::options::{OptionsError, csds_location};
use crate::io::{HttpFailure, HttpId, HttpRequest, HttpResponse};
use crate::time::Time;
use crate::vec_map::VecMap;

/// Identifies one [`CsdsResolver::lookup`] call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LookupId(pub u64);

/// A look-up finished.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Resolved {
    /// The call.
    pub id: LookupId,
    /// The host (`baseURI`, no scheme), or why there is none.
    pub result: Result<String, Error>,
}

type Key = (String, String);

/// The look-up cache (`Default`: LivePerson's CSDS).
///
/// ```
/// use lpm_core::connection::csds_lookup::CsdsResolver;
/// use lpm_core::io::HttpResponse;
/// use lpm_core::time::Time;
///
/// let mut r = CsdsResolver::new(Some("http://127.0.0.1:9")).unwrap();
/// let a = r.lookup(Time(0), "123", "agentVep");
/// let b = r.lookup(Time(0), "123", "agentVep");
/// let req = r.poll_transmit().unwrap();
/// assert!(r.poll_transmit().is_none(), "one request for both");
/// let body = br#"{"baseURI":"vep.example"}"#.to_vec();
/// r.handle_http_response(Time(1), req.id, Ok(HttpResponse { status: 200, headers: vec![], body }));
/// let answers: Vec<_> = std::iter::from_fn(|| r.poll_event()).collect();
/// assert_eq!(answers.len(), 2);
/// assert_eq!(answers[0].id, a);
/// assert_eq!(answers[1].result.as_deref(), Ok("vep.example"));
/// # let _ = b;
/// ```
#[derive(Debug, Default)]
pub struct CsdsResolver {
    csds_url: Option<String>,
    entries: VecMap<Key, (String, Time)>,
    in_flight: VecMap<HttpId, Key>,
    waiting: VecMap<Key, Vec<LookupId>>,
    transmits: VecDeque<HttpRequest>,
    events: VecDeque<Resolved>,
    next_http: u64,
    next_lookup: u64,
}

impl CsdsResolver {
    /// A resolver asking `csds_url` (like the connection option `csdsUrl`), or LivePerson's
    /// CSDS for the account when `None`.
    pub fn new(csds_url: Option<&str>) -> Result<CsdsResolver, OptionsError> {
        let mut r = CsdsResolver::default();
        r.set_csds_url(csds_url)?;
        Ok(r)
    }

    /// Changes the CSDS location (the cache is kept: hosts do not depend on who answered).
    pub fn set_csds_url(&mut self, csds_url: Option<&str>) -> Result<(), OptionsError> {
        self.csds_url = match csds_url {
            Some(u) => Some(csds_location(Some(u), "")?),
            None => None,
        };
        Ok(())
    }

    /// The configured CSDS location, if any.
    pub fn csds_url(&self) -> Option<&str> {
        self.csds_url.as_deref()
    }

    /// `lookup(accountId, serviceName)`: answered with a [`Resolved`] event (at once when
    /// cached).
    pub fn lookup(&mut self, now: Time, account: &str, service: &str) -> LookupId {
        self.next_lookup += 1;
        let id = LookupId(self.next_lookup);
        let (account, service) = (account.trim(), service.trim());
        if account.is_empty() || service.is_empty() {
            self.events.push_back(Resolved {
                id,
                result: Err(Error::Invalid {
                    command: "CSDS.lookup".into(),
                    message: "accountId and serviceName are required".into(),
                }),
            });
            return id;
        }
        let key = (account.to_owned(), service.to_owned());
        if let Some((host, expires)) = self.entries.get(&key)
            && *expires > now
        {
            self.events.push_back(Resolved {
                id,
                result: Ok(host.clone()),
            });
            return id;
        }
        let waiters = self.waiting.get_or_insert_with(key.clone(), Vec::new);
        waiters.push(id);
        if waiters.len() == 1 {
            self.next_http += 1;
            let http = HttpId(self.next_http);
            let base = csds_location(self.csds_url.as_deref(), account)
                .unwrap_or_else(|_| super::options::DEFAULT_CSDS_URL.to_owned());
            self.transmits
                .push_back(csds::lookup_request(http, &base, account, service));
            self.in_flight.insert(http, key);
        }
        id
    }

    /// `clearCache()`: forget every cached host (look-ups under way still answer).
    pub fn clear_cache(&mut self) {
        self.entries.clear();
    }

    /// Next request to make.
    pub fn poll_transmit(&mut self) -> Option<HttpRequest> {
        self.transmits.pop_front()
    }

    /// Next finished look-up.
    pub fn poll_event(&mut self) -> Option<Resolved> {
        self.events.pop_front()
    }

    /// An HTTP exchange finished.
    pub fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        let Some(key) = self.in_flight.remove(&id) else {
            return;
        };
        let service = format!("CSDS {}", key.1);
        let result = match result {
            Ok(r) if (200..300).contains(&r.status) => csds::parse_answer(&r.body, &key.1)
                .ok_or_else(|| Error::Http {
                    service,
                    status: Some(r.status),
                    code: None,
                    message: "the answer has no baseURI".into(),
                }),
            Ok(r) => {
                let (message, code) = error_details(&r, &[]);
                Err(Error::Http {
                    service,
                    status: Some(r.status),
                    code,
                    message,
                })
            }
            Err(f) => Err(Error::no_response(service, &f, f.message.clone())),
        };
        if let Ok(h) = &result {
            self.entries
                .insert(key.clone(), (h.clone(), now.plus_ms(CSDS_TTL_MS)));
        }
        for id in self.waiting.remove(&key).unwrap_or_default() {
            self.events.push_back(Resolved {
                id,
                result: result.clone(),
            });
        }
    }
}
