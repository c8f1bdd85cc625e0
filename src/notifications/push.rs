//! Web Push (issue 14): a browser subscribes with its push service's endpoint and keys; the
//! pipeline stores a `push` notification for people with a subscription, and `deliver` hands
//! each to every browser of theirs, encrypted (RFC 8291) and signed with the instance's VAPID
//! key (RFC 8292), with a `Topic` so a retry replaces rather than repeats. Endpoints are
//! `https` on public addresses (DESIGN §6); `mail.allow_private_hosts` lets an operator (and
//! the tests) use a push service on their own network, plain http on loopback included.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{store, webpush};
use crate::auth::Principal;
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Created, Envelope, Msg};
use crate::state::AppState;

/// Push notifications handed over per round.
const ROUND: u32 = 50;
/// How long a push service keeps a message for a browser that is offline.
const TTL_SECONDS: u32 = 24 * 3600;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VapidKey {
    /// The `applicationServerKey` for `PushManager.subscribe`: base64url, an uncompressed P-256 point.
    pub public_key: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionKeys {
    /// base64url, 65 bytes.
    #[schema(max_length = 200)]
    pub p256dh: String,
    /// base64url, 16 bytes.
    #[schema(max_length = 100)]
    pub auth: String,
}

/// What `PushSubscription.toJSON()` gives (its `expirationTime` may come along).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSubscription {
    #[schema(max_length = 2000)]
    pub endpoint: String,
    pub keys: SubscriptionKeys,
    pub expiration_time: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PushSubscriptionView)]
pub struct Subscription {
    pub id: String,
    /// The push service's host only: the whole endpoint is a credential of the browser.
    pub service: String,
    pub created_at: String,
    pub last_sent_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PushSubscriptionList)]
pub struct Subscriptions {
    pub items: Vec<Subscription>,
}

fn view(s: store::PushSubscription) -> Subscription {
    let service =
        reqwest::Url::parse(&s.endpoint).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    Subscription { id: s.id, service, created_at: s.created_at, last_sent_at: s.last_sent_at }
}

fn key(app: &AppState) -> p256::SecretKey {
    webpush::vapid_key(&app.secrets.storage_key)
}

#[utoipa::path(get, path = "/api/v1/notifications/push/vapid-key", tag = "notifications",
    responses((status = 200, body = Envelope<VapidKey>)), security(("bearer" = [])))]
pub async fn vapid_key(State(app): State<AppState>, _caller: Principal) -> ApiResult<ApiOk<VapidKey>> {
    Ok(ApiOk(VapidKey { public_key: webpush::vapid_public(&key(&app)) }))
}

#[utoipa::path(get, path = "/api/v1/notifications/push/subscriptions", tag = "notifications",
    responses((status = 200, body = Envelope<Subscriptions>)), security(("bearer" = [])))]
pub async fn list(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Subscriptions>> {
    let user = caller.user.clone();
    let found = app.db.read(move |c| store::push_subscriptions(c, &user)).await?;
    Ok(ApiOk(Subscriptions { items: found.into_iter().map(view).collect() }))
}

/// The endpoint as DESIGN §6 wants it: `https`, on a public address.
async fn check_endpoint(endpoint: &str, allow_private: bool) -> Result<(), FieldProblem> {
    let url = reqwest::Url::parse(endpoint).map_err(|_| FieldProblem::new(Msg::FieldInvalid))?;
    let host = url.host_str().ok_or_else(|| FieldProblem::new(Msg::FieldInvalid))?.to_string();
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if allow_private && loopback => {}
        _ => return Err(FieldProblem::with_detail(Msg::FieldInvalid, "https")),
    }
    let port = url.port_or_known_default().unwrap_or(443);
    crate::mail::smtp::check_host(host.trim_start_matches('[').trim_end_matches(']'), port, allow_private)
        .await
        .map_err(|refusal| refusal.problem())
}

/// This browser's subscription, for the caller (201; the same browser again replaces it).
#[utoipa::path(post, path = "/api/v1/notifications/push/subscriptions", tag = "notifications",
    request_body = NewSubscription,
    responses((status = 201, body = Envelope<Subscription>),
        (status = 400, description = "not https, a private address, or keys that are not a subscription's")),
    security(("bearer" = [])))]
pub async fn subscribe(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<NewSubscription>,
) -> ApiResult<Created<Subscription>> {
    if let Err(problem) = check_endpoint(&body.endpoint, app.config.mail.allow_private_hosts).await {
        return Err(ApiError::validation("endpoint", problem));
    }
    if let Err(field) = webpush::Keys::parse(&body.keys.p256dh, &body.keys.auth) {
        return Err(ApiError::validation(format!("keys.{field}"), Msg::FieldInvalid));
    }
    let now = app.clock.now();
    let saved = app
        .db
        .write(move |tx| {
            let (tenant, user) = (caller.tenant(), &caller.user);
            let keys = &body.keys;
            let id = store::put_push_subscription(tx, tenant, user, &body.endpoint, &keys.p256dh, &keys.auth, now)?;
            let mine = store::push_subscriptions(tx, user)?;
            mine.into_iter().find(|s| s.id == id).ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(Created(view(saved)))
}

#[utoipa::path(delete, path = "/api/v1/notifications/push/subscriptions/{id}", tag = "notifications",
    params(("id" = String, Path)),
    responses((status = 200, description = "removed; `data` is null"), (status = 404, description = "not one of the caller's")),
    security(("bearer" = [])))]
