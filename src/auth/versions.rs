//! The token-version cache (DESIGN §6): each user's token version, role and status in memory,
//! so checking an access token needs no database hop, and revocation (deactivation, password
//! change, logout-all) is immediate. Writers update it after COMMIT. Single-process by design.

use std::collections::HashMap;
use std::sync::RwLock;

use crate::ids::UserId;
use crate::users::store::AuthState;

#[derive(Default)]
pub struct TokenVersions {
    map: RwLock<HashMap<UserId, AuthState>>,
}

impl TokenVersions {
    pub fn get(&self, user: &UserId) -> Option<AuthState> {
        self.map.read().unwrap_or_else(|p| p.into_inner()).get(user).cloned()
    }

    pub fn put(&self, user: UserId, state: AuthState) {
        self.map.write().unwrap_or_else(|p| p.into_inner()).insert(user, state);
    }

    /// Drops every entry (after a permission profile changed); each reloads on its next request.
    pub fn clear(&self) {
        self.map.write().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Drops a user's entry; the next request reloads it from the database.
    pub fn forget(&self, user: &UserId) {
        self.map.write().unwrap_or_else(|p| p.into_inner()).remove(user);
    }
}
