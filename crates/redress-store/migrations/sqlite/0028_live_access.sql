-- The dashboard's counts bounded by what they count (issue 11: p99 < 20 ms at a million cases).
--
-- case_access.live: whether the case is one the dashboard counts (open, or with a learning
--   action not yet done), kept on write with the other access rows (`writes.rs`). The counts of
--   the cases a viewer is kept from, and of those an assigned-only viewer sees, read the live
--   rows that name them through `case_access_live`, not every case ever to name them: a chair
--   was named on 15,000 cases of a million, nearly all long closed.
ALTER TABLE case_access ADD COLUMN live INTEGER NOT NULL DEFAULT 0 CHECK (live IN (0, 1));
UPDATE case_access SET live = 1
    WHERE reference IN (SELECT reference FROM cases WHERE status = 'open')
       OR reference IN (SELECT reference FROM case_learning WHERE done_on IS NULL);
CREATE INDEX case_access_live ON case_access (org, kind, subject, reference) WHERE live;

-- open_learning: how many learning actions not yet done per organisation and due day ('' for
--   none), kept on write like open_groups (`tallies.rs`), so the dashboard's learning count is
--   a sum, not a walk of every open action.
CREATE TABLE open_learning (
    org    TEXT    NOT NULL,
    due_on TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (org, due_on)
) STRICT, WITHOUT ROWID;
INSERT INTO open_learning (org, due_on, n)
    SELECT org, COALESCE(due_on, ''), COUNT(*) FROM case_learning WHERE done_on IS NULL GROUP BY 1, 2;

-- The first few open actions, soonest due, read in this index's order per organisation and
-- stopped at the page's end (the reference and number break ties in the order shown).
DROP INDEX case_learning_open;
CREATE INDEX case_learning_open ON case_learning (org, due_on, reference, number) WHERE done_on IS NULL;
