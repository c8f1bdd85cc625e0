//! Typed ids: UUIDv7 strings (DESIGN §2), one newtype per table so a user id cannot be passed
//! where a tenant id belongs.

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        ///
        /// Held inline as the 36 bytes of its canonical text: a list of a few hundred rows
        /// carries four or five ids each, and a heap allocation per id was a tenth of a
        /// week list's time.
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, utoipa::ToSchema)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name([u8; 36]);

        /// Only a UUID is an id: anything else in a body is refused as malformed, not looked up.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not a valid id (a UUID)"))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl $name {
            /// A fresh time-ordered id.
            pub fn generate() -> Self {
                Self::from_uuid(uuid::Uuid::now_v7())
            }

            /// Accepts only the canonical UUID form, so a path segment can be trusted.
            pub fn parse(text: &str) -> Option<Self> {
                uuid::Uuid::parse_str(text).ok().map(Self::from_uuid)
            }

            fn from_uuid(uuid: uuid::Uuid) -> Self {
                let mut bytes = [0u8; 36];
                uuid.hyphenated().encode_lower(&mut bytes);
                Self(bytes)
            }

            pub fn as_str(&self) -> &str {
                // Always ASCII: written by `from_uuid` or checked by `column_result`.
                std::str::from_utf8(&self.0).unwrap_or_default()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.as_str())
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(&self.0)))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_bytes()?;
                let bytes: [u8; 36] = text.try_into().map_err(|_| rusqlite::types::FromSqlError::InvalidType)?;
                if !bytes.is_ascii() {
                    return Err(rusqlite::types::FromSqlError::InvalidType);
                }
                Ok(Self(bytes))
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
    /// A chat channel (a room of seed 000, a channel of seed 001).
    ChannelId,
    /// A chat message.
    MessageId,
    /// An uploaded file.
    FileId,
    /// A punch of the time clock; also the id of the time entry it opened.
    PunchId,
    /// A request for time off.
    TimeOffId,
    /// A manager's correction of a time entry.
    EntryEditId,
    /// A calendar feed (iCalendar URL).
    FeedId,
    /// An offer to hand a shift over to a colleague.
    SwapId,
    /// A kiosk: a location's shared tablet for the time clock.
    KioskId,
    /// One notification of one person on one channel (in-app, e-mail, push).
    NotificationId,
);
