-- A retention run reads a closed case whose procedure is silent on retention only once the
-- operator's default period has passed since its closure (issue 11: Leeds' procedure is
-- silent, so every hourly run read every case Leeds ever closed). `retention_silent` marks
-- the cases whose `retention_on` is NULL because their procedure is silent
-- (RetentionCheck::Every). A NULL without it is a row written before this migration, read by
-- every run as before, until `redress rebuild` or the case's next change writes it.
ALTER TABLE cases ADD COLUMN retention_silent BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX cases_retention_silent ON cases (org, retention_silent, closed_at_us)
    WHERE closed_at_us IS NOT NULL AND retention_on IS NULL;
