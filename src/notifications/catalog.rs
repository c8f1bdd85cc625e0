//! What notifies whom: every event kind that becomes a notification, its module, who receives
//! it (read from the event's payload and audience, DESIGN §13), where it links to, and whether
//! a person may turn it off. Kinds not listed here notify nobody.

use serde_json::Value;

use crate::db::events::CommittedEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = NotificationChannel)]
pub enum Channel {
    InApp,
    Email,
    /// Web Push to the browsers the person subscribed (only when there is one).
    Push,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::InApp, Channel::Email, Channel::Push];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Email => "email",
            Channel::Push => "push",
        }
    }
}

/// Who an event reaches, before preferences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    User(String),
    /// Holders of `schedules.write`.
    ScheduleManagers,
    /// Holders of `clock.manage`.
    ClockManagers,
    /// The schedule's assignees.
    ScheduleMembers(String),
}

pub struct EventDef {
    pub key: &'static str,
    pub module: &'static str,
    /// False: the person cannot turn it off (it asks them to act on their own time).
    pub optional: bool,
    pub email_by_default: bool,
    pub link: &'static str,
}

pub const EVENTS: &[EventDef] = &[
    def("shift.published", "schedules", true, true, "/my-shifts"),
    def("shift.changed", "schedules", false, true, "/my-shifts"),
    def("claim.requested", "schedules", true, false, "/inbox"),
    def("claim.decided", "schedules", true, true, "/my-shifts"),
    def("swap.offered", "schedules", true, false, "/my-shifts"),
    def("swap.accepted", "schedules", true, true, "/inbox"),
    def("swap.approved", "schedules", true, true, "/my-shifts"),
    def("swap.declined", "schedules", true, true, "/my-shifts"),
    def("timeoff.requested", "time", true, false, "/inbox"),
    def("timeoff.decided", "time", true, true, "/time-off"),
    def("clock.missed_punch", "time", false, true, "/clock"),
    def("clock.pin_locked", "time", true, false, "/settings/kiosks"),
    def("timesheet.approved", "time", true, false, "/timesheets"),
    def("chat.mention", "chat", true, false, "/chat"),
    def("chat.direct", "chat", true, false, "/chat"),
];

impl EventDef {
    /// On or off for a person who chose nothing: in-app and push on, e-mail as the event says
    /// (always on for what cannot be turned off).
    pub fn default_on(&self, channel: Channel) -> bool {
        match channel {
            Channel::InApp | Channel::Push => true,
            Channel::Email => self.email_by_default || !self.optional,
        }
    }
}

const fn def(key: &'static str, module: &'static str, optional: bool, email: bool, link: &'static str) -> EventDef {
    EventDef { key, module, optional, email_by_default: email, link }
}

/// The event keys as the API document's enum (a preference names one).
pub fn event_keys() -> impl Into<utoipa::openapi::RefOr<utoipa::openapi::Schema>> {
    let keys = EVENTS.iter().map(|d| d.key.to_string()).collect();
    crate::http::schema::string_enum(keys, false, "An event of the catalog (`/notifications/preferences/catalog`).")
}

/// The channel names as the API document's enum.
pub fn channel_names() -> impl Into<utoipa::openapi::RefOr<utoipa::openapi::Schema>> {
    let names = Channel::ALL.iter().map(|c| c.as_str().to_string()).collect();
    crate::http::schema::string_enum(names, false, "`in_app`, `email` or `push`.")
}

/// Its text is someone's chat message (to be read by its recipient only).
pub fn carries_message(key: &str) -> bool {
    find(key).is_some_and(|d| d.module == "chat")
}

pub fn find(key: &str) -> Option<&'static EventDef> {
    EVENTS.iter().find(|d| d.key == key)
}

fn text<'a>(payload: &'a Value, key: &str) -> Option<&'a str> {
    payload.get(key).and_then(Value::as_str)
}

fn user(payload: &Value, key: &str) -> Option<Target> {
    text(payload, key).map(|id| Target::User(id.to_string()))
}

/// The people named by `user:` scopes of the audience.
fn audience_users(event: &CommittedEvent) -> Vec<Target> {
    event.audience.iter().filter_map(|a| a.strip_prefix("user:")).map(|id| Target::User(id.into())).collect()
}

/// The notification key of an event (chat messages become mentions or direct messages), and
/// who it reaches; `actor` is left out (nobody is told of what they did themselves). `direct`
/// says whether a chat event's channel is a direct conversation, with its members.
pub fn route(
    event: &CommittedEvent,
    direct: Option<&[String]>,
) -> Option<(&'static EventDef, Vec<Target>, Option<String>)> {
    let p = &event.payload;
    let (key, targets, actor): (&str, Vec<Target>, Option<String>) = match event.kind.as_str() {
        // A publish of a range names its people; a single shift published at once, its audience.
        "shift.published" => match p.get("userIds").and_then(Value::as_array) {
            Some(people) => (
                "shift.published",
                people.iter().filter_map(Value::as_str).map(|id| Target::User(id.into())).collect(),
                None,
            ),
            None => ("shift.published", audience_users(event), None),
        },
        "shift.changed" => ("shift.changed", audience_users(event), None),
        "claim.requested" => ("claim.requested", vec![Target::ScheduleManagers], text(p, "userId").map(Into::into)),
        "claim.decided" => ("claim.decided", user(p, "userId").into_iter().collect(), None),
        "swap.offered" => {
            let to = match user(p, "toUserId") {
                Some(one) => vec![one],
                None => text(p, "scheduleId").map(|s| Target::ScheduleMembers(s.into())).into_iter().collect(),
            };
            ("swap.offered", to, text(p, "fromUserId").map(Into::into))
        }
        "swap.accepted" => {
            let mut to: Vec<Target> = user(p, "fromUserId").into_iter().collect();
            // Waiting for a planner: they are asked too.
            if text(p, "status") == Some("accepted") {
                to.push(Target::ScheduleManagers);
            }
            ("swap.accepted", to, text(p, "acceptedBy").map(Into::into))
        }
        kind @ ("swap.approved" | "swap.declined") => {
            let key = if kind == "swap.approved" { "swap.approved" } else { "swap.declined" };
            (key, [user(p, "fromUserId"), user(p, "acceptedBy")].into_iter().flatten().collect(), None)
        }
        "timeoff.requested" => ("timeoff.requested", vec![Target::ClockManagers], text(p, "userId").map(Into::into)),
        "timeoff.decided" => ("timeoff.decided", user(p, "userId").into_iter().collect(), None),
        "clock.missed_punch" => ("clock.missed_punch", user(p, "userId").into_iter().collect(), None),
        "clock.pin_locked" => ("clock.pin_locked", vec![Target::ClockManagers], None),
        "timesheet.approved" => ("timesheet.approved", user(p, "userId").into_iter().collect(), None),
        "chat.message" => {
            let sender = text(p, "senderId").map(String::from);
            match direct {
                Some(members) => ("chat.direct", members.iter().map(|m| Target::User(m.clone())).collect(), sender),
                None => {
                    let mentioned = p.get("mentions").and_then(Value::as_array).into_iter().flatten();
                    let to = mentioned.filter_map(Value::as_str).map(|id| Target::User(id.into())).collect();
                    ("chat.mention", to, sender)
                }
            }
        }
        _ => return None,
    };
    Some((find(key)?, targets, actor))
}
