//! [`csds_lookup`]: the process-wide CSDS cache (sdk-api §1.2 `CSDS`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use lpm_core::connection::Error as CoreError;
use lpm_core::connection::Output;
use lpm_core::connection::csds_lookup::{CsdsResolver, LookupId};
use tokio::sync::oneshot;

use crate::driver::output::{self, Performer};
use crate::driver::{clock, lock};
use crate::error::{Error, Result};
use crate::options::CSDS_URL_ENV;
use crate::proxy::ProxySetting;

type Reply = oneshot::Sender<std::result::Result<String, CoreError>>;

/// The process-wide cache. No task of its own (a lookup may come from any tokio runtime, and
/// a task would die with the first one): every input drains the resolver on the caller's
/// runtime, and HTTP answers are fed from the task that made the request.
///
/// Lock order: `resolver`, then `waiters`; the drain holds neither while handling an output.
struct Cache {
    resolver: Mutex<CsdsResolver>,
    waiters: Mutex<HashMap<LookupId, Reply>>,
    io: Mutex<Performer>,
}

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| {
        let env = std::env::var(CSDS_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        // A bad $LPM_CSDS_URL falls back to LivePerson's CSDS (connections report it).
        let resolver = CsdsResolver::new(env.as_deref()).unwrap_or_default();
        Cache {
            resolver: Mutex::new(resolver),
            waiters: Mutex::new(HashMap::new()),
            io: Mutex::new(Performer::new(
                Arc::new(Vec::new()),
                ProxySetting::Global,
                false,
                None,
            )),
        }
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
        let c = cache();
        let mut resolver = lock(&c.resolver);
        let id = resolver.lookup(clock::now(), account_id, service);
        // Registered before the resolver is let go: a drain elsewhere may poll the answer
        // right after.
        lock(&c.waiters).insert(id, tx);
    }
    drive();
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
    lock(&cache().resolver).clear_cache();
}

/// Sets the CSDS location of [`csds_lookup`] (`None`: LivePerson's).
///
/// ```
/// lp_messaging_sdk::set_csds_url(Some("http://127.0.0.1:7400")).unwrap();
/// # lp_messaging_sdk::set_csds_url(None).unwrap();
/// ```
pub fn set_csds_url(csds_url: Option<&str>) -> Result<()> {
    lock(&cache().resolver)
        .set_csds_url(csds_url)
        .map_err(|e| Error::Options(e.to_string()))
}

/// Does the requests the resolver asks for and settles finished look-ups.
fn drive() {
    let c = cache();
    let plain = lock(&c.resolver)
        .csds_url()
        .is_some_and(|u| u.starts_with("http://"));
    lock(&c.io).plain = plain;
    output::drain(&c.resolver, |out| match out {
        Output::Event(e) => {
            if let Some(tx) = lock(&c.waiters).remove(&e.id) {
                let _ = tx.send(e.result);
            }
        }
        Output::Transmit(t) => {
            let report = |d: output::Done| {
                d.feed(&mut *lock(&cache().resolver), clock::now());
                drive();
            };
            // The resolver makes HTTP requests only: nothing comes back.
            let _ = lock(&c.io).perform(t, report);
        }
    });
}
