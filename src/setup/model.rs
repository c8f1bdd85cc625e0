use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::password::Password;
use crate::http::error::{FieldErrors, FieldProblem};
use crate::http::{ApiError, Msg};
use crate::orgs::model::{OpeningHours, check_opening_hours};
use crate::users::model::Email;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetupStatus {
    /// True until the first-run setup has been completed.
    pub needs_setup: bool,
    /// Whether `POST /api/v1/auth/setup` needs the code from the server's log.
    pub setup_code_required: bool,
}

/// The first-run wizard's answers (DESIGN §5).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetupRequest {
    /// The owner's full name; the last word becomes the last name.
    pub admin_name: String,
    #[schema(format = Email, max_length = 254)]
    pub admin_email: String,
    /// At least 8 characters.
    #[schema(min_length = 8, max_length = 1024)]
    pub admin_password: String,
    /// The business's name; the tenant's slug is made from it.
    pub salon_name: String,
    pub salon_email: Option<String>,
    pub salon_phone: Option<String>,
    pub salon_address: Option<String>,
    /// IANA time zone of the location (the wizard sends the browser's); default UTC.
    #[schema(schema_with = crate::http::schema::timezone_or_null)]
    pub timezone: Option<String>,
    pub opening_hours: Option<Vec<OpeningHours>>,
    /// `XXXX-XXXX-XXXX` from the server's log or `<data dir>/setup-code`.
    pub setup_code: Option<String>,
}

/// A setup request that passed every check.
pub struct ValidSetup {
    pub first_name: String,
    pub last_name: String,
    pub email: Email,
    pub salon_name: String,
    pub salon_email: Option<String>,
    pub salon_phone: Option<String>,
    pub salon_address: Option<String>,
    pub timezone: String,
    pub opening_hours: Vec<OpeningHours>,
}

fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

impl ValidSetup {
    /// Checks every field and collects every problem at once, so the wizard can mark them all.
    /// The password travels separately: it goes to the hasher, never into the write job.
    pub fn parse(req: SetupRequest) -> Result<(ValidSetup, Password), ApiError> {
        let mut problems = FieldErrors::new();
        let mut note = |field: &str, key: Msg| {
            problems.insert(field.to_string(), FieldProblem::new(key));
        };
        let (first_name, last_name) = crate::users::model::split_name(&req.admin_name);
        if last_name.is_empty() {
            note("adminName", Msg::FieldBlank);
        } else if req.admin_name.len() > 200 {
            note("adminName", Msg::FieldTooLong);
        }
        let email = Email::parse("adminEmail", &req.admin_email).map_err(|_| note("adminEmail", Msg::FieldEmail)).ok();
        let password = Password::parse("adminPassword", req.admin_password)
            .map_err(|_| note("adminPassword", Msg::FieldPassword))
            .ok();
        let salon_name = req.salon_name.trim().to_string();
        if salon_name.is_empty() {
            note("salonName", Msg::FieldBlank);
        } else if salon_name.len() > 200 {
            note("salonName", Msg::FieldTooLong);
        }
        let salon_email = optional(req.salon_email);
        if let Some(e) = &salon_email
            && Email::parse("salonEmail", e).is_err()
        {
            note("salonEmail", Msg::FieldEmail);
        }
        let salon_phone = optional(req.salon_phone);
        if salon_phone.as_ref().is_some_and(|p| p.len() > 50) {
            note("salonPhone", Msg::FieldTooLong);
        }
        let salon_address = optional(req.salon_address);
        if salon_address.as_ref().is_some_and(|a| a.len() > 500) {
            note("salonAddress", Msg::FieldTooLong);
        }
        let timezone = optional(req.timezone).unwrap_or_else(|| "UTC".into());
        if jiff::tz::TimeZone::get(&timezone).is_err() {
            note("timezone", Msg::FieldTimezone);
        }
        let opening_hours = req.opening_hours.unwrap_or_default();
        check_opening_hours(&opening_hours, &mut note);
        match (email, password) {
            (Some(email), Some(password)) if problems.is_empty() => Ok((
                ValidSetup {
                    first_name,
                    last_name,
                    email,
                    salon_name,
                    salon_email,
                    salon_phone,
                    salon_address,
                    timezone,
                    opening_hours,
                },
                password,
            )),
            _ => Err(ApiError::Validation(problems)),
        }
    }
}

/// The setup code alone, checked on the wizard's first step.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetupCodeCheck {
    /// `XXXX-XXXX-XXXX`; case and dashes are ignored.
    #[schema(min_length = 1, max_length = 64)]
    pub setup_code: String,
}
