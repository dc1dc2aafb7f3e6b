-- Time marks on the revision log; same shape and meaning as migrations/postgres/0003_revision_marks.sql.
CREATE TABLE revision_marks (
    workspace TEXT NOT NULL,
    marked_at INTEGER NOT NULL,
    revision  INTEGER NOT NULL,
    PRIMARY KEY (workspace, marked_at)
) WITHOUT ROWID;
