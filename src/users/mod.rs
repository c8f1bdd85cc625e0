//! User accounts. Sign-in reads and creates them through this store; the management routes
//! (invitations, profiles, deactivation) come with the Identity issue.

pub mod admin;
pub mod model;
pub mod store;
