-- Web Push (issue 14): the browsers that subscribed (their push service's endpoint and keys), and
-- per push notification what became of it. The instance's VAPID key is derived from its stored
-- secret (data dir `secrets/`), so it is not kept here.
CREATE TABLE push_subscriptions (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- https on a public address (DESIGN §6); one browser, one row
    endpoint     TEXT NOT NULL UNIQUE,
    p256dh       TEXT NOT NULL,
    auth         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_sent_at TEXT
) STRICT;
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

-- A push notification: handed to a push service at `push_sent_at`, or its last attempt failed
-- (`push_error`, `push_attempts`).
ALTER TABLE notifications ADD COLUMN push_sent_at TEXT;
ALTER TABLE notifications ADD COLUMN push_error TEXT;
ALTER TABLE notifications ADD COLUMN push_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notifications_push_pending ON notifications (created_at)
    WHERE channel = 'push' AND push_sent_at IS NULL AND held_until IS NULL;
