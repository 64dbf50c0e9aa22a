//! HTTP proxy configuration: per connection ([`ConnectionBuilder::proxy`](crate::ConnectionBuilder::proxy))
//! or process-wide ([`configure_proxy`], like the JavaScript SDK's `configureProxy`).
//!
//! HTTP requests go through the proxy as ordinary proxied requests (`CONNECT` for `https`);
//! websockets always tunnel with `CONNECT host:port`, and TLS to the messaging host is then
//! negotiated inside the tunnel, so the proxy never sees the traffic.

use std::sync::RwLock;

use lpm_core::connection::Secret;

/// How the SDK talks to the proxy itself.
///
/// ```
/// use lp_messaging_sdk::{Proxy, ProxyScheme};
/// assert_eq!(Proxy::new("p", 1).scheme, ProxyScheme::Http);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyScheme {
    /// Plain HTTP to the proxy (the default).
    #[default]
    Http,
    /// TLS to the proxy.
    Https,
}

/// An HTTP proxy.
///
/// ```
/// use lp_messaging_sdk::Proxy;
/// let p = Proxy::new("proxy.example.com", 8080).basic_auth("user", "pass");
/// assert_eq!(p.url(), "http://proxy.example.com:8080");
/// assert!(!format!("{p:?}").contains("pass"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    /// Host name or address (no trailing `/`).
    pub host: String,
    /// Port.
    pub port: u16,
    /// `http` (default) or `https`.
    pub scheme: ProxyScheme,
    /// Basic authentication `(username, password)`.
    pub auth: Option<(String, Secret)>,
}

impl Proxy {
    /// A plain-HTTP proxy at `host:port` without authentication.
    ///
    /// ```
    /// let p = lp_messaging_sdk::Proxy::new("127.0.0.1", 3128);
    /// assert_eq!(p.port, 3128);
    /// ```
    pub fn new(host: impl Into<String>, port: u16) -> Proxy {
        Proxy {
            host: host.into().trim_end_matches('/').to_owned(),
            port,
            scheme: ProxyScheme::Http,
            auth: None,
        }
    }

    /// Talk TLS to the proxy.
    ///
    /// ```
    /// let p = lp_messaging_sdk::Proxy::new("proxy", 443).https();
    /// assert_eq!(p.url(), "https://proxy:443");
    /// ```
    pub fn https(mut self) -> Proxy {
        self.scheme = ProxyScheme::Https;
        self
    }

    /// Authenticate with HTTP basic authentication.
    ///
    /// ```
    /// let p = lp_messaging_sdk::Proxy::new("proxy", 8080).basic_auth("u", "p");
    /// assert!(p.auth.is_some());
    /// ```
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Proxy {
        self.auth = Some((username.into(), password.into()));
        self
    }

    /// The proxy's URL, without credentials.
    ///
    /// ```
    /// assert_eq!(lp_messaging_sdk::Proxy::new("p", 1).url(), "http://p:1");
    /// ```
    pub fn url(&self) -> String {
        let scheme = match self.scheme {
            ProxyScheme::Http => "http",
            ProxyScheme::Https => "https",
        };
        format!("{scheme}://{}:{}", self.host, self.port)
    }

    /// The `Proxy-Authorization` header value, if credentials are set.
    pub(crate) fn authorization(&self) -> Option<String> {
        use base64::Engine;
        self.auth.as_ref().map(|(u, p)| {
            let raw = format!("{u}:{}", p.expose());
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(raw)
            )
        })
    }
}

static GLOBAL: RwLock<Option<Proxy>> = RwLock::new(None);

/// Routes the HTTP and websocket traffic of every connection without its own proxy setting
/// through `proxy`, from the next request or socket on (`configureProxy`).
///
/// ```
/// use lp_messaging_sdk::{configure_proxy, reset_proxy, Proxy};
/// configure_proxy(Proxy::new("127.0.0.1", 3128));
/// reset_proxy();
/// ```
pub fn configure_proxy(proxy: Proxy) {
    if let Ok(mut g) = GLOBAL.write() {
        *g = Some(proxy);
    }
}

/// Removes the process-wide proxy (`resetProxy`).
///
/// ```
/// lp_messaging_sdk::reset_proxy();
/// ```
pub fn reset_proxy() {
    if let Ok(mut g) = GLOBAL.write() {
        *g = None;
    }
}

/// Alias of [`reset_proxy`] (`removeProxy`).
///
/// ```
/// lp_messaging_sdk::remove_proxy();
/// ```
pub fn remove_proxy() {
    reset_proxy();
}

/// The process-wide proxy, if one is configured.
///
/// ```
/// lp_messaging_sdk::reset_proxy();
/// assert!(lp_messaging_sdk::global_proxy().is_none());
/// ```
pub fn global_proxy() -> Option<Proxy> {
    GLOBAL.read().ok().and_then(|g| g.clone())
}

/// A connection's proxy choice.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum ProxySetting {
    /// Use the process-wide proxy, if any.
    #[default]
    Global,
    /// Use this proxy.
    Use(Proxy),
    /// Never use a proxy.
    Direct,
}

impl ProxySetting {
    /// The proxy in force now.
    pub(crate) fn resolve(&self) -> Option<Proxy> {
        match self {
            ProxySetting::Global => global_proxy(),
            ProxySetting::Use(p) => Some(p.clone()),
            ProxySetting::Direct => None,
        }
    }
}
