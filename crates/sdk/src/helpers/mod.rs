//! The module-level helpers of sdk-api §1.2: [`TokenMaintainer`], [`ShiftStatusPoller`]
//! and the CSDS cache ([`csds_lookup`]), each a thin async handle over the core's state
//! machine of the same name.

mod csds;
mod maintainer;
mod poller;
mod runner;

pub use csds::{csds_clear_cache, csds_lookup, set_csds_url};
pub use maintainer::TokenMaintainer;
pub use poller::{PollerToken, ShiftStatusPoller};
