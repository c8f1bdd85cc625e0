//! The permission catalog. A route names the permission it needs as a type
//! (`Member<perm::UsersRead>`); the codes are what profiles store and clients see.

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};

/// A permission a route can require.
pub trait Permission: Send + Sync + 'static {
    const CODE: &'static str;
}

macro_rules! permissions {
    ($($name:ident = $code:literal: $about:literal;)*) => {
        $(
            #[doc = $about]
            pub struct $name;
            impl Permission for $name {
                const CODE: &'static str = $code;
            }
        )*
        /// Every code with its description, in catalog order.
        pub const CATALOG: &[(&str, &str)] = &[$(($code, $about)),*];
        /// Every code (the owner's profile).
        pub const ALL_CODES: &[&str] = &[$($code),*];
    };
}

permissions! {
    HealthRead = "health.read": "See the state of the server's subsystems";
    AuditRead = "audit.read": "Read the audit log";
    TenantManage = "tenant.manage": "Change the business's name and settings";
    UsersRead = "users.read": "See the team's accounts";
    UsersInvite = "users.invite": "Invite people and change their name and role (up to manager)";
    UsersWrite = "users.write": "Change, deactivate and delete any account";
    ProfilesManage = "profiles.manage": "Manage permission profiles";
    SettingsManage = "settings.manage": "Change organization and e-mail settings";
    SchedulesRead = "schedules.read": "See schedules and shifts";
    SchedulesWrite = "schedules.write": "Create and change schedules and shifts";
    ClockPunch = "clock.punch": "Clock in and out";
    ClockManage = "clock.manage": "See and correct everyone's time entries";
    TimesheetsUnlock = "timesheets.unlock": "Unlock an approved timesheet (audited)";
    ChatUse = "chat.use": "Read and send chat messages";
    ChatManage = "chat.manage": "Manage chat channels";
    FilesUpload = "files.upload": "Upload files";
    TicketsRead = "tickets.read": "See tickets";
    TicketsWrite = "tickets.write": "Create and handle tickets";
}

/// A tenant admin may do everything but is not the instance owner.
pub const TENANT_ADMIN: &[&str] = ALL_CODES;

pub const MANAGER: &[&str] = &[
    "health.read",
    "users.read",
    "users.invite",
    "schedules.read",
    "schedules.write",
    "clock.punch",
    "clock.manage",
    "chat.use",
    "chat.manage",
    "files.upload",
    "tickets.read",
    "tickets.write",
];

pub const USER: &[&str] =
    &["schedules.read", "clock.punch", "chat.use", "files.upload", "tickets.read", "tickets.write"];

// The catalog as the API document's schema (`#[schema(schema_with = …)]` on request fields).

fn permission_code() -> ObjectBuilder {
    let codes = crate::access::perm::ALL_CODES.iter().map(|c| c.to_string()).collect();
    crate::http::schema::string_enum(
        codes,
        false,
        "A permission code of the catalog (`GET /api/v1/profiles/permissions`).",
    )
}

/// A list of permission codes of the catalog.
pub fn permission_codes() -> impl Into<RefOr<Schema>> {
    ArrayBuilder::new().items(permission_code())
}

/// A list of permission codes, or absent/`null` for unchanged.
pub fn permission_codes_or_null() -> impl Into<RefOr<Schema>> {
    ArrayBuilder::new().schema_type(SchemaType::from_iter([Type::Array, Type::Null])).items(permission_code())
}
