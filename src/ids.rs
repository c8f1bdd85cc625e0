//! Typed ids: UUIDv7 strings (DESIGN §2), one newtype per table so a user id cannot be passed
//! where a tenant id belongs.

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, utoipa::ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(String);

        /// Only a UUID is an id: anything else in a body is refused as malformed, not looked up.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not a valid id (a UUID)"))
            }
        }

        impl $name {
            /// A fresh time-ordered id.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            /// Accepts only the canonical UUID form, so a path segment can be trusted.
            pub fn parse(text: &str) -> Option<Self> {
                uuid::Uuid::parse_str(text).ok().map(|u| Self(u.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    )*};
}

id_type!(
    /// A user account.
    UserId,
    /// A tenant: one business.
    TenantId,
    /// An organization inside a tenant.
    OrganizationId,
    /// A location (a shop, a salon) of an organization.
    LocationId,
    /// One refresh token of a session.
    RefreshTokenId,
    /// A session: the chain of refresh tokens from one sign-in.
    SessionFamilyId,
    /// An audit log entry.
    AuditId,
    /// A mail in the outbox.
    MailId,
    /// A custom permission profile.
    ProfileId,
    /// A service account (API key).
    ServiceAccountId,
    /// One scheduled or on-demand backup.
    BackupRunId,
    /// A job of the job list (a role on the rota: front desk, stylist).
    JobId,
    /// A segment: a folder of smart groups.
    SegmentId,
    /// A smart group: people chosen by rules.
    SmartGroupId,
    /// A schedule (a rota) of a location.
    ScheduleId,
    /// One shift of a schedule.
    ShiftId,
    /// A claim of an open shift.
    ClaimId,
    /// One entry of a person's unavailability.
    UnavailabilityId,
    /// Unavailability entries made together.
    SeriesId,
    /// A closure of a location (holiday, renovation).
    ClosureId,
    /// A saved week of shifts.
    TemplateId,
    /// A row of the events table.
    EventId,
);
