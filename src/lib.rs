//! Staffroom: a self-hosted workplace hub in one binary. See docs/ARCHITECTURE.md.

pub mod access;
pub mod app;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod chat;
pub mod clock;
pub mod compat;
pub mod config;
pub mod db;
pub mod events;
pub mod files;
pub mod fixed;
pub mod groups;
pub mod health;
pub mod http;
pub mod ids;
pub mod inbox;
pub mod jobs;
pub mod lock;
pub mod mail;
pub mod members;
pub mod metrics;
pub mod notify;
pub mod openapi;
pub mod orgs;
pub mod paths;
pub mod realtime;
pub mod schedules;
pub mod secrets;
pub mod server;
pub mod serviceaccounts;
pub mod setup;
pub mod setuphub;
pub mod state;
pub mod superadmin;
pub mod tenants;
pub mod timeclock;
pub mod timeoff;
pub mod timesheets;
pub mod ui;
pub mod users;

pub use app::app;
pub use state::{AppState, Instance};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
