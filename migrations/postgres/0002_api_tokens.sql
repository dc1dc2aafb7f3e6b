-- API tokens: bearer secrets for kubectl and scripts. Only the SHA-256 of a secret is kept, so the
-- table leaks nothing usable. Each token names a user and the one workspace it opens; the tenancy
-- work adds roles and a users table by extending this one, not by replacing it.
CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,              -- public handle, safe to show and log
    token_hash  TEXT NOT NULL UNIQUE,          -- lower-case hex SHA-256 of the secret
    user_name   TEXT NOT NULL,
    workspace   TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',      -- what it is for, e.g. "bootstrap admin"
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,                   -- null: never expires
    revoked_at  TIMESTAMPTZ                    -- null: not revoked
);

CREATE INDEX api_tokens_workspace_user ON api_tokens (workspace, user_name);
