-- Join tokens; same shape and meaning as migrations/postgres/0006_join_tokens.sql.
CREATE TABLE join_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    workspace    TEXT NOT NULL,
    description  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT
);

CREATE INDEX join_tokens_workspace ON join_tokens (workspace);
