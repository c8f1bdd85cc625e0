//! Notification templates (seed 001): each event's title (also the e-mail's subject) and body,
//! in English and Dutch, with `{variable}`s. A workplace may word them its own way; preview
//! renders any text with sample values; reset brings the built-in text back. A text that would
//! not render as meant is refused when saved, with where the problem is. Values are always
//! inserted as text (the e-mail's HTML escapes them, the web app sets them as text).

use std::collections::BTreeMap;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use super::{catalog, store, texts};
use crate::access::perm::{self, Permission as _};
use crate::auth::Principal;
use crate::db::Tx;
use crate::http::error::{FieldErrors, FieldProblem};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Envelope, Lang, Msg};
use crate::ids::TenantId;
use crate::state::AppState;

const TITLE_MAX: usize = 200;
const BODY_MAX: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = TemplateLanguage)]
pub enum Language {
    En,
    Nl,
}

impl Language {
    const ALL: [Language; 2] = [Language::En, Language::Nl];

    fn code(self) -> &'static str {
        self.lang().code()
    }

    fn lang(self) -> Lang {
        match self {
            Language::En => Lang::En,
            Language::Nl => Lang::Nl,
        }
    }
}

/// Why a text cannot be a template, and where (a 1-based character position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Unclosed(usize),
    Empty(usize),
    Unknown(String, usize),
}

/// Checks that every `{` opens a variable the event has, closed by `}`.
pub fn check(text: &str, allowed: &[&str]) -> Result<(), Problem> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '{' {
            let start = i;
            let close = chars[i + 1..].iter().position(|&c| c == '}' || c == '{').map(|p| p + i + 1);
            match close {
                Some(end) if chars[end] == '}' => {
                    let name: String = chars[start + 1..end].iter().collect();
                    if name.trim().is_empty() {
                        return Err(Problem::Empty(start + 1));
                    }
                    if !allowed.contains(&name.as_str()) {
                        return Err(Problem::Unknown(name, start + 1));
                    }
                    i = end;
                }
                _ => return Err(Problem::Unclosed(start + 1)),
            }
        }
        i += 1;
    }
    Ok(())
}

fn problem_of(p: &Problem, lang: Lang) -> FieldProblem {
    let at = |n: usize| match lang {
        Lang::En => format!("at character {n}"),
        Lang::Nl => format!("bij teken {n}"),
    };
    match p {
        Problem::Unclosed(n) => FieldProblem::with_detail(Msg::TemplateUnclosed, at(*n)),
        Problem::Empty(n) => FieldProblem::with_detail(Msg::TemplateEmptyVariable, at(*n)),
        Problem::Unknown(name, n) => {
            FieldProblem::with_detail(Msg::TemplateUnknownVariable, format!("{{{name}}} {}", at(*n)))
        }
    }
}

/// The title and body as a template of `key`, or the field errors.
fn validate(key: &str, title: &str, body: &str, lang: Lang) -> ApiResult<()> {
    let allowed = texts::variables(key);
    let mut errors = FieldErrors::new();
    if title.trim().is_empty() {
        errors.insert("title".into(), FieldProblem::new(Msg::FieldBlank));
    } else if title.contains(['\n', '\r']) {
        errors.insert("title".into(), FieldProblem::new(Msg::TemplateOneLine));
    } else if title.chars().count() > TITLE_MAX {
        errors.insert("title".into(), FieldProblem::with_detail(Msg::FieldTooLong, format!("{TITLE_MAX}")));
    } else if let Err(p) = check(title, &allowed) {
        errors.insert("title".into(), problem_of(&p, lang));
    }
    let body_problem = if body.trim().is_empty() {
        Some(FieldProblem::new(Msg::FieldBlank))
    } else if body.chars().count() > BODY_MAX {
        Some(FieldProblem::with_detail(Msg::FieldTooLong, format!("{BODY_MAX}")))
    } else {
        check(body, &allowed).err().map(|p| problem_of(&p, lang))
    };
    if let Some(problem) = body_problem {
        errors.insert("body".into(), problem.labelled("Message", "Bericht"));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// A value for each variable to preview with, in `lang`.
fn sample(name: &str, lang: Lang) -> String {
    let day = |d| texts::date_word(lang, jiff::civil::date(2026, 2, d));
    let nl = lang == Lang::Nl;
    match name {
        "name" => "Lisa Bakker".into(),
        "schedule" => if nl { "Salonvloer" } else { "Salon floor" }.into(),
        "from" | "date" => day(16),
        "to" => day(22),
        "before" => format!("{} 09:00–17:00", day(16)),
        "after" => format!("{} 10:00–18:00", day(16)),
        "dates" => format!("{} – {}", day(16), day(18)),
        "status" => texts::status_word(lang, "approved"),
        "time" => "17:30".into(),
        "channel" => if nl { "Algemeen" } else { "General" }.into(),
        "message" => {
            if nl { "Kun jij vrijdag mijn dienst overnemen?" } else { "Can you take my shift on Friday?" }.into()
        }
        other => format!("{{{other}}}"),
    }
}

fn samples(key: &str, lang: Lang) -> BTreeMap<&'static str, String> {
    texts::variables(key).into_iter().map(|name| (name, sample(name, lang))).collect()
}

/// The workplace's wording of `key` in `lang`, else the built-in one, with `vars` filled in.
pub fn words(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    key: &str,
    lang: Lang,
    vars: &BTreeMap<&'static str, String>,
) -> ApiResult<Option<texts::Text>> {
    Ok(match store::template(c, tenant, key, lang.code())? {
        Some((title, body, _)) => Some(texts::render_text(&title, &body, vars)),
        None => texts::render(key, lang, vars),
    })
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NotificationTemplateItem)]
pub struct TemplateItem {
    pub id: &'static str,
    /// The languages this workplace words its own way.
    pub customized: Vec<Language>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NotificationTemplateModule)]
