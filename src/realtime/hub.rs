//! The hub: who is connected, and the fan-out of committed events to exactly the sockets
//! their audience allows (DESIGN §8, §13). Each event is serialised once; every receiver gets
//! a reference-counted copy through a small bounded queue, and a socket whose queue is full is
//! dropped, never waited for. Audiences are matched in memory: `user:`, `tenant` and
//! `schedule:ID:managers` and `clock:managers` from the sockets' own grants, `channel:ID` and
//! `schedule:ID:published` from a member cache loaded once per scope (not per socket) and
//! dropped when an event says those members changed.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::ws::Utf8Bytes;
use serde_json::json;
use tokio::sync::mpsc;

use crate::config::RealtimeConfig;
use crate::db::Db;
use crate::db::events::CommittedEvent;
use crate::ids::{ChannelId, SessionFamilyId, TenantId, UserId};

/// Frames waiting for one socket before it counts as too slow.
pub const QUEUE: usize = 256;
/// How long a person stays "online" after their last socket closed (a reload, a tunnel).
const OFFLINE_AFTER: Duration = Duration::from_secs(3);
/// At most one `chat.read` per channel and person in this time.
const READ_EVERY: Duration = Duration::from_secs(2);

/// What the hub sends a socket.
#[derive(Debug, Clone)]
pub enum Outbound {
    Frame(Utf8Bytes),
    Close(u16, &'static str),
}

/// The facts a socket's token gave, re-checked every second.
#[derive(Debug)]
pub struct SocketAuth {
    pub session: SessionFamilyId,
    pub version: i64,
    /// Unix seconds; a fresh `auth` frame moves it.
    pub expires_at: AtomicI64,
    /// Holds `schedules.write`: hears `schedule:ID:managers`.
    pub manages_schedules: AtomicBool,
    /// Holds `clock.manage`: hears `clock:managers`.
    pub manages_clock: AtomicBool,
}

struct Entry {
    id: u64,
    tx: mpsc::Sender<Outbound>,
    auth: Arc<SocketAuth>,
}

#[derive(Default)]
struct Registry {
    next_id: u64,
    total: usize,
    tenants: HashMap<TenantId, HashMap<UserId, Vec<Entry>>>,
    /// People whose last socket closed, not yet announced offline.
    leaving: HashSet<(TenantId, UserId)>,
}

#[derive(Debug, Default)]
pub struct HubMetrics {
    pub connections: AtomicI64,
    pub events: AtomicU64,
    pub deliveries: AtomicU64,
    pub dropped_slow: AtomicU64,
    pub refused: AtomicU64,
    pub closed_policy: AtomicU64,
}

/// Why a socket was not registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooManyForUser,
    Full,
}

pub struct Registered {
    pub id: u64,
    pub rx: mpsc::Receiver<Outbound>,
}

#[derive(Default)]
struct ReadSlot {
    last_sent: Option<Instant>,
    pending: Option<i64>,
    scheduled: bool,
}

pub struct Hub {
    registry: Mutex<Registry>,
    members: Mutex<HashMap<String, Arc<HashSet<UserId>>>>,
    reads: Mutex<HashMap<(TenantId, ChannelId, UserId), ReadSlot>>,
    pub metrics: HubMetrics,
    limits: RealtimeConfig,
    db: Db,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A frame the hub makes itself (`ready`, `presence`, `chat.typing`, `chat.read`).
pub fn frame(value: &serde_json::Value) -> Utf8Bytes {
    Utf8Bytes::from(value.to_string())
}

impl Hub {
    pub fn new(db: Db, limits: RealtimeConfig) -> Hub {
        Hub {
            registry: Mutex::default(),
            members: Mutex::default(),
            reads: Mutex::default(),
            metrics: HubMetrics::default(),
            limits,
            db,
        }
    }

    pub fn limits(&self) -> &RealtimeConfig {
        &self.limits
    }

