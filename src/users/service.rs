//! Rules that span users, tokens, mail and the audit log: who may hand out which role, the
//! invitation flow, deactivation.

use crate::access::{Role, ensure_not_last_owner};
use crate::audit;
use crate::auth::Principal;
use crate::auth::onetime::{self, Purpose};
use crate::db::Tx;
use crate::http::{ApiError, ApiResult, Lang, Msg};
use crate::ids::{TenantId, UserId};
use crate::mail::{self, Template};

use super::model::{Email, UserStatus, rank};
use super::store::{self, NewUser};

/// May `caller` give someone the role `role`? Up to their own rank, and beyond manager only
/// with `users.write`.
pub fn may_assign(caller: &Principal, role: Role) -> bool {
    rank(role) <= rank(caller.role) && (rank(role) <= rank(Role::Manager) || caller.allows("users.write"))
}

/// May `caller` change or remove the account whose role is `target`? Not above their own rank,
/// and managers only up to manager.
pub fn may_manage(caller: &Principal, target: Role) -> bool {
    may_assign(caller, target)
}

pub struct Invite<'a> {
    pub email: &'a Email,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub role: Role,
    pub lang: Lang,
    pub link_base: &'a str,
    pub inviter: &'a str,
    pub profile: Option<&'a crate::ids::ProfileId>,
}

/// Creates an invited account and queues its invitation mail.
pub fn invite(tx: &Tx<'_>, caller: &Principal, invite: &Invite<'_>, now: jiff::Timestamp) -> ApiResult<UserId> {
    if let Some(profile) = invite.profile {
        check_profile(tx, caller, profile)?;
    }
    let id = UserId::generate();
    let key = invite.email.key();
    store::insert(
        tx,
        caller.tenant(),
        &NewUser {
            id: &id,
            email: invite.email.as_str(),
            email_key: &key,
            password_hash: None,
            first_name: invite.first_name,
            last_name: invite.last_name,
            role: invite.role,
            super_admin: false,
            status: UserStatus::Invited,
            locale: invite.lang.code(),
            timezone: None,
        },
        now,
    )
    .map_err(email_taken)?;
    if let Some(profile) = invite.profile {
        store::set_profile(tx, caller.tenant(), &id, Some(profile), now)?;
    }
    send_invitation(
        tx,
        caller.tenant(),
        &id,
        &key,
        invite.email.as_str(),
        invite.inviter,
        invite.lang,
        invite.link_base,
        now,
    )?;
    audit::by_user(
        tx,
        caller.tenant(),
        &caller.user,
        "user.invited",
        serde_json::json!({ "userId": id, "role": invite.role, "profileId": invite.profile }),
        now,
    )?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub fn send_invitation(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    email_key: &str,
    address: &str,
    inviter: &str,
    lang: Lang,
    link_base: &str,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let (token, token_id) = onetime::issue(tx, tenant, user, email_key, Purpose::Invitation, now)?;
    let tenant_name = crate::tenants::store::get(tx, tenant)?.name;
    let link = format!("{link_base}/accept-invitation?token={token}");
    mail::queue(
        tx,
        Some(tenant),
        &tenant_name,
        lang,
        address,
        &Template::Invitation { inviter, link: &link, token_id: &token_id },
        now,
    )?;
    Ok(())
}

/// Deactivates or activates `target` after the role and last-owner checks.
pub fn set_status(
    tx: &Tx<'_>,
    caller: &Principal,
    target: &UserId,
    status: UserStatus,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let current = store::view(tx, caller.tenant(), target)?;
    if !may_manage(caller, current.role) {
        return Err(ApiError::Forbidden);
    }
    if status == UserStatus::Inactive {
        if &caller.user == target {
            return Err(ApiError::Conflict(Msg::NotYourself));
        }
        ensure_not_last_owner(tx, caller.tenant(), target)?;
    }
    if status == UserStatus::Active && current.status == UserStatus::Invited {
        // An invited account becomes active by accepting its invitation.
        return Err(ApiError::Conflict(Msg::InvitationPending));
    }
    store::set_status(tx, caller.tenant(), target, status, now)?;
    if status == UserStatus::Inactive {
        // Their future shifts become open shifts, in the same job.
        crate::schedules::rota::release_future_shifts(tx, caller.tenant(), target, now)?;
    }
    crate::groups::membership::refresh(tx, caller.tenant(), now)?;
    audit::by_user(
        tx,
        caller.tenant(),
        &caller.user,
        if status == UserStatus::Inactive { "user.deactivated" } else { "user.activated" },
        serde_json::json!({ "userId": target }),
        now,
    )
}

/// Checks that `caller` may give out `profile`: an active profile of the tenant whose
/// permissions the caller holds too.
pub fn check_profile(tx: &Tx<'_>, caller: &Principal, profile: &crate::ids::ProfileId) -> ApiResult<()> {
    // Another tenant's or an unknown profile is not found (DESIGN §3: its existence is not revealed).
    let codes =
        crate::access::store::profile_codes_if_active(tx, caller.tenant(), profile)?.ok_or(ApiError::NotFound)?;
    if codes.iter().all(|code| caller.allows(code)) { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// A unique-key conflict on insert means the address is taken in this tenant.
pub fn email_taken(error: ApiError) -> ApiError {
    match error {
        ApiError::Conflict(_) => ApiError::Conflict(Msg::EmailTaken),
        other => other,
    }
}
