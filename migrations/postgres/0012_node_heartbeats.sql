-- When each node's agent last said it was alive, one row per node updated in place, so
-- heartbeats never append to the revision log (in k3s, lease renewals are a third of kine's rows)
-- and every replica, and the node lifecycle controller on the leader, sees the same answer.
CREATE TABLE node_heartbeats (
    workspace   TEXT NOT NULL,
    node_name   TEXT NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL,
    server_id   TEXT NOT NULL,                 -- the replica the node's agent is connected to
    PRIMARY KEY (workspace, node_name)
);
