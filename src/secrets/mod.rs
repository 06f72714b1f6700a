//! Env file compiler: template + values -> rendered env files.

pub mod config;

pub use config::{SecretEnvironment, SecretOutput, SecretsConfig};
