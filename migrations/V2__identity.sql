-- Tenants, their organizations and locations, users, sessions (refresh tokens) and the audit log.

CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    email      TEXT,
    phone      TEXT,
    address    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX organizations_tenant ON organizations (tenant_id);

CREATE TABLE locations (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    address         TEXT,
    timezone        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX locations_tenant ON locations (tenant_id);

CREATE TABLE opening_hours (
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    tenant_id   TEXT NOT NULL,
    day_of_week INTEGER NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    open_time   TEXT,
    close_time  TEXT,
    is_closed   INTEGER NOT NULL CHECK (is_closed IN (0, 1)),
    PRIMARY KEY (location_id, day_of_week)
) STRICT;

CREATE TABLE users (
    id                      TEXT PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email                   TEXT NOT NULL,
    -- lower-cased e-mail: unique per tenant, compared case-insensitively
    email_key               TEXT NOT NULL,
    password_hash           TEXT,
    first_name              TEXT NOT NULL,
    last_name               TEXT NOT NULL,
    role                    TEXT NOT NULL CHECK (role IN ('owner', 'tenant_admin', 'manager', 'user')),
    super_admin             INTEGER NOT NULL DEFAULT 0 CHECK (super_admin IN (0, 1)),
    status                  TEXT NOT NULL CHECK (status IN ('active', 'invited', 'inactive')),
    locale                  TEXT NOT NULL DEFAULT 'en',
    timezone                TEXT,
    require_password_change INTEGER NOT NULL DEFAULT 0 CHECK (require_password_change IN (0, 1)),
    -- raised by deactivation, password change and logout-all: older access tokens stop working
    token_version           INTEGER NOT NULL DEFAULT 1,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    UNIQUE (tenant_id, email_key)
) STRICT;
CREATE INDEX users_email_key ON users (email_key);

CREATE TABLE refresh_tokens (
    id           TEXT PRIMARY KEY,
    family_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id    TEXT NOT NULL,
    -- SHA-256 of the token; the token itself is never stored
    token_hash   TEXT NOT NULL UNIQUE,
    client       TEXT NOT NULL CHECK (client IN ('web', 'mobile')),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    spent_at     TEXT,
    successor_id TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT,
    user_id    TEXT,
    action     TEXT NOT NULL,
    ip         TEXT,
    detail     TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, created_at);
