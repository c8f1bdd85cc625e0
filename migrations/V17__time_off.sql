-- Time off (issue 13): a person asks for whole days or part of one; a manager approves or
-- declines with a comment. Approved time off is a `time_off` conflict for the scheduler.
CREATE TABLE time_off (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('vacation', 'sick', 'personal', 'unpaid', 'other')),
    -- local dates, inclusive; part of a day: one date with its times
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    start_time       TEXT,
    end_time         TEXT,
    -- the same as UTC instants (seconds) in the person's zone, for the conflict engine
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL CHECK (ends_at > starts_at),
    -- the person's and the managers' only
    note             TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'cancelled')),
    decided_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at       TEXT,
    decision_comment TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX time_off_user ON time_off (user_id, ends_at);
CREATE INDEX time_off_tenant ON time_off (tenant_id, status, ends_at);
CREATE INDEX time_off_tenant_created ON time_off (tenant_id, created_at);
