//! `staffroom admin reset-password EMAIL`: the way back in when the only owner forgot their
//! password. Runs with the server stopped (it holds the instance lock), so no running server
//! keeps trusting tokens of the old password.

use std::path::Path;

use crate::auth::password::{Hasher, Password};
use crate::config::Config;
use crate::db::Db;
use crate::http::ApiError;
use crate::users::model::{UserStatus, email_key};

/// Gives the account a random temporary password that must be changed at the next sign-in,
/// ends its sessions, and returns the temporary password.
pub fn reset_password(
    data_dir: &Path,
    config: &Config,
    email: &str,
    tenant_slug: Option<&str>,
    now: jiff::Timestamp,
) -> Result<String, String> {
    let _lock = crate::lock::InstanceLock::acquire(data_dir).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let db = Db::open(data_dir, &config.storage, &now.strftime("%Y%m%dT%H%M%SZ").to_string())
            .map_err(|e| e.to_string())?;
        let result = reset(&db, email, tenant_slug, now).await;
        db.close().await;
        result
    })
}

async fn reset(db: &Db, email: &str, tenant_slug: Option<&str>, now: jiff::Timestamp) -> Result<String, String> {
    let (key, slug) = (email_key(email), tenant_slug.map(String::from));
    let candidates =
        db.read(move |c| super::store::login_candidates(c, &key, slug.as_deref())).await.map_err(|e| e.to_string())?;
    let user = match candidates.as_slice() {
        [] => return Err(format!("no account with the e-mail address {email}")),
        [one] if one.status == UserStatus::Inactive => {
            return Err(format!("the account {email} is deactivated; activate it first"));
        }
        [one] => one.user.clone(),
        _ => return Err(format!("{email} has accounts in several tenants; name one with --tenant SLUG")),
    };
    let temporary = crate::auth::tokens::random_token().map_err(|e| e.to_string())?[..16].to_string();
    let hash = Hasher::new(1, 0)
        .hash(Password::parse("password", temporary.clone()).map_err(|e: ApiError| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    db.write(move |tx| {
        super::store::set_password(tx, &user, &hash, true, now)?;
        crate::audit::record(
            tx,
            crate::audit::Entry {
                tenant: None,
                user: Some(&user),
                action: "admin.password_reset",
                ip: None,
                detail: serde_json::json!({ "via": "command line" }),
                at: now,
            },
        )
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(temporary)
}
