-- Same change as migrations/postgres/0010_workspace_secret_reads.sql.
ALTER TABLE workspaces ADD COLUMN developers_read_secrets INTEGER NOT NULL DEFAULT 0;