    /// Adds a socket; announces the person online unless they were just here.
    pub fn register(
        self: &Arc<Self>,
        tenant: &TenantId,
        user: &UserId,
        auth: Arc<SocketAuth>,
    ) -> Result<Registered, Refusal> {
        let (tx, rx) = mpsc::channel(QUEUE);
        let mut reg = lock(&self.registry);
        if reg.total >= self.limits.max_connections as usize {
            self.metrics.refused.fetch_add(1, Ordering::Relaxed);
            return Err(Refusal::Full);
        }
        let count = reg.tenants.get(tenant).and_then(|t| t.get(user)).map_or(0, Vec::len);
        if count >= self.limits.max_connections_per_user as usize {
            self.metrics.refused.fetch_add(1, Ordering::Relaxed);
            return Err(Refusal::TooManyForUser);
        }
        reg.next_id += 1;
        reg.total += 1;
        let id = reg.next_id;
        let was_leaving = reg.leaving.remove(&(tenant.clone(), user.clone()));
        reg.tenants.entry(tenant.clone()).or_default().entry(user.clone()).or_default().push(Entry { id, tx, auth });
        self.metrics.connections.fetch_add(1, Ordering::Relaxed);
        if count == 0 && !was_leaving {
            let presence = frame(&json!({"type": "presence", "userId": user, "userIds": [user], "online": true}));
            Self::send_where(&mut reg, &self.metrics, tenant, &presence, |u| u != user);
        }
        Ok(Registered { id, rx })
    }

    /// Removes a socket; the person goes offline for others a moment later if no other
    /// socket of theirs comes.
    pub fn unregister(self: &Arc<Self>, tenant: &TenantId, user: &UserId, id: u64) {
        let mut reg = lock(&self.registry);
        // The hub may have removed it already (too slow, revoked): the person still leaves.
        Self::remove(&mut reg, &self.metrics, tenant, user, id);
        let gone = reg.tenants.get(tenant).and_then(|t| t.get(user)).is_none_or(Vec::is_empty);
        if gone && reg.leaving.insert((tenant.clone(), user.clone())) {
            let hub = Arc::clone(self);
            let (tenant, user) = (tenant.clone(), user.clone());
            tokio::spawn(async move {
                tokio::time::sleep(OFFLINE_AFTER).await;
                let mut reg = lock(&hub.registry);
                if reg.leaving.remove(&(tenant.clone(), user.clone())) {
                    let presence =
                        frame(&json!({"type": "presence", "userId": user, "userIds": [user], "online": false}));
                    Self::send_where(&mut reg, &hub.metrics, &tenant, &presence, |_| true);
                }
            });
        }
    }

    fn remove(reg: &mut Registry, metrics: &HubMetrics, tenant: &TenantId, user: &UserId, id: u64) -> bool {
        let Some(people) = reg.tenants.get_mut(tenant) else { return false };
        let Some(entries) = people.get_mut(user) else { return false };
        let before = entries.len();
        entries.retain(|e| e.id != id);
        let removed = entries.len() < before;
        if entries.is_empty() {
            people.remove(user);
        }
        if people.is_empty() {
            reg.tenants.remove(tenant);
        }
        if removed {
            reg.total -= 1;
            metrics.connections.fetch_sub(1, Ordering::Relaxed);
        }
        removed
    }

    /// The people of a tenant with an open socket (or just closed: see [`OFFLINE_AFTER`]).
    pub fn online(&self, tenant: &TenantId) -> HashSet<UserId> {
        let reg = lock(&self.registry);
        let mut online: HashSet<UserId> =
            reg.tenants.get(tenant).map(|t| t.keys().cloned().collect()).unwrap_or_default();
        online.extend(reg.leaving.iter().filter(|(t, _)| t == tenant).map(|(_, u)| u.clone()));
        online
    }

    /// Sends a frame to every socket of the tenant whose person `keep` accepts; full queues are
    /// dropped.
    fn send_where(
        reg: &mut Registry,
        metrics: &HubMetrics,
        tenant: &TenantId,
        frame: &Utf8Bytes,
        keep: impl Fn(&UserId) -> bool,
    ) {
        let Some(people) = reg.tenants.get(tenant) else { return };
        let targets: Vec<(UserId, u64)> = people
            .iter()
            .filter(|(user, _)| keep(user))
            .flat_map(|(user, entries)| entries.iter().map(move |e| (user.clone(), e.id)))
            .collect();
        Self::send(reg, metrics, tenant, &targets, frame);
    }

