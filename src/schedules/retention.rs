//! Retention (DESIGN §12, §13): deleted shifts are kept 90 days for history and calendar feeds,
//! events 90 days for the cursors that read them; then both are removed in chunks, one write
//! job each, so pruning never stalls the writer for everyone.

use crate::clock::Clock;
use crate::db::Db;

const CHUNK: u32 = 1000;

/// Removes what is past its 90 days; answers how many rows went.
pub async fn prune(db: &Db, clock: &Clock) -> usize {
    let mut removed = 0;
    loop {
        let now = clock.now();
        let result = db
            .write(move |tx| Ok(crate::events::prune(tx, now, CHUNK)? + super::store::purge_deleted(tx, now, CHUNK)?))
            .await;
        match result {
            Ok(0) => return removed,
            Ok(n) => removed += n,
            Err(e) => {
                tracing::warn!("pruning old events and deleted shifts: {e}");
                return removed;
            }
        }
    }
}

/// Every `every`, for the life of the server.
pub async fn run(db: Db, clock: Clock, every: std::time::Duration) {
    loop {
        tokio::time::sleep(every).await;
        let removed = prune(&db, &clock).await;
        if removed > 0 {
            tracing::info!(removed, "pruned events and deleted shifts older than 90 days");
        }
    }
}
