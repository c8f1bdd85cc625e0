-- API keys for server-to-server use (seed 003): `sr_<prefix>_<secret>`, stored as a SHA-256
-- hash, limited to scopes, accepted only on /api/v1/sa/… routes.
CREATE TABLE service_accounts (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL UNIQUE,
    key_hash     TEXT NOT NULL,
    -- JSON array of permission codes
    scopes       TEXT NOT NULL,
    created_by   TEXT,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX service_accounts_tenant ON service_accounts (tenant_id, created_at);
