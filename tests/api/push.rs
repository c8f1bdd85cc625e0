//! Web Push (issue 14) end to end: a browser (here: the test, with its own P-256 keys)
//! subscribes; a publish reaches a push service listening on loopback as an RFC 8291
//! `aes128gcm` message that decrypts with the subscription's keys, carried with an RFC 8292
//! VAPID authorization that verifies with the instance's public key; a subscription the push
//! service calls gone is forgotten; analytics count the push. Endpoints must be https on a
//! public address unless the operator allows private hosts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use serde_json::{Value, json};
use staffroom::access::Role;
use staffroom::secrets::hmac_sha256;

use crate::support::{TestApp, call, data_of, error_of, ok, test_config};

/// What the push service received: (path, headers, body).
type Inbox = Arc<Mutex<Vec<(String, Vec<(String, String)>, Vec<u8>)>>>;

/// A push service on loopback: `/push/gone` answers 410, everything else 201.
async fn push_service() -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    let kept = inbox.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let kept = kept.clone();
        async move {
            let path = req.uri().path().to_string();
            let headers = req
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
                .collect();
            let body = axum::body::to_bytes(req.into_body(), 1 << 20).await.unwrap().to_vec();
            kept.lock().unwrap().push((path.clone(), headers, body));
            if path == "/push/gone" { axum::http::StatusCode::GONE } else { axum::http::StatusCode::CREATED }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, inbox)
}

/// A browser's push keys: its P-256 secret and the 16-byte auth secret.
struct Browser {
    secret: p256::SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new(seed: u8) -> Browser {
        let secret = p256::SecretKey::from_slice(&[seed; 32]).unwrap();
        Browser { secret, auth: [seed.wrapping_add(1); 16] }
    }

    fn subscription(&self, endpoint: &str) -> Value {
        let public = self.secret.public_key().to_encoded_point(false);
        json!({"endpoint": endpoint, "expirationTime": null,
            "keys": {"p256dh": B64.encode(public.as_bytes()), "auth": B64.encode(self.auth)}})
    }

    /// RFC 8291 from the receiving side: what a browser does with the message.
    fn decrypt(&self, body: &[u8]) -> Vec<u8> {
        let hkdf = |salt: &[u8], ikm: &[u8], info: &[u8], len: usize| {
            let prk = hmac_sha256(salt, ikm);
            let mut block = info.to_vec();
            block.push(1);
            hmac_sha256(&prk, &block)[..len].to_vec()
        };
        let salt = &body[..16];
        assert_eq!(u32::from_be_bytes(body[16..20].try_into().unwrap()), 4096, "record size");
        let id_len = body[20] as usize;
        let sender = p256::PublicKey::from_sec1_bytes(&body[21..21 + id_len]).unwrap();
        let shared = p256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), sender.as_affine());
        let mut info = b"WebPush: info\0".to_vec();
        info.extend_from_slice(self.secret.public_key().to_encoded_point(false).as_bytes());
        info.extend_from_slice(sender.to_encoded_point(false).as_bytes());
        let ikm = hkdf(&self.auth, shared.raw_secret_bytes(), &info, 32);
        let cek = hkdf(salt, &ikm, b"Content-Encoding: aes128gcm\0", 16);
        let nonce = hkdf(salt, &ikm, b"Content-Encoding: nonce\0", 12);
        let cipher = aes_gcm::Aes128Gcm::new_from_slice(&cek).unwrap();
        let mut plain = cipher.decrypt(aes_gcm::Nonce::from_slice(&nonce), &body[21 + id_len..]).expect("decrypts");
        while plain.last() == Some(&0) {
            plain.pop();
        }
        assert_eq!(plain.pop(), Some(2), "the last record's delimiter");
        plain
    }
}

