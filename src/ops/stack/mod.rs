//! A compose project's services as containers: the shared core of server
//! profiles, test tiers, migrations and docs. Services are created the way
//! compose names and labels them, so `docker compose ps` sees them and a
//! later console finds them again.

pub mod container;
pub mod error;
pub mod oneoff;
pub mod prepare;
pub mod service;

pub use error::StackError;
pub use oneoff::{OneOff, run_oneoff};
pub use service::{ServiceReady, ensure_services};
