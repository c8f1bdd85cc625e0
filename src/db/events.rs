//! The hand-off of committed events (DESIGN §13). Features write rows into `events` inside
//! their write job (`crate::events::emit`); after COMMIT the writer reads the new rows by
//! `seq` and broadcasts them, in order, to whoever listens (the real-time hub, the
//! notifications pipeline). Rows of a job that rolled back were never committed, so they are
//! never handed on.

use std::sync::Arc;

use rusqlite::Connection;
use tokio::sync::broadcast;

/// One committed row of `events`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommittedEvent {
    pub seq: i64,
    pub id: String,
    pub tenant_id: String,
    pub kind: String,
    /// `user:ID`, `schedule:ID:managers`, `schedule:ID:published`, `channel:ID`, `tenant`.
    pub audience: Vec<String>,
    pub payload: serde_json::Value,
    pub created_at: String,
}

/// How many events a slow listener may fall behind before it misses some (it then reads the
/// table by its own `seq` cursor).
const BACKLOG: usize = 4096;

/// Lives on the writer thread: remembers the last `seq` handed on.
pub struct EventRelay {
    last_seq: i64,
    sender: broadcast::Sender<Arc<CommittedEvent>>,
}

impl EventRelay {
    /// Starts after the rows already in the table; returns the sender listeners subscribe to.
    pub fn new(conn: &Connection) -> rusqlite::Result<(EventRelay, broadcast::Sender<Arc<CommittedEvent>>)> {
        let last_seq = conn.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
        let (sender, _) = broadcast::channel(BACKLOG);
        Ok((EventRelay { last_seq, sender: sender.clone() }, sender))
    }

    /// Reads the rows committed since the last call and broadcasts them in `seq` order.
    pub fn hand_on(&mut self, conn: &Connection) {
        match committed_since(conn, self.last_seq) {
            Ok(events) => {
                for event in events {
                    self.last_seq = event.seq;
                    // No listener is not an error: the rows stay in the table.
                    let _ = self.sender.send(Arc::new(event));
                }
            }
            Err(e) => tracing::error!("reading committed events: {e}"),
        }
    }
}

/// The events after `seq`, oldest first.
pub fn committed_since(conn: &Connection, seq: i64) -> rusqlite::Result<Vec<CommittedEvent>> {
    committed_after(conn, seq, i64::MAX)
}

/// At most `limit` events after `seq`, oldest first.
pub fn committed_after(conn: &Connection, seq: i64, limit: i64) -> rusqlite::Result<Vec<CommittedEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, id, tenant_id, kind, audience, payload, created_at FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map((seq, limit), |r| {
        let audience: String = r.get(4)?;
        let payload: String = r.get(5)?;
        Ok(CommittedEvent {
            seq: r.get(0)?,
            id: r.get(1)?,
            tenant_id: r.get(2)?,
            kind: r.get(3)?,
            audience: serde_json::from_str(&audience).unwrap_or_default(),
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            created_at: r.get(6)?,
        })
    })?;
    rows.collect()
}
