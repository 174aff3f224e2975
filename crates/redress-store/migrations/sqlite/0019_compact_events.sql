-- Compact storage (issue 11, item 3). Two of the largest parts of a SQLite database were
-- mostly empty space or a second copy of text:
--
-- `events` was WITHOUT ROWID, clustered on (reference, seq): cases append at interleaved points
-- of that order, so its pages split and stayed about 57 % empty. It becomes a rowid table that
-- appends in arrival order (rowid = arrival), and the optimistic-concurrency guard moves to
-- UNIQUE (reference, seq): a second writer of the same position still fails, on the unique
-- index, which the store reads as a lost race exactly as it read the primary key.
--
-- `case_search` (FTS5) kept a copy of every case's searchable text beside its index. It becomes
-- contentless (content = ''): the index alone, which is all MATCH needs; the text is in the
-- events. contentless_delete lets a case's row be replaced (DELETE then INSERT by rowid) as
-- before. Measured in ARCHITECTURE.md ("Measured").
CREATE TABLE events_by_arrival (
    id             INTEGER PRIMARY KEY,
    reference      TEXT    NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    org            TEXT    NOT NULL,
    at_us          INTEGER NOT NULL,
    recorded_at_us INTEGER NOT NULL,
    actor          TEXT,
    data           TEXT    NOT NULL,  -- the redress_core::case::Event, as JSON
    UNIQUE (reference, seq)
) STRICT;

INSERT INTO events_by_arrival (reference, seq, org, at_us, recorded_at_us, actor, data)
SELECT reference, seq, org, at_us, recorded_at_us, actor, data
FROM events
ORDER BY recorded_at_us, reference, seq;

DROP TABLE events;
ALTER TABLE events_by_arrival RENAME TO events;
CREATE INDEX events_by_org ON events (org, reference, seq);

CREATE VIRTUAL TABLE case_search_index USING fts5 (
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO case_search_index (rowid, body) SELECT rowid, body FROM case_search;

DROP TABLE case_search;
ALTER TABLE case_search_index RENAME TO case_search;
