-- Renaming a workspace: when it took its current name. Audit rows keep the name they were written
-- with, so rows under a name from before then belong to another workspace and are not shown.
ALTER TABLE workspaces ADD COLUMN renamed_at TIMESTAMPTZ;   -- null: it has its first name

-- Deleting a workspace (docs/identity.md, "Renaming and deleting a workspace"): the row is marked at
-- once (its members go, its tokens, join tokens and node credentials are revoked) and removed once
-- the workspace's objects and revisions are purged, after --deleted-workspace-retention. Until then
-- the name stays taken, so nothing new can be made under it while the old rows are still there.
ALTER TABLE workspaces ADD COLUMN deleted_at TIMESTAMPTZ;   -- null: live

-- The purger's question: which deleted workspaces are due.
CREATE INDEX workspaces_deleted_at ON workspaces (deleted_at) WHERE deleted_at IS NOT NULL;
