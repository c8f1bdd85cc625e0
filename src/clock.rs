//! The one source of "now". Production reads the system clock; tests fix and advance it.
//! Clippy's `disallowed-methods` bans reading the wall clock anywhere else.

use std::sync::{Arc, Mutex};

use jiff::Timestamp;

#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<Timestamp>>),
}

impl Clock {
    pub fn fixed(at: Timestamp) -> Clock {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    #[allow(clippy::disallowed_methods)]
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a fixed clock forward; a no-op for the system clock.
    pub fn advance(&self, by: std::time::Duration) {
        if let Clock::Fixed(at) = self {
            let mut at = at.lock().unwrap_or_else(|p| p.into_inner());
            if let Ok(span) = jiff::SignedDuration::try_from(by) {
                *at = at.saturating_add(span).unwrap_or(*at);
            }
        }
    }
}

/// Stored and sent form of an instant: UTC, milliseconds, `Z` — text order is time order.
pub fn format_ts(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_milliseconds_and_z() {
        let ts: Timestamp = "2026-02-10T09:00:00Z".parse().unwrap();
        assert_eq!(format_ts(ts), "2026-02-10T09:00:00.000Z");
        let clock = Clock::fixed(ts);
        clock.advance(std::time::Duration::from_millis(1500));
        assert_eq!(format_ts(clock.now()), "2026-02-10T09:00:01.500Z");
    }
}
