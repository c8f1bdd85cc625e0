//! Forgotten clock-outs: an entry still open past its shift's end and the location's grace
//! (12 hours and the grace without a shift) is flagged once and raises `clock.missed_punch`
//! to the person and the clock's managers (DESIGN §13).

use std::time::Duration;

use super::store;
use crate::clock::Clock;
use crate::db::Db;
use crate::events::{self, Audience};
use crate::fixed::SecondText;

/// How often the check runs.
const EVERY: Duration = Duration::from_secs(60);
/// Entries flagged per write job.
const CHUNK: u32 = 200;

/// Flags every overdue entry now; answers how many.
pub async fn check_missed(db: &Db, clock: &Clock) -> crate::http::ApiResult<usize> {
    let mut flagged = 0;
    loop {
        let now = clock.now();
        let due = db.read(move |c| store::overdue(c, now.as_second(), CHUNK)).await?;
        if due.is_empty() {
            return Ok(flagged);
        }
        let n = due.len();
        flagged += db
            .write(move |tx| {
                let mut done = 0;
                for m in &due {
                    if !store::flag_missed(tx, &m.id, now)? {
                        continue;
                    }
                    let payload = serde_json::json!({
                        "userId": m.user, "entryId": m.id, "shiftId": m.shift_id,
                        "clockInAt": SecondText::utc(m.clock_in_at),
                    });
                    let audience = [Audience::User(m.user.clone()), Audience::ClockManagers];
                    events::emit(tx, &m.tenant, "clock.missed_punch", &audience, &payload, now)?;
                    done += 1;
                }
                Ok(done)
            })
            .await?;
        if n < CHUNK as usize {
            return Ok(flagged);
        }
    }
}

/// Every minute, for the life of the server.
pub async fn run(db: Db, clock: Clock) {
    loop {
        tokio::time::sleep(EVERY).await;
        match check_missed(&db, &clock).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(flagged = n, "flagged forgotten clock-outs"),
            Err(e) => tracing::warn!("checking for forgotten clock-outs: {e}"),
        }
    }
}
