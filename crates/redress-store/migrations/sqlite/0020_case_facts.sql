-- Reports at any size (issues 10 and 11): each case's report facts (core's CaseFacts, as JSON:
-- dates, kinds, stages with their working-day timings, outcomes, themes; nothing that
-- identifies anyone), written with its other read models, so a report reads one row per case
-- touching its period instead of folding every event. Cases stored before this table have no
-- row until `redress rebuild`; reports fold those from their events meanwhile.
CREATE TABLE case_facts (
    org       TEXT NOT NULL,
    reference TEXT NOT NULL REFERENCES cases (reference) ON DELETE CASCADE,
    first_on  TEXT NOT NULL,  -- 'YYYY-MM-DD': the day received
    last_on   TEXT NOT NULL,  -- 'YYYY-MM-DD': the last day anything counted happened
    facts     TEXT NOT NULL,
    PRIMARY KEY (org, reference)
) STRICT, WITHOUT ROWID;

-- The cases whose days reach into a period: those whose last day is on or after its first.
CREATE INDEX case_facts_last ON case_facts (org, last_on);
