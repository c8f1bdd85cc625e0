-- Hardening: mails that carry a credential are shown only to their recipient, mails whose token
-- is spent are never sent, admins can close a waiting mail, and owners' credential mail can go
-- through the operator's SMTP server. A CHECK cannot be altered in place: the table is rebuilt.

CREATE TABLE mail_outbox_new (
    id              TEXT PRIMARY KEY,
    -- NULL for instance mails
    tenant_id       TEXT REFERENCES tenants (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT,
    -- cancelled: its token was spent or void before it went out; handled / discarded: closed by an admin
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'cancelled', 'handled', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    -- 1: carries a sign-in code, reset link, temporary password or verification link
    secret          INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
    -- the one_time_tokens or otp_codes row the mail carries: once it is used or expired the mail is dead
    token_id        TEXT,
    -- the account whose temporary password the mail carries: dead once they chose their own
    password_of     TEXT,
    -- 1: sent through the operator's [mail] server when one is configured (an owner's credential mail)
    operator_smtp   INTEGER NOT NULL DEFAULT 0 CHECK (operator_smtp IN (0, 1)),
    closed_at       TEXT,
    closed_by       TEXT
) STRICT;

INSERT INTO mail_outbox_new (id, tenant_id, kind, to_address, subject, body_text, body_html, status, attempts,
                             next_attempt_at, last_error, created_at, sent_at, secret)
SELECT id, tenant_id, kind, to_address, subject, body_text, body_html, status, attempts, next_attempt_at, last_error,
       created_at, sent_at, kind IN ('otp', 'password_reset', 'welcome', 'verify_email')
FROM mail_outbox;

DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_tenant ON mail_outbox (tenant_id, created_at);

-- Earlier code mails named their code in the subject: the subject is shown in the outbox list.
UPDATE mail_outbox SET subject = '(sign-in code)' WHERE kind = 'otp';

-- The owner's onboarding checklist (seed 001's Setup Hub): one row per task a tenant has
-- touched; a task without a row is pending.
CREATE TABLE setup_hub_tasks (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'skipped')),
    -- 1 when auto-check ticked it from the data, 0 when a person set it
    auto         INTEGER NOT NULL DEFAULT 0 CHECK (auto IN (0, 1)),
    updated_at   TEXT NOT NULL,
    updated_by   TEXT,
    PRIMARY KEY (tenant_id, code)
) STRICT;

CREATE TABLE setup_hub (
    tenant_id    TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    completed_at TEXT NOT NULL,
    completed_by TEXT
) STRICT;
