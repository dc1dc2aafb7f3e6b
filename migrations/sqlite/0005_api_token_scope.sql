-- Same change as migrations/postgres/0005_api_token_scope.sql. SQLite cannot drop a NOT NULL
-- constraint in place, so the table is rebuilt, in the migration's one transaction.
CREATE TABLE api_tokens_scoped (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_name   TEXT NOT NULL,
    workspace   TEXT,                          -- null: every workspace of the user
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT,
    read_only   INTEGER NOT NULL DEFAULT 0
);

INSERT INTO api_tokens_scoped (id, token_hash, user_name, workspace, description, created_at, expires_at, revoked_at)
SELECT id, token_hash, user_name, workspace, description, created_at, expires_at, revoked_at FROM api_tokens;

DROP TABLE api_tokens;
ALTER TABLE api_tokens_scoped RENAME TO api_tokens;
CREATE INDEX api_tokens_workspace_user ON api_tokens (workspace, user_name);
