use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The checklist's tasks, in the order the home page shows them. Only tasks whose feature
/// exists are listed: a checklist never promises what the product cannot do yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskCode {
    /// Name, e-mail, phone and address of the business.
    BusinessDetails,
    /// The weekly opening hours of the first location.
    OpeningHours,
    /// An SMTP server, so invitations and sign-in codes reach people.
    Email,
    /// At least one more person in the workplace.
    InviteTeam,
    /// A schedule exists.
    FirstSchedule,
    /// Shifts have been published.
    PublishWeek,
}

impl TaskCode {
    pub const ALL: [TaskCode; 6] = [
        TaskCode::BusinessDetails,
        TaskCode::OpeningHours,
        TaskCode::Email,
        TaskCode::InviteTeam,
        TaskCode::FirstSchedule,
        TaskCode::PublishWeek,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskCode::BusinessDetails => "business_details",
            TaskCode::OpeningHours => "opening_hours",
            TaskCode::Email => "email",
            TaskCode::InviteTeam => "invite_team",
            TaskCode::FirstSchedule => "first_schedule",
            TaskCode::PublishWeek => "publish_week",
        }
    }

    pub fn parse(text: &str) -> Option<TaskCode> {
        TaskCode::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Where the web UI does the task.
    pub fn link(self) -> &'static str {
        match self {
            TaskCode::BusinessDetails | TaskCode::OpeningHours => "/settings/business",
            TaskCode::Email => "/settings/email",
            TaskCode::InviteTeam => "/users",
            TaskCode::FirstSchedule | TaskCode::PublishWeek => "/schedules",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum TaskStatus {
    Pending,
    Completed,
    Skipped,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Pending => "pending",
            TaskStatus::Completed => "completed",
            TaskStatus::Skipped => "skipped",
        }
    }

    pub fn parse(text: &str) -> TaskStatus {
        match text {
            "completed" => TaskStatus::Completed,
            "skipped" => TaskStatus::Skipped,
            _ => TaskStatus::Pending,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetupTask {
    pub code: TaskCode,
    pub status: TaskStatus,
    /// Ticked by auto-check from the data rather than by a person.
    pub auto_detected: bool,
    /// When the status last changed; `null` for a task nobody touched.
    pub updated_at: Option<String>,
    /// The page of the web UI where the task is done.
    pub link: &'static str,
}

/// The tenant's onboarding checklist.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetupHub {
    pub tasks: Vec<SetupTask>,
    /// Tasks completed or skipped.
    pub done: usize,
    pub total: usize,
    /// When the owner dismissed the checklist; `null` while it is shown.
    pub completed_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskUpdate {
    pub status: TaskStatus,
}
