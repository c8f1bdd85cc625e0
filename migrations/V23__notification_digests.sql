-- Digests (issue 14): instead of an e-mail per notification, one summary a day or a week at a
-- local time the person chooses. What is always sent (a change to one's own shift, a missed
-- punch) and what is critical still goes at once.
CREATE TABLE notification_digests (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    frequency  TEXT NOT NULL CHECK (frequency IN ('off', 'daily', 'weekly')),
    -- HH:MM, local to `timezone`
    send_time  TEXT NOT NULL,
    -- for weekly: 1 = Monday … 7 = Sunday
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    timezone   TEXT NOT NULL,
    -- the next summary (UTC); NULL while off
    next_at    TEXT,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX notification_digests_due ON notification_digests (next_at) WHERE next_at IS NOT NULL;

-- 1: the e-mail waits for the person's digest; `mail_id` is then the digest's, shared by all it
-- collected.
ALTER TABLE notifications ADD COLUMN in_digest INTEGER NOT NULL DEFAULT 0 CHECK (in_digest IN (0, 1));
CREATE INDEX notifications_digest ON notifications (user_id, created_at) WHERE in_digest = 1 AND mail_id IS NULL;
