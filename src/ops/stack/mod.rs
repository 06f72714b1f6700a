//! A compose project's services as containers: the shared core of server
//! profiles, test tiers, migrations and docs. Services are created the way
//! compose names and labels them, so `docker compose ps` sees them and a
//! later console finds them again.

pub mod container;
pub mod converge;
pub mod error;
mod hash;
pub mod oneoff;
pub mod prepare;
pub mod service;

pub(crate) use converge::why_recreate;
pub use converge::{Converged, Convergence, Recreate, ServiceReady};
pub use error::StackError;
pub(crate) use hash::config_hash;
pub use oneoff::{OneOff, prepare_run, run_oneoff};
pub use service::{UpPolicy, ensure_services, ensure_services_with};
