//! The platform a load run talks to: a local `lpm platform` started as a child process (so that
//! its CPU and memory are measured apart from the load generator's), or any platform found
//! through its CSDS, LivePerson's included.

use super::LoadError;
use serde_json::Value;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// What `lpm platform` prints before the address it listens on.
const LISTENING: &str = "Local Messaging Platform listening on ";

/// Where consumers and the bot connect.
pub struct Target {
    /// Account id.
    pub account: String,
    /// CSDS base URL (`http://127.0.0.1:7400`, `https://api.liveperson.net`).
    pub csds: String,
    /// IDP base URL (consumer signup).
    pub idp: String,
    /// agentVep base URL (brand login of the raw bot).
    pub agent_vep: String,
    /// UMS websocket base URL (`ws://…`, `wss://…`).
    pub ums: String,
    /// The local platform's process, when this run started one.
    pub local: Option<LocalPlatform>,
}

/// A `lpm platform` child process; killed when dropped.
pub struct LocalPlatform {
    child: Child,
    /// Its process id, for `/proc/PID/stat` and `/proc/PID/status`.
    pub pid: u32,
}

impl Target {
    /// Starts `lpm platform` (this executable) on a free loopback port and targets it.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), lpm::load::LoadError> {
    /// let target = lpm::load::target::Target::local("12345678").await?;
    /// # Ok(()) }
    /// ```
    pub async fn local(account: &str) -> Result<Target, LoadError> {
        let exe = std::env::current_exe().map_err(|e| LoadError::Spawn(e.to_string()))?;
        let mut child = Command::new(exe)
            .args(["platform", "--port", "0"])
            // The platform's info lines (one per socket) would cost it CPU the figures count.
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| LoadError::Spawn(e.to_string()))?;
        let pid = child
            .id()
            .ok_or_else(|| LoadError::Spawn("the platform exited at once".into()))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| LoadError::Spawn("no stdout".into()))?;
        let mut lines = BufReader::new(stdout).lines();
        let csds = loop {
            match lines.next_line().await {
                Ok(Some(line)) => {
                    if let Some(url) = line.strip_prefix(LISTENING) {
                        break url.trim().to_owned();
                    }
                }
                Ok(None) => return Err(LoadError::Spawn("the platform exited".into())),
                Err(e) => return Err(LoadError::Spawn(e.to_string())),
            }
        };
        // Keep draining its stdout so that it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let mut target = Target::remote(&csds, account).await?;
        target.local = Some(LocalPlatform { child, pid });
        Ok(target)
    }

    /// Targets the platform behind CSDS `csds` for `account`: asks CSDS for the `idp` and
    /// `asyncMessagingEnt` domains, with the CSDS URL's scheme (`https` → `wss`).
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), lpm::load::LoadError> {
    /// let target = lpm::load::target::Target::remote("https://api.liveperson.net", "12345678").await?;
    /// # Ok(()) }
    /// ```
    pub async fn remote(csds: &str, account: &str) -> Result<Target, LoadError> {
        let csds = csds.trim_end_matches('/').to_owned();
        let secure = csds.starts_with("https://");
        let url = format!("{csds}/api/account/{account}/service/baseURI.json?version=1.0");
        let body: Value = reqwest::get(&url)
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| LoadError::Csds(e.without_url().to_string()))?
            .json()
            .await
            .map_err(|e| LoadError::Csds(e.without_url().to_string()))?;
        let domain = |service: &str| {
            body["baseURIs"]
                .as_array()
                .and_then(|all| all.iter().find(|s| s["service"] == service))
                .and_then(|s| s["baseURI"].as_str())
                .map(str::to_owned)
                .ok_or_else(|| LoadError::Csds(format!("no {service} domain for the account")))
        };
        let (http, ws) = if secure {
            ("https", "wss")
        } else {
            ("http", "ws")
        };
        Ok(Target {
            account: account.to_owned(),
            idp: format!("{http}://{}", domain("idp")?),
            agent_vep: format!("{http}://{}", domain("agentVep")?),
            ums: format!("{ws}://{}", domain("asyncMessagingEnt")?),
            csds,
            local: None,
        })
    }

    /// The local platform's process id, if this run started it.
    pub fn local_pid(&self) -> Option<u32> {
        self.local.as_ref().map(|l| l.pid)
    }

    /// Stops the local platform, if any.
    pub async fn stop(&mut self) {
        if let Some(mut local) = self.local.take() {
            let _ = local.child.kill().await;
        }
    }
}
