-- Privacy (issue 9): the log of retention runs and erasures, and the audit log of every read and
-- change of a case. Neither holds personal data beyond the acting user and case references.

-- One row per retention run or erasure carried out: when, why, and the cases erased.
CREATE TABLE retention_runs (
    id         TEXT    NOT NULL PRIMARY KEY,
    at_us      BIGINT NOT NULL,
    cause      TEXT    NOT NULL,  -- 'retention', or 'request by USERNAME'
    erased     BIGINT NOT NULL,
    references_json TEXT NOT NULL  -- the references erased, a JSON array
);

CREATE INDEX retention_runs_by_time ON retention_runs (at_us);

-- Append-only, hash-chained: each row's hash is SHA-256(previous row's hash || this row's
-- canonical form), the first row's previous hash 32 zero bytes. `seq` counts from 1 with no
-- gaps, so a removed row shows as a gap or a broken link.
CREATE TABLE audit_log (
    seq        BIGINT NOT NULL PRIMARY KEY,
    at_us      BIGINT NOT NULL,
    actor      TEXT    NOT NULL,  -- a username, 'public tracking link' or 'system'
    action     TEXT    NOT NULL,  -- 'read case', 'act: respond', 'download attachment', ...
    reference  TEXT,
    org        TEXT,
    client     TEXT,              -- the client address, when known
    hash       BYTEA    NOT NULL
);

CREATE INDEX audit_log_by_case ON audit_log (reference, seq);
