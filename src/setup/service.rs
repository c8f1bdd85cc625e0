//! Completing the first-run setup: tenant, organization, location with opening hours and the
//! owner account, in one write job. Exactly one setup can win.

use crate::access::Role;
use crate::audit;
use crate::auth::session::{self, Started};
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::ids::{LocationId, OrganizationId, TenantId, UserId};
use crate::orgs::store::{NewLocation, NewOrganization};
use crate::users::model::UserStatus;
use crate::users::store::NewUser;

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
    let tenant = TenantId::generate();
    let slug = crate::tenants::model::slugify(&setup.salon_name);
    crate::tenants::store::insert(tx, &tenant, &setup.salon_name, &slug, ctx.now)?;
    let org = OrganizationId::generate();
    crate::orgs::store::insert_organization(
        tx,
        &tenant,
        &org,
        &NewOrganization {
            name: &setup.salon_name,
            email: setup.salon_email.as_deref(),
            phone: setup.salon_phone.as_deref(),
            address: setup.salon_address.as_deref(),
        },
        ctx.now,
    )?;
    crate::orgs::store::insert_location(
        tx,
        &tenant,
        &org,
        &LocationId::generate(),
        &NewLocation {
            name: &setup.salon_name,
            address: setup.salon_address.as_deref(),
            timezone: &setup.timezone,
            opening_hours: &setup.opening_hours,
        },
        ctx.now,
    )?;
    let owner = UserId::generate();
    crate::users::store::insert(
        tx,
        &tenant,
        &NewUser {
            id: &owner,
            email: setup.email.as_str(),
            email_key: &setup.email.key(),
            password_hash: Some(&ctx.password_hash),
            first_name: &setup.first_name,
            last_name: &setup.last_name,
            role: Role::Owner,
            super_admin: true,
            status: UserStatus::Active,
            locale: ctx.locale,
            timezone: None,
        },
        ctx.now,
    )?;
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
