-- Shift swaps and hand-overs (issue 13): a member offers their published shift to one
-- colleague or to everyone who may take it; the other accepts; a planner approves when the
-- schedule's `swap_needs_approval` says so. At most one live offer per shift.
CREATE TABLE shift_swaps (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    schedule_id  TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    shift_id     TEXT NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
    from_user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- offered to this person; NULL = to everyone on the schedule who may take it
    to_user_id   TEXT REFERENCES users (id) ON DELETE CASCADE,
    accepted_by  TEXT REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('offered', 'accepted', 'approved', 'declined', 'cancelled')),
    note         TEXT,
    decided_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX shift_swaps_live ON shift_swaps (shift_id) WHERE status IN ('offered', 'accepted');
CREATE INDEX shift_swaps_tenant ON shift_swaps (tenant_id, status, created_at);
