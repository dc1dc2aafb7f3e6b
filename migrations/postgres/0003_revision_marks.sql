-- Time marks on the revision log, for compaction by age: every few minutes the leader notes each
-- workspace's head revision with the time, and compacts to the newest mark older than the
-- retention window. The log itself holds no times (a revision is a position, not a moment).
-- Marks below the compaction point are useless and go with the compaction that passes them.
CREATE TABLE revision_marks (
    workspace text COLLATE "C" NOT NULL,
    marked_at bigint NOT NULL,       -- Unix time in milliseconds
    revision  bigint NOT NULL,
    PRIMARY KEY (workspace, marked_at)
);
