-- The audit log in use (issue 9): each entry keeps the hash of the entry before it, so a
-- removed entry shows as a link that does not match as well as a gap in `seq`; and the log's
-- head, one row holding the last seq and hash, so entries cut off the end show too. Every
-- writer updates the head first (in PostgreSQL the row lock orders concurrent writers; in
-- SQLite the single writer does), computes the new hash from it, and inserts the entry.
ALTER TABLE audit_log ADD COLUMN prev_hash BLOB NOT NULL DEFAULT x'';

CREATE TABLE audit_head (
    id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  BLOB    NOT NULL
) STRICT;

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));
