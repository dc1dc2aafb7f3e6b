-- API tokens; same shape and meaning as migrations/postgres/0002_api_tokens.sql.
-- Times are ISO 8601 UTC text, which sorts and compares as time.
CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_name   TEXT NOT NULL,
    workspace   TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT
);

CREATE INDEX api_tokens_workspace_user ON api_tokens (workspace, user_name);
