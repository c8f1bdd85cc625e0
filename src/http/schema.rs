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
