-- Profile fields and preferences, push device tokens, organization settings.

ALTER TABLE users ADD COLUMN phone TEXT;
-- a JSON object of the user's UI and notification preferences
ALTER TABLE users ADD COLUMN preferences TEXT NOT NULL DEFAULT '{}';

CREATE TABLE device_tokens (
    token      TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id  TEXT NOT NULL,
    platform   TEXT NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX device_tokens_user ON device_tokens (user_id);

CREATE TABLE org_settings (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    -- JSON
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (tenant_id, key)
) STRICT;
