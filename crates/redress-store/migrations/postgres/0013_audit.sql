-- The audit log in use (issue 9): each entry keeps the hash of the entry before it, so a
-- removed entry shows as a link that does not match as well as a gap in `seq`; and the log's
-- head, one row holding the last seq and hash, so entries cut off the end show too. Every
-- writer updates the head first (the row lock orders concurrent writers), computes the new
-- hash from it, and inserts the entry.
ALTER TABLE audit_log ADD COLUMN prev_hash BYTEA NOT NULL DEFAULT '\x'::bytea;

CREATE TABLE audit_head (
    id    BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  BYTEA  NOT NULL
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));