pub struct TemplateModule {
    pub module: &'static str,
    pub templates: Vec<TemplateItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NotificationTemplateList)]
pub struct TemplateList {
    pub modules: Vec<TemplateModule>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NotificationTemplateVariable)]
pub struct Variable {
    pub name: &'static str,
    /// What a preview puts in, in the caller's language.
    pub sample: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NotificationTemplateText)]
pub struct TemplateText {
    pub lang: Language,
    pub title: String,
    pub body: String,
    pub default_title: &'static str,
    pub default_body: &'static str,
    pub customized: bool,
    pub updated_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NotificationTemplate)]
pub struct Template {
    pub id: &'static str,
    pub module: &'static str,
    pub variables: Vec<Variable>,
    pub texts: Vec<TemplateText>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NotificationTemplateCustomize)]
pub struct Customize {
    pub lang: Language,
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[schema(min_length = 1, max_length = 2000)]
    pub body: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NotificationTemplatePreviewRequest)]
pub struct PreviewRequest {
    pub lang: Language,
    /// Absent: the template's current title.
    #[schema(max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 2000)]
    pub body: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NotificationTemplatePreview)]
pub struct Preview {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResetQuery {
    /// Absent: both languages.
    pub lang: Option<Language>,
}

fn event(id: &str) -> ApiResult<&'static catalog::EventDef> {
    catalog::find(id).ok_or(ApiError::NotFound)
}

fn may_edit(caller: &Principal) -> ApiResult<()> {
    if caller.allows(perm::SettingsManage::CODE) { Ok(()) } else { Err(ApiError::Forbidden) }
}

fn detail(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    def: &'static catalog::EventDef,
    lang: Lang,
) -> ApiResult<Template> {
    let mut out = Vec::with_capacity(2);
    for language in Language::ALL {
        let (default_title, default_body) = texts::default_text(def.key, language.lang()).unwrap_or(("", ""));
        let own = store::template(c, tenant, def.key, language.code())?;
        let customized = own.is_some();
        let (title, body, updated_at) = match own {
            Some((t, b, at)) => (t, b, Some(at)),
            None => (default_title.to_string(), default_body.to_string(), None),
        };
        out.push(TemplateText { lang: language, title, body, default_title, default_body, customized, updated_at });
    }
    let variables =
        texts::variables(def.key).into_iter().map(|name| Variable { name, sample: sample(name, lang) }).collect();
    Ok(Template { id: def.key, module: def.module, variables, texts: out })
}

#[utoipa::path(get, path = "/api/v1/notifications/templates", tag = "notifications",
    responses((status = 200, body = Envelope<TemplateList>)), security(("bearer" = [])))]
pub async fn list(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<TemplateList>> {
    let tenant = caller.tenant().clone();
    let own = app.db.read(move |c| store::customized_templates(c, &tenant)).await?;
    let mut modules: Vec<TemplateModule> = Vec::new();
    for def in catalog::EVENTS {
        let customized = Language::ALL
            .into_iter()
            .filter(|l| own.iter().any(|(k, code)| k == def.key && code == l.code()))
            .collect();
        let item = TemplateItem { id: def.key, customized };
        match modules.iter_mut().find(|m| m.module == def.module) {
            Some(m) => m.templates.push(item),
            None => modules.push(TemplateModule { module: def.module, templates: vec![item] }),
        }
    }
    Ok(ApiOk(TemplateList { modules }))
}

#[utoipa::path(get, path = "/api/v1/notifications/templates/{id}", tag = "notifications", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Template>), (status = 404, description = "no such template")),
    security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Principal,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Template>> {
    let def = event(&id)?;
    let tenant = caller.tenant().clone();
    Ok(ApiOk(app.db.read(move |c| detail(c, &tenant, def, lang)).await?))
}

/// Words the template this workplace's way in one language (`settings.manage`).
#[utoipa::path(post, path = "/api/v1/notifications/templates/{id}/customize", tag = "notifications",
    params(("id" = String, Path)), request_body = Customize,
    responses((status = 200, body = Envelope<Template>),
        (status = 400, description = "empty, too long, a line break in the title, or a variable that is unknown or not closed (with its position)"),
        (status = 403, description = "without settings.manage"), (status = 404, description = "no such template")),
    security(("bearer" = [])))]
