-- Notifications (issue 14): one pipeline reads `events` by its `seq` cursor and stores, for each
-- (event, recipient, channel), exactly one row here, in the same write job that moves the cursor.
-- The cursor starts at the current end of `events`: history is not replayed.
CREATE TABLE notification_cursor (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
) STRICT;
INSERT INTO notification_cursor (id, seq) SELECT 1, coalesce(max(seq), 0) FROM events;

CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- events are pruned after 90 days; the notification stays
    event_seq    INTEGER NOT NULL,
    event_key    TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('in_app', 'email', 'push')),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    -- a path inside the app (/my-shifts, /inbox, …)
    link         TEXT,
    -- the e-mail queued for it, whose outbox row says sent or failed
    mail_id      TEXT,
    -- an e-mail held back by Do Not Disturb: queued at this instant (then mail_id is set)
    held_until   TEXT,
    critical     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    read_at      TEXT,
    dismissed_at TEXT,
    UNIQUE (event_seq, user_id, channel)
) STRICT;
CREATE INDEX notifications_inbox ON notifications (user_id, channel, created_at);
CREATE INDEX notifications_tenant ON notifications (tenant_id, created_at);
CREATE INDEX notifications_held ON notifications (held_until) WHERE held_until IS NOT NULL AND mail_id IS NULL;

-- A person's choices over the defaults of the catalog (notifications/catalog.rs).
CREATE TABLE notification_preferences (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_key  TEXT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('in_app', 'email', 'push')),
    enabled    INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, event_key, channel)
) STRICT;

-- Do Not Disturb: a daily window in a time zone, and/or the time outside one's published shifts
-- (less `lead_minutes` before the next one). In DND only in-app notifications arrive.
CREATE TABLE notification_dnd (
    user_id              TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    enabled              INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    start_time           TEXT NOT NULL,
    end_time             TEXT NOT NULL,
    timezone             TEXT NOT NULL,
    quiet_outside_shifts INTEGER NOT NULL CHECK (quiet_outside_shifts IN (0, 1)),
    lead_minutes         INTEGER NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;
