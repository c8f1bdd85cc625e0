//! Fixed-window rate limits per client IP and per account (DESIGN §6). In memory: one
//! process serves a data dir, so one limiter sees every request.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::error::ApiError;
use crate::config::RateLimitConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    LoginPerIp,
    LoginFailuresPerAccount,
    SetupCodeFailuresPerIp,
    CheckEmailPerIp,
    ForgotPerIp,
}

pub struct RateLimiter {
    config: RateLimitConfig,
    allowlist: Vec<ipnet::IpNet>,
    windows: Mutex<HashMap<(Scope, String), Window>>,
    failures: Mutex<HashMap<String, Failures>>,
}

/// Failed sign-ins of one account (or one device cookie) and when the next try may come.
struct Failures {
    count: u32,
    last: Instant,
    next_try: Instant,
}

/// Failures older than this are forgotten.
const FAILURE_MEMORY: Duration = Duration::from_secs(15 * 60);
/// The longest a throttled account waits between tries.
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

struct Window {
    started: Instant,
    count: u32,
}

impl RateLimiter {
    pub fn new(config: &RateLimitConfig) -> RateLimiter {
        let allowlist = config.allowlist.iter().filter_map(|n| crate::config::parse_net(n)).collect();
        RateLimiter {
            config: config.clone(),
            allowlist,
            windows: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn rule(&self, scope: Scope) -> (u32, Duration) {
        let c = &self.config;
        match scope {
            Scope::LoginPerIp => (c.login_per_ip_per_minute, Duration::from_secs(60)),
            Scope::LoginFailuresPerAccount => (c.login_failures_per_account, Duration::from_secs(15 * 60)),
            Scope::SetupCodeFailuresPerIp => (c.setup_code_failures_per_ip_per_minute, Duration::from_secs(60)),
            Scope::CheckEmailPerIp => (c.check_email_per_ip_per_minute, Duration::from_secs(60)),
            Scope::ForgotPerIp => (c.check_email_per_ip_per_minute, Duration::from_secs(60)),
        }
    }

    fn exempt(&self, ip: IpAddr) -> bool {
        !self.config.enabled || self.allowlist.iter().any(|net| net.contains(&ip))
    }

    /// Counts one event and refuses it when the window is already full.
    pub fn hit(&self, scope: Scope, ip: IpAddr, key: &str) -> Result<(), ApiError> {
        self.apply(scope, ip, key, true)
    }

    /// Refuses when the window is full, without counting (for "failures per …" limits, whose
    /// failures are counted with `hit` once they happen).
    pub fn check(&self, scope: Scope, ip: IpAddr, key: &str) -> Result<(), ApiError> {
        self.apply(scope, ip, key, false)
    }

    fn apply(&self, scope: Scope, ip: IpAddr, key: &str, count: bool) -> Result<(), ApiError> {
        if self.exempt(ip) {
            return Ok(());
        }
        let (limit, period) = self.rule(scope);
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > 50_000 {
            windows.retain(|(s, _), w| now.duration_since(w.started) < self.rule(*s).1);
        }
        let window = windows.entry((scope, key.to_string())).or_insert(Window { started: now, count: 0 });
        if now.duration_since(window.started) >= period {
            *window = Window { started: now, count: 0 };
        }
        if window.count >= limit {
            let retry = period.saturating_sub(now.duration_since(window.started));
            return Err(ApiError::RateLimited(retry.max(Duration::from_secs(1))));
        }
        if count {
            window.count += 1;
        }
        Ok(())
    }

    /// The sign-in throttle of DESIGN §6: after `login_failures_per_account` failures, each
    /// further try waits 1 s, then 2 s, 4 s … at most 15 minutes after the last failure. It never
    /// locks anyone out for long, never sleeps on a connection (429 with `Retry-After`), and the
    /// caller keys it by the browser's device cookie when one is presented, so failures from
    /// elsewhere do not hold back a browser that signed in to the account before.
    pub fn check_failures(&self, ip: IpAddr, key: &str) -> Result<(), ApiError> {
        if self.exempt(ip) {
            return Ok(());
        }
        let now = Instant::now();
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match failures.get(key) {
            Some(f) if now < f.next_try && now.duration_since(f.last) < FAILURE_MEMORY => {
                let wait = f.next_try.duration_since(now);
                // Round up: a client that waits exactly `Retry-After` seconds must get through.
                Err(ApiError::RateLimited(Duration::from_secs(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))))
            }
            _ => Ok(()),
        }
    }

    /// Counts a failed sign-in for `key` and sets when the next try may come.
    pub fn record_failure(&self, ip: IpAddr, key: &str) {
        if self.exempt(ip) {
            return;
        }
        let now = Instant::now();
        let free = self.config.login_failures_per_account;
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() > 50_000 {
            failures.retain(|_, f| now.duration_since(f.last) < FAILURE_MEMORY);
        }
        let entry = failures.entry(key.to_string()).or_insert(Failures { count: 0, last: now, next_try: now });
        if now.duration_since(entry.last) >= FAILURE_MEMORY {
            entry.count = 0;
        }
        entry.count += 1;
        entry.last = now;
        entry.next_try = if entry.count < free {
            now
        } else {
            let doublings = (entry.count - free).min(20);
            now + Duration::from_secs(1u64 << doublings).min(LONGEST_WAIT)
        };
    }

    /// A successful sign-in forgets the failures of `key`.
    pub fn clear_failures(&self, key: &str) {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}
