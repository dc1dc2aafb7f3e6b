-- Workspaces (the tenants) and their members, each with one role. Mapped by TenancyDb
-- (src/Api/Tenancy); TenancySchemaTests hold the model and this file together.
CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       VARCHAR(63) NOT NULL,     -- a DNS label: what /k8s/{workspace}/, store keys and tokens carry
    created_at TIMESTAMPTZ NOT NULL
);

CREATE UNIQUE INDEX workspaces_name ON workspaces (name);

CREATE TABLE workspace_members (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
    added_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

-- "Which workspaces is this user in": every request's authorization asks it.
CREATE INDEX workspace_members_user_id ON workspace_members (user_id);
