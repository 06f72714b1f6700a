//! Server profiles: `up` brings a profile's services, steps and container
//! up and waits for its health URL; `down` removes the project's
//! containers and network; `stop_profile` only one profile's own
//! containers; `status` lists what runs.

mod build;
mod container_profile;
mod down;
mod health;
mod reuse;
mod serve;
mod status;
mod stop_order;
mod stop_profile;
mod up;

pub use build::build_images;
pub use down::{
    DEFAULT_TIMEOUT_SECS, DownEvent, DownOptions, down, down_events, kill_running, killed_note,
};
pub use status::{ServiceRow, ServiceStatus, replica_label, service_rows, status};
pub use stop_profile::stop_profile;
pub use up::{ServerError, UpOptions, UpReport, unknown_profile, up};

/// What an operation reports as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    Progress(String),
    /// The profile's health URL answered 2xx (`true`) or gave up (`false`).
    Health {
        profile: String,
        healthy: bool,
    },
    /// A URL found in the logs by the profile's `url_pattern`.
    Url {
        profile: String,
        url: String,
    },
}
