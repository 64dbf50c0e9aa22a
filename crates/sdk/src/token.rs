//! Caller-supplied brand token sources ([`TokenProvider`], the builder's
//! [`token_source`](crate::ConnectionBuilder::token_source)).

use std::sync::Arc;

use futures_util::future::BoxFuture;
use lpm_core::connection::{AgentSessionData, TokenSource};

/// A source of brand tokens for a connection (the JavaScript `tokenMaintainer` option): the
/// connection never logs in or refreshes itself, it asks the source whenever it needs a
/// token and tells it when it found the token invalid. [`crate::TokenMaintainer`] is one;
/// implement it to bring your own (e.g. a token shared between processes).
///
/// ```
/// use lp_messaging_sdk::lpm_core::connection::{AgentSessionData, Secret, TokenSource};
/// use lp_messaging_sdk::TokenProvider;
/// use futures_util::future::BoxFuture;
///
/// /// A bearer made elsewhere (no refresh: the owner keeps it alive).
/// struct Fixed(AgentSessionData);
///
/// impl TokenProvider for Fixed {
///     fn session(&self) -> BoxFuture<'_, Result<AgentSessionData, String>> {
///         Box::pin(async move { Ok(self.0.clone()) })
///     }
///     fn token_invalid(&self, source: TokenSource) {
///         eprintln!("token refused ({source:?})");
///     }
/// }
/// let source = Fixed(AgentSessionData { token: Secret::new("bearer"), user_id: Some("42".into()), ..Default::default() });
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// A valid session (`getToken()` and `getAuthSessionInfo()`): at least `token`, and
    /// `user_id` (the agent id is `{accountId}.{userId}`); wait until one exists. `Err` is
    /// a message without secrets; the connection retries on its back-off schedule.
    fn session(&self) -> BoxFuture<'_, Result<AgentSessionData, String>>;

    /// The connection found the token invalid (`onTokenInvalid(source)`); a
    /// [`session`](TokenProvider::session) call for a new one follows.
    fn token_invalid(&self, source: TokenSource);
}

/// A shared token source (`Debug` without its contents).
#[derive(Clone)]
pub(crate) struct SourceRef(pub(crate) Arc<dyn TokenProvider>);

impl core::fmt::Debug for SourceRef {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TokenProvider")
    }
}
