-- The dashboard's counts and due lists, exact at any size (issue 11): grouped counts over the
-- open cases only, by organisation, with what the counts read in the index itself.

-- Overdue, due today and due this week: a range of each organisation's next running deadline.
CREATE INDEX cases_open_next_due ON cases (org, next_due_at_us) WHERE status = 'open';

-- Open cases per organisation, kind, stage and handler.
CREATE INDEX cases_open_grouped ON cases (org, kind, stage, handler) WHERE status = 'open';

-- Cases with a clock of one kind running (awaiting acknowledgement), found from the clock.
CREATE INDEX case_deadlines_by_clock ON case_deadlines (clock, reference);