    /// Sends one frame to the given sockets; a socket whose queue is full or closed is removed
    /// (its task then closes it, and the client catches up from history).
    fn send(reg: &mut Registry, metrics: &HubMetrics, tenant: &TenantId, targets: &[(UserId, u64)], frame: &Utf8Bytes) {
        let mut slow = Vec::new();
        if let Some(people) = reg.tenants.get(tenant) {
            for (user, id) in targets {
                let Some(entry) = people.get(user).and_then(|es| es.iter().find(|e| e.id == *id)) else { continue };
                match entry.tx.try_send(Outbound::Frame(frame.clone())) {
                    Ok(()) => {
                        metrics.deliveries.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => slow.push((user.clone(), *id)),
                }
            }
        }
        for (user, id) in slow {
            if Self::remove(reg, metrics, tenant, &user, id) {
                metrics.dropped_slow.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The members of a scope (`channel:ID`, `schedule:ID:published`), from the cache or read
    /// once into it.
    async fn members_of(&self, scope: &str) -> Arc<HashSet<UserId>> {
        if let Some(found) = lock(&self.members).get(scope) {
            return Arc::clone(found);
        }
        let key = scope.to_string();
        let loaded = self
            .db
            .read(move |c| {
                let (sql, id) = if let Some(id) = key.strip_prefix("channel:") {
                    ("SELECT user_id FROM chat_members WHERE channel_id = ?1", id.to_string())
                } else if let Some(rest) = key.strip_prefix("schedule:") {
                    let id = rest.strip_suffix(":published").unwrap_or_default().to_string();
                    ("SELECT user_id FROM schedule_assignees WHERE schedule_id = ?1", id)
                } else {
                    return Ok(HashSet::new());
                };
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.query_map([id], |r| r.get::<_, UserId>(0))?.collect::<Result<HashSet<_>, _>>()?)
            })
            .await;
        let set = Arc::new(match loaded {
            Ok(set) => set,
            Err(e) => {
                tracing::warn!("real-time hub: reading the members of {scope}: {e}");
                return Arc::new(HashSet::new());
            }
        });
        let mut cache = lock(&self.members);
        if cache.len() > 10_000 {
            cache.clear();
        }
        cache.insert(scope.to_string(), Arc::clone(&set));
        set
    }

    /// Fans one committed event out to the sockets its audience allows.
    pub async fn deliver(&self, event: &CommittedEvent) {
        let Some(tenant) = TenantId::parse(&event.tenant_id) else { return };
        // Members changed: forget them before delivering, so the event itself already goes to
        // the new members and no longer to the removed ones (they hear it as `user:`).
        match event.kind.as_str() {
            "chat.members.changed" => {
                if let Some(channel) = event.payload.get("channelId").and_then(|v| v.as_str()) {
                    lock(&self.members).remove(&format!("channel:{channel}"));
                }
            }
            "membership.changed" => lock(&self.members).retain(|k, _| !k.starts_with("schedule:")),
            _ => {}
        }
        let mut scoped = Vec::new();
        for scope in &event.audience {
            if scope.starts_with("channel:") || scope.ends_with(":published") {
                scoped.push(self.members_of(scope).await);
            }
        }
        let frame = Utf8Bytes::from(
            json!({"type": event.kind, "seq": event.seq, "data": event.payload, "createdAt": event.created_at})
                .to_string(),
        );
        self.metrics.events.fetch_add(1, Ordering::Relaxed);
        let mut reg = lock(&self.registry);
        let Some(people) = reg.tenants.get(&tenant) else { return };
        let mut chosen: HashSet<(UserId, u64)> = HashSet::new();
        let take_user = |user: &UserId, chosen: &mut HashSet<(UserId, u64)>| {
            for e in people.get(user).into_iter().flatten() {
                chosen.insert((user.clone(), e.id));
            }
        };
        for scope in &event.audience {
            if scope == "tenant" {
                for user in people.keys() {
                    take_user(user, &mut chosen);
                }
            } else if let Some(id) = scope.strip_prefix("user:") {
                if let Some(user) = UserId::parse(id) {
                    take_user(&user, &mut chosen);
                }
            } else if scope == "clock:managers" {
                for (user, entries) in people {
                    for e in entries.iter().filter(|e| e.auth.manages_clock.load(Ordering::Relaxed)) {
                        chosen.insert((user.clone(), e.id));
                    }
                }
            } else if scope.starts_with("schedule:") && scope.ends_with(":managers") {
                for (user, entries) in people {
                    for e in entries.iter().filter(|e| e.auth.manages_schedules.load(Ordering::Relaxed)) {
                        chosen.insert((user.clone(), e.id));
                    }
                }
            }
        }
        for set in &scoped {
            // The smaller side drives: a big room with few people online, or the reverse.
            if set.len() <= people.len() {
                for user in set.iter() {
                    take_user(user, &mut chosen);
                }
            } else {
                for user in people.keys().filter(|u| set.contains(*u)) {
                    take_user(user, &mut chosen);
                }
            }
        }
        let targets: Vec<(UserId, u64)> = chosen.into_iter().collect();
        Self::send(&mut reg, &self.metrics, &tenant, &targets, &frame);
    }

    /// `chat.typing` to the channel's other members, if the typist is one.
    pub async fn typing(&self, tenant: &TenantId, user: &UserId, channel: &ChannelId) {
        let members = self.members_of(&format!("channel:{channel}")).await;
        if !members.contains(user) {
            return;
        }
        let frame = frame(&json!({"type": "chat.typing", "channelId": channel, "userId": user}));
        self.send_to_members(tenant, &members, Some(user), &frame);
    }

    fn send_to_members(
        &self,
        tenant: &TenantId,
        members: &HashSet<UserId>,
        except: Option<&UserId>,
        frame: &Utf8Bytes,
    ) {
        let mut reg = lock(&self.registry);
        Self::send_where(&mut reg, &self.metrics, tenant, frame, |u| members.contains(u) && Some(u) != except);
    }

    /// A member's read cursor moved: `chat.read` to the channel, at most one per channel and
    /// person every [`READ_EVERY`] (the last cursor wins).
    pub fn read_moved(self: &Arc<Self>, tenant: &TenantId, channel: &ChannelId, user: &UserId, cursor: i64) {
        let key = (tenant.clone(), channel.clone(), user.clone());
        let wait = {
            let mut reads = lock(&self.reads);
            if reads.len() > 10_000 {
                reads.retain(|_, s| s.scheduled || s.last_sent.is_some_and(|t| t.elapsed() < READ_EVERY));
            }
            let slot = reads.entry(key.clone()).or_default();
            match slot.last_sent {
                Some(sent) if sent.elapsed() < READ_EVERY => {
                    slot.pending = Some(cursor);
                    if slot.scheduled {
                        return;
                    }
                    slot.scheduled = true;
                    Some(READ_EVERY - sent.elapsed())
                }
                _ => {
                    slot.last_sent = Some(Instant::now());
                    None
                }
            }
        };
        let hub = Arc::clone(self);
        tokio::spawn(async move {
            let cursor = match wait {
                None => cursor,
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    let mut reads = lock(&hub.reads);
                    let Some(slot) = reads.get_mut(&key) else { return };
                    slot.scheduled = false;
                    slot.last_sent = Some(Instant::now());
                    match slot.pending.take() {
                        Some(c) => c,
                        None => return,
                    }
                }
            };
            let (tenant, channel, user) = key;
            let members = hub.members_of(&format!("channel:{channel}")).await;
            let frame = frame(&json!({
                "type": "chat.read", "channelId": channel, "userId": user, "readCursor": cursor.to_string(),
            }));
            hub.send_to_members(&tenant, &members, None, &frame);
        });
    }

    /// Every socket with its owner, for the once-a-second check of tokens.
    pub fn sockets(&self) -> Vec<(TenantId, UserId, u64, Arc<SocketAuth>)> {
        let reg = lock(&self.registry);
        reg.tenants
            .iter()
            .flat_map(|(t, people)| {
                people
                    .iter()
                    .flat_map(move |(u, es)| es.iter().map(move |e| (t.clone(), u.clone(), e.id, e.auth.clone())))
            })
            .collect()
    }

    /// Ends a socket from the hub's side: a close frame if its queue has room, and no more
    /// events either way.
    pub fn close(&self, tenant: &TenantId, user: &UserId, id: u64, code: u16, reason: &'static str) {
        let mut reg = lock(&self.registry);
        let sender = reg
            .tenants
            .get(tenant)
            .and_then(|t| t.get(user))
            .and_then(|es| es.iter().find(|e| e.id == id))
            .map(|e| e.tx.clone());
        if let Some(tx) = sender {
            let _ = tx.try_send(Outbound::Close(code, reason));
            Self::remove(&mut reg, &self.metrics, tenant, user, id);
            self.metrics.closed_policy.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Closes every socket (the server is stopping): 1001 going away.
    pub fn close_all(&self) {
        let mut reg = lock(&self.registry);
        for people in reg.tenants.values() {
            for e in people.values().flatten() {
                let _ = e.tx.try_send(Outbound::Close(1001, "server stopping"));
            }
        }
        reg.tenants.clear();
        reg.total = 0;
        self.metrics.connections.store(0, Ordering::Relaxed);
    }
}
