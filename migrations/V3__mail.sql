-- The durable mail outbox and each tenant's e-mail settings.

CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    -- NULL for instance mails
    tenant_id       TEXT REFERENCES tenants (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_tenant ON mail_outbox (tenant_id, created_at);

CREATE TABLE email_settings (
    tenant_id         TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    smtp_host         TEXT,
    smtp_port         INTEGER,
    smtp_security     TEXT CHECK (smtp_security IN ('none', 'starttls', 'tls')),
    smtp_username     TEXT,
    -- ChaCha20-Poly1305 with secrets/storage.key; never returned by the API
    smtp_password_enc TEXT,
    from_name         TEXT,
    from_email        TEXT,
    reply_to          TEXT,
    updated_at        TEXT NOT NULL
) STRICT;
