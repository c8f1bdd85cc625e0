//! Organizations and their locations (DESIGN §3). Setup creates the first of each; the
//! management routes come with a later issue.

pub mod model;
pub mod store;
