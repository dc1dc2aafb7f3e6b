-- Join tokens: shared secrets an admin hands to machines so they can join a workspace as nodes
-- (berth agent --token). A join token only buys a node credential (node_credentials); revoking
-- it stops new joins and leaves the nodes that joined with it alone. Only the SHA-256 of the
-- secret is kept.
CREATE TABLE join_tokens (
    id           TEXT PRIMARY KEY,             -- public handle, safe to show and log
    token_hash   TEXT NOT NULL UNIQUE,         -- lower-case hex SHA-256 of the secret
    workspace    TEXT NOT NULL,
    description  TEXT NOT NULL,
    created_by   TEXT NOT NULL,                -- user name of the admin who made it
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,                  -- null: never expires
    revoked_at   TIMESTAMPTZ                   -- null: not revoked
);

CREATE INDEX join_tokens_workspace ON join_tokens (workspace);
