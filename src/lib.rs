//! runcli: a terminal console and headless command set for containerized
//! Python model-server projects.
//!
//! Layers (DESIGN.md): `project` reads the project model, `engine` is the only
//! place that talks to Docker, `domain` holds plain data several layers
//! share, `ops` holds the operations both faces share,
//! `secrets` compiles env files, `app` is the pure state machine, `ui` draws it,
//! `console` runs the event loop, `cli` is the headless face.

pub mod app;
pub mod cli;
pub mod console;
pub mod domain;
pub mod engine;
pub mod ops;
pub mod parse;
pub mod project;
pub mod secrets;
pub mod term;
pub mod ui;
