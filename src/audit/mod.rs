//! The audit log (DESIGN §6): sign-ins, failures, refresh-token reuse, setup, role and
//! permission changes. Entries never hold secrets (no passwords, tokens or codes).

mod store;

pub use store::{Entry, by_user, record};
