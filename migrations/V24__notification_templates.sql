-- Notification templates (issue 14): a workplace's own wording of an event's title (the e-mail's
-- subject too) and body, per language; without a row the built-in text (notifications/texts.rs).
CREATE TABLE notification_templates (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    event_key  TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('en', 'nl')),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (tenant_id, event_key, lang)
) STRICT;
