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
}

struct Window {
    started: Instant,
    count: u32,
}

impl RateLimiter {
    pub fn new(config: &RateLimitConfig) -> RateLimiter {
        let allowlist = config.allowlist.iter().filter_map(|n| crate::config::parse_net(n)).collect();
        RateLimiter { config: config.clone(), allowlist, windows: Mutex::new(HashMap::new()) }
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
}
