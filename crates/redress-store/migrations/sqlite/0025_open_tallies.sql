-- The dashboard's counts in constant time at any size (issue 11: p99 < 20 ms at a million
-- cases). Every write of a case's summary adds its change to two tallies of the open cases, in
-- the same transaction (sql_common/tallies.rs), so they are exact whenever a commit is:
--   open_groups: how many open cases per organisation, kind, stage, handler, and whether the
--                acknowledgement clock is running ('' stands for no stage or no handler);
--   open_due:    how many open cases per organisation whose next running deadline passes on
--                one UTC day (`next_due_at_us / 86400000000`).
-- The dashboard sums these, reads only the cases due from today's UTC midnight to the end of
-- the week ahead from `cases_open_next_due`, and counts the few cases a viewer is kept from
-- apart, to take them away. `redress rebuild` counts both again from `cases` with the
-- statements below (`tallies::recount`).
ALTER TABLE cases ADD COLUMN acknowledging INTEGER NOT NULL DEFAULT 0 CHECK (acknowledging IN (0, 1));
UPDATE cases SET acknowledging = 1 WHERE reference IN
    (SELECT reference FROM case_deadlines WHERE clock = 'acknowledgement');

CREATE TABLE open_groups (
    org           TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    stage         TEXT    NOT NULL,
    handler       TEXT    NOT NULL,
    acknowledging INTEGER NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (org, kind, stage, handler, acknowledging)
) STRICT, WITHOUT ROWID;

CREATE TABLE open_due (
    org TEXT    NOT NULL,
    day INTEGER NOT NULL,
    n   INTEGER NOT NULL,
    PRIMARY KEY (org, day)
) STRICT, WITHOUT ROWID;

INSERT INTO open_groups (org, kind, stage, handler, acknowledging, n)
    SELECT org, kind, COALESCE(stage, ''), COALESCE(handler, ''), acknowledging, COUNT(*)
    FROM cases WHERE status = 'open' GROUP BY 1, 2, 3, 4, 5;
INSERT INTO open_due (org, day, n)
    SELECT org, next_due_at_us / 86400000000, COUNT(*)
    FROM cases WHERE status = 'open' AND next_due_at_us IS NOT NULL GROUP BY 1, 2;
