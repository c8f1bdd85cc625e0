//! Tenants: one business each (DESIGN §3). Registration and lookup routes come with the
//! Identity issue; setup creates the first tenant through this store.

pub mod model;
pub mod store;
