-- Node credentials: what a joined node (berth agent) presents to the AgentHub. Like API tokens,
-- only the SHA-256 of the secret is kept. A credential names its workspace and node, and a node's
-- agent may act only for that node; revoking it disconnects the agent at its next check.
CREATE TABLE node_credentials (
    id          TEXT PRIMARY KEY,              -- public handle, safe to show and log
    token_hash  TEXT NOT NULL UNIQUE,          -- lower-case hex SHA-256 of the secret
    workspace   TEXT NOT NULL,
    node_name   TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ                    -- null: not revoked
);

CREATE INDEX node_credentials_workspace_node ON node_credentials (workspace, node_name);
