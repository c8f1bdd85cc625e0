//! Chat over REST (DESIGN §14): rooms and channels, membership (another tenant's channel is
//! 404, a channel of one's own tenant one is not in is 403), history by cursor, idempotent
//! sends, edit and delete, reactions, read cursors, unread counts and announcements.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of, error_of, test_config};

pub struct Team {
    pub app: TestApp,
    pub owner: Session,
    pub admin: Session,
    pub manager: Session,
    pub user: Session,
    pub outsider: Session,
}

impl Team {
    pub async fn new() -> Team {
        Team::with(test_config()).await
    }

    pub async fn with(mut config: staffroom::config::Config) -> Team {
        config.rate_limits.allowlist = vec!["127.0.0.1".into()];
        let app = TestApp::spawn_with(config).await;
        let owner = app.setup_owner().await;
        let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
        let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
        let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
        let other = app.add_tenant("elsewhere").await;
        let outsider = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
        Team { app, owner, admin, manager, user, outsider }
    }

    pub async fn ok(&self, who: &Session, method: &str, path: &str, body: Option<Value>) -> Value {
        data_of(call(&self.app, method, path, Some(&who.access), body).await).await
    }

    pub async fn status(&self, who: &Session, method: &str, path: &str, body: Option<Value>) -> u16 {
        call(&self.app, method, path, Some(&who.access), body).await.status().as_u16()
    }

    /// The id of the caller's channel of `kind` (general, admins).
    pub async fn room(&self, who: &Session, kind: &str) -> String {
        let rooms = self.ok(who, "GET", "/api/v1/chat/rooms", None).await;
        let found = rooms["items"].as_array().unwrap().iter().find(|r| r["kind"] == kind).cloned();
        found.unwrap_or_else(|| panic!("no {kind} room in {rooms}"))["id"].as_str().unwrap().to_string()
    }

