//! HTTP exchanges the core asks for, made with reqwest (rustls), optionally through a proxy.

use std::time::Duration;

use lpm_core::io::{HttpFailure, HttpMethod, HttpRequest, HttpResponse};

use crate::proxy::Proxy;

/// How long one exchange may take before it counts as failed.
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A reqwest client for one proxy choice, rebuilt when the choice changes.
pub(crate) struct HttpClients {
    current: Option<(Option<Proxy>, reqwest::Client)>,
    roots: super::tls::Roots,
}

impl HttpClients {
    /// Clients trusting these extra roots besides the Mozilla store.
    pub(crate) fn new(roots: super::tls::Roots) -> HttpClients {
        HttpClients {
            current: None,
            roots,
        }
    }

    /// The client for `proxy`.
    pub(crate) fn get(&mut self, proxy: Option<Proxy>) -> Result<reqwest::Client, String> {
        if let Some((p, c)) = &self.current
            && *p == proxy
        {
            return Ok(c.clone());
        }
        let mut b = reqwest::Client::builder()
            .timeout(HTTP_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none());
        for der in self.roots.iter() {
            let cert = reqwest::Certificate::from_der(der.as_ref())
                .map_err(|e| format!("root certificate: {e}"))?;
            b = b.add_root_certificate(cert);
        }
        b = match &proxy {
            Some(p) => {
                let mut rp = reqwest::Proxy::all(p.url()).map_err(|e| format!("proxy: {e}"))?;
                if let Some((u, pw)) = &p.auth {
                    rp = rp.basic_auth(u, pw.expose());
                }
                b.proxy(rp)
            }
            None => b.no_proxy(),
        };
        let client = b.build().map_err(|e| format!("HTTP client: {e}"))?;
        self.current = Some((proxy, client.clone()));
        Ok(client)
    }
}

/// A failure with its causes ("error sending request: client error (Connect): tcp connect
/// error: Connection refused"), since reqwest's own text names none of them. The URL (whose
/// query may carry a signature) is left out; the causes name at most a host and port.
fn failure(e: reqwest::Error) -> HttpFailure {
    let e = e.without_url();
    let certificate = super::tls::is_certificate_error(&e);
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        let part = c.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        cause = c.source();
    }
    if certificate {
        HttpFailure::certificate(text)
    } else {
        HttpFailure::new(text)
    }
}

/// Performs `req`; plain `http://` only when `plain_allowed`.
pub(crate) async fn perform(
    client: reqwest::Client,
    req: HttpRequest,
    plain_allowed: bool,
) -> Result<HttpResponse, HttpFailure> {
    let allowed =
        req.url.starts_with("https://") || (plain_allowed && req.url.starts_with("http://"));
    if !allowed {
        return Err(HttpFailure::new(
            "refused a non-https URL (plain http is only used when the CSDS URL is http://)",
        ));
    }
    let method = match req.method {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    };
    let mut rb = client.request(method, &req.url);
    for (k, v) in &req.headers {
        rb = rb.header(k, v);
    }
    if !req.body.is_empty()
        || matches!(
            req.method,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
        )
    {
        rb = rb.body(req.body);
    }
    let resp = rb.send().await.map_err(failure)?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| {
            v.to_str()
                .ok()
                .map(|v| (k.as_str().to_owned(), v.to_owned()))
        })
        .collect();
    let body = resp.bytes().await.map_err(failure)?.to_vec();
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}
