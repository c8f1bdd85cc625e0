//! The one place that materialises who is in what: smart-group members and each schedule's
//! expanded assignees (DESIGN §12). Every write job that changes a user (role, status, member
//! facts), a group or a schedule calls [`refresh`] before it commits; reads never evaluate
//! rules. People whose groups or schedules changed get a `membership.changed` event.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::rules;
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::ApiResult;
use crate::ids::{ScheduleId, SmartGroupId, TenantId, UserId};

#[derive(Default)]
struct Changes {
    groups_added: Vec<SmartGroupId>,
    groups_removed: Vec<SmartGroupId>,
    schedules_added: Vec<ScheduleId>,
    schedules_removed: Vec<ScheduleId>,
}

/// Recomputes every group and schedule of the tenant (a small business has a few dozen people
/// and groups: one pass in memory, then only the differences are written).
pub fn refresh(tx: &Tx<'_>, tenant: &TenantId, now: jiff::Timestamp) -> ApiResult<()> {
    let people = crate::members::store::all_active(tx, tenant)?;
    let mut changes: BTreeMap<UserId, Changes> = BTreeMap::new();

    let mut group_members: BTreeMap<SmartGroupId, BTreeSet<UserId>> = BTreeMap::new();
    for group in super::store::groups(tx, tenant)? {
        let wanted =
            rules::members_of(group.logic, &group.rules, &group.include_user_ids, &group.exclude_user_ids, &people);
        let stored: BTreeSet<UserId> = group.member_ids.iter().cloned().collect();
        let mut add =
            tx.prepare_cached("INSERT INTO smart_group_members (group_id, user_id, tenant_id) VALUES (?1, ?2, ?3)")?;
        for user in wanted.difference(&stored) {
            add.execute((&group.id, user, tenant))?;
            changes.entry(user.clone()).or_default().groups_added.push(group.id.clone());
        }
        let mut remove = tx.prepare_cached("DELETE FROM smart_group_members WHERE group_id = ?1 AND user_id = ?2")?;
        for user in stored.difference(&wanted) {
            remove.execute((&group.id, user))?;
            changes.entry(user.clone()).or_default().groups_removed.push(group.id.clone());
        }
        group_members.insert(group.id, wanted);
    }

    let active: BTreeSet<&UserId> = people.iter().map(|m| &m.id).collect();
    for (schedule, groups, users, stored) in crate::schedules::store::assignee_sources(tx, tenant)? {
        let mut wanted: BTreeSet<UserId> = users.into_iter().filter(|u| active.contains(u)).collect();
        for group in groups {
            wanted.extend(group_members.get(&group).into_iter().flatten().cloned());
        }
        let mut add =
            tx.prepare_cached("INSERT INTO schedule_assignees (schedule_id, user_id, tenant_id) VALUES (?1, ?2, ?3)")?;
        for user in wanted.difference(&stored) {
            add.execute((&schedule, user, tenant))?;
            changes.entry(user.clone()).or_default().schedules_added.push(schedule.clone());
        }
        let mut remove = tx.prepare_cached("DELETE FROM schedule_assignees WHERE schedule_id = ?1 AND user_id = ?2")?;
        for user in stored.difference(&wanted) {
            remove.execute((&schedule, user))?;
            changes.entry(user.clone()).or_default().schedules_removed.push(schedule.clone());
        }
    }

    for (user, c) in changes {
        let payload = json!({
            "userId": user,
            "groupsAdded": c.groups_added,
            "groupsRemoved": c.groups_removed,
            "schedulesAdded": c.schedules_added,
            "schedulesRemoved": c.schedules_removed,
        });
        events::emit(tx, tenant, "membership.changed", &[Audience::User(user)], &payload, now)?;
    }
    crate::chat::membership::refresh(tx, tenant, now)
}
