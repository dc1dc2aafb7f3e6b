-- The append-only revision log (see docs/store.md). Each workspace is its own revision space.
-- Keys and workspaces use the "C" collation so prefix ranges compare bytes, as in SQLite.

-- One row per workspace: the newest revision and the compaction point. Writers lock this row,
-- so a workspace's revisions are drawn in commit order and a reader never sees rev N+1 before N.
CREATE TABLE workspace_heads (
    workspace          text COLLATE "C" PRIMARY KEY,
    revision           bigint NOT NULL DEFAULT 0,
    compacted_revision bigint NOT NULL DEFAULT 0
);

-- Every write appends one row here; rows are never updated, only removed by compaction.
-- json (not jsonb) keeps the bytes a client wrote, field order included, and skips a re-encode.
CREATE TABLE revisions (
    workspace       text COLLATE "C" NOT NULL,
    revision        bigint NOT NULL,
    key             text COLLATE "C" NOT NULL,
    create_revision bigint NOT NULL,
    prev_revision   bigint NOT NULL,
    created         boolean NOT NULL,
    deleted         boolean NOT NULL,
    value           json NOT NULL,
    PRIMARY KEY (workspace, revision)
);

-- Compare-and-swap, enforced by the database too: two writes can never both follow one revision of a key.
CREATE UNIQUE INDEX revisions_key_prev ON revisions (workspace, key, prev_revision);
-- Reads of a key at an older revision, history, and compaction.
CREATE INDEX revisions_key_revision ON revisions (workspace, key, revision);

-- The newest row of every key, maintained in the same transaction as the append, so gets and
-- lists cost what the live keys cost, never what the history costs. Deleted keys stay as
-- tombstones until compaction passes them, so a re-create knows the revision it follows.
CREATE TABLE current_values (
    workspace       text COLLATE "C" NOT NULL,
    key             text COLLATE "C" NOT NULL,
    revision        bigint NOT NULL,
    create_revision bigint NOT NULL,
    deleted         boolean NOT NULL,
    value           json NOT NULL,
    PRIMARY KEY (workspace, key)
);
