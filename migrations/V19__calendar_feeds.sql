-- Calendar feeds (issue 13): a secret, revocable iCalendar URL per person (their shifts, the
-- open shifts they may claim, their time off) and per manager and schedule. The URL's secret is
-- an HMAC of the feed's id under the instance's key, so nothing secret is stored; regenerating
-- replaces the row, and the old URL answers 404.
CREATE TABLE calendar_feeds (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- a manager's feed of one schedule; NULL for the person's own
    schedule_id TEXT REFERENCES schedules (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX calendar_feeds_owner ON calendar_feeds (user_id, coalesce(schedule_id, ''));
