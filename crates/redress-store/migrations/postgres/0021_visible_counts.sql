-- The dashboard at scale (issue 11). The access rule reads the few cases a viewer is kept from
-- by whom they name (`list::viewer_condition`), and the dashboard counts every open case from
-- one index alone: it carries every column the count reads, `status` too (SQLite reads the
-- table for a column of a partial index's condition that the index does not hold).
CREATE INDEX case_access_by_subject ON case_access (org, kind, subject, reference);

DROP INDEX cases_open_grouped;
CREATE INDEX cases_open_grouped ON cases (org, kind, stage, handler, next_due_at_us, reference, status)
    WHERE status = 'open';
