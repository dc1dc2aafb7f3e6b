-- The append-only revision log; same shape and meaning as migrations/postgres/0001_revision_log.sql.
CREATE TABLE workspace_heads (
    workspace          TEXT PRIMARY KEY,
    revision           INTEGER NOT NULL DEFAULT 0,
    compacted_revision INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE revisions (
    workspace       TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    key             TEXT NOT NULL,
    create_revision INTEGER NOT NULL,
    prev_revision   INTEGER NOT NULL,
    created         INTEGER NOT NULL,
    deleted         INTEGER NOT NULL,
    value           BLOB NOT NULL,
    PRIMARY KEY (workspace, revision)
);

CREATE UNIQUE INDEX revisions_key_prev ON revisions (workspace, key, prev_revision);
CREATE INDEX revisions_key_revision ON revisions (workspace, key, revision);

CREATE TABLE current_values (
    workspace       TEXT NOT NULL,
    key             TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    create_revision INTEGER NOT NULL,
    deleted         INTEGER NOT NULL,
    value           BLOB NOT NULL,
    PRIMARY KEY (workspace, key)
) WITHOUT ROWID;
