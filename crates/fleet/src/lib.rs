//! Bot fleets for lp-messaging-sdk: `lpm fleet` nodes share bot identities through etcd.
//!
//! LivePerson allows one live session per agent user, so each bot identity must run in exactly one
//! place. Every node registers itself under an etcd lease, claims bots with lease-bound keys
//! (created only if absent; later writes compare the key's revision), and runs one child process per
//! bot it holds, handing it its identity through environment variables ([`mod@env`]). A node that dies
//! loses its lease and with it its claims; the others take the bots over. See `docs/fleet.md`.
//!
//! The decision of what to claim or release is the pure [`plan`]; [`node`] carries it out.
//!
//! ```
//! use lpm_fleet::{fair_share, env};
//! assert_eq!(fair_share(12, 3), 4);
//! assert_eq!(env::ACCOUNT_ID, "LPM_ACCOUNT_ID");
//! ```

mod backoff;
mod bots;
mod child;
pub mod env;
mod error;
mod keys;
mod local;
pub mod node;
mod options;
mod plan;
mod status;

pub use backoff::Backoff;
pub use bots::{BotSpec, Credentials, Secret, load_bots, parse_bots};
pub use child::{BotProcess, ChildOptions};
pub use env::{RunContext, bot_env, secret_pointers};
pub use error::{FleetError, Result};
pub use keys::{ClaimValue, Keys, NodeValue};
pub use local::run_local;
pub use node::run_node;
pub use options::FleetOptions;
pub use plan::{Action, PlanInput, fair_share, plan};
pub use status::{BotStatus, FleetStatus, NodeStatus, fetch_status};
