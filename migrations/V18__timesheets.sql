-- Timesheets (issue 13): a person's worked time per pay period, corrected by managers (every
-- correction kept with who, when and why; the punched times stay as they were) and approved,
-- which locks the period.

-- The managers' timesheet list reads a workplace's entries of a period in one range scan.
CREATE INDEX time_entries_tenant_in ON time_entries (tenant_id, clock_in_at);

-- Corrections of an entry, oldest first; the last one is what counts. No foreign key to the
-- entry: a late punch rebuilds a person's entries (delete and insert, same ids), and the
-- corrections must outlive that.
CREATE TABLE time_entry_edits (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    entry_id      TEXT NOT NULL,
    -- whose entry it is
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    edited_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    edited_at     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    -- the entry before and after (UTC seconds; break minutes NULL = the breaks as taken)
    before_in     INTEGER NOT NULL,
    before_out    INTEGER,
    before_break  INTEGER,
    after_in      INTEGER NOT NULL,
    after_out     INTEGER NOT NULL,
    after_break   INTEGER
) STRICT;
CREATE INDEX time_entry_edits_entry ON time_entry_edits (entry_id, seq);

-- An approved period of a person: locked against punches and corrections until unlocked.
CREATE TABLE timesheet_approvals (
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- local dates, inclusive
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    approved_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    approved_at   TEXT NOT NULL,
    -- what was approved, for the record
    worked_minutes   INTEGER NOT NULL,
    overtime_minutes INTEGER NOT NULL,
    PRIMARY KEY (user_id, period_start)
) STRICT;
CREATE INDEX timesheet_approvals_tenant ON timesheet_approvals (tenant_id, period_start);
