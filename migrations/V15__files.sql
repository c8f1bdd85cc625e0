-- Local file storage in place of S3 presign (DESIGN §6): one row per upload, the bytes under
-- <data dir>/uploads/<tenant>/<id> at a server-chosen key; chat messages name their files.
CREATE TABLE files (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    uploaded_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- the client's file name, for Content-Disposition; never a path on disk
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    max_size     INTEGER NOT NULL,
    -- set once the bytes are on disk
    size         INTEGER,
    sha256       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'stored')),
    created_at   TEXT NOT NULL,
    stored_at    TEXT
) STRICT;
CREATE INDEX files_tenant ON files (tenant_id, status);
CREATE INDEX files_pending ON files (status, created_at) WHERE status = 'pending';

CREATE TABLE chat_attachments (
    message_seq INTEGER NOT NULL REFERENCES chat_messages (seq) ON DELETE CASCADE,
    file_id     TEXT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    PRIMARY KEY (message_seq, file_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX chat_attachments_file ON chat_attachments (file_id);

-- A profile picture: an image the person uploaded.
ALTER TABLE users ADD COLUMN avatar_file_id TEXT REFERENCES files (id) ON DELETE SET NULL;
