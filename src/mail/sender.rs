//! The background sender: delivers due mails from the outbox, retries with backoff, and never
//! drops a mail — with no SMTP server, or one that is down, mails wait. Woken after a mail is
//! queued (after COMMIT), and every few seconds for retries.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::smtp;
use super::store::{self, DueMail};
use crate::ids::TenantId;
use crate::state::AppState;

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
            // Stop at a round whose outcomes could not be recorded: its mails would be due again at
            // once. The next tick tries again.
            if !deliver_batch(&app, due).await || !full {
                break;
            }
        }
    }
}

const NOT_CONFIGURED: &str = "no SMTP server is configured; the mail waits in the outbox";

/// Sends a batch of due mails. The SMTP target is resolved once per tenant (and per choice of
/// server). A sent mail is recorded at once (a crash then resends at most the one in flight);
/// failures and cancellations are recorded together at the end, so an install without mail
/// costs one commit per batch, not one per mail. A mail whose link or code was used or expired
/// meanwhile is cancelled, never sent. Returns false when the outcomes could not be recorded.
async fn deliver_batch(app: &AppState, due: Vec<DueMail>) -> bool {
    type Key = (Option<TenantId>, bool);
    let mut targets: HashMap<Key, Result<Option<smtp::SmtpTarget>, String>> = HashMap::new();
    let mut retries = Vec::new();
    let mut cancelled = Vec::new();
    for mail in due {
        if !mail.alive {
            tracing::info!(mail = %mail.id, "mail cancelled: its link or code was used or expired before it went out");
            cancelled.push(mail.id);
            continue;
        }
        let key = (mail.tenant.clone(), mail.operator_smtp);
        if !targets.contains_key(&key) {
            let target = target_for(app, mail.tenant.clone(), mail.operator_smtp).await;
            targets.insert(key.clone(), target);
        }
        let result = match &targets[&key] {
            Ok(Some(target)) => {
                let outgoing = smtp::Outgoing {
                    to: &mail.to,
                    subject: &mail.subject,
                    text: &mail.text,
                    html: mail.html.as_deref(),
                };
                smtp::send(target, &outgoing, app.config.mail.allow_private_hosts).await
            }
            Ok(None) => Err(NOT_CONFIGURED.to_string()),
            Err(e) => Err(e.clone()),
        };
        let attempt = mail.attempts + 1;
        match result {
            Ok(reply) => {
                tracing::info!(mail = %mail.id, attempt, "mail delivered: {reply}");
                let (id, now) = (mail.id.clone(), app.clock.now());
                if let Err(e) = app.db.write(move |tx| store::mark_sent(tx, &id, now)).await {
                    tracing::error!(mail = %mail.id, "recording the delivery failed: {e}");
                }
            }
            Err(error) => {
                let wait = backoff(mail.attempts);
                if error == NOT_CONFIGURED {
                    // The expected state of an install without mail: the outbox page says so,
                    // the log need not repeat it for every mail and every retry.
                    tracing::debug!(mail = %mail.id, attempt, "mail waits: {error}");
                } else {
                    tracing::warn!(mail = %mail.id, attempt, retry_in_s = wait.as_secs(), "mail not delivered: {error}");
                }
                let now = app.clock.now();
                let next = now.checked_add(jiff::SignedDuration::try_from(wait).unwrap_or_default()).unwrap_or(now);
                retries.push((mail.id, error, next));
            }
        }
    }
    if retries.is_empty() && cancelled.is_empty() {
        return true;
    }
    let now = app.clock.now();
    let recorded = app
        .db
        .write(move |tx| {
            for (id, error, next) in &retries {
                store::mark_retry(tx, id, error, *next)?;
            }
            for id in &cancelled {
                store::mark_cancelled(tx, id, now)?;
            }
            Ok(())
        })
        .await;
    if let Err(e) = &recorded {
        tracing::error!("recording failed deliveries: {e}");
    }
    recorded.is_ok()
}

async fn target_for(
    app: &AppState,
    tenant: Option<TenantId>,
    prefer_operator: bool,
) -> Result<Option<smtp::SmtpTarget>, String> {
    let stored = match tenant {
        Some(t) => app.db.read(move |c| store::smtp_settings(c, &t)).await.ok().flatten(),
        None => None,
    };
    smtp::resolve(&app.config.mail, stored.as_ref(), &app.secrets.storage_key, prefer_operator)
        .map_err(|e| e.to_string())
}
