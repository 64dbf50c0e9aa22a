//! One websocket: connect (directly or through an HTTP `CONNECT` tunnel), then pump frames
//! between the network and the connection task.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use lpm_core::io::{SocketFailure, SocketId};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue, Uri};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message};

use super::Io;
use crate::proxy::{Proxy, ProxyScheme};

/// How long connecting (TCP, proxy, TLS, upgrade) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// What the connection task tells a socket.
#[derive(Debug)]
pub(crate) enum SocketOut {
    /// Send a text frame.
    Text(String),
    /// Close with this code and reason.
    Close(u16, String),
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}
type BoxStream = Box<dyn Stream>;

/// Everything needed to open a socket.
pub(crate) struct SocketSpec {
    pub(crate) id: SocketId,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) proxy: Option<Proxy>,
    pub(crate) plain_allowed: bool,
    pub(crate) tls: Result<std::sync::Arc<rustls::ClientConfig>, String>,
}

/// Runs one socket until it closes or the task drops `out`.
pub(crate) async fn run(
    spec: SocketSpec,
    mut out: mpsc::UnboundedReceiver<SocketOut>,
    io: mpsc::UnboundedSender<Io>,
) {
    let id = spec.id;
    let ws = match tokio::time::timeout(CONNECT_TIMEOUT, connect(&spec)).await {
        Ok(Ok(ws)) => ws,
        Ok(Err(f)) => {
            let _ = io.send(Io::SocketFailed(id, f));
            return;
        }
        Err(_) => {
            let _ = io.send(Io::SocketFailed(
                id,
                net("timed out connecting the websocket"),
            ));
            return;
        }
    };
    let _ = io.send(Io::SocketOpened(id));
    let (mut sink, mut stream) = ws.split();
    loop {
        tokio::select! {
            cmd = out.recv() => match cmd {
                Some(SocketOut::Text(t)) => {
                    if let Err(e) = sink.send(Message::text(t)).await {
                        let _ = io.send(Io::SocketClosed(id, 1006, e.to_string()));
                        return;
                    }
                }
                Some(SocketOut::Close(code, reason)) => {
                    let frame = CloseFrame { code: code.into(), reason: reason.into() };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    return;
                }
                None => {
                    let _ = sink.send(Message::Close(None)).await;
                    return;
                }
            },
            frame = stream.next() => match frame {
                Some(Ok(Message::Text(t))) => {
                    let _ = io.send(Io::SocketText(id, t.to_string()));
                }
                Some(Ok(Message::Close(cf))) => {
                    let (code, reason) = cf
                        .map(|f| (u16::from(f.code), f.reason.to_string()))
                        .unwrap_or((1005, String::new()));
                    let _ = io.send(Io::SocketClosed(id, code, reason));
                    return;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    let _ = io.send(Io::SocketClosed(id, 1006, e.to_string()));
                    return;
                }
                None => {
                    let _ = io.send(Io::SocketClosed(id, 1006, "connection ended".into()));
                    return;
                }
            }
        }
    }
}

fn net(message: impl Into<String>) -> SocketFailure {
    SocketFailure::Network {
        message: message.into(),
        certificate: false,
    }
}

/// A failed TLS handshake: permanent when the server's certificate was refused.
fn tls_failure(message: String, e: &std::io::Error) -> SocketFailure {
    SocketFailure::Network {
        message,
        certificate: super::tls::is_certificate_error(e),
    }
}

async fn connect(
    spec: &SocketSpec,
) -> Result<tokio_tungstenite::WebSocketStream<BoxStream>, SocketFailure> {
    let uri: Uri = spec
        .url
        .parse()
        .map_err(|_| net("the websocket URL is malformed"))?;
    let secure = match uri.scheme_str() {
        Some("wss") => true,
        Some("ws") if spec.plain_allowed => false,
        _ => {
            return Err(net(
                "refused a non-wss URL (plain ws is only used when the CSDS URL is http://)",
            ));
        }
    };
    let host = uri
        .host()
        .ok_or_else(|| net("the websocket URL has no host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });

    let stream: BoxStream = match &spec.proxy {
        None => Box::new(no_delay(
            TcpStream::connect((host.as_str(), port))
                .await
                .map_err(|e| net(format!("connect {host}:{port}: {e}")))?,
        )),
        Some(p) => tunnel(p, &host, port, &spec.tls).await?,
    };
    let stream: BoxStream = if secure {
        let cfg = spec.tls.clone().map_err(net)?;
        let name = rustls::pki_types::ServerName::try_from(host.clone())
            .map_err(|_| net("invalid TLS server name"))?;
        Box::new(
            tokio_rustls::TlsConnector::from(cfg)
                .connect(name, stream)
                .await
                .map_err(|e| tls_failure(format!("TLS with {host}: {e}"), &e))?,
        )
    } else {
        stream
    };

    let mut request = spec
        .url
        .as_str()
        .into_client_request()
        .map_err(|_| net("the websocket URL is malformed"))?;
    for (k, v) in &spec.headers {
        let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) else {
            return Err(net(format!("invalid upgrade header {k}")));
        };
        request.headers_mut().insert(k, v);
    }
    match tokio_tungstenite::client_async(request, stream).await {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::Error::Http(resp)) => Err(SocketFailure::UpgradeRefused {
            status: resp.status().as_u16(),
        }),
        Err(e) => Err(net(format!("websocket handshake: {e}"))),
    }
}

/// Turns Nagle's algorithm off: every frame is a small write that the peer answers, and Nagle
/// combined with delayed ACKs would hold each one for ~40 ms. A failure to set it costs only
/// latency, so it is ignored.
fn no_delay(tcp: TcpStream) -> TcpStream {
    let _ = tcp.set_nodelay(true);
    tcp
}

/// Opens an HTTP `CONNECT` tunnel to `host:port` through `proxy`.
async fn tunnel(
    proxy: &Proxy,
    host: &str,
    port: u16,
    tls: &Result<std::sync::Arc<rustls::ClientConfig>, String>,
) -> Result<BoxStream, SocketFailure> {
    let tcp = no_delay(
        TcpStream::connect((proxy.host.as_str(), proxy.port))
            .await
            .map_err(|e| net(format!("connect to proxy {}: {e}", proxy.url())))?,
    );
    let mut stream: BoxStream = match proxy.scheme {
        ProxyScheme::Http => Box::new(tcp),
        ProxyScheme::Https => {
            let cfg = tls.clone().map_err(net)?;
            let name = rustls::pki_types::ServerName::try_from(proxy.host.clone())
                .map_err(|_| net("invalid proxy TLS server name"))?;
            Box::new(
                tokio_rustls::TlsConnector::from(cfg)
                    .connect(name, tcp)
                    .await
                    .map_err(|e| tls_failure(format!("TLS with proxy: {e}"), &e))?,
            )
        }
    };
    let target = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut req = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some(auth) = proxy.authorization() {
        req.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    req.push_str("\r\n");
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| net(format!("proxy CONNECT: {e}")))?;
    // Read the proxy's answer byte by byte up to the blank line, so no tunnelled byte is lost.
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 {
            return Err(net("proxy CONNECT answer too long"));
        }
        let b = stream
            .read_u8()
            .await
            .map_err(|e| net(format!("proxy CONNECT: {e}")))?;
        head.push(b);
    }
    let text = String::from_utf8_lossy(&head);
    let status = text
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(0);
    if status != 200 {
        return Err(net(format!("proxy refused CONNECT with status {status}")));
    }
    Ok(stream)
}
