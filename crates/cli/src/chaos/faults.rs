//! The fault schedule: proxy faults (reset, close, stall) mixed with the platform's test controls
//! (socket closes, bearer revocation and expiry, 500s on login and CSDS, delayed answers, the
//! clock moved forward), every one aimed at the bot.

use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde_json::{Value, json};

use super::proxy::{FaultProxy, ProxyFault};

/// One kind of fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum FaultKind {
    /// The proxy resets the bot's connections (abrupt TCP close).
    ProxyReset,
    /// The proxy closes them with a FIN and no close frame.
    ProxyClose,
    /// The proxy forwards nothing for 3 s.
    ProxyStall,
    /// The platform closes the bot's socket with 1011.
    Close1011,
    /// The bot's bearer is revoked: its socket closes with 4401 and its REST calls answer 401.
    Revoke4401,
    /// The bot's bearer expires (close 4407).
    Expire4407,
    /// The next login answers 500, then the bearer is revoked so that a login follows.
    Login500,
    /// The next CSDS answer is a 500, then the socket closes (1011) so that a lookup may follow.
    Csds500,
    /// The next `ms.PublishEvent` answer comes 1.5 s late.
    DelayPublish,
    /// The platform clock moves 90 s forward.
    Clock,
}

impl FaultKind {
    /// Every kind, in a fixed order.
    pub const ALL: [FaultKind; 10] = [
        FaultKind::ProxyReset,
        FaultKind::Close1011,
        FaultKind::Revoke4401,
        FaultKind::ProxyClose,
        FaultKind::DelayPublish,
        FaultKind::Expire4407,
        FaultKind::ProxyStall,
        FaultKind::Login500,
        FaultKind::Clock,
        FaultKind::Csds500,
    ];

    /// A short name for the report.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::ProxyReset => "proxy reset (abrupt TCP close)",
            FaultKind::ProxyClose => "proxy close (FIN, no close frame)",
            FaultKind::ProxyStall => "proxy stall 3 s",
            FaultKind::Close1011 => "socket close 1011",
            FaultKind::Revoke4401 => "bearer revoked (4401)",
            FaultKind::Expire4407 => "bearer expired (4407)",
            FaultKind::Login500 => "login 500 + revoke",
            FaultKind::Csds500 => "CSDS 500 + close 1011",
            FaultKind::DelayPublish => "PublishEvent delayed 1.5 s",
            FaultKind::Clock => "clock +90 s",
        }
    }
}

/// `count` faults of `kinds` (every kind when empty): each kind in turn, each round shuffled
/// by `seed`.
///
/// ```ignore
/// let plan = schedule(10, 7, &[]);
/// assert_eq!(plan.len(), 10);
/// ```
pub fn schedule(count: usize, seed: u64, kinds: &[FaultKind]) -> Vec<FaultKind> {
    let kinds = if kinds.is_empty() {
        &FaultKind::ALL[..]
    } else {
        kinds
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let mut round = kinds.to_vec();
        round.shuffle(&mut rng);
        out.extend(round.iter().take(count - out.len()));
    }
    out
}

/// Why a fault could not be injected.
#[derive(Debug, thiserror::Error)]
pub enum InjectError {
    /// A control call failed.
    #[error("control {path}: {message}")]
    Control {
        /// The control's path.
        path: String,
        /// What went wrong (no secrets: controls carry none back into errors).
        message: String,
    },
}

/// Injects faults into the platform (through its `/_lpm` controls) and the proxy.
pub struct Injector<'a> {
    pub platform_url: String,
    pub account: String,
    pub proxy: &'a FaultProxy,
    pub http: reqwest::Client,
}

impl Injector<'_> {
    async fn control(&self, path: &str, body: Value) -> Result<Value, InjectError> {
        let err = |message: String| InjectError::Control {
            path: path.to_owned(),
            message,
        };
        let url = format!("{}/_lpm{path}", self.platform_url);
        let answer = if body.is_null() {
            self.http.get(url).send().await
        } else {
            self.http.post(url).json(&body).send().await
        }
        .map_err(|e| err(e.without_url().to_string()))?;
        let status = answer.status();
        // 404 is "nothing matched" (the bot was between sockets or sessions): not a failure.
        if !status.is_success() && status.as_u16() != 404 {
            return Err(err(format!("status {status}")));
        }
        Ok(answer.json().await.unwrap_or(Value::Null))
    }

    async fn close_bot_socket(&self, code: u16) -> Result<(), InjectError> {
        self.control(
            "/ums/sockets/close",
            json!({"code": code, "reason": "chaos", "account": self.account, "side": "brand"}),
        )
        .await
        .map(drop)
    }

    /// Kills every live brand session of the account (`revoke` or `expire`).
    async fn end_sessions(&self, how: &str) -> Result<(), InjectError> {
        let sessions = self
            .control(
                &format!("/tokens/brand/sessions?account={}", self.account),
                Value::Null,
            )
            .await?;
        for s in sessions.as_array().into_iter().flatten() {
            if let Some(bearer) = s.get("bearer").and_then(Value::as_str) {
                self.control(&format!("/tokens/brand/{how}"), json!({"bearer": bearer}))
                    .await?;
            }
        }
        Ok(())
    }

    /// Injects one fault.
    pub async fn inject(&self, kind: FaultKind) -> Result<(), InjectError> {
        match kind {
            FaultKind::ProxyReset => {
                self.proxy.inject(ProxyFault::Reset);
            }
            FaultKind::ProxyClose => {
                self.proxy.inject(ProxyFault::Close);
            }
            FaultKind::ProxyStall => {
                self.proxy.inject(ProxyFault::Stall(Duration::from_secs(3)));
            }
            FaultKind::Close1011 => self.close_bot_socket(1011).await?,
            FaultKind::Revoke4401 => self.end_sessions("revoke").await?,
            FaultKind::Expire4407 => self.end_sessions("expire").await?,
            FaultKind::Login500 => {
                self.control(
                    "/faults",
                    json!({"kind": "http:login", "status": 500,
                           "body": {"error": "LeLogin1 failed - invalid url received from app server"}}),
                )
                .await?;
                self.end_sessions("revoke").await?;
            }
            FaultKind::Csds500 => {
                self.control("/faults", json!({"kind": "http:csds", "status": 500}))
                    .await?;
                self.close_bot_socket(1011).await?;
            }
            FaultKind::DelayPublish => {
                self.control(
                    "/faults",
                    json!({"kind": "ums:ms.PublishEvent", "delayMs": 1500}),
                )
                .await?;
            }
            FaultKind::Clock => {
                self.control("/clock/advance", json!({"ms": 90_000}))
                    .await?;
            }
        }
        Ok(())
    }

    /// Drops faults still queued (a 500 nobody asked for yet), so the final checks see a quiet
    /// platform.
    pub async fn clear(&self) -> Result<(), InjectError> {
        let url = format!("{}/_lpm/faults", self.platform_url);
        self.http
            .delete(url)
            .send()
            .await
            .map_err(|e| InjectError::Control {
                path: "/faults".into(),
                message: e.without_url().to_string(),
            })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_covers_every_kind_and_follows_the_seed() {
        let plan = schedule(25, 3, &[]);
        assert_eq!(plan.len(), 25);
        let mut first: Vec<_> = plan[..10].to_vec();
        first.sort();
        first.dedup();
        assert_eq!(first.len(), FaultKind::ALL.len());
        assert_eq!(schedule(25, 3, &[]), plan);
        assert_ne!(schedule(25, 4, &[]), plan);
    }
}
