//! [`csds_lookup`]: the process-wide CSDS cache (sdk-api §1.2 `CSDS`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use lpm_core::connection::Error as CoreError;
use lpm_core::connection::csds_lookup::{CsdsResolver, LookupId};
use tokio::sync::oneshot;

use super::runner::lock;
use crate::driver::{clock, http};
use crate::error::{Error, Result};
use crate::options::CSDS_URL_ENV;
use crate::proxy::ProxySetting;

type Reply = oneshot::Sender<std::result::Result<String, CoreError>>;

struct Cache {
    resolver: CsdsResolver,
    waiters: HashMap<LookupId, Reply>,
    http: http::HttpClients,
}

fn cache() -> &'static Arc<Mutex<Cache>> {
    static CACHE: OnceLock<Arc<Mutex<Cache>>> = OnceLock::new();
    CACHE.get_or_init(|| {
        let env = std::env::var(CSDS_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        // A bad $LPM_CSDS_URL falls back to LivePerson's CSDS (connections report it).
        let resolver = CsdsResolver::new(env.as_deref()).unwrap_or_default();
        Arc::new(Mutex::new(Cache {
            resolver,
            waiters: HashMap::new(),
            http: http::HttpClients::new(Arc::new(Vec::new())),
        }))
    })
}

/// `CSDS.lookup(accountId, serviceName)`: the host of a service of an account
/// (`va.agentvep.liveperson.net`, no scheme), from a process-wide cache (10 minutes;
/// concurrent look-ups of one key share one request). The CSDS location is `$LPM_CSDS_URL`
/// or LivePerson's, or what [`set_csds_url`] set.
///
/// ```no_run
/// # async fn demo() -> lp_messaging_sdk::Result<()> {
/// let host = lp_messaging_sdk::csds_lookup("12345678", "agentVep").await?;
/// # Ok(()) }
/// ```
pub async fn csds_lookup(account_id: &str, service: &str) -> Result<String> {
    let (tx, rx) = oneshot::channel();
    {
        let mut c = lock(cache());
        let id = c.resolver.lookup(clock::now(), account_id, service);
        c.waiters.insert(id, tx);
        drive(&mut c);
    }
    match rx.await {
        Ok(Ok(host)) => Ok(host),
        Ok(Err(source)) => Err(Error::Command {
            operation: "CSDS.lookup",
            source,
        }),
        Err(_) => Err(Error::DriverGone),
    }
}

/// `CSDS.clearCache()`.
///
/// ```
/// lp_messaging_sdk::csds_clear_cache();
/// ```
pub fn csds_clear_cache() {
    lock(cache()).resolver.clear_cache();
}

/// Sets the CSDS location of [`csds_lookup`] (`None`: LivePerson's).
///
/// ```
/// lp_messaging_sdk::set_csds_url(Some("http://127.0.0.1:7400")).unwrap();
/// # lp_messaging_sdk::set_csds_url(None).unwrap();
/// ```
pub fn set_csds_url(csds_url: Option<&str>) -> Result<()> {
    lock(cache())
        .resolver
        .set_csds_url(csds_url)
        .map_err(|e| Error::Options(e.to_string()))
}

/// Does the requests the resolver asks for and settles finished look-ups.
fn drive(c: &mut Cache) {
    while let Some(e) = c.resolver.poll_event() {
        if let Some(tx) = c.waiters.remove(&e.id) {
            let _ = tx.send(e.result);
        }
    }
    let plain = c
        .resolver
        .csds_url()
        .is_some_and(|u| u.starts_with("http://"));
    while let Some(req) = c.resolver.poll_transmit() {
        let id = req.id;
        let client = c.http.get(ProxySetting::Global.resolve());
        tokio::spawn(async move {
            let r = match client {
                Ok(client) => http::perform(client, req, plain).await,
                Err(e) => Err(lpm_core::io::HttpFailure::new(e)),
            };
            let mut c = lock(cache());
            c.resolver.handle_http_response(clock::now(), id, r);
            drive(&mut c);
        });
    }
}
