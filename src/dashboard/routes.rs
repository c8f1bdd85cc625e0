use axum::extract::State;

use super::model::{ActionItems, Approvals, UnreadCounts};
use crate::access::perm::{self, Permission as _};
use crate::auth::Principal;
use crate::http::{ApiOk, ApiResult, Envelope, Lang};
use crate::state::AppState;

const NEXT_SHIFTS: usize = 5;
const OPEN_SHIFTS: usize = 10;
const APPROVALS_SHOWN: usize = 5;
/// Today and the next 27 days, like My shifts.
const DAYS_AHEAD: i64 = 27;

#[utoipa::path(get, path = "/api/v1/me/action-items", tag = "dashboard",
    responses((status = 200, body = Envelope<ActionItems>)), security(("bearer" = [])))]
pub async fn action_items(State(app): State<AppState>, caller: Principal, lang: Lang) -> ApiResult<ApiOk<ActionItems>> {
    let now = app.clock.now();
    let items = app
        .db
        .read(move |c| {
            let (next_shifts, open_shifts) = if caller.allows(perm::SchedulesRead::CODE) {
                crate::schedules::shifts::coming_for(c, &caller, now, DAYS_AHEAD, NEXT_SHIFTS, OPEN_SHIFTS, lang)?
            } else {
                (Vec::new(), Vec::new())
            };
            let approvals = crate::inbox::waiting(c, &caller, now.as_second(), lang)?.map(|mut inbox| {
                inbox.items.truncate(APPROVALS_SHOWN);
                Approvals { total: inbox.total, counts: inbox.counts, items: inbox.items }
            });
            Ok(ActionItems { next_shifts, open_shifts, approvals })
        })
        .await?;
    Ok(ApiOk(items))
}

#[utoipa::path(get, path = "/api/v1/me/unread-counts", tag = "dashboard",
    responses((status = 200, body = Envelope<UnreadCounts>)), security(("bearer" = [])))]
pub async fn unread_counts(
    State(app): State<AppState>,
    caller: Principal,
    lang: Lang,
) -> ApiResult<ApiOk<UnreadCounts>> {
    let now = app.clock.now().as_second();
    let counts = app
        .db
        .read(move |c| {
            let notifications = crate::notifications::store::unread_count(c, &caller.user)?;
            let chat = if caller.allows(perm::ChatUse::CODE) {
                let channels = crate::chat::store::unread(c, caller.tenant(), &caller.user)?;
                Some(channels.iter().map(|ch| u64::from(ch.unread_count)).sum())
            } else {
                None
            };
            let approvals = crate::inbox::waiting(c, &caller, now, lang)?.map(|inbox| inbox.total);
            let total = notifications + chat.unwrap_or(0) + approvals.unwrap_or(0);
            Ok(UnreadCounts { notifications, chat, approvals, total })
        })
        .await?;
    Ok(ApiOk(counts))
}
