//! A local LivePerson Messaging Platform: CSDS, IDP, agentVep, UMS consumer and brand
//! websockets, routing, file storage and the REST services around them, on one port.
//!
//! It speaks the wire protocol of `shared/protocol/` so that clients written for LivePerson's
//! servers work against it unchanged. Tests start it in-process on a free port:
//!
//! ```no_run
//! # async fn demo() -> Result<(), lpm_platform::StartError> {
//! use lpm_platform::{Platform, PlatformOptions};
//!
//! let platform = Platform::start(PlatformOptions::default()).await?;
//! // Point a client's CSDS location at the platform; every service is found from there.
//! println!("CSDS at {}", platform.csds_url());
//! platform.shutdown().await;
//! # Ok(()) }
//! ```

pub mod clock;
pub mod config;
pub mod controls;
pub mod directory;
pub mod faults;
pub mod http;
pub mod ids;
pub mod redact;
mod server;
pub mod state;
pub mod store;
mod tls;
pub mod tokens;
pub mod ums;

pub use config::PlatformConfig;
pub use server::{Platform, PlatformOptions, StartError};
