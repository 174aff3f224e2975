-- Reports and learning (issue 10): each case's learning actions, a read model rebuilt from the
-- events, so the dashboard can list those still open (due and overdue) without reading every
-- case. Reports themselves are folded from the events (see redress_core::report).
CREATE TABLE case_learning (
    reference TEXT    NOT NULL REFERENCES cases (reference) ON DELETE CASCADE,
    org       TEXT    NOT NULL,
    number    BIGINT NOT NULL,  -- the action's number on the case, from 1
    what      TEXT    NOT NULL,
    owner     TEXT,
    due_on    TEXT,              -- 'YYYY-MM-DD'
    done_on   TEXT,              -- 'YYYY-MM-DD', when done
    PRIMARY KEY (reference, number)
);

-- The open ones of an organisation, soonest due first.
CREATE INDEX case_learning_open ON case_learning (org, due_on) WHERE done_on IS NULL;
