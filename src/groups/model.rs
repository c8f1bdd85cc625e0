use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{SegmentId, SmartGroupId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Logic {
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum RuleField {
    Role,
    JobId,
    LocationId,
    Status,
    UserId,
}

/// For the list-valued `jobId` / `locationId`: `is` = has it, `isNot` = lacks it, `in` = has
/// any, `notIn` = has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Operator {
    Is,
    IsNot,
    In,
    NotIn,
}

/// One value for `is`/`isNot`, a list for `in`/`notIn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum RuleValue {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    pub field: RuleField,
    pub operator: Operator,
    #[schema(schema_with = crate::http::schema::one_or_many_values)]
    pub value: RuleValue,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmartGroup {
    pub id: SmartGroupId,
    pub segment_id: SegmentId,
    pub name: String,
    pub logic: Logic,
    pub rules: Vec<Rule>,
    pub include_user_ids: Vec<UserId>,
    pub exclude_user_ids: Vec<UserId>,
    /// The active people in the group now (materialised).
    pub member_ids: Vec<UserId>,
    pub member_count: usize,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    pub id: SegmentId,
    pub name: String,
    pub description: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A segment with its smart groups (`GET /api/v1/smart-groups`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SegmentWithGroups {
    #[serde(flatten)]
    pub segment: Segment,
    pub groups: Vec<SmartGroup>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSegment {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    #[schema(max_length = 500, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SegmentUpdate {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 500, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub description: Option<Option<String>>,
}

/// The rules of a group, as created, changed or previewed.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupDraft {
    /// `"and"` when left out.
    pub logic: Option<Logic>,
    #[schema(max_items = 20)]
    pub rules: Option<Vec<Rule>>,
    #[schema(max_items = 500)]
    pub include_user_ids: Option<Vec<UserId>>,
    #[schema(max_items = 500)]
    pub exclude_user_ids: Option<Vec<UserId>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewGroup {
    pub segment_id: SegmentId,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    pub logic: Option<Logic>,
    #[schema(max_items = 20)]
    pub rules: Option<Vec<Rule>>,
    #[schema(max_items = 500)]
    pub include_user_ids: Option<Vec<UserId>>,
    #[schema(max_items = 500)]
    pub exclude_user_ids: Option<Vec<UserId>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupUpdate {
    pub segment_id: Option<SegmentId>,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    pub logic: Option<Logic>,
    #[schema(max_items = 20)]
    pub rules: Option<Vec<Rule>>,
    #[schema(max_items = 500)]
    pub include_user_ids: Option<Vec<UserId>>,
    #[schema(max_items = 500)]
    pub exclude_user_ids: Option<Vec<UserId>>,
}

/// Who a draft group would hold now.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub items: Vec<PreviewMember>,
    pub total: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviewMember {
    pub id: UserId,
    pub name: String,
    pub role: crate::access::Role,
}
