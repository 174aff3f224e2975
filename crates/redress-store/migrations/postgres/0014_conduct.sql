-- Conduct, repeats and duplicates (issue 9, items 5 and 6).
--
-- A person's conduct record: warnings, contact restrictions, reviews and reasonable
-- adjustments (redress_core::conduct::ConductEvent as JSON), kept per organisation and person.
-- A person is an e-mail address, trimmed and in lower case (redress_core::conduct::Person).
-- The (org, person, seq) key is the optimistic-concurrency guard, as (reference, seq) is for
-- a case's events.
CREATE TABLE conduct_events (
    org            TEXT    NOT NULL,
    person         TEXT    NOT NULL,
    seq            BIGINT  NOT NULL CHECK (seq >= 1),
    at_us          BIGINT  NOT NULL,
    actor          TEXT,
    reference      TEXT,
    data           TEXT    NOT NULL,
    PRIMARY KEY (org, person, seq)
);

-- Read model: whose each case is, by the e-mail addresses on it (the person's and their
-- representative's, as redress_core::conduct::Person): the cases of a person, for the conduct
-- page and for spotting a repeat complaint. Rebuilt from the events.
CREATE TABLE case_people (
    org       TEXT NOT NULL,
    person    TEXT NOT NULL,
    reference TEXT NOT NULL,
    PRIMARY KEY (org, person, reference)
);

CREATE INDEX case_people_by_case ON case_people (reference);

-- Read model: the distinctive words of what each case is about (redress_core::repeats::
-- matter_words), and whether it was investigated (a response was sent at some stage), for
-- spotting a complaint about the same matter. Rebuilt from the events.
CREATE TABLE case_matters (
    reference      TEXT    NOT NULL PRIMARY KEY,
    org            TEXT    NOT NULL,
    received_at_us BIGINT  NOT NULL,
    words          TEXT    NOT NULL,
    investigated   BOOLEAN NOT NULL
);

CREATE INDEX case_matters_newest ON case_matters (org, received_at_us DESC);
