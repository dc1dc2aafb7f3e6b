-- The audit row's revision; same meaning as migrations/postgres/0014_audit_revision.sql.
ALTER TABLE audit_events ADD COLUMN revision INTEGER;

CREATE INDEX audit_events_workspace_revision ON audit_events (workspace, revision) WHERE revision IS NOT NULL;
