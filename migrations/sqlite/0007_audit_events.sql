-- The audit log; same shape and meaning as migrations/postgres/0007_audit_events.sql.
CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    user_name    TEXT,
    token_id     TEXT,
    workspace    TEXT,
    verb         TEXT NOT NULL,
    api_group    TEXT,
    resource     TEXT,
    subresource  TEXT,
    namespace    TEXT,
    name         TEXT,
    status       INTEGER NOT NULL,
    source       TEXT
);

CREATE INDEX audit_events_workspace_id ON audit_events (workspace, id DESC);
