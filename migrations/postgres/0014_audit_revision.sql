-- The revision a successful write stored (the object's resourceVersion), so an object's history can
-- say who made each of its revisions. Null for refusals, dry runs, console calls and rows written
-- before this column existed. Writes by controllers and agents inside the server leave no audit row.
ALTER TABLE audit_events ADD COLUMN revision BIGINT;

-- An object's history looks its revisions up within one workspace.
CREATE INDEX audit_events_workspace_revision ON audit_events (workspace, revision) WHERE revision IS NOT NULL;
