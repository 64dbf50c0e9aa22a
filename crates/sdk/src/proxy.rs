//! HTTP proxy configuration: per connection ([`ConnectionBuilder::proxy`](crate::ConnectionBuilder::proxy))
//! or process-wide ([`configure_proxy`], like the JavaScript SDK's `configureProxy`).
//!
//! HTTP requests go through the proxy as ordinary proxied requests (`CONNECT` for `https`);
//! websockets always tunnel with `CONNECT host:port`, and TLS to the messaging host is then
//! negotiated inside the tunnel, so the proxy never sees the traffic.
//!
//! `path` (the JavaScript SDK's `configureProxy({path})`, "appended to the URL") is appended to
//! the proxy's URL: `http://host:port/path`, the form LivePerson's SDK handed to its proxy
//! agent. An HTTP proxy is reached at `host:port` and takes requests by their absolute URL
//! (`GET http://target/…`) or a tunnel by `CONNECT target:port`, so the path shows in
//! [`Proxy::url`] but goes on no request line. `host` and `path` must not end with `/`
//! ([`ProxyError`], at [`configure_proxy`] and [`ConnectionBuilder::build`](crate::ConnectionBuilder::build)).

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

/// A proxy setting that cannot be used.
///
/// ```
/// use lp_messaging_sdk::{Proxy, ProxyError};
/// assert!(matches!(Proxy::new("p", 1).path("a/"), Err(ProxyError::PathEndsWithSlash(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProxyError {
    /// The host is empty.
    #[error("proxy host is empty")]
    EmptyHost,
    /// The host ends with `/` (give the host alone).
    #[error("proxy host {0:?} must not end with /")]
    HostEndsWithSlash(String),
    /// The path ends with `/`.
    #[error("proxy path {0:?} must not end with /")]
    PathEndsWithSlash(String),
    /// The path holds a character a URL path cannot (`?`, `#`, whitespace, control).
    #[error("proxy path {0:?} must be a plain URL path (no ?, #, spaces)")]
    InvalidPath(String),
}

impl From<ProxyError> for crate::Error {
    fn from(e: ProxyError) -> Self {
        crate::Error::Invalid(e.to_string())
    }
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
    /// Host name or address (must not end with `/`).
    pub host: String,
    /// Port.
    pub port: u16,
    /// `http` (default) or `https`.
    pub scheme: ProxyScheme,
    /// Basic authentication `(username, password)`.
    pub auth: Option<(String, Secret)>,
    /// Path appended to the proxy's URL, with its leading `/` (see the module docs).
    pub path: Option<String>,
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
            host: host.into(),
            port,
            scheme: ProxyScheme::Http,
            auth: None,
            path: None,
        }
    }

    /// Appends `path` to the proxy's URL (`configureProxy({path})`); a leading `/` is
    /// optional, a trailing one is an error, an empty path means none.
    ///
    /// ```
    /// let p = lp_messaging_sdk::Proxy::new("proxy", 8080).path("gateway/lp")?;
    /// assert_eq!(p.url(), "http://proxy:8080/gateway/lp");
    /// # Ok::<(), lp_messaging_sdk::ProxyError>(())
    /// ```
    pub fn path(mut self, path: impl Into<String>) -> Result<Proxy, ProxyError> {
        let path = path.into();
        self.path = match path.trim_start_matches('/') {
            "" if path.is_empty() => None,
            rest => Some(format!("/{rest}")),
        };
        self.validate()?;
        Ok(self)
    }

    /// Checks the rules of `configureProxy`: a host, and neither host nor path ending with `/`.
    ///
    /// ```
    /// use lp_messaging_sdk::{Proxy, ProxyError};
    /// assert_eq!(Proxy::new("p/", 1).validate(), Err(ProxyError::HostEndsWithSlash("p/".into())));
    /// assert!(Proxy::new("p", 1).validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<(), ProxyError> {
        if self.host.trim().is_empty() {
            return Err(ProxyError::EmptyHost);
        }
        if self.host.ends_with('/') {
            return Err(ProxyError::HostEndsWithSlash(self.host.clone()));
        }
        if let Some(p) = &self.path {
            if p.ends_with('/') {
                return Err(ProxyError::PathEndsWithSlash(p.clone()));
            }
            if p.chars()
                .any(|c| c == '?' || c == '#' || c.is_whitespace() || c.is_control())
            {
                return Err(ProxyError::InvalidPath(p.clone()));
            }
        }
        Ok(())
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
        let path = self.path.as_deref().unwrap_or_default();
        format!("{scheme}://{}:{}{path}", self.host, self.port)
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
/// through `proxy`, from the next request or socket on (`configureProxy`). An invalid
/// setting ([`Proxy::validate`]) is refused and changes nothing.
///
/// ```
/// use lp_messaging_sdk::{configure_proxy, reset_proxy, Proxy};
/// configure_proxy(Proxy::new("127.0.0.1", 3128))?;
/// assert!(configure_proxy(Proxy::new("127.0.0.1/", 3128)).is_err());
/// reset_proxy();
/// # Ok::<(), lp_messaging_sdk::ProxyError>(())
/// ```
pub fn configure_proxy(proxy: Proxy) -> Result<(), ProxyError> {
    proxy.validate()?;
    if let Ok(mut g) = GLOBAL.write() {
        *g = Some(proxy);
    }
    Ok(())
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
    /// The connection's own proxy, when it has one, checked.
    pub(crate) fn validate(&self) -> Result<(), ProxyError> {
        match self {
            ProxySetting::Use(p) => p.validate(),
            _ => Ok(()),
        }
    }

    /// The proxy in force now.
    pub(crate) fn resolve(&self) -> Option<Proxy> {
        match self {
            ProxySetting::Global => global_proxy(),
            ProxySetting::Use(p) => Some(p.clone()),
            ProxySetting::Direct => None,
        }
    }
}
