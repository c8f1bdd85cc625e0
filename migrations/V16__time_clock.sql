-- The time clock (issue 13). Punches are the record: every punch is kept, in the order of when
-- it happened (`at`, then arrival), and a person's time entries and breaks are rebuilt from
-- them whenever a punch arrives out of order (an offline punch sent late). A punch that does
-- not fit the in → break → out sequence is kept with a flag, never dropped.

-- Per-location rules of the clock.
CREATE TABLE clock_settings (
    location_id          TEXT PRIMARY KEY REFERENCES locations (id) ON DELETE CASCADE,
    tenant_id            TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- the geofence: a circle around the location; NULL radius = no geofence
    latitude             REAL,
    longitude            REAL,
    geofence_meters      INTEGER CHECK (geofence_meters BETWEEN 10 AND 100000),
    -- how early before a shift's start one may clock in
    early_minutes        INTEGER NOT NULL DEFAULT 15 CHECK (early_minutes BETWEEN 0 AND 720),
    -- clock-in and clock-out rounded to the nearest this many minutes (0 = not rounded)
    round_minutes        INTEGER NOT NULL DEFAULT 0 CHECK (round_minutes IN (0, 5, 6, 10, 15, 30)),
    -- an open entry is flagged as a missed clock-out this long after its shift's end
    missed_grace_minutes INTEGER NOT NULL DEFAULT 60 CHECK (missed_grace_minutes BETWEEN 0 AND 1440),
    updated_at           TEXT NOT NULL
) STRICT;

CREATE TABLE clock_punches (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the client's own id of the punch: a re-sent punch counts once
    client_id    TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('in', 'out', 'breakStart', 'breakEnd')),
    -- when it happened, UTC seconds: the device's `at` for an offline punch, else arrival
    at           INTEGER NOT NULL,
    received_at  TEXT NOT NULL,
    offline      INTEGER NOT NULL DEFAULT 0,
    location_id  TEXT REFERENCES locations (id) ON DELETE SET NULL,
    job_id       TEXT REFERENCES jobs (id) ON DELETE SET NULL,
    shift_id     TEXT,
    clock_id     TEXT,
    -- where the device said it was (never in events or other people's answers)
    latitude     REAL,
    longitude    REAL,
    accuracy     REAL,
    -- what a rule found when it arrived offline: 'outside_geofence', 'too_early'
    rule_flag    TEXT,
    -- set by the rebuild: 'out_of_sequence', or the entry the punch belongs to
    sequence_flag TEXT,
    entry_id     TEXT,
    UNIQUE (user_id, client_id)
) STRICT;
CREATE INDEX clock_punches_user_at ON clock_punches (user_id, at, seq);

-- Rebuilt from the punches; an entry's id is the id of the punch that opened it, so it stays
-- the same across rebuilds, and `in_seq` is that punch's seq: (clock_in_at, in_seq) orders a
-- person's entries as their punches are ordered.
CREATE TABLE time_entries (
    id                TEXT PRIMARY KEY,
    in_seq            INTEGER NOT NULL,
    tenant_id         TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    location_id       TEXT REFERENCES locations (id) ON DELETE SET NULL,
    job_id            TEXT REFERENCES jobs (id) ON DELETE SET NULL,
    shift_id          TEXT,
    -- raw times as punched, and as the location's rounding makes them (UTC seconds)
    clock_in_at       INTEGER NOT NULL,
    clock_in_rounded  INTEGER NOT NULL,
    clock_out_at      INTEGER,
    clock_out_rounded INTEGER,
    -- set once by the missed clock-out check; kept across rebuilds
    missed_out_at     TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX time_entries_user_in ON time_entries (user_id, clock_in_at, in_seq);
CREATE INDEX time_entries_open ON time_entries (user_id, clock_in_at) WHERE clock_out_at IS NULL;
-- who is clocked in now, per workplace (the board)
CREATE INDEX time_entries_open_tenant ON time_entries (tenant_id, clock_in_at) WHERE clock_out_at IS NULL;

-- Two breaks may start in the same second (quick taps): no key but the row's own.
CREATE TABLE time_breaks (
    entry_id   TEXT NOT NULL REFERENCES time_entries (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
) STRICT;
CREATE INDEX time_breaks_entry ON time_breaks (entry_id, started_at);
