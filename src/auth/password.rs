//! Password hashing: argon2id m=19456 KiB, t=2, p=1 (OWASP), PHC strings (DESIGN §6).
//! Hashes run on blocking threads, at most one per CPU at a time, behind a short queue; when
//! the queue is full the caller gets 503, so a login storm neither stalls other requests nor
//! exhausts a Pi's memory.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::http::{ApiError, Msg};

pub const MIN_CHARS: usize = 8;
pub const MAX_BYTES: usize = 1024;

/// A password that passed the length rules. Built only by [`Password::parse`].
pub struct Password(String);

impl Password {
    pub fn parse(field: &str, text: String) -> Result<Password, ApiError> {
        if text.chars().count() < MIN_CHARS || text.len() > MAX_BYTES {
            return Err(ApiError::validation(field, Msg::FieldPassword));
        }
        Ok(Password(text))
    }
}

pub struct Hasher {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl Hasher {
    /// `parallel` hashes at once, `queue` more waiting.
    pub fn new(parallel: usize, queue: usize) -> Hasher {
        Hasher { running: Arc::new(Semaphore::new(parallel)), admitted: Arc::new(Semaphore::new(parallel + queue)) }
    }

    pub fn for_this_machine() -> Hasher {
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Hasher::new(cpus, cpus * 4)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::unavailable("password hashing queue is full"))?;
        let _running =
            self.running.clone().acquire_owned().await.map_err(|_| ApiError::unavailable("hasher closed"))?;
        let result = tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)?;
        Ok(result)
    }

    pub async fn hash(&self, password: Password) -> Result<String, ApiError> {
        self.run(move || argon2().hash_password(password.0.as_bytes()).map(|h| h.to_string()))
            .await?
            .map_err(|e| ApiError::internal(format!("hashing failed: {e}")))
    }

    /// Hashes a short secret that is not a password (a kiosk PIN: its own length rules, and
    /// a lock after five wrong tries instead of a slow hash alone).
    pub async fn hash_pin(&self, pin: String) -> Result<String, ApiError> {
        self.run(move || argon2().hash_password(pin.as_bytes()).map(|h| h.to_string()))
            .await?
            .map_err(|e| ApiError::internal(format!("hashing failed: {e}")))
    }

    /// Checks `password` against a stored PHC string. With no stored hash (unknown account,
    /// invited user) a dummy hash is checked, so every answer takes the same time.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        self.run(move || {
            let dummy = dummy_hash();
            let (phc, real) = match &stored {
                Some(phc) => (phc.as_str(), true),
                None => (dummy, false),
            };
            let ok = PasswordHash::new(phc)
                .map(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
                .unwrap_or(false);
            ok && real
        })
        .await
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        argon2().hash_password(b"staffroom timing equaliser").map(|h| h.to_string()).unwrap_or_default()
    })
}
