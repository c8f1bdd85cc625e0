//! Staffroom: a self-hosted workplace hub in one binary. See docs/ARCHITECTURE.md.

pub mod app;
pub mod clock;
pub mod config;
pub mod db;
pub mod health;
pub mod http;
pub mod lock;
pub mod openapi;
pub mod paths;
pub mod secrets;
pub mod server;
pub mod ui;

pub use app::{AppState, Instance, app};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