pub async fn customize(
    State(app): State<AppState>,
    caller: Principal,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Customize>,
) -> ApiResult<ApiOk<Template>> {
    let def = event(&id)?;
    may_edit(&caller)?;
    validate(def.key, &body.title, &body.body, lang)?;
    let now = app.clock.now();
    let saved = app
        .db
        .write(move |tx| {
            let tenant = caller.tenant();
            store::put_template(tx, tenant, def.key, body.lang.code(), &body.title, &body.body, &caller.user, now)?;
            audit(tx, &caller, "notification_template.customized", def.key, Some(body.lang), now)?;
            detail(tx, tenant, def, lang)
        })
        .await?;
    Ok(ApiOk(saved))
}

/// Renders a text (or the template's own) with sample values, checked as `customize` checks.
#[utoipa::path(post, path = "/api/v1/notifications/templates/{id}/preview", tag = "notifications",
    params(("id" = String, Path)), request_body = PreviewRequest,
    responses((status = 200, body = Envelope<Preview>), (status = 400, description = "as for customize"),
        (status = 404, description = "no such template")),
    security(("bearer" = [])))]
pub async fn preview(
    State(app): State<AppState>,
    caller: Principal,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<PreviewRequest>,
) -> ApiResult<ApiOk<Preview>> {
    let def = event(&id)?;
    let tenant = caller.tenant().clone();
    let code = body.lang.code();
    let current = app.db.read(move |c| store::template(c, &tenant, def.key, code)).await?;
    let (default_title, default_body) = texts::default_text(def.key, body.lang.lang()).unwrap_or(("", ""));
    let (own_title, own_body) = match &current {
        Some((t, b, _)) => (t.as_str(), b.as_str()),
        None => (default_title, default_body),
    };
    let title = body.title.as_deref().unwrap_or(own_title);
    let text = body.body.as_deref().unwrap_or(own_body);
    validate(def.key, title, text, lang)?;
    let rendered = texts::render_text(title, text, &samples(def.key, body.lang.lang()));
    Ok(ApiOk(Preview { title: rendered.title, body: rendered.body }))
}

/// Back to the built-in text, in one language or both (`settings.manage`).
#[utoipa::path(delete, path = "/api/v1/notifications/templates/{id}/override", tag = "notifications",
    params(("id" = String, Path), ResetQuery),
    responses((status = 200, body = Envelope<Template>), (status = 403, description = "without settings.manage"),
        (status = 404, description = "no such template")),
    security(("bearer" = [])))]
pub async fn reset(
    State(app): State<AppState>,
    caller: Principal,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResetQuery>,
) -> ApiResult<ApiOk<Template>> {
    let def = event(&id)?;
    may_edit(&caller)?;
    let now = app.clock.now();
    let reset = app
        .db
        .write(move |tx| {
            let tenant = caller.tenant();
            if store::reset_template(tx, tenant, def.key, query.lang.map(Language::code))? > 0 {
                audit(tx, &caller, "notification_template.reset", def.key, query.lang, now)?;
            }
            detail(tx, tenant, def, lang)
        })
        .await?;
    Ok(ApiOk(reset))
}

fn audit(
    tx: &Tx<'_>,
    caller: &Principal,
    action: &'static str,
    key: &str,
    lang: Option<Language>,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let detail = json!({ "template": key, "lang": lang.map(Language::code) });
    crate::audit::by_user(tx, caller.tenant(), &caller.user, action, detail, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_names_only_its_variables_and_closes_them() {
        let allowed = ["name", "schedule"];
        assert_eq!(check("Hi {name} on {schedule}", &allowed), Ok(()));
        assert_eq!(check("no variables } at all", &allowed), Ok(()));
        assert_eq!(check("Hi {colour}!", &allowed), Err(Problem::Unknown("colour".into(), 4)));
        assert_eq!(check("é {name", &allowed), Err(Problem::Unclosed(3)), "characters, not bytes");
        assert_eq!(check("{name {schedule}", &allowed), Err(Problem::Unclosed(1)));
        assert_eq!(check("a {} b", &allowed), Err(Problem::Empty(3)));
    }

    #[test]
    fn every_built_in_text_is_a_valid_template_with_samples_for_its_variables() {
        for def in catalog::EVENTS {
            let allowed = texts::variables(def.key);
            for lang in [Lang::En, Lang::Nl] {
                let (title, body) = texts::default_text(def.key, lang).unwrap();
                assert_eq!(check(title, &allowed), Ok(()), "{}", def.key);
                assert_eq!(check(body, &allowed), Ok(()), "{}", def.key);
                for name in &allowed {
                    assert!(!sample(name, lang).starts_with('{'), "a sample for {name}");
                }
            }
        }
    }

    #[test]
    fn problems_say_where_in_the_readers_language() {
        let en = problem_of(&Problem::Unknown("colour".into(), 14), Lang::En);
        assert_eq!(en.detail.as_deref(), Some("{colour} at character 14"));
        let nl = problem_of(&Problem::Unclosed(3), Lang::Nl);
        assert_eq!((nl.key, nl.detail.as_deref()), (Msg::TemplateUnclosed, Some("bij teken 3")));
    }
}
