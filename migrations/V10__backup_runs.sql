-- Each scheduled or on-demand backup: when, how it ended, and the archive it wrote.
CREATE TABLE backup_runs (
    id          TEXT PRIMARY KEY,
    trigger     TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    -- file name inside the backup folder; NULL when the run failed
    file_name   TEXT,
    bytes       INTEGER,
    error       TEXT,
    -- when retention deleted the archive
    pruned_at   TEXT
) STRICT;
CREATE INDEX backup_runs_time ON backup_runs (started_at);
