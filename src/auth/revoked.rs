//! Sessions ended before their access tokens expire (DESIGN §6: the `sid` claim). Logout and a
//! reused refresh token revoke a session's family in the database; this set makes its access
//! tokens stop at once too. Entries are kept until the longest-lived access token issued
//! before the revocation has expired, and the set is rebuilt from the database at start.
//! Single-process by design, like the token-version cache.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::Duration;

use crate::ids::SessionFamilyId;

#[derive(Default)]
pub struct RevokedSessions {
    /// Session → the unix second after which no access token of it can still be valid.
    map: RwLock<HashMap<SessionFamilyId, i64>>,
}

impl RevokedSessions {
    /// Marks a session ended at `now`; `longest_ttl` is the longest access-token lifetime.
    pub fn revoke(&self, session: SessionFamilyId, now: jiff::Timestamp, longest_ttl: Duration) {
        let until = now.as_second() + longest_ttl.as_secs() as i64;
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            let now = now.as_second();
            map.retain(|_, until| *until > now);
        }
        map.insert(session, until);
    }

    pub fn is_revoked(&self, session: &SessionFamilyId) -> bool {
        self.map.read().unwrap_or_else(|p| p.into_inner()).contains_key(session)
    }

    pub fn len(&self) -> usize {
        self.map.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
