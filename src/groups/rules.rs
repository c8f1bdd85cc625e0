//! What a rule means for one person, and the checks a rule must pass before it is stored.

use std::collections::BTreeSet;

use super::model::{Logic, Operator, Rule, RuleField, RuleValue};
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::UserId;
use crate::members::model::Member;

/// The values a rule compares against: one for `is`/`isNot`, several for `in`/`notIn`.
fn values(value: &RuleValue) -> Vec<&str> {
    match value {
        RuleValue::One(v) => vec![v.as_str()],
        RuleValue::Many(vs) => vs.iter().map(String::as_str).collect(),
    }
}

/// The person's values for a field (a list for `jobId` and `locationId`).
fn facts(member: &Member, field: RuleField) -> Vec<&str> {
    match field {
        RuleField::Role => vec![member.role.as_str()],
        RuleField::Status => vec![crate::users::store::status_text(member.status)],
        RuleField::UserId => vec![member.id.as_str()],
        RuleField::JobId => member.job_ids.iter().map(|j| j.as_str()).collect(),
        RuleField::LocationId => member.location_ids.iter().map(|l| l.as_str()).collect(),
    }
}

pub fn matches(rule: &Rule, member: &Member) -> bool {
    let have = facts(member, rule.field);
    let wanted = values(&rule.value);
    let any = wanted.iter().any(|w| have.contains(w));
    match rule.operator {
        Operator::Is | Operator::In => any,
        Operator::IsNot | Operator::NotIn => !any,
    }
}

/// Whether `member` belongs to a group of these rules (before include/exclude). A group with
/// no rules holds nobody but its included people.
pub fn selects(logic: Logic, rules: &[Rule], member: &Member) -> bool {
    if rules.is_empty() {
        return false;
    }
    match logic {
        Logic::And => rules.iter().all(|r| matches(r, member)),
        Logic::Or => rules.iter().any(|r| matches(r, member)),
    }
}

/// The active people a group holds: rules ∪ included, minus excluded.
pub fn members_of(
    logic: Logic,
    rules: &[Rule],
    include: &[UserId],
    exclude: &[UserId],
    people: &[Member],
) -> BTreeSet<UserId> {
    people
        .iter()
        .filter(|m| m.status == crate::users::model::UserStatus::Active)
        .filter(|m| !exclude.contains(&m.id))
        .filter(|m| include.contains(&m.id) || selects(logic, rules, m))
        .map(|m| m.id.clone())
        .collect()
}

/// Checks the shape of each rule; ids in values must be UUIDs (`known` then says whether they
/// belong to the tenant).
pub fn check(rules: &[Rule]) -> ApiResult<()> {
    if rules.len() > 20 {
        return Err(ApiError::validation("rules", Msg::FieldTooLong));
    }
    for (i, rule) in rules.iter().enumerate() {
        let field = |name: &str| format!("rules[{i}].{name}");
        let list = matches!(rule.value, RuleValue::Many(_));
        let wants_list = matches!(rule.operator, Operator::In | Operator::NotIn);
        if list != wants_list {
            let detail = if wants_list { "in and notIn take a list of values" } else { "is and isNot take one value" };
            return Err(ApiError::validation(field("value"), FieldProblem::with_detail(Msg::FieldWrongType, detail)));
        }
        let vals = values(&rule.value);
        if vals.is_empty() || vals.len() > 200 || vals.iter().any(|v| v.chars().count() > 100) {
            return Err(ApiError::validation(field("value"), Msg::FieldInvalid));
        }
        let ok = |v: &&str| match rule.field {
            RuleField::Role => crate::access::Role::parse(v).is_some(),
            RuleField::Status => crate::users::model::UserStatus::parse(v).is_some(),
            RuleField::UserId | RuleField::JobId | RuleField::LocationId => uuid::Uuid::parse_str(v).is_ok(),
        };
        if !vals.iter().all(ok) {
            return Err(ApiError::validation(field("value"), Msg::FieldInvalid));
        }
    }
    Ok(())
}

/// The ids a rule names, by kind, to check they are the tenant's.
pub fn named_ids(rules: &[Rule], field: RuleField) -> Vec<String> {
    rules.iter().filter(|r| r.field == field).flat_map(|r| values(&r.value)).map(str::to_string).collect()
}
