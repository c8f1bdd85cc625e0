use axum::extract::State;

use super::model::{
    GroupDraft, GroupUpdate, Logic, NewGroup, NewSegment, Preview, PreviewMember, Rule, RuleField, Segment,
    SegmentUpdate, SegmentWithGroups, SmartGroup,
};
use super::store::{self, GroupFields};
use crate::access::perm;
use crate::auth::Member;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Created, Envelope, Msg};
use crate::ids::{JobId, LocationId, SegmentId, SmartGroupId, TenantId, UserId};
use crate::state::AppState;

fn segment_id(text: &str) -> ApiResult<SegmentId> {
    SegmentId::parse(text).ok_or(ApiError::NotFound)
}

fn group_id(text: &str) -> ApiResult<SmartGroupId> {
    SmartGroupId::parse(text).ok_or(ApiError::NotFound)
}

/// A checked draft: sorted, unique ids; every id the tenant's (else 404).
struct Checked {
    logic: Logic,
    rules: Vec<Rule>,
    include: Vec<UserId>,
    exclude: Vec<UserId>,
}

fn unique(mut ids: Vec<UserId>, field: &str) -> ApiResult<Vec<UserId>> {
    if ids.len() > 500 {
        return Err(ApiError::validation(field, Msg::FieldTooLong));
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

fn check_draft(draft: GroupDraft) -> ApiResult<Checked> {
    let rules = draft.rules.unwrap_or_default();
    super::rules::check(&rules)?;
    Ok(Checked {
        logic: draft.logic.unwrap_or(Logic::And),
        rules,
        include: unique(draft.include_user_ids.unwrap_or_default(), "includeUserIds")?,
        exclude: unique(draft.exclude_user_ids.unwrap_or_default(), "excludeUserIds")?,
    })
}

/// Every id a draft names must be the tenant's: another tenant's is not found.
fn check_ids(c: &rusqlite::Connection, tenant: &TenantId, d: &Checked) -> ApiResult<()> {
    let users: Vec<UserId> = super::rules::named_ids(&d.rules, RuleField::UserId)
        .iter()
        .filter_map(|u| UserId::parse(u))
        .chain(d.include.iter().cloned())
        .chain(d.exclude.iter().cloned())
        .collect();
    for user in &users {
        crate::users::store::view(c, tenant, user)?;
    }
    let jobs: Vec<JobId> =
        super::rules::named_ids(&d.rules, RuleField::JobId).iter().filter_map(|j| JobId::parse(j)).collect();
    if !crate::jobs::store::all_exist(c, tenant, &jobs)? {
        return Err(ApiError::NotFound);
    }
    for place in super::rules::named_ids(&d.rules, RuleField::LocationId) {
        let place = LocationId::parse(&place).ok_or(ApiError::NotFound)?;
        crate::orgs::store::location_of_tenant(c, tenant, &place)?;
    }
    Ok(())
}

/// Segments with their smart groups (the Smart Groups page, the schedule's assignee picker).
#[utoipa::path(get, path = "/api/v1/smart-groups", tag = "smart-groups",
    responses((status = 200, body = Envelope<Vec<SegmentWithGroups>>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
) -> ApiResult<ApiOk<Vec<SegmentWithGroups>>> {
    let tenant = caller.tenant().clone();
    let (segments, groups) =
        app.db.read(move |c| Ok((store::segments(c, &tenant)?, store::groups(c, &tenant)?))).await?;
    let out = segments
        .into_iter()
        .map(|segment| {
            let groups = groups.iter().filter(|g| g.segment_id == segment.id).cloned().collect();
            SegmentWithGroups { segment, groups }
        })
        .collect();
    Ok(ApiOk(out))
}

/// Creates a smart group in a segment.
#[utoipa::path(post, path = "/api/v1/smart-groups", tag = "smart-groups", request_body = NewGroup,
    responses((status = 201, body = Envelope<SmartGroup>), (status = 409, description = "a group of that name exists"),
        (status = 404, description = "the segment, or a job, location or person a rule names, is not this workplace's")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiJson(body): ApiJson<NewGroup>,
) -> ApiResult<Created<SmartGroup>> {
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let draft = check_draft(GroupDraft {
        logic: body.logic,
        rules: body.rules,
        include_user_ids: body.include_user_ids,
        exclude_user_ids: body.exclude_user_ids,
    })?;
    let segment = body.segment_id;
    let id = SmartGroupId::generate();
    let saved = app
        .db
        .write(move |tx| {
            store::segment_by_id(tx, &tenant, &segment)?;
            check_ids(tx, &tenant, &draft)?;
            let fields = GroupFields {
                segment_id: &segment,
                name: &name,
                logic: draft.logic,
                rules: &draft.rules,
                include: &draft.include,
                exclude: &draft.exclude,
            };
            store::save_group(tx, &tenant, &id, &fields, now)?;
            super::membership::refresh(tx, &tenant, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "smart_group.created",
                serde_json::json!({ "groupId": id }),
                now,
            )?;
            store::group_by_id(tx, &tenant, &id)
        })
        .await?;
    Ok(Created(saved))
}

/// Who a draft group would hold now, before it is saved.
#[utoipa::path(post, path = "/api/v1/smart-groups/preview", tag = "smart-groups", request_body = GroupDraft,
    responses((status = 200, body = Envelope<Preview>),
        (status = 404, description = "a job, location or person a rule names is not this workplace's")),
    security(("bearer" = [])))]
pub async fn preview(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiJson(body): ApiJson<GroupDraft>,
) -> ApiResult<ApiOk<Preview>> {
    let tenant = caller.tenant().clone();
    let draft = check_draft(body)?;
    let people = app
        .db
        .read(move |c| {
            check_ids(c, &tenant, &draft)?;
            let people = crate::members::store::all_active(c, &tenant)?;
            let chosen = super::rules::members_of(draft.logic, &draft.rules, &draft.include, &draft.exclude, &people);
            Ok(people
                .into_iter()
                .filter(|m| chosen.contains(&m.id))
                .map(|m| PreviewMember { name: m.name(), id: m.id, role: m.role })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(ApiOk(Preview { total: people.len(), items: people }))
}

#[utoipa::path(get, path = "/api/v1/smart-groups/{id}", tag = "smart-groups", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<SmartGroup>)), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<SmartGroup>> {
    let (tenant, id) = (caller.tenant().clone(), group_id(&id)?);
    Ok(ApiOk(app.db.read(move |c| store::group_by_id(c, &tenant, &id)).await?))
}

/// Changes a group (partial); its members are recomputed in the same transaction.
#[utoipa::path(patch, path = "/api/v1/smart-groups/{id}", tag = "smart-groups", params(("id" = String, Path)),
    request_body = GroupUpdate,
    responses((status = 200, body = Envelope<SmartGroup>), (status = 409, description = "a group of that name exists")),
    security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<GroupUpdate>,
) -> ApiResult<ApiOk<SmartGroup>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), group_id(&id)?);
    let name = body.name.map(|n| crate::http::text::one_line("name", &n, 100)).transpose()?;
    if let Some(rules) = &body.rules {
        super::rules::check(rules)?;
    }
    let include = body.include_user_ids.map(|ids| unique(ids, "includeUserIds")).transpose()?;
    let exclude = body.exclude_user_ids.map(|ids| unique(ids, "excludeUserIds")).transpose()?;
    let (segment, logic, rules) = (body.segment_id, body.logic, body.rules);
    let saved = app
        .db
        .write(move |tx| {
            let current = store::group_by_id(tx, &tenant, &id)?;
            if let Some(s) = &segment {
                store::segment_by_id(tx, &tenant, s)?;
            }
            let draft = Checked {
                logic: logic.unwrap_or(current.logic),
                rules: rules.unwrap_or(current.rules),
                include: include.unwrap_or(current.include_user_ids),
                exclude: exclude.unwrap_or(current.exclude_user_ids),
            };
            check_ids(tx, &tenant, &draft)?;
            let fields = GroupFields {
                segment_id: segment.as_ref().unwrap_or(&current.segment_id),
                name: name.as_deref().unwrap_or(&current.name),
                logic: draft.logic,
                rules: &draft.rules,
                include: &draft.include,
                exclude: &draft.exclude,
            };
            store::save_group(tx, &tenant, &id, &fields, now)?;
            super::membership::refresh(tx, &tenant, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "smart_group.updated",
                serde_json::json!({ "groupId": id }),
                now,
            )?;
            store::group_by_id(tx, &tenant, &id)
        })
        .await?;
    Ok(ApiOk(saved))
}

