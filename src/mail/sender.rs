//! The background sender: delivers due mails from the outbox, retries with backoff, and never
//! drops a mail — with no SMTP server, or one that is down, mails wait. Woken after a mail is
//! queued (after COMMIT), and every few seconds for retries.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::smtp;
use super::store::{self, DueMail};
use crate::app::AppState;

const TICK: Duration = Duration::from_secs(5);
const BATCH: u32 = 20;

/// Wakes the sender; cheap to clone into the app state.
#[derive(Clone, Default)]
pub struct Mailer {
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// 30 s, 1 min, 2 min … at most 1 hour.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = attempts.clamp(0, 7) as u32;
    Duration::from_secs((30u64 << exponent).min(3600))
}

pub async fn run(app: AppState) {
    loop {
        tokio::select! {
            () = app.mailer.wake.notified() => {},
            () = tokio::time::sleep(TICK) => {},
        }
        loop {
            let now = app.clock.now();
            let due = match app.db.read(move |c| store::due(c, now, BATCH)).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::warn!("mail outbox unreadable: {e}");
                    break;
                }
            };
            let full = due.len() as u32 == BATCH;
            for mail in due {
                deliver(&app, mail).await;
            }
            if !full {
                break;
            }
        }
    }
}

const NOT_CONFIGURED: &str = "no SMTP server is configured; the mail waits in the outbox";

async fn deliver(app: &AppState, mail: DueMail) {
    let tenant = mail.tenant.clone();
    let stored = match tenant {
        Some(t) => app.db.read(move |c| store::smtp_settings(c, &t)).await.ok().flatten(),
        None => None,
    };
    let target = smtp::resolve(&app.config.mail, stored.as_ref(), &app.secrets.storage_key);
    let outcome = match target {
        Ok(Some(target)) => {
            smtp::send(&target, &mail.to, &mail.subject, &mail.text, app.config.mail.allow_private_hosts).await
        }
        Ok(None) => Err(NOT_CONFIGURED.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let now = app.clock.now();
    let id = mail.id.clone();
    let result = match outcome {
        Ok(reply) => {
            tracing::info!(mail = %mail.id, attempt = mail.attempts + 1, "mail delivered: {reply}");
            app.db.write(move |tx| store::mark_sent(tx, &id, now)).await
        }
        Err(error) => {
            let wait = backoff(mail.attempts);
            if error == NOT_CONFIGURED {
                // The expected state of an install without mail: the outbox page says so, the
                // log need not repeat it for every mail and every retry.
                tracing::debug!(mail = %mail.id, attempt = mail.attempts + 1, "mail waits: {error}");
            } else {
                tracing::warn!(mail = %mail.id, attempt = mail.attempts + 1, retry_in_s = wait.as_secs(), "mail not delivered: {error}");
            }
            let next = now.checked_add(jiff::SignedDuration::try_from(wait).unwrap_or_default()).unwrap_or(now);
            app.db.write(move |tx| store::mark_retry(tx, &id, &error, next)).await
        }
    };
    if let Err(e) = result {
        tracing::error!(mail = %mail.id, "recording the delivery outcome failed: {e}");
    }
}
