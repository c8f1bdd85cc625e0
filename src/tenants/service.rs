//! Creating a tenant with its organization, first location and owner — shared by the
//! first-run setup and tenant registration.

use crate::access::Role;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::{LocationId, OrganizationId, TenantId, UserId};
use crate::orgs::model::OpeningHours;
use crate::orgs::store::{NewLocation, NewOrganization};
use crate::users::model::{Email, UserStatus};
use crate::users::store::NewUser;

pub enum Slug<'a> {
    /// Made from the name; `-2`, `-3` … appended when taken.
    FromName,
    /// Exactly this one; 409 when taken.
    Exact(&'a str),
}

pub struct NewTenant<'a> {
    pub name: &'a str,
    pub slug: Slug<'a>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub timezone: &'a str,
    pub opening_hours: &'a [OpeningHours],
    pub owner_email: &'a Email,
    pub owner_first_name: &'a str,
    pub owner_last_name: &'a str,
    pub owner_password_hash: &'a str,
    pub owner_locale: &'a str,
    /// The instance owner (first-run setup) is also the super admin.
    pub owner_super_admin: bool,
}

pub struct Created {
    pub tenant: TenantId,
    pub owner: UserId,
    pub slug: String,
}

pub fn create(tx: &Tx<'_>, t: &NewTenant<'_>, now: jiff::Timestamp) -> ApiResult<Created> {
    let tenant = TenantId::generate();
    let slug = match t.slug {
        Slug::FromName => super::store::insert(tx, &tenant, t.name, &super::model::slugify(t.name), now)?,
        Slug::Exact(slug) => {
            if super::store::slug_taken(tx, slug)? {
                return Err(ApiError::Conflict(Msg::SlugTaken));
            }
            super::store::insert(tx, &tenant, t.name, slug, now)?
        }
    };
    let org = OrganizationId::generate();
    crate::orgs::store::insert_organization(
        tx,
        &tenant,
        &org,
        &NewOrganization { name: t.name, email: t.email, phone: t.phone, address: t.address },
        now,
    )?;
    crate::orgs::store::insert_location(
        tx,
        &tenant,
        &org,
        &LocationId::generate(),
        &NewLocation { name: t.name, address: t.address, timezone: t.timezone, opening_hours: t.opening_hours },
        now,
    )?;
    let owner = UserId::generate();
    crate::users::store::insert(
        tx,
        &tenant,
        &NewUser {
            id: &owner,
            email: t.owner_email.as_str(),
            email_key: &t.owner_email.key(),
            password_hash: Some(t.owner_password_hash),
            first_name: t.owner_first_name,
            last_name: t.owner_last_name,
            role: Role::Owner,
            super_admin: t.owner_super_admin,
            status: UserStatus::Active,
            locale: t.owner_locale,
            timezone: None,
        },
        now,
    )?;
    // New accounts and their invitations speak the owner's language until someone changes it.
    let lang = crate::http::Lang::from_code(t.owner_locale).code();
    crate::orgs::store::save_setting(tx, &tenant, "general.default_locale", &serde_json::json!(lang), &owner, now)?;
    // The team's chat rooms exist from day one (DESIGN §14).
    crate::groups::membership::refresh(tx, &tenant, now)?;
    Ok(Created { tenant, owner, slug })
}