/// Deletes a group; schedules that named it lose its people (unless listed by name).
#[utoipa::path(delete, path = "/api/v1/smart-groups/{id}", tag = "smart-groups", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<SmartGroup>)), security(("bearer" = [])))]
pub async fn delete(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<SmartGroup>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), group_id(&id)?);
    let gone = app
        .db
        .write(move |tx| {
            let current = store::group_by_id(tx, &tenant, &id)?;
            store::delete_group(tx, &tenant, &id)?;
            super::membership::refresh(tx, &tenant, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "smart_group.deleted",
                serde_json::json!({ "groupId": id }),
                now,
            )?;
            Ok(current)
        })
        .await?;
    Ok(ApiOk(gone))
}

#[utoipa::path(get, path = "/api/v1/smart-groups/segments", tag = "smart-groups",
    responses((status = 200, body = Envelope<Vec<Segment>>)), security(("bearer" = [])))]
pub async fn segments(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
) -> ApiResult<ApiOk<Vec<Segment>>> {
    let tenant = caller.tenant().clone();
    Ok(ApiOk(app.db.read(move |c| store::segments(c, &tenant)).await?))
}

#[utoipa::path(post, path = "/api/v1/smart-groups/segments", tag = "smart-groups", request_body = NewSegment,
    responses((status = 201, body = Envelope<Segment>), (status = 409, description = "a segment of that name exists")),
    security(("bearer" = [])))]
