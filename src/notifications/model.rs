//! The notification routes' shapes (seed 001, camelCase).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::catalog::Channel;
use crate::ids::NotificationId;

/// One in-app notification, worded in its reader's language.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: NotificationId,
    pub event_key: String,
    pub title: String,
    pub body: String,
    /// A path inside the web app that opens what it is about.
    pub link: Option<String>,
    /// A change to one's own shift within 24 hours: it passes Do Not Disturb.
    pub critical: bool,
    pub created_at: String,
    pub read_at: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
    /// `true`: only the unread ones.
    pub unread: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NotificationUnreadCount)]
pub struct UnreadCount {
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Updated {
    pub updated: u64,
}

/// The defaults of one event, per channel.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelDefaults {
    pub in_app: bool,
    pub email: bool,
    pub push: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogEvent {
    pub event_key: &'static str,
    /// False: always sent, a person cannot turn it off.
    pub optional: bool,
    pub defaults: ChannelDefaults,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogModule {
    pub module: &'static str,
    pub events: Vec<CatalogEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Catalog {
    pub channels: Vec<Channel>,
    pub modules: Vec<CatalogModule>,
}

/// A person's preference for one event on one channel, merged with the default.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Preference {
    pub event_key: &'static str,
    pub module: &'static str,
    pub channel: Channel,
    pub enabled: bool,
    pub optional: bool,
    /// True when the person chose it (else it is the default).
    pub custom: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Preferences {
    pub items: Vec<Preference>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreferenceUpdate {
    #[schema(schema_with = super::catalog::event_keys)]
    pub event_key: String,
    #[schema(schema_with = super::catalog::channel_names)]
    pub channel: String,
    pub enabled: bool,
}

/// Do Not Disturb: while it holds, only in-app notifications arrive; e-mails wait for its end
/// (or the next local 08:00 when it comes first).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Dnd {
    pub enabled: bool,
    /// `HH:MM`, local to `timezone`; a window may pass midnight (22:00 → 07:00).
    pub start_time: String,
    pub end_time: String,
    /// IANA zone; the person's own zone (else the first location's) when not set.
    pub timezone: String,
    /// The time outside one's published shifts counts as DND too.
    pub quiet_outside_shifts: bool,
    /// How long before a shift the quiet time ends, in minutes.
    pub lead_minutes: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DndUpdate {
    pub enabled: Option<bool>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: Option<String>,
    #[schema(schema_with = crate::http::schema::timezone_or_unchanged)]
    pub timezone: Option<String>,
    pub quiet_outside_shifts: Option<bool>,
    #[schema(minimum = 0, maximum = 720)]
    pub lead_minutes: Option<i64>,
}