const SUBSCRIPTIONS: &str = "/api/v1/notifications/push/subscriptions";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_reaches_the_browser_encrypted_and_signed() {
    let (service, received) = push_service().await;
    let mut config = test_config();
    config.mail.allow_private_hosts = true; // the push service is on loopback
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let lisa = app.add_user(&owner.tenant_id, Role::User, "lisa@salon.example").await;

    let vapid = ok(&app, &lisa, "GET", "/api/v1/notifications/push/vapid-key", None).await;
    let vapid = B64.decode(vapid["publicKey"].as_str().unwrap()).unwrap();
    assert_eq!((vapid.len(), vapid[0]), (65, 4), "an uncompressed P-256 point");

    let browser = Browser::new(7);
    let endpoint = format!("{service}/push/lisa-laptop");
    let r = call(&app, "POST", SUBSCRIPTIONS, Some(&lisa.access), Some(browser.subscription(&endpoint))).await;
    assert_eq!(r.status(), 201);
    let made = data_of(r).await;
    assert_eq!(made["service"], "127.0.0.1", "the host only: the endpoint is the browser's secret");
    assert!(made.get("endpoint").is_none());
    let gone = Browser::new(9);
    let r =
        call(&app, "POST", SUBSCRIPTIONS, Some(&lisa.access), Some(gone.subscription(&format!("{service}/push/gone"))))
            .await;
    assert_eq!(r.status(), 201);
    assert_eq!(ok(&app, &lisa, "GET", SUBSCRIPTIONS, None).await["items"].as_array().unwrap().len(), 2);

    // Bad subscriptions.
    for (body, field) in [
        (browser.subscription("http://push.example.com/x"), "endpoint"),
        (browser.subscription("ftp://127.0.0.1/x"), "endpoint"),
        (browser.subscription("not a url"), "endpoint"),
        (json!({"endpoint": endpoint, "keys": {"p256dh": "abc", "auth": B64.encode([1u8; 16])}}), "keys.p256dh"),
        (
            json!({"endpoint": endpoint, "keys": {"p256dh": B64.encode([4u8; 65]), "auth": B64.encode([1u8; 16])}}),
            "keys.p256dh",
        ),
        (
            json!({"endpoint": endpoint, "keys": {"p256dh": browser.subscription("")["keys"]["p256dh"], "auth": "AAAA"}}),
            "keys.auth",
        ),
        (json!({"endpoint": endpoint}), "keys"),
        (json!({"endpoint": endpoint, "keys": {"p256dh": "a", "auth": "b"}, "colour": 1}), "colour"),
    ] {
        let (status, _, error) =
            error_of(call(&app, "POST", SUBSCRIPTIONS, Some(&lisa.access), Some(body.clone())).await).await;
        assert_eq!(status, 400, "{body}");
        assert!(error["error"]["fields"][field].is_string(), "{field}: {error}");
    }
    assert_eq!(
        error_of(call(&app, "POST", SUBSCRIPTIONS, None, Some(browser.subscription(&endpoint))).await).await.0,
        401
    );
    let theirs = ok(&app, &lisa, "GET", SUBSCRIPTIONS, None).await["items"][0]["id"].as_str().unwrap().to_string();
    let r = call(&app, "DELETE", &format!("{SUBSCRIPTIONS}/{theirs}"), Some(&owner.access), None).await;
    assert_eq!(error_of(r).await.0, 404, "not the owner's to remove");

    // A publish: the push arrives, signed, and decrypts to the notification.
    let schedule = ok(
        &app,
        &owner,
        "POST",
        "/api/v1/schedules",
        Some(json!({"name": "Salon", "assigneeUserIds": [lisa.user_id]})),
    )
    .await;
    let id = schedule["id"].as_str().unwrap();
    let shift =
        json!({"assignedUserId": lisa.user_id, "shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "17:00"});
    ok(&app, &owner, "POST", &format!("/api/v1/schedules/{id}/shifts"), Some(shift)).await;
    ok(
        &app,
        &owner,
        "POST",
        &format!("/api/v1/schedules/{id}/publish"),
        Some(json!({"from": "2026-02-16", "to": "2026-02-22"})),
    )
    .await;
    let mut pushes = Vec::new();
    for _ in 0..200 {
        pushes = received.lock().unwrap().clone();
        if pushes.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, headers, body) =
        pushes.iter().find(|p| p.0 == "/push/lisa-laptop").expect("the push to her laptop").clone();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    assert_eq!(header("content-encoding"), "aes128gcm");
    assert_eq!(header("ttl"), "86400");
    assert!(!header("topic").is_empty() && header("topic").len() <= 32, "{}", header("topic"));
    let message: Value = serde_json::from_slice(&browser.decrypt(&body)).unwrap();
    assert_eq!(message["title"], "New schedule: Salon");
    assert!(message["body"].as_str().unwrap().starts_with("Your shifts from Mon 16 Feb"), "{message}");
    assert_eq!(message["link"], "/my-shifts");

    // VAPID: an ES256 JWT for the push service's origin, signed by the instance's key.
    use p256::ecdsa::signature::Verifier as _;
    let authorization = header("authorization");
    let rest = authorization.strip_prefix("vapid t=").expect(&authorization);
    let (token, k) = rest.split_once(", k=").unwrap();
    assert_eq!(B64.decode(k).unwrap(), vapid);
    let (input, signature) = token.rsplit_once('.').unwrap();
    let verifying = p256::ecdsa::VerifyingKey::from_sec1_bytes(&vapid).unwrap();
    let signature = p256::ecdsa::Signature::from_slice(&B64.decode(signature).unwrap()).unwrap();
    assert!(verifying.verify(input.as_bytes(), &signature).is_ok(), "signed by the instance's VAPID key");
    let claims: Value = serde_json::from_slice(&B64.decode(input.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(claims["aud"], service.as_str());
    let now = app.state.clock.now().as_second();
    assert!(claims["exp"].as_i64().unwrap() > now && claims["exp"].as_i64().unwrap() <= now + 24 * 3600, "{claims}");
    assert!(claims["sub"].as_str().unwrap().starts_with("http"), "{claims}");

    // The push service called one subscription gone: it is forgotten. Analytics count the push.
    for _ in 0..100 {
        if ok(&app, &lisa, "GET", SUBSCRIPTIONS, None).await["items"].as_array().unwrap().len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let left = ok(&app, &lisa, "GET", SUBSCRIPTIONS, None).await;
    assert_eq!(left["items"].as_array().unwrap().len(), 1);
    assert!(left["items"][0]["lastSentAt"].is_string());
    let analytics = ok(&app, &lisa, "GET", "/api/v1/notifications/analytics", None).await;
    assert_eq!(analytics["byChannel"][2]["channel"], "push");
    assert_eq!(
        analytics["byChannel"][2]["counts"],
        json!({"sent": 1, "delivered": 1, "failed": 0, "pending": 0, "read": 0})
    );

    // Unsubscribed: nothing more is pushed.
    let mine = left["items"][0]["id"].as_str().unwrap();
    assert!(ok(&app, &lisa, "DELETE", &format!("{SUBSCRIPTIONS}/{mine}"), None).await.is_null());
    assert_eq!(
        error_of(call(&app, "DELETE", &format!("{SUBSCRIPTIONS}/{mine}"), Some(&lisa.access), None).await).await.0,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_endpoints_must_be_https_on_public_addresses() {
    let app = TestApp::spawn_with(test_config()).await;
    let owner = app.setup_owner().await;
    let browser = Browser::new(5);
    for endpoint in
        ["https://127.0.0.1:9/push", "https://10.1.2.3/push", "http://127.0.0.1:9/push", "https://[::1]/push"]
    {
        let r = call(&app, "POST", SUBSCRIPTIONS, Some(&owner.access), Some(browser.subscription(endpoint))).await;
        let (status, _, error) = error_of(r).await;
        assert_eq!(status, 400, "{endpoint}");
        assert!(error["error"]["fields"]["endpoint"].is_string(), "{endpoint}: {error}");
    }
}
