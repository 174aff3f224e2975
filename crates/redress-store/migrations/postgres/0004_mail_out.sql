-- Delivery state of the outbox, for the mail-out worker (redress-app `mail`).
--
-- A message is due when it is neither sent nor parked and its next attempt is not in the
-- future (NULL: at once). Claiming it counts the attempt and moves `next_attempt_at_us` on by
-- a lease, in one transaction, before anything is sent: a worker that dies mid-send leaves the
-- message due again once the lease runs out (or when the same claimant starts again). A
-- message that keeps failing is parked (`parked_at_us`) until an admin retries it.
--
-- `secret` holds what must not outlive the sending (a tracking link), substituted into the
-- text at send time and erased in the transaction that marks the message sent.
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at_us BIGINT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN parked_at_us BIGINT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN secret TEXT;

DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox (created_at_us, id) WHERE sent_at_us IS NULL AND parked_at_us IS NULL;
CREATE INDEX outbox_case ON outbox (reference, created_at_us);
