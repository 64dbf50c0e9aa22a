//! The bot's CSDS: the platform's own answers, with the fault proxy's `host:port` in place of
//! the platform's, so that every REST call and the socket of the bot go through the proxy while
//! the consumers, pointed at the platform's CSDS, stay direct.
//!
//! It forwards each request to the platform (so `http:csds` faults still reach the bot) and
//! rewrites the answer's host; nothing else changes.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Clone)]
struct Target {
    platform: String,
    proxy_host: String,
    http: reqwest::Client,
}

/// A running CSDS rewriter.
///
/// # Example
///
/// ```ignore
/// let csds = CsdsRewriter::start(platform.addr(), proxy.addr()).await?;
/// // give the bot LPM_CSDS_URL = csds.url()
/// ```
pub struct CsdsRewriter {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl CsdsRewriter {
    /// Serves on a free loopback port: answers of the platform at `platform`, naming `proxy`.
    pub async fn start(platform: SocketAddr, proxy: SocketAddr) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((platform.ip(), 0)).await?;
        let addr = listener.local_addr()?;
        let target = Target {
            platform: platform.to_string(),
            proxy_host: proxy.to_string(),
            http: reqwest::Client::builder()
                .no_proxy()
                .build()
                .map_err(std::io::Error::other)?,
        };
        let app = Router::new().fallback(forward).with_state(target);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { addr, task })
    }

    /// The CSDS URL to give the bot.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for CsdsRewriter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(State(t): State<Target>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let answer = match t
        .http
        .get(format!("http://{}{path}", t.platform))
        .send()
        .await
    {
        Ok(a) => a,
        Err(_) => return StatusCode::BAD_GATEWAY.into_response(),
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    let body = answer.text().await.unwrap_or_default();
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        body.replace(&t.platform, &t.proxy_host),
    )
        .into_response()
}