pub async fn unsubscribe(
    State(app): State<AppState>,
    caller: Principal,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let user = caller.user.clone();
    let gone = app.db.write(move |tx| store::delete_push_subscription(tx, &user, &id)).await?;
    if gone { Ok(ApiOk(())) } else { Err(ApiError::NotFound) }
}

/// What the browser's service worker receives (decrypted): the same words as in the app.
#[derive(Serialize)]
struct Payload<'a> {
    id: &'a str,
    title: &'a str,
    body: &'a str,
    link: Option<&'a str>,
}

enum Outcome {
    Sent,
    /// The push service no longer knows the subscription.
    Gone,
    Failed(String),
}

#[allow(clippy::too_many_arguments)]
async fn send(
    client: &reqwest::Client,
    key: &p256::SecretKey,
    subject: &str,
    sub: &store::PushSubscription,
    payload: &[u8],
    topic: &str,
    urgent: bool,
    now: jiff::Timestamp,
) -> Outcome {
    let Ok(keys) = webpush::Keys::parse(&sub.p256dh, &sub.auth) else { return Outcome::Gone };
    let mut salt = [0u8; 16];
    if getrandom::fill(&mut salt).is_err() {
        return Outcome::Failed("no randomness".into());
    }
    let body = match webpush::encrypt(&keys, payload, &webpush::random_secret(), salt) {
        Ok(body) => body,
        Err(e) => return Outcome::Failed(e),
    };
    let Ok(url) = reqwest::Url::parse(&sub.endpoint) else { return Outcome::Gone };
    let audience = url.origin().ascii_serialization();
    let authorization = webpush::vapid_authorization(key, &audience, subject, now.as_second() + 12 * 3600);
    let sent = client
        .post(url)
        .header("TTL", TTL_SECONDS.to_string())
        .header("Content-Encoding", "aes128gcm")
        .header("Content-Type", "application/octet-stream")
        .header("Topic", topic)
        .header("Urgency", if urgent { "high" } else { "normal" })
        .header("Authorization", authorization)
        .body(body)
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => Outcome::Sent,
        Ok(r) if r.status() == 404 || r.status() == 410 => Outcome::Gone,
        Ok(r) => Outcome::Failed(format!("the push service answered {}", r.status())),
        Err(e) => Outcome::Failed(format!("the push service could not be reached: {e}")),
    }
}

/// One client for every round: no redirects followed, 5 s per request (DESIGN §6).
fn client() -> ApiResult<&'static reqwest::Client> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let built = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| ApiError::internal(format!("push client: {e}")))?;
    Ok(CLIENT.get_or_init(|| built))
}

/// Hands every waiting push notification to each browser of its person; records what became of
/// it (sent when one browser took it), and forgets subscriptions the push service says are gone.
pub async fn deliver(app: &AppState) -> ApiResult<()> {
    let pending = app.db.read(|c| store::pending_push(c, store::PUSH_ATTEMPTS, ROUND)).await?;
    if pending.is_empty() {
        return Ok(());
    }
    let client = client()?;
    let key = key(app);
    let subject = crate::mail::link_base(app).await?;
    let now = app.clock.now();
    // Each person's browsers, read once for the round.
    let mut people: Vec<crate::ids::UserId> = pending.iter().map(|p| p.user.clone()).collect();
    people.sort();
    people.dedup();
    let browsers: HashMap<crate::ids::UserId, Vec<store::PushSubscription>> = app
        .db
        .read(move |c| people.into_iter().map(|u| Ok((u.clone(), store::push_subscriptions(c, &u)?))).collect())
        .await?;
    let mut results: Vec<(crate::ids::NotificationId, Option<String>)> = Vec::new();
    let (mut sent_to, mut gone): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for push in pending {
        let subs: Vec<&store::PushSubscription> =
            browsers.get(&push.user).into_iter().flatten().filter(|s| !gone.contains(&s.endpoint)).collect();
        let id = push.id.to_string();
        let payload =
            serde_json::to_vec(&Payload { id: &id, title: &push.title, body: &push.body, link: push.link.as_deref() })
                .unwrap_or_default();
        // ≤ 32 URL-safe characters: the id without its dashes.
        let topic: String = id.chars().filter(|c| *c != '-').take(32).collect();
        let mut error = if subs.is_empty() { Some("no browser is subscribed any more".to_string()) } else { None };
        let mut delivered = false;
        for sub in subs {
            match send(client, &key, &subject, sub, &payload, &topic, push.critical, now).await {
                Outcome::Sent => {
                    delivered = true;
                    sent_to.push(sub.endpoint.clone());
                }
                Outcome::Gone => gone.push(sub.endpoint.clone()),
                Outcome::Failed(e) => error = Some(e),
            }
        }
        if delivered {
            error = None;
        } else if error.is_none() {
            error = Some("every browser's subscription is gone".into());
        }
        if let Some(e) = &error {
            tracing::warn!(notification = %push.id, attempt = push.attempts + 1, "web push: {e}");
        }
        results.push((push.id, error));
    }
    app.db
        .write(move |tx| {
            for (id, error) in &results {
                store::push_outcome(tx, id, error.as_deref(), now)?;
            }
            for endpoint in &sent_to {
                store::push_sent_to(tx, endpoint, now)?;
            }
            for endpoint in &gone {
                store::drop_push_endpoint(tx, endpoint)?;
            }
            Ok(())
        })
        .await
}
