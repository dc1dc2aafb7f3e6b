-- Renamed and deleted workspaces; same meaning as migrations/postgres/0011_workspace_deletion.sql.
ALTER TABLE workspaces ADD COLUMN renamed_at TEXT;
ALTER TABLE workspaces ADD COLUMN deleted_at TEXT;

CREATE INDEX workspaces_deleted_at ON workspaces (deleted_at) WHERE deleted_at IS NOT NULL;
