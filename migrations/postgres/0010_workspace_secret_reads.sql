-- Whether a workspace's developers may read Secrets (get, list, watch). Off by default: a Secret's
-- value is a credential, and the issue's rule is that developers read them "only if allowed". An
-- owner or admin turns it on per workspace (PATCH /console/v1/workspaces/{workspace}).
ALTER TABLE workspaces ADD COLUMN developers_read_secrets BOOLEAN NOT NULL DEFAULT FALSE;
