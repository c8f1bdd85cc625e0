//! Completing the first-run setup: tenant, organization, location with opening hours and the
//! owner account, in one write job. Exactly one setup can win.

use crate::audit;
use crate::auth::session::{self, Started};
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::tenants::service::{NewTenant, Slug};

use super::model::ValidSetup;

pub struct SetupContext {
    pub password_hash: String,
    pub locale: &'static str,
    pub origin: Option<String>,
    pub mobile: bool,
    pub ip: String,
    pub now: jiff::Timestamp,
    pub refresh_ttl: std::time::Duration,
}

pub fn complete(tx: &Tx<'_>, setup: &ValidSetup, ctx: &SetupContext) -> ApiResult<Started> {
    if !super::store::mark_setup_completed(tx, ctx.origin.as_deref(), ctx.now)? {
        return Err(ApiError::SetupDone);
    }
    let created = crate::tenants::service::create(
        tx,
        &NewTenant {
            name: &setup.salon_name,
            slug: Slug::FromName,
            email: setup.salon_email.as_deref(),
            phone: setup.salon_phone.as_deref(),
            address: setup.salon_address.as_deref(),
            timezone: &setup.timezone,
            opening_hours: &setup.opening_hours,
            owner_email: &setup.email,
            owner_first_name: &setup.first_name,
            owner_last_name: &setup.last_name,
            owner_password_hash: &ctx.password_hash,
            owner_locale: ctx.locale,
            owner_super_admin: true,
        },
        ctx.now,
    )?;
    let (tenant, owner, slug) = (created.tenant, created.owner, created.slug);
    audit::record(
        tx,
        audit::Entry {
            tenant: Some(&tenant),
            user: Some(&owner),
            action: "setup.completed",
            ip: Some(ctx.ip.clone()),
            detail: serde_json::json!({ "tenantSlug": slug }),
            at: ctx.now,
        },
    )?;
    session::start(tx, &owner, &tenant, ctx.mobile, ctx.now, ctx.refresh_ttl)
}
