-- What one server replica needs to reach another (docs/agent.md, "Several servers"): agents may
-- connect to any replica, so a pod's log is read through the replica holding its node's agent.
-- Each replica keeps its row fresh while it runs (last_seen) and deletes it when it stops; the
-- trusted certificate is the one its TLS is verified against (its CA, or its own certificate).
CREATE TABLE server_replicas (
    server_id     TEXT PRIMARY KEY,            -- as node_heartbeats.server_id names it
    url           TEXT NOT NULL,               -- where the other replicas reach it (--advertise-url)
    trusted_pem   TEXT NOT NULL,
    last_seen     TIMESTAMPTZ NOT NULL
);

-- The secret replicas prove themselves to each other with on their internal endpoints: random,
-- created once by the first replica that starts, never sent to users or agents.
CREATE TABLE cluster_secret (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    secret        TEXT NOT NULL
);

-- Each node's latest CPU/memory report, kept in place in its heartbeat row (never in the revision
-- log: it changes every few seconds), so every replica serves the usage of nodes connected to
-- another. A workspace's rename, deletion and purge already carry its heartbeat rows.
ALTER TABLE node_heartbeats ADD COLUMN usage_report TEXT;
ALTER TABLE node_heartbeats ADD COLUMN usage_at TIMESTAMPTZ;
