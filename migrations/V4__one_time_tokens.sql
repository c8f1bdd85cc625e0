-- Single-use links: invitations, password resets, e-mail verification. Bound to the user, the
-- tenant and the e-mail address they were sent to; stored hashed.
CREATE TABLE one_time_tokens (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email_key  TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset', 'verify_email')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id, purpose);

ALTER TABLE users ADD COLUMN email_verified_at TEXT;
