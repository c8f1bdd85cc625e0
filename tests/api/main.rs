//! The one integration test binary (STYLE §7): a module per feature.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod auth;
mod browser;
mod chat;
mod cli;
mod clock;
mod compat;
mod conflicts;
mod drill;
mod errors;
mod files;
mod fuzz;
mod hardening;
mod health;
mod identity;
mod mail;
mod matrix;
mod onboarding;
mod operations;
mod otp;
mod passwords;
mod profiles;
mod realtime;
mod scheduling;
mod server;
mod service_accounts;
mod setup;
mod smtp_server;
mod storage;
mod support;
mod timeoff;
mod ui;
mod upgrade;
mod users;
