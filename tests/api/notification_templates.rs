//! Notification templates (issue 14, seed 001): a workplace words an event its own way; a text
//! that would not render as meant is refused with where the problem is; preview renders with
//! samples; the pipeline's in-app text and e-mail come from the same template, values escaped
//! in the e-mail's HTML; reset brings the built-in text back. Another workplace is untouched.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::smtp_server::SmtpServer;
use crate::support::{Session, TestApp, call, error_of, ok};

const PATH: &str = "/api/v1/notifications/templates";

async fn field_error(app: &TestApp, who: &Session, path: &str, body: Value, field: &str) -> String {
    let (status, code, error) = error_of(call(app, "POST", path, Some(&who.access), Some(body.clone())).await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}: {error}");
    error["error"]["fields"][field].as_str().unwrap_or_else(|| panic!("{field} in {error}")).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workplace_rewords_a_notification_checked_previewed_sent_and_reset() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(crate::notifications::config_with_smtp(&smtp)).await;
    let owner = app.setup_owner().await;
    let tom = app.add_user(&owner.tenant_id, Role::User, "tom@salon.example").await;

    // The list and one template.
    let list = ok(&app, &tom, "GET", PATH, None).await;
    let modules: Vec<&str> =
        list["modules"].as_array().unwrap().iter().map(|m| m["module"].as_str().unwrap()).collect();
    assert_eq!(modules, ["schedules", "time", "chat"]);
    let count: usize =
        list["modules"].as_array().unwrap().iter().map(|m| m["templates"].as_array().unwrap().len()).sum();
    assert_eq!(count, 15);
    assert_eq!(list["modules"][0]["templates"][0], json!({"id": "shift.published", "customized": []}));
    let one = ok(&app, &tom, "GET", &format!("{PATH}/shift.published"), None).await;
    let names: Vec<&str> = one["variables"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["schedule", "from", "to"]);
    assert_eq!(one["variables"][1]["sample"], "Mon 16 Feb");
    assert_eq!(one["texts"][0]["title"], "New schedule: {schedule}");
    assert_eq!((one["texts"][0]["customized"].as_bool(), one["texts"][1]["lang"].as_str()), (Some(false), Some("nl")));
    assert_eq!(error_of(call(&app, "GET", &format!("{PATH}/shift.eaten"), Some(&tom.access), None).await).await.0, 404);

    // Only those who manage the settings change them; anyone may preview.
    let custom = format!("{PATH}/shift.published/customize");
    let mine =
        json!({"lang": "en", "title": "Rota ready: {schedule}", "body": "From {from} to {to}. <b>Bring</b> & smile"});
    let (status, _, _) = error_of(call(&app, "POST", &custom, Some(&tom.access), Some(mine.clone())).await).await;
    assert_eq!(status, 403);
    let preview = format!("{PATH}/shift.published/preview");
    let seen = ok(&app, &tom, "POST", &preview, Some(json!({"lang": "en", "title": "Ready: {schedule}"}))).await;
    assert_eq!(seen["title"], "Ready: Salon floor");
    assert!(seen["body"].as_str().unwrap().starts_with("Your shifts from Mon 16 Feb to Sun 22 Feb"), "{seen}");

    // A broken template is refused with where the problem is, in the reader's language.
    let with = |title: &str, body: &str| json!({"lang": "en", "title": title, "body": body});
    let text = field_error(&app, &owner, &custom, with("Ready {colour}", "x"), "title").await;
    assert_eq!(text, "Title uses a variable this notification does not have ({colour} at character 7).");
    let text = field_error(&app, &owner, &custom, with("Ready", "From {from to"), "body").await;
    assert_eq!(text, "Message has a { that is not closed with } (at character 6).");
    assert!(field_error(&app, &owner, &custom, with("Two\nlines", "x"), "title").await.contains("one line"));
    assert!(field_error(&app, &owner, &custom, with(" ", "x"), "title").await.contains("empty"));
    assert!(field_error(&app, &owner, &custom, with("Ok", "{}"), "body").await.contains("character 1"));
    assert!(field_error(&app, &owner, &custom, with(&"x".repeat(201), "x"), "title").await.contains("too long"));
    assert!(
        field_error(&app, &owner, &custom, json!({"lang": "de", "title": "a", "body": "b"}), "lang").await.len() > 3
    );
    assert!(field_error(&app, &owner, &custom, json!({"lang": "en", "title": "a"}), "body").await.len() > 3);
    let extra = json!({"lang": "en", "title": "a", "body": "b", "html": "<p>"});
    assert!(field_error(&app, &owner, &custom, extra, "html").await.len() > 3);
    assert!(
        field_error(&app, &tom, &preview, json!({"lang": "en", "body": "{to"}), "body").await.contains("character 1")
    );
    let dutch = app
        .client
        .post(app.url(&custom))
        .bearer_auth(&owner.access)
        .header("accept-language", "nl")
        .json(&with("Klaar {kleur}", "x"))
        .send()
        .await
        .unwrap();
    let (_, _, error) = error_of(dutch).await;
    assert_eq!(
        error["error"]["fields"]["title"],
        "Titel gebruikt een variabele die deze melding niet heeft ({kleur} bij teken 7)."
    );
    let big = json!({"lang": "en", "title": "a", "body": "x".repeat(2 * 1024 * 1024)});
    assert_eq!(error_of(call(&app, "POST", &custom, Some(&owner.access), Some(big)).await).await.0, 413);
    assert_eq!(error_of(call(&app, "POST", &custom, None, Some(mine.clone())).await).await.0, 401);

    let saved = ok(&app, &owner, "POST", &custom, Some(mine)).await;
    assert_eq!(
        (saved["texts"][0]["customized"].as_bool(), saved["texts"][0]["title"].as_str()),
        (Some(true), Some("Rota ready: {schedule}"))
    );
    assert_eq!(saved["texts"][0]["defaultTitle"], "New schedule: {schedule}");
    assert_eq!(saved["texts"][1]["customized"], false, "Dutch untouched");
    let list = ok(&app, &tom, "GET", PATH, None).await;
    assert_eq!(list["modules"][0]["templates"][0]["customized"], json!(["en"]));

    // Published: Tom's notification and e-mail use the workplace's words; values stay text.
    let schedule = json!({"name": "Front <i>desk</i>", "assigneeUserIds": [tom.user_id]});
    let schedule = ok(&app, &owner, "POST", "/api/v1/schedules", Some(schedule)).await;
    let id = schedule["id"].as_str().unwrap();
    let shift =
        json!({"assignedUserId": tom.user_id, "shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "17:00"});
    ok(&app, &owner, "POST", &format!("/api/v1/schedules/{id}/shifts"), Some(shift)).await;
    ok(
        &app,
        &owner,
        "POST",
        &format!("/api/v1/schedules/{id}/publish"),
        Some(json!({"from": "2026-02-16", "to": "2026-02-22"})),
    )
    .await;
    let mut inbox = Value::Null;
    for _ in 0..200 {
        inbox = ok(&app, &tom, "GET", "/api/v1/notifications", None).await;
        if inbox["total"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(inbox["items"][0]["title"], "Rota ready: Front <i>desk</i>");
    assert_eq!(inbox["items"][0]["body"], "From Mon 16 Feb to Sun 22 Feb. <b>Bring</b> & smile");
    let mail = &smtp.wait_for(1).await[0];
    assert_eq!(mail.subject(), "Rota ready: Front <i>desk</i>");
    assert!(mail.body().contains("From Mon 16 Feb to Sun 22 Feb. <b>Bring</b> & smile"), "{}", mail.body());
    let html = mail.html();
    assert!(html.contains("&lt;b&gt;Bring&lt;/b&gt; &amp; smile"), "escaped: {html}");
    assert!(!html.contains("<i>desk"), "the value is text: {html}");

    // Another workplace keeps the built-in words.
    let other = app.add_tenant("elsewhere").await;
    let stranger = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let theirs = ok(&app, &stranger, "GET", &format!("{PATH}/shift.published"), None).await;
    assert_eq!(
        (theirs["texts"][0]["customized"].as_bool(), theirs["texts"][0]["title"].as_str()),
        (Some(false), Some("New schedule: {schedule}"))
    );

    // Reset: the built-in text again, and audited both ways.
    let reset = format!("{PATH}/shift.published/override?lang=en");
    assert_eq!(error_of(call(&app, "DELETE", &reset, Some(&tom.access), None).await).await.0, 403);
    let (status, _, _) = error_of(
        call(&app, "DELETE", &format!("{PATH}/shift.published/override?lang=fr"), Some(&owner.access), None).await,
    )
    .await;
    assert_eq!(status, 400);
    let back = ok(&app, &owner, "DELETE", &reset, None).await;
    assert_eq!(
        (back["texts"][0]["customized"].as_bool(), back["texts"][0]["title"].as_str()),
        (Some(false), Some("New schedule: {schedule}"))
    );
    let actions = app.audit_actions().await;
    for action in ["notification_template.customized", "notification_template.reset"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
    assert_eq!(ok(&app, &tom, "GET", PATH, None).await["modules"][0]["templates"][0]["customized"], json!([]));
}
