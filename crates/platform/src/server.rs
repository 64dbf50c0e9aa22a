//! Binding, serving (plain or TLS) and stopping the platform.

use crate::config::PlatformConfig;
use crate::directory::Directory;
use crate::state::{AppState, Shared, lock};
use crate::store::restore::{self, Restored};
use crate::store::{Durable, Row, kind, shared};
use crate::tokens::Tokens;
use crate::{clock::Clock, controls, faults::Faults, http, ids::Ids, tls, ums};
use axum::Router;
use axum::serve::ListenerExt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

/// How to start a platform. The default: dev mode, plain HTTP on a free loopback port.
#[derive(Debug, Clone)]
pub struct PlatformOptions {
    /// Address to listen on.
    pub ip: IpAddr,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Serve HTTPS/WSS with a generated self-signed certificate.
    pub tls: bool,
    /// Where to write that certificate (PEM); a file in the temp directory when `None`.
    pub cert_path: Option<PathBuf>,
    /// Strict mode with these accounts; dev mode when `None`.
    pub config: Option<PlatformConfig>,
    /// Seed for identifiers, for reproducible runs.
    pub seed: Option<u64>,
    /// Keep the platform's state in `DIR/platform.sqlite3` and start from what an earlier run
    /// left there ([`crate::store`]); in memory only when `None`.
    pub data: Option<PathBuf>,
}

impl Default for PlatformOptions {
    fn default() -> Self {
        Self {
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            tls: false,
            cert_path: None,
            config: None,
            seed: None,
            data: None,
        }
    }
}

/// Why the platform could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The address could not be bound (port in use, no permission).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TLS certificate could not be made or written.
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    /// The data directory could not be opened or read.
    #[error("cannot use the data directory: {0}")]
    Store(#[from] crate::store::StoreError),
}

/// A running platform. Dropping it without [`Platform::shutdown`] leaves the server running
/// until the runtime ends.
#[derive(Debug)]
pub struct Platform {
    addr: SocketAddr,
    cert_path: Option<PathBuf>,
    state: AppState,
    shutdown: tokio::sync::watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Platform {
    /// Binds and starts serving in the background.
    pub async fn start(options: PlatformOptions) -> Result<Self, StartError> {
        let wanted = SocketAddr::new(options.ip, options.port);
        let listener = std::net::TcpListener::bind(wanted).map_err(|source| StartError::Bind {
            addr: wanted,
            source,
        })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: wanted,
            source,
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| StartError::Bind { addr, source })?;

        let (durable, restored) = match &options.data {
            Some(dir) => {
                let durable = Durable::open(dir)?;
                let restored = restore::restore(durable.load()?);
                // Count this run before serving, so that seeded ids differ from the last run's.
                durable.commit(&[Row::Put {
                    kind: kind::SHARED,
                    id: shared::RUNS.to_owned(),
                    body: (restored.runs + 1).to_string(),
                }])?;
                (Some(durable), restored)
            }
            None => (None, Restored::default()),
        };
        // A seeded run on a data directory that already holds state would otherwise hand out
        // the ids of the earlier run again (a second conversation with the same id).
        let ids = Ids::new(options.seed.map(|s| s.wrapping_add(restored.runs)));
        let directory = match (restored.directory, &options.config) {
            // The stored directory wins: it holds the users, PIDs and credentials that the
            // stored conversations and sessions name.
            (Some(stored), _) => stored,
            (None, Some(config)) => Directory::strict(config, &ids),
            (None, None) => Directory::dev(),
        };
        let mut tokens = Tokens::new();
        if let Some(saved) = restored.tokens {
            tokens.restore(saved);
        }
        let hub = ums::Hub::default();
        hub.files.restore(restored.objects, restored.promises);
        *hub.store() = restored.ums;
        let state: AppState = Arc::new(Shared {
            host: addr.to_string(),
            tls: options.tls,
            clock: Clock::with_offset(restored.clock_offset_ms),
            ids,
            faults: Faults::default(),
            directory: Mutex::new(directory),
            tokens: Mutex::new(tokens),
            ums: hub,
            durable,
        });
        // Rings that were waiting when the last run stopped expire as they would have.
        for (at, ring_id) in restored.ring_deadlines {
            let st = state.clone();
            tokio::spawn(async move {
                st.clock.sleep_until(at).await;
                ums::routing::expire(&st, &ring_id);
            });
        }
        let app = router(state.clone());
        let (shutdown, mut stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(ums::token_watch::watch_revocations(
            Arc::downgrade(&state),
            lock(&state.tokens).kill_signal(),
            shutdown.subscribe(),
        ));

        let (task, cert_path) = if options.tls {
            let cert_path = options.cert_path.clone().unwrap_or_else(|| {
                std::env::temp_dir().join(format!("lpm-platform-{}.pem", addr.port()))
            });
            let config = tls::self_signed(&cert_path).await?;
            let handle = axum_server::Handle::new();
            // TCP_NODELAY under TLS too: the rustls acceptor wraps axum-server's own
            // NODELAY acceptor, which sets it on the TCP stream before the handshake.
            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(config)
                .acceptor(axum_server::accept::NoDelayAcceptor::new());
            let server = axum_server::from_tcp(listener)
                .map_err(|e| StartError::Tls(e.to_string()))?
                .acceptor(acceptor)
                .handle(handle.clone());
            let task = tokio::spawn(async move {
                tokio::spawn(async move {
                    let _ = stopped.wait_for(|s| *s).await;
                    handle.graceful_shutdown(Some(std::time::Duration::from_secs(1)));
                });
                if let Err(e) = server.serve(app.into_make_service()).await {
                    tracing::error!("platform server stopped: {e}");
                }
            });
            (task, Some(cert_path))
        } else {
            // Without TCP_NODELAY, Nagle's algorithm holds each small notification until the
            // peer's delayed ACK (~40 ms per hop); see `docs/platform.md`.
            let listener = tokio::net::TcpListener::from_std(listener)
                .map_err(|source| StartError::Bind { addr, source })?
                .tap_io(|tcp| {
                    if let Err(e) = tcp.set_nodelay(true) {
                        tracing::debug!("cannot set TCP_NODELAY on an accepted socket: {e}");
                    }
                });
            let task = tokio::spawn(async move {
                let stop = async move {
                    let _ = stopped.wait_for(|s| *s).await;
                };
                if let Err(e) = axum::serve(listener, app)
                    .with_graceful_shutdown(stop)
                    .await
                {
                    tracing::error!("platform server stopped: {e}");
                }
            });
            (task, None)
        };
        tracing::info!(%addr, tls = options.tls, "local Messaging Platform listening");
        Ok(Self {
            addr,
            cert_path,
            state,
            shutdown,
            task,
        })
    }

    /// The address the platform listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `host:port`, as CSDS hands it out for every service.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The CSDS location to give a client: `http://host:port` (or `https://` with TLS).
    pub fn csds_url(&self) -> String {
        let scheme = if self.cert_path.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The PEM file of the self-signed certificate when serving TLS (for `NODE_EXTRA_CA_CERTS`).
    pub fn cert_path(&self) -> Option<&std::path::Path> {
        self.cert_path.as_deref()
    }

    /// The shared state, for in-process inspection by tests.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting connections, closes open ones and waits for the server to end.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// The whole platform: protocol routes at their real paths, test controls under their prefix.
fn router(state: AppState) -> Router {
    let router = Router::new()
        .merge(http::routes())
        .merge(ums::routes())
        .nest(controls::PREFIX, controls::routes());
    let router = if state.durable.is_some() {
        router.layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::store::capture::after_http,
        ))
    } else {
        router
    };
    router.with_state(state)
}
