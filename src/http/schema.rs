//! Schemas for values whose rules come from data rather than a literal: the API document
//! declares exactly what the server accepts (IANA time zones; the permission codes live in
//! `access::perm`), so generated
//! clients and fuzzers agree with it. Fields use them with `#[schema(schema_with = …)]`.

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};

pub fn string_enum(values: Vec<String>, nullable: bool, description: &str) -> ObjectBuilder {
    let kind = if nullable { SchemaType::from_iter([Type::String, Type::Null]) } else { SchemaType::new(Type::String) };
    let mut values: Vec<serde_json::Value> = values.into_iter().map(serde_json::Value::String).collect();
    if nullable {
        values.push(serde_json::Value::Null);
    }
    ObjectBuilder::new().schema_type(kind).enum_values(Some(values)).description(Some(description))
}

/// Every IANA time-zone name of the bundled database, sorted.
pub fn timezone_names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.as_str().to_string()).collect();
    names.sort();
    names.dedup();
    names
}

/// An IANA time zone, or `null` (or absent) to leave it as it is.
pub fn timezone_or_unchanged() -> impl Into<RefOr<Schema>> {
    string_enum(timezone_names(), true, "An IANA time zone, e.g. `Europe/Amsterdam`; `null` leaves it as it is.")
}

/// An IANA time zone, or `null` to clear it.
pub fn timezone_or_null() -> impl Into<RefOr<Schema>> {
    string_enum(timezone_names(), true, "An IANA time zone, e.g. `Europe/Amsterdam`; `null` clears it.")
}

/// A boolean that can only be `false` (a feature Staffroom refuses, such as mail tracking).
pub fn always_false() -> impl Into<RefOr<Schema>> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Boolean))
        .enum_values(Some([serde_json::Value::Bool(false)]))
        .default(Some(serde_json::Value::Bool(false)))
}

const UUID_PATTERN: &str = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// A map from ids (UUIDs) to amounts in minor units, `0..=100000000` (pay per job); `null` or
/// absent leaves it as it is.
pub fn amounts_by_id() -> impl Into<RefOr<Schema>> {
    let amount =
        ObjectBuilder::new().schema_type(SchemaType::new(Type::Integer)).minimum(Some(0)).maximum(Some(100_000_000));
    let key = ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid)));
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property_names(Some(key.pattern(Some(UUID_PATTERN))))
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::RefOr(RefOr::T(Schema::Object(
            amount.build(),
        )))))
        .max_properties(Some(200))
}

/// One value (`is`, `isNot`) or a list of 1–200 values (`in`, `notIn`), each 1–100 characters.
pub fn one_or_many_values() -> impl Into<RefOr<Schema>> {
    let text =
        || ObjectBuilder::new().schema_type(SchemaType::new(Type::String)).min_length(Some(1)).max_length(Some(100));
    let list = utoipa::openapi::schema::ArrayBuilder::new().items(text()).min_items(Some(1)).max_items(Some(200));
    utoipa::openapi::schema::OneOfBuilder::new().item(text()).item(list)
}