pub async fn create_segment(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiJson(body): ApiJson<NewSegment>,
) -> ApiResult<Created<Segment>> {
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let description = crate::http::text::optional("description", body.description, 500, true)?;
    let id = SegmentId::generate();
    let saved = app
        .db
        .write(move |tx| {
            store::insert_segment(tx, &tenant, &id, &name, description.as_deref(), now)?;
            crate::audit::by_user(tx, &tenant, &user, "segment.created", serde_json::json!({ "segmentId": id }), now)?;
            store::segment_by_id(tx, &tenant, &id)
        })
        .await?;
    Ok(Created(saved))
}

#[utoipa::path(get, path = "/api/v1/smart-groups/segments/{id}", tag = "smart-groups", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Segment>)), security(("bearer" = [])))]
pub async fn segment(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Segment>> {
    let (tenant, id) = (caller.tenant().clone(), segment_id(&id)?);
    Ok(ApiOk(app.db.read(move |c| store::segment_by_id(c, &tenant, &id)).await?))
}

#[utoipa::path(patch, path = "/api/v1/smart-groups/segments/{id}", tag = "smart-groups", params(("id" = String, Path)),
    request_body = SegmentUpdate,
    responses((status = 200, body = Envelope<Segment>), (status = 409, description = "a segment of that name exists")),
    security(("bearer" = [])))]
pub async fn update_segment(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SegmentUpdate>,
) -> ApiResult<ApiOk<Segment>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), segment_id(&id)?);
    let name = body.name.map(|n| crate::http::text::one_line("name", &n, 100)).transpose()?;
    let description = body.description.map(|d| crate::http::text::optional("description", d, 500, true)).transpose()?;
    let saved = app
        .db
        .write(move |tx| {
            let current = store::segment_by_id(tx, &tenant, &id)?;
            let name = name.unwrap_or(current.name);
            let description = description.unwrap_or(current.description);
            store::update_segment(tx, &tenant, &id, &name, description.as_deref(), now)?;
            crate::audit::by_user(tx, &tenant, &user, "segment.updated", serde_json::json!({ "segmentId": id }), now)?;
            store::segment_by_id(tx, &tenant, &id)
        })
        .await?;
    Ok(ApiOk(saved))
}

/// Deletes an empty segment (409 while it holds groups).
#[utoipa::path(delete, path = "/api/v1/smart-groups/segments/{id}", tag = "smart-groups", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Segment>), (status = 409, description = "the segment holds groups")),
    security(("bearer" = [])))]
pub async fn delete_segment(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Segment>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), segment_id(&id)?);
    let gone = app
        .db
        .write(move |tx| {
            let current = store::segment_by_id(tx, &tenant, &id)?;
            store::delete_segment(tx, &tenant, &id)?;
            crate::audit::by_user(tx, &tenant, &user, "segment.deleted", serde_json::json!({ "segmentId": id }), now)?;
            Ok(current)
        })
        .await?;
    Ok(ApiOk(gone))
}
