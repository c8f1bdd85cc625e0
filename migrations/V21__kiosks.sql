-- Kiosks (issue 13): a location's shared tablet is its own principal, a revocable device token
-- (stored as its SHA-256) scoped to one location. Staff pick their name and enter a personal
-- PIN (4–8 digits, argon2id); five wrong PINs lock that person on that kiosk for five minutes.
CREATE TABLE kiosks (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    location_id  TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX kiosks_tenant ON kiosks (tenant_id, created_at);

CREATE TABLE clock_pins (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    pin_hash   TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE kiosk_pin_failures (
    kiosk_id     TEXT NOT NULL REFERENCES kiosks (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    failures     INTEGER NOT NULL,
    -- UTC seconds; NULL while not locked
    locked_until INTEGER,
    PRIMARY KEY (kiosk_id, user_id)
) STRICT;
