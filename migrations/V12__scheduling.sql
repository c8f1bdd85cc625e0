-- Scheduling (DESIGN §12) and the events between features (§13): member facts, the job list,
-- segments and smart groups with materialised members, schedules with materialised assignees,
-- shifts, claims, unavailability, location closures, week templates and the events table.

-- One row per event; `seq` is the only cursor (assigned by the single writer).
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    -- JSON array of audience entries: "user:ID", "schedule:ID:managers", "schedule:ID:published", "tenant"
    audience   TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX events_created ON events (created_at);

-- Scheduling facts of a member (a user of the tenant). A user without a row has the defaults.
CREATE TABLE member_facts (
    user_id            TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    on_rota            INTEGER NOT NULL DEFAULT 1 CHECK (on_rota IN (0, 1)),
    -- minor units of the tenant's currency per hour
    hourly_rate        INTEGER CHECK (hourly_rate >= 0),
    max_hours_per_week INTEGER CHECK (max_hours_per_week BETWEEN 0 AND 168),
    min_rest_hours     INTEGER CHECK (min_rest_hours BETWEEN 0 AND 24),
    notes              TEXT,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    code        TEXT,
    description TEXT,
    color       TEXT NOT NULL,
    hourly_rate INTEGER CHECK (hourly_rate >= 0),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, name_key)
) STRICT;

-- The jobs a member can work, with an optional per-job rate.
CREATE TABLE member_jobs (
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    job_id    TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    rate      INTEGER CHECK (rate >= 0),
    PRIMARY KEY (user_id, job_id)
) STRICT;
CREATE INDEX member_jobs_job ON member_jobs (job_id);

CREATE TABLE member_locations (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    tenant_id   TEXT NOT NULL,
    PRIMARY KEY (user_id, location_id)
) STRICT;
CREATE INDEX member_locations_location ON member_locations (location_id);

CREATE TABLE location_closures (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    from_date   TEXT NOT NULL,
    to_date     TEXT NOT NULL CHECK (to_date >= from_date),
    note        TEXT
) STRICT;
CREATE INDEX location_closures_location ON location_closures (location_id, from_date);

CREATE TABLE segments (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    description TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, name_key)
) STRICT;

CREATE TABLE smart_groups (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    segment_id       TEXT NOT NULL REFERENCES segments (id),
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    logic            TEXT NOT NULL CHECK (logic IN ('and', 'or')),
    -- JSON: [{"field", "operator", "value"}]
    rules            TEXT NOT NULL,
    include_user_ids TEXT NOT NULL,
    exclude_user_ids TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (tenant_id, name_key)
) STRICT;
CREATE INDEX smart_groups_segment ON smart_groups (segment_id);

-- Materialised: recomputed by every write job that changes a user, a group or a member fact.
CREATE TABLE smart_group_members (
    group_id  TEXT NOT NULL REFERENCES smart_groups (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
) STRICT;
CREATE INDEX smart_group_members_user ON smart_group_members (user_id);

CREATE TABLE schedules (
    id                   TEXT PRIMARY KEY,
    tenant_id            TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    location_id          TEXT NOT NULL REFERENCES locations (id),
    created_by           TEXT REFERENCES users (id) ON DELETE SET NULL,
    details_config       TEXT,
    claim_needs_approval INTEGER NOT NULL DEFAULT 0 CHECK (claim_needs_approval IN (0, 1)),
    swap_needs_approval  INTEGER NOT NULL DEFAULT 1 CHECK (swap_needs_approval IN (0, 1)),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX schedules_tenant ON schedules (tenant_id, name);

CREATE TABLE schedule_groups (
    schedule_id TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    group_id    TEXT NOT NULL REFERENCES smart_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (schedule_id, group_id)
) STRICT;
CREATE INDEX schedule_groups_group ON schedule_groups (group_id);

CREATE TABLE schedule_users (
    schedule_id TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (schedule_id, user_id)
) STRICT;

-- Materialised: active users of the groups ∪ the listed active users.
CREATE TABLE schedule_assignees (
    schedule_id TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id   TEXT NOT NULL,
    PRIMARY KEY (schedule_id, user_id)
) STRICT;
CREATE INDEX schedule_assignees_user ON schedule_assignees (user_id);

CREATE TABLE shifts (
    id                      TEXT PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    schedule_id             TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    assigned_user_id        TEXT REFERENCES users (id) ON DELETE SET NULL,
    slots                   INTEGER NOT NULL DEFAULT 1 CHECK (slots BETWEEN 1 AND 100),
    -- slots of an open shift taken by claims
    filled                  INTEGER NOT NULL DEFAULT 0,
    job_id                  TEXT REFERENCES jobs (id),
    shift_date              TEXT NOT NULL,
    start_time              TEXT NOT NULL,
    end_time                TEXT NOT NULL,
    break_minutes           INTEGER NOT NULL DEFAULT 0,
    title                   TEXT,
    instructions            TEXT,
    status                  TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    version                 INTEGER NOT NULL DEFAULT 1,
    -- UTC instants in seconds, computed from the local date and times in the location's zone
    starts_at               INTEGER NOT NULL,
    ends_at                 INTEGER NOT NULL CHECK (ends_at > starts_at),
    -- what members see of a published shift with unpublished changes (JSON), else NULL
    published               TEXT,
    -- who and when members see it: the published assignee and date (NULL while a draft)
    published_user_id       TEXT,
    published_date          TEXT,
    -- 'copy' / 'template': made by copy-week or a template (replace removes them)
    origin                  TEXT,
    -- the open shift a claim took this one from
    claimed_from            TEXT,
    created_by              TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    deleted_at              TEXT
) STRICT;
CREATE INDEX shifts_schedule_date ON shifts (schedule_id, shift_date) WHERE deleted_at IS NULL;
CREATE INDEX shifts_user_time ON shifts (assigned_user_id, starts_at) WHERE deleted_at IS NULL;
CREATE INDEX shifts_published_user ON shifts (published_user_id, published_date) WHERE deleted_at IS NULL;
CREATE INDEX shifts_job ON shifts (job_id);
-- the conflict engine reads everyone's shifts around a week in one range scan
CREATE INDEX shifts_tenant_time ON shifts (tenant_id, starts_at) WHERE deleted_at IS NULL;

CREATE TABLE shift_claims (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    shift_id   TEXT NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    -- the shift the claim gave the claimant
    result_shift_id TEXT,
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    UNIQUE (shift_id, user_id)
) STRICT;

CREATE TABLE unavailabilities (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    series_id  TEXT NOT NULL,
    date       TEXT NOT NULL,
    start_time TEXT,
    end_time   TEXT,
    all_day    INTEGER NOT NULL CHECK (all_day IN (0, 1)),
    note       TEXT,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX unavailabilities_user_time ON unavailabilities (user_id, starts_at);
CREATE INDEX unavailabilities_tenant_time ON unavailabilities (tenant_id, starts_at);
CREATE INDEX unavailabilities_series ON unavailabilities (series_id, date);

CREATE TABLE week_templates (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    schedule_id TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    -- JSON: [{"dayOffset", "startTime", "endTime", "breakMinutes", "jobId", "assignedUserId", "slots", "title", "instructions"}]
    shifts      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX week_templates_schedule ON week_templates (schedule_id);
