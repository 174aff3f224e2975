-- Past one machine (issue 11, item 8): indexes of per-case tables lead with the organisation id,
-- so the tables can be distributed by organisation. Expired idempotency keys are now deleted
-- per organisation (sql_common/idempotency.rs), which this index serves.
DROP INDEX idempotency_keys_by_age;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (org, created_at_us);
