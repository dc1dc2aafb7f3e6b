-- Node heartbeats; same shape and meaning as migrations/postgres/0012_node_heartbeats.sql.
CREATE TABLE node_heartbeats (
    workspace   TEXT NOT NULL,
    node_name   TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    server_id   TEXT NOT NULL,
    PRIMARY KEY (workspace, node_name)
);
