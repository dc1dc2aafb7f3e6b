-- The audit log: one row per mutating request (Kubernetes API writes, console POST/PATCH/PUT/DELETE,
-- sign-ins that succeed or fail). Append-only: nothing updates or deletes these rows. Never a
-- secret, body or password: who, with which token, where, what, and the answer's status code.
CREATE TABLE audit_events (
    id           BIGSERIAL PRIMARY KEY,   -- order of arrival; the cursor of paged reads
    at           TIMESTAMPTZ NOT NULL,
    user_name    TEXT,                    -- the user, or the login a failed sign-in attempted; null: unauthenticated
    token_id     TEXT,                    -- the token's public id (tok_…), never its secret
    workspace    TEXT,
    verb         TEXT NOT NULL,
    api_group    TEXT,
    resource     TEXT,
    subresource  TEXT,
    namespace    TEXT,
    name         TEXT,
    status       INTEGER NOT NULL,
    source       TEXT                     -- the client's address
);

-- Reads are always one workspace's, newest first.
CREATE INDEX audit_events_workspace_id ON audit_events (workspace, id DESC);
