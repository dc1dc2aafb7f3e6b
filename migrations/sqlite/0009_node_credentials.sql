-- Node credentials; same shape and meaning as migrations/postgres/0009_node_credentials.sql.
CREATE TABLE node_credentials (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    workspace   TEXT NOT NULL,
    node_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE INDEX node_credentials_workspace_node ON node_credentials (workspace, node_name);