    pub async fn send(&self, who: &Session, channel: &str, content: &str) -> Value {
        let path = format!("/api/v1/chat/channels/{channel}/messages");
        self.ok(who, "POST", &path, Some(json!({"content": content}))).await
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_workplace_has_general_and_admins_with_the_right_members() {
    let t = Team::new().await;
    let owner_rooms = t.ok(&t.owner, "GET", "/api/v1/chat/rooms", None).await;
    let kinds: Vec<&str> =
        owner_rooms["items"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["general", "admins"]);
    assert_eq!(owner_rooms["items"][0]["name"], "General");
    assert_eq!(owner_rooms["items"][0]["memberCount"], 4);
    assert_eq!(owner_rooms["items"][1]["name"], "Admins & Owners");
    assert_eq!(owner_rooms["items"][1]["memberCount"], 2);
    let mut leaders = ids(&owner_rooms["adminsAndOwners"]);
    leaders.sort();
    let mut want = vec![t.owner.user_id.clone(), t.admin.user_id.clone()];
    want.sort();
    assert_eq!(leaders, want);

    let user_rooms = t.ok(&t.user, "GET", "/api/v1/chat/rooms", None).await;
    assert_eq!(user_rooms["items"].as_array().unwrap().len(), 1, "a user is not in Admins & Owners");
    let channels = t.ok(&t.manager, "GET", "/api/v1/chat/channels", None).await;
    assert_eq!(channels["items"].as_array().unwrap().len(), 1);

    // The other workplace has its own General, with only its own people.
    let theirs = t.ok(&t.outsider, "GET", "/api/v1/chat/rooms", None).await;
    assert_eq!(theirs["items"][0]["memberCount"], 1);
    assert_ne!(theirs["items"][0]["id"], owner_rooms["items"][0]["id"]);

    // Promoted to tenant admin: in Admins & Owners at once; deactivated: out of every room.
    let path = format!("/api/v1/users/{}", t.manager.user_id);
    t.ok(&t.owner, "PUT", &path, Some(json!({"role": "tenant_admin"}))).await;
    let rooms = t.ok(&t.owner, "GET", "/api/v1/chat/rooms", None).await;
    assert_eq!(rooms["items"][1]["memberCount"], 3);
    t.ok(&t.owner, "DELETE", &format!("/api/v1/users/{}", t.user.user_id), None).await;
    let rooms = t.ok(&t.owner, "GET", "/api/v1/chat/rooms", None).await;
    assert_eq!(rooms["items"][0]["memberCount"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_pages_by_cursor_and_a_retried_send_makes_one_message() {
    let t = Team::new().await;
    let general = t.room(&t.user, "general").await;
    let path = format!("/api/v1/chat/channels/{general}/messages");
    let mut sent = Vec::new();
    for i in 0..5 {
        sent.push(t.send(&t.user, &general, &format!("message {i}")).await);
    }
    assert_eq!(sent[0]["senderId"], t.user.user_id.as_str());
    assert_eq!(sent[0]["channelId"], general.as_str());

    let first = t.ok(&t.owner, "GET", &format!("{path}?limit=2"), None).await;
    assert_eq!(first["items"][0]["content"], "message 4", "newest first");
    assert_eq!(first["items"][1]["content"], "message 3");
    let cursor = first["nextCursor"].as_str().unwrap();
    let second = t.ok(&t.owner, "GET", &format!("{path}?limit=2&cursor={cursor}"), None).await;
    assert_eq!(second["items"][0]["content"], "message 2");
    let before = t.ok(&t.owner, "GET", &format!("{path}?limit=2&before={cursor}"), None).await;
    assert_eq!(before, second, "before is cursor's alias");
    let last =
        t.ok(&t.owner, "GET", &format!("{path}?limit=2&cursor={}", second["nextCursor"].as_str().unwrap()), None).await;
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert!(last["nextCursor"].is_null(), "no older page");

    let after = sent[1]["seq"].as_str().unwrap();
    let newer = t.ok(&t.owner, "GET", &format!("{path}?after={after}"), None).await;
    let contents: Vec<&str> =
        newer["items"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect();
    assert_eq!(contents, ["message 2", "message 3", "message 4"], "oldest first after a cursor");

    // The same clientId twice: one message, the first one answered.
    let body = json!({"content": "once", "clientId": "c-1"});
    let r1 = call(&t.app, "POST", &path, Some(&t.user.access), Some(body.clone())).await;
    assert_eq!(r1.status(), 201);
    let m1 = data_of(r1).await;
    let r2 = call(&t.app, "POST", &path, Some(&t.user.access), Some(body)).await;
    assert_eq!(r2.status(), 200);
    assert_eq!(data_of(r2).await["id"], m1["id"]);
    let all = t.ok(&t.owner, "GET", &path, None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 6);

    for bad in ["cursor=abc", "cursor=-1", "after=1&cursor=2", "limit=0", "unknown=1"] {
        let (status, code, _) =
            error_of(call(&t.app, "GET", &format!("{path}?{bad}"), Some(&t.user.access), None).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{bad}");
    }
    assert_eq!(t.ok(&t.user, "GET", &format!("{path}?limit=500"), None).await["items"].as_array().unwrap().len(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn membership_is_enforced_403_inside_the_workplace_and_404_outside() {
    let t = Team::new().await;
    let admins = t.room(&t.owner, "admins").await;
    let general = t.room(&t.owner, "general").await;
    let message = t.send(&t.owner, &admins, "for leaders").await;
    let mid = message["id"].as_str().unwrap();
    let paths = [
        ("GET", format!("/api/v1/chat/channels/{admins}"), None),
        ("GET", format!("/api/v1/chat/channels/{admins}/messages"), None),
        ("POST", format!("/api/v1/chat/channels/{admins}/messages"), Some(json!({"content": "hi"}))),
        ("POST", format!("/api/v1/chat/channels/{admins}/read"), None),
        ("PUT", format!("/api/v1/chat/channels/{admins}/messages/{mid}/reactions/%F0%9F%91%8D"), None),
        ("PATCH", format!("/api/v1/chat/channels/{admins}/messages/{mid}"), Some(json!({"content": "x"}))),
        ("DELETE", format!("/api/v1/chat/channels/{admins}/messages/{mid}"), None),
    ];
    for (method, path, body) in &paths {
        assert_eq!(t.status(&t.user, method, path, body.clone()).await, 403, "user {method} {path}");
        assert_eq!(t.status(&t.outsider, method, path, body.clone()).await, 404, "outsider {method} {path}");
        let anonymous = call(&t.app, method, path, None, body.clone()).await.status().as_u16();
        assert_eq!(anonymous, 401, "anonymous {method} {path}");
    }
    // A message addressed through another channel's path is not there.
    let wrong = format!("/api/v1/chat/channels/{general}/messages/{mid}");
    assert_eq!(t.status(&t.owner, "PATCH", &wrong, Some(json!({"content": "x"}))).await, 404);
    assert_eq!(t.status(&t.owner, "GET", "/api/v1/chat/channels/not-an-id/messages", None).await, 404);
    let unknown = "/api/v1/chat/channels/0190e6b4-0000-7000-8000-000000000000/messages";
    assert_eq!(t.status(&t.owner, "GET", unknown, None).await, 404);
    // Nothing of the leaders' room shows in the user's lists or counts.
    let unread = t.ok(&t.user, "GET", "/api/v1/chat/unread-count", None).await;
    assert_eq!(unread["count"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_are_checked() {
    let t = Team::new().await;
    let general = t.room(&t.user, "general").await;
    let path = format!("/api/v1/chat/channels/{general}/messages");
    let long = "x".repeat(4001);
    for bad in [
        json!({}),
        json!({"content": "   "}),
        json!({"content": long}),
        json!({"content": "hi", "extra": 1}),
        json!({"content": 5}),
        json!({"content": "a\u{1b}[31m"}),
        json!({"content": "hi", "mentions": ["nope"]}),
        json!({"content": "hi", "clientId": ""}),
    ] {
        let (status, code, _) =
            error_of(call(&t.app, "POST", &path, Some(&t.user.access), Some(bad.clone())).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{bad}");
    }
    let raw =
        t.app.client.post(t.app.url(&path)).bearer_auth(&t.user.access).header("content-type", "application/json");
    let (status, code, _) = error_of(raw.body("{\"content\": ").send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (400, "malformed_json"));
    let huge = json!({"content": "x".repeat(3 * 1024 * 1024)});
    let status = call(&t.app, "POST", &path, Some(&t.user.access), Some(huge)).await.status().as_u16();
    assert_eq!(status, 413);
    // A reply to a message of another channel, or none, is not there.
    let admins = t.room(&t.owner, "admins").await;
    let theirs = t.send(&t.owner, &admins, "elsewhere").await;
    let body = json!({"content": "re", "replyToId": theirs["id"]});
    assert_eq!(t.status(&t.owner, "POST", &path, Some(body)).await, 404);
    let body = json!({"content": "re", "replyToId": "0190e6b4-0000-7000-8000-000000000000"});
    assert_eq!(t.status(&t.owner, "POST", &path, Some(body)).await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_and_group_conversations() {
    let t = Team::new().await;
    let start = json!({"userId": t.user.user_id});
    let r = call(&t.app, "POST", "/api/v1/chat/channels/direct", Some(&t.manager.access), Some(start.clone())).await;
    assert_eq!(r.status(), 201);
    let direct = data_of(r).await;
    assert_eq!(direct["kind"], "direct");
    assert_eq!(direct["directUser"]["id"], t.user.user_id.as_str());
    assert_eq!(direct["members"].as_array().unwrap().len(), 2);
    // The other side resumes the same one.
    let back = json!({"userId": t.manager.user_id});
    let r = call(&t.app, "POST", "/api/v1/chat/channels/direct", Some(&t.user.access), Some(back)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(data_of(r).await["id"], direct["id"]);
    let me = json!({"userId": t.user.user_id});
    assert_eq!(t.status(&t.user, "POST", "/api/v1/chat/channels/direct", Some(me)).await, 400);
    let stranger = json!({"userId": t.outsider.user_id});
    assert_eq!(t.status(&t.user, "POST", "/api/v1/chat/channels/direct", Some(stranger)).await, 404);
    // Nobody else reads it.
    let path = format!("/api/v1/chat/channels/{}/messages", direct["id"].as_str().unwrap());
    assert_eq!(t.status(&t.owner, "GET", &path, None).await, 403);

    let body = json!({"name": "Colour team", "memberIds": [t.user.user_id, t.admin.user_id]});
    let group = t.ok(&t.manager, "POST", "/api/v1/chat/channels/group", Some(body)).await;
    let gid = group["id"].as_str().unwrap();
    assert_eq!(group["kind"], "group");
    assert_eq!(group["members"].as_array().unwrap().len(), 3, "the creator is a member");
    let stranger = json!({"name": "X", "memberIds": [t.outsider.user_id]});
    assert_eq!(t.status(&t.user, "POST", "/api/v1/chat/channels/group", Some(stranger)).await, 404);
    let alone = json!({"name": "X", "memberIds": [t.user.user_id]});
    assert_eq!(t.status(&t.user, "POST", "/api/v1/chat/channels/group", Some(alone)).await, 400);

    let renamed =
        t.ok(&t.user, "PATCH", &format!("/api/v1/chat/channels/{gid}"), Some(json!({"name": "Colour"}))).await;
    assert_eq!(renamed["name"], "Colour");
    let dpath = format!("/api/v1/chat/channels/{}", direct["id"].as_str().unwrap());
    assert_eq!(t.status(&t.user, "PATCH", &dpath, Some(json!({"name": "No"}))).await, 409);
    let added = t
        .ok(
            &t.user,
            "POST",
            &format!("/api/v1/chat/channels/{gid}/members"),
            Some(json!({"userIds": [t.owner.user_id]})),
        )
        .await;
    assert_eq!(added["members"].as_array().unwrap().len(), 4);
    // Only the creator (or chat.manage) takes others out; anyone takes themselves out.
    let remove_admin = format!("/api/v1/chat/channels/{gid}/members/{}", t.admin.user_id);
    assert_eq!(t.status(&t.user, "DELETE", &remove_admin, None).await, 403);
    let after = t.ok(&t.manager, "DELETE", &remove_admin, None).await;
    assert_eq!(after["members"].as_array().unwrap().len(), 3);
    t.ok(&t.user, "POST", &format!("/api/v1/chat/channels/{gid}/leave"), None).await;
    assert_eq!(t.status(&t.user, "GET", &format!("/api/v1/chat/channels/{gid}"), None).await, 403);
    assert_eq!(t.status(&t.outsider, "GET", &format!("/api/v1/chat/channels/{gid}"), None).await, 404);

    let users = t.ok(&t.user, "GET", "/api/v1/chat/users", None).await;
    assert_eq!(users.as_array().unwrap().len(), 4);
    assert!(users.as_array().unwrap().iter().all(|u| u.get("email").is_none()), "no e-mail in the picker");
    let found = t.ok(&t.user, "GET", "/api/v1/chat/users?q=ann", None).await;
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_delete_reactions_and_read_cursors() {
    let t = Team::new().await;
    let general = t.room(&t.user, "general").await;
    let base = format!("/api/v1/chat/channels/{general}/messages");
    let mine = t.send(&t.user, &general, "hello").await;
    let mpath = format!("{base}/{}", mine["id"].as_str().unwrap());
    let edited = t.ok(&t.user, "PATCH", &mpath, Some(json!({"content": "hello all"}))).await;
    assert_eq!(edited["content"], "hello all");
    assert!(edited["editedAt"].is_string());
    assert_eq!(t.status(&t.manager, "PATCH", &mpath, Some(json!({"content": "mine now"}))).await, 403);
    assert_eq!(t.status(&t.manager, "PATCH", &mpath, Some(json!({"content": "x", "seq": 1}))).await, 400);

    let thumbs = format!("{mpath}/reactions/%F0%9F%91%8D");
    t.ok(&t.owner, "PUT", &thumbs, None).await;
    let twice = t.ok(&t.owner, "PUT", &thumbs, None).await;
    assert_eq!(twice["reactions"], json!([{"emoji": "👍", "count": 1, "userIds": [t.owner.user_id]}]));
    let both = t.ok(&t.manager, "PUT", &thumbs, None).await;
    assert_eq!(both["reactions"][0]["count"], 2);
    let back = t.ok(&t.owner, "DELETE", &thumbs, None).await;
    assert_eq!(back["reactions"][0]["userIds"], json!([t.manager.user_id]));
    assert_eq!(t.status(&t.owner, "PUT", &format!("{mpath}/reactions/ok"), None).await, 400);

    // Read cursors: unread counts others' messages after the cursor, and never move back.
    let second = t.send(&t.user, &general, "second").await;
    let unread = t.ok(&t.owner, "GET", "/api/v1/chat/unread-count", None).await;
    assert_eq!(unread["count"], 2);
    assert_eq!(unread["channels"][0]["channelId"], general.as_str());
    assert_eq!(t.ok(&t.user, "GET", "/api/v1/chat/unread-count", None).await["count"], 0, "one's own are read");
    let read_path = format!("/api/v1/chat/channels/{general}/read");
    let read = t.ok(&t.owner, "POST", &read_path, Some(json!({"messageId": mine["id"]}))).await;
    assert_eq!(read["unreadCount"], 1);
    let all = t.ok(&t.owner, "POST", &read_path, None).await;
    assert_eq!(all["unreadCount"], 0);
    assert_eq!(all["readCursor"], second["seq"]);
    let back = t.ok(&t.owner, "POST", &read_path, Some(json!({"messageId": mine["id"]}))).await;
    assert_eq!(back["readCursor"], second["seq"], "never back");
    let seen = t.ok(&t.user, "GET", &format!("/api/v1/chat/channels/{general}"), None).await;
    let owner_cursor =
        seen["members"].as_array().unwrap().iter().find(|m| m["id"] == t.owner.user_id.as_str()).unwrap()["readCursor"]
            .clone();
    assert_eq!(owner_cursor, second["seq"], "seen by comes from the cursors");

    // Delete: the sender, or a moderator of the room; the message keeps its place, emptied.
    let spath = format!("{base}/{}", second["id"].as_str().unwrap());
    assert_eq!(t.status(&t.manager, "DELETE", &mpath, None).await, 200, "a manager moderates General");
    assert_eq!(t.status(&t.owner, "DELETE", &spath, None).await, 200);
    let listed = t.ok(&t.user, "GET", &base, None).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    assert_eq!(listed["items"][0]["content"], "");
    assert!(listed["items"][0]["deletedAt"].is_string());
    assert_eq!(listed["items"][1]["reactions"], json!([]));
    assert_eq!(t.status(&t.user, "PATCH", &mpath, Some(json!({"content": "again"}))).await, 409);
    assert_eq!(t.status(&t.user, "PUT", &thumbs, None).await, 409);
    let theirs = t.send(&t.owner, &general, "owner's").await;
    let opath = format!("{base}/{}", theirs["id"].as_str().unwrap());
    assert_eq!(t.status(&t.user, "DELETE", &opath, None).await, 403, "a user deletes only their own");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announcements_mentions_and_smart_group_rooms() {
    let t = Team::new().await;
    let general = t.room(&t.user, "general").await;
    let base = format!("/api/v1/chat/channels/{general}/messages");
    let ask = json!({"content": "New prices from Monday", "requiresAck": true});
    assert_eq!(t.status(&t.user, "POST", &base, Some(ask.clone())).await, 403);
    let notice = t.ok(&t.manager, "POST", &base, Some(ask)).await;
    assert_eq!(notice["requiresAck"], true);
    let npath = format!("{base}/{}", notice["id"].as_str().unwrap());
    let acked = t.ok(&t.user, "POST", &format!("{npath}/ack"), None).await;
    assert_eq!(acked["ackedBy"], json!([t.user.user_id]));
    t.ok(&t.user, "POST", &format!("{npath}/ack"), None).await;
    let acks = t.ok(&t.manager, "GET", &format!("{npath}/acks"), None).await;
    assert_eq!(acks["acknowledged"].as_array().unwrap().len(), 1);
    assert_eq!(acks["pending"].as_array().unwrap().len(), 2, "owner and admin; not the sender");
    assert_eq!(t.status(&t.user, "GET", &format!("{npath}/acks"), None).await, 403);
    let plain = t.send(&t.user, &general, "plain").await;
    let ppath = format!("{base}/{}", plain["id"].as_str().unwrap());
    assert_eq!(t.status(&t.owner, "POST", &format!("{ppath}/ack"), None).await, 409);

    // Mentions: members only, by id or by an unambiguous first name.
    let body = json!({"content": "@Anna can you look?", "mentions": [t.outsider.user_id, t.user.user_id]});
    let m = t.ok(&t.manager, "POST", &base, Some(body)).await;
    let mut want = vec![t.owner.user_id.clone(), t.user.user_id.clone()];
    want.sort();
    assert_eq!(m["mentions"], json!(want));

    // A smart group's room: members from the group (memberIds ignored), following it.
    let segment = t.ok(&t.manager, "POST", "/api/v1/smart-groups/segments", Some(json!({"name": "Teams"}))).await;
    let rules = json!([{"field": "role", "operator": "is", "value": "user"}]);
    let group = t
        .ok(
            &t.manager,
            "POST",
            "/api/v1/smart-groups",
            Some(json!({"segmentId": segment["id"], "name": "Floor", "rules": rules})),
        )
        .await;
    let sync = json!({"smartGroups": [{"smartGroupId": group["id"], "memberIds": [t.owner.user_id]}]});
    assert_eq!(t.status(&t.user, "POST", "/api/v1/chat/rooms/sync", Some(sync.clone())).await, 403);
    t.ok(&t.manager, "POST", "/api/v1/chat/rooms/sync", Some(sync.clone())).await;
    let user_rooms = t.ok(&t.user, "GET", "/api/v1/chat/rooms", None).await;
    let room = user_rooms["items"].as_array().unwrap().iter().find(|r| r["kind"] == "smart_group").unwrap().clone();
    assert_eq!(room["name"], "Floor");
    assert_eq!(room["memberCount"], 1);
    let rpath = format!("/api/v1/chat/channels/{}/messages", room["id"].as_str().unwrap());
    assert_eq!(t.status(&t.owner, "GET", &rpath, None).await, 403, "memberIds were ignored");
    // Synced again with a name: renamed, still one room.
    let renamed = json!({"smartGroups": [{"smartGroupId": group["id"], "name": "Shop floor"}]});
    t.ok(&t.manager, "POST", "/api/v1/chat/rooms/sync", Some(renamed)).await;
    let user_rooms = t.ok(&t.user, "GET", "/api/v1/chat/rooms", None).await;
    let rooms: Vec<&Value> =
        user_rooms["items"].as_array().unwrap().iter().filter(|r| r["kind"] == "smart_group").collect();
    assert_eq!((rooms.len(), rooms[0]["name"].as_str()), (1, Some("Shop floor")));
    // The manager is made a user: the room follows the group.
    t.ok(&t.owner, "PUT", &format!("/api/v1/users/{}", t.manager.user_id), Some(json!({"role": "user"}))).await;
    let detail = t.ok(&t.user, "GET", &format!("/api/v1/chat/channels/{}", room["id"].as_str().unwrap()), None).await;
    assert_eq!(detail["memberCount"], 2);
    let foreign = json!({"smartGroups": [{"smartGroupId": "0190e6b4-0000-7000-8000-000000000000"}]});
    assert_eq!(t.status(&t.owner, "POST", "/api/v1/chat/rooms/sync", Some(foreign)).await, 404);
    // Deleting the group deletes its room.
    t.ok(&t.owner, "DELETE", &format!("/api/v1/smart-groups/{}", group["id"].as_str().unwrap()), None).await;
    assert_eq!(t.status(&t.user, "GET", &rpath, None).await, 404);
}
