-- Retention reads only the cases that may be due (issue 11: nothing hourly may grow with every
-- case ever closed). `retention_on` is core's RetentionCheck for the case, from its events and
-- its procedure version: the day its personal data falls due (a run looks at it from then on,
-- held or not), '9999-12-31' when there is nothing to do (open, or erased already), NULL when a
-- run must look every time (its procedure is silent on retention, so the day follows the
-- operator's default, which may change; and every row written before this migration, until
-- `redress rebuild` or the case's next change writes it).
ALTER TABLE cases ADD COLUMN retention_on TEXT;

CREATE INDEX cases_retention ON cases (org, retention_on) WHERE closed_at_us IS NOT NULL;
