//! A TCP fault proxy: forwards every connection to the platform byte for byte, and on command
//! resets them (RST, no close frame), closes them (FIN, no close frame) or stalls them.
//!
//! It works below HTTP and websockets on purpose: what it breaks is what a network breaks, so
//! the SDK sees the same thing it would see from a lost route or a dead load balancer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;

/// What the proxy does to every connection open at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyFault {
    /// Abort both sides with a TCP reset: no websocket close frame, no FIN.
    Reset,
    /// Close both sides with a FIN but no websocket close frame (a half-dead peer).
    Close,
    /// Forward nothing, either way, for this long.
    Stall(Duration),
}

/// A running proxy from a loopback port to `upstream`.
///
/// # Example
///
/// ```ignore
/// # async fn demo(platform: std::net::SocketAddr) -> std::io::Result<()> {
/// let proxy = lpm::chaos::proxy::FaultProxy::start(platform).await?;
/// // point a client at proxy.addr(), then break its connections:
/// let hit = proxy.inject(lpm::chaos::proxy::ProxyFault::Reset);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    faults: broadcast::Sender<ProxyFault>,
    live: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> std::io::Result<Self> {
        let listener = TcpListener::bind((upstream.ip(), 0)).await?;
        let addr = listener.local_addr()?;
        let (faults, _) = broadcast::channel(64);
        let live = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(accept_loop(
            listener,
            upstream,
            faults.clone(),
            live.clone(),
        ));
        Ok(Self {
            addr,
            faults,
            live,
            task,
        })
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Applies `fault` to every open connection; returns how many it reached.
    pub fn inject(&self, fault: ProxyFault) -> usize {
        let open = self.live.load(Ordering::SeqCst);
        let _ = self.faults.send(fault);
        open
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(
    listener: TcpListener,
    upstream: SocketAddr,
    faults: broadcast::Sender<ProxyFault>,
    live: Arc<AtomicUsize>,
) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            // Out of descriptors or the like: wait instead of spinning.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let rx = faults.subscribe();
        let live = live.clone();
        tokio::spawn(async move {
            let Ok(server) = TcpStream::connect(upstream).await else {
                return;
            };
            let _ = client.set_nodelay(true);
            let _ = server.set_nodelay(true);
            live.fetch_add(1, Ordering::SeqCst);
            pipe(client, server, rx).await;
            live.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Forwards both ways until either side closes or a reset/close fault arrives.
async fn pipe(
    mut client: TcpStream,
    mut server: TcpStream,
    mut faults: broadcast::Receiver<ProxyFault>,
) {
    let mut up = vec![0u8; 16 * 1024];
    let mut down = vec![0u8; 16 * 1024];
    loop {
        tokio::select! {
            fault = faults.recv() => match fault {
                Ok(ProxyFault::Reset) => {
                    // A zero linger turns the close below into a RST.
                    for s in [&client, &server] {
                        let _ = s.set_zero_linger();
                    }
                    return;
                }
                Ok(ProxyFault::Close) => return,
                Ok(ProxyFault::Stall(d)) => tokio::time::sleep(d).await,
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            },
            n = client.read(&mut up) => match n {
                Ok(n) if n > 0 => {
                    if server.write_all(&up[..n]).await.is_err() {
                        return;
                    }
                }
                _ => return,
            },
            n = server.read(&mut down) => match n {
                Ok(n) if n > 0 => {
                    if client.write_all(&down[..n]).await.is_err() {
                        return;
                    }
                }
                _ => return,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An echo server behind the proxy: bytes go through; a reset reaches the client as an error
    /// or EOF; a stall holds bytes back until it ends.
    #[tokio::test]
    async fn forwards_resets_and_stalls() {
        let echo = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let upstream = echo.local_addr().expect("addr");
        tokio::spawn(async move {
            while let Ok((mut s, _)) = echo.accept().await {
                tokio::spawn(async move {
                    let mut b = [0u8; 64];
                    while let Ok(n) = s.read(&mut b).await {
                        if n == 0 || s.write_all(&b[..n]).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        let proxy = FaultProxy::start(upstream).await.expect("proxy");
        let mut c = TcpStream::connect(proxy.addr()).await.expect("connect");
        c.write_all(b"ping").await.expect("write");
        let mut b = [0u8; 4];
        c.read_exact(&mut b).await.expect("echo");
        assert_eq!(&b, b"ping");

        assert_eq!(
            proxy.inject(ProxyFault::Stall(Duration::from_millis(300))),
            1
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        let t = std::time::Instant::now();
        c.write_all(b"late").await.expect("write");
        c.read_exact(&mut b).await.expect("echo after the stall");
        assert!(
            t.elapsed() >= Duration::from_millis(200),
            "{:?}",
            t.elapsed()
        );

        proxy.inject(ProxyFault::Reset);
        let mut rest = [0u8; 8];
        let r = tokio::time::timeout(Duration::from_secs(5), c.read(&mut rest))
            .await
            .expect("the reset is seen");
        assert!(matches!(r, Ok(0) | Err(_)), "{r:?}");
    }
}
