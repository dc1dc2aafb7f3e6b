-- Server replicas, the cluster secret and each node's latest usage report; same shape and meaning
-- as migrations/postgres/0015_server_replicas.sql (one SQLite file has one server, but the tables
-- are the same so the code is).
CREATE TABLE server_replicas (
    server_id     TEXT PRIMARY KEY,
    url           TEXT NOT NULL,
    trusted_pem   TEXT NOT NULL,
    last_seen     TEXT NOT NULL
);

CREATE TABLE cluster_secret (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    secret        TEXT NOT NULL
);

ALTER TABLE node_heartbeats ADD COLUMN usage_report TEXT;
ALTER TABLE node_heartbeats ADD COLUMN usage_at TEXT;
