-- Custom permission profiles: a named set of permission codes a user can be given instead of
-- their role's defaults.
CREATE TABLE permission_profiles (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, name_key)
) STRICT;

CREATE TABLE profile_permissions (
    profile_id TEXT NOT NULL REFERENCES permission_profiles (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    PRIMARY KEY (profile_id, code)
) STRICT;

ALTER TABLE users ADD COLUMN profile_id TEXT REFERENCES permission_profiles (id) ON DELETE SET NULL;
