-- Team chat (DESIGN §14): one channel model for seed 000's rooms and seed 001's channels,
-- membership as data with each member's read cursor, messages ordered by the writer's `seq`,
-- reactions and announcement acknowledgements.

CREATE TABLE chat_channels (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('general', 'admins', 'smart_group', 'direct', 'group')),
    -- NULL for direct channels (their name is the other person's)
    name           TEXT,
    smart_group_id TEXT REFERENCES smart_groups (id) ON DELETE CASCADE,
    -- "lower user id:higher user id" of a direct channel: one channel per pair
    direct_key     TEXT,
    created_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- the newest message's seq (0: none yet)
    last_seq       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((kind = 'smart_group') = (smart_group_id IS NOT NULL)),
    CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX chat_channels_fixed ON chat_channels (tenant_id, kind) WHERE kind IN ('general', 'admins');
CREATE UNIQUE INDEX chat_channels_group ON chat_channels (smart_group_id) WHERE smart_group_id IS NOT NULL;
CREATE UNIQUE INDEX chat_channels_direct ON chat_channels (tenant_id, direct_key) WHERE direct_key IS NOT NULL;
CREATE INDEX chat_channels_tenant ON chat_channels (tenant_id, kind);

-- One row per member; `read_seq` is the member's read cursor (only moves forward).
CREATE TABLE chat_members (
    channel_id TEXT NOT NULL REFERENCES chat_channels (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id  TEXT NOT NULL,
    read_seq   INTEGER NOT NULL DEFAULT 0,
    joined_at  TEXT NOT NULL,
    PRIMARY KEY (channel_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX chat_members_user ON chat_members (user_id, channel_id);

-- `seq` is the message's cursor (assigned by the single writer); `id` its public UUIDv7.
CREATE TABLE chat_messages (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    channel_id   TEXT NOT NULL REFERENCES chat_channels (id) ON DELETE CASCADE,
    sender_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    content      TEXT NOT NULL,
    reply_to_id  TEXT,
    -- JSON arrays: user ids; [{"fileId", "name", "contentType", "size"}]
    mentions     TEXT NOT NULL DEFAULT '[]',
    attachments  TEXT NOT NULL DEFAULT '[]',
    requires_ack INTEGER NOT NULL DEFAULT 0 CHECK (requires_ack IN (0, 1)),
    -- the sender's idempotency key: a retried send answers the first message
    client_id    TEXT,
    created_at   TEXT NOT NULL,
    edited_at    TEXT,
    deleted_at   TEXT
) STRICT;
CREATE INDEX chat_messages_channel ON chat_messages (channel_id, seq);
CREATE UNIQUE INDEX chat_messages_client ON chat_messages (sender_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE chat_reactions (
    message_seq INTEGER NOT NULL REFERENCES chat_messages (seq) ON DELETE CASCADE,
    emoji       TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (message_seq, emoji, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE chat_acks (
    message_seq INTEGER NOT NULL REFERENCES chat_messages (seq) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    acked_at    TEXT NOT NULL,
    PRIMARY KEY (message_seq, user_id)
) STRICT, WITHOUT ROWID;

-- Every existing tenant gets General (every active member) and Admins & Owners.
CREATE TEMP TABLE chat_new_ids AS
SELECT id AS tenant_id, kind,
       lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8'
             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS channel_id
FROM tenants CROSS JOIN (SELECT 'general' AS kind UNION ALL SELECT 'admins');

INSERT INTO chat_channels (id, tenant_id, kind, name, created_at, updated_at)
SELECT channel_id, tenant_id, kind, CASE kind WHEN 'general' THEN 'General' ELSE 'Admins & Owners' END,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM chat_new_ids;

INSERT INTO chat_members (channel_id, user_id, tenant_id, joined_at)
SELECT n.channel_id, u.id, u.tenant_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM chat_new_ids n JOIN users u ON u.tenant_id = n.tenant_id
WHERE u.status = 'active' AND (n.kind = 'general' OR u.role IN ('owner', 'tenant_admin'));

DROP TABLE chat_new_ids;
