//! The engine layer: the only module that talks to Docker (through bollard).
//! Its public API uses runcli's own types; no bollard type leaks out.
//!
//! bollard sends unversioned request paths, so every engine answers at its own
//! API version (dockerd 20.10 speaks 1.41, newer ones more) without negotiation.

mod build_context;
mod client;
mod containers;
mod context_store;
mod distribution;
mod dockerignore;
mod endpoint;
mod error;
mod events;
mod exec;
mod images;
pub mod labels;
mod logs;
mod networks;
mod pull;
mod push;
mod service_logs;
mod spec;
#[cfg(unix)]
mod ssh;
mod state;
mod stats;
mod swarm;
mod swarm_spec;
mod volumes;

pub use client::{Engine, EngineInfo};
pub use containers::ContainerInfo;
pub use distribution::RegistryImage;
pub use endpoint::{
    DEFAULT_HOST, Endpoint, EndpointSource, TlsPaths, docker_config_dir, resolve_endpoint,
    resolve_endpoint_with,
};
pub use error::EngineError;
pub use events::ContainerEvent;
pub use exec::{ExecInput, ExecOutput, ExecOutputStream, ExecRequest, ExecSession};
pub use images::BuildRequest;
pub use logs::{LogChunk, LogOptions, LogStream};
pub use networks::NetworkInfo;
pub use pull::PullProgress;
pub use service_logs::LogTask;
pub use spec::{ContainerSpec, HealthcheckSpec, NetworkJoin, PortMapping, Protocol, RestartPolicy};
pub use state::{ContainerState, ContainerStatus, Health};
pub use stats::StatsSample;
pub use swarm::{ServiceChange, SwarmServiceState, SwarmTask, UpdateState};
pub use swarm_spec::{
    FailureAction, STACK_IMAGE_LABEL, STACK_NAMESPACE_LABEL, SwarmPort, SwarmRestart,
    SwarmServiceSpec, UpdatePolicy,
};
pub use volumes::VolumeInfo;
