-- redress on PostgreSQL: case event streams, their read models, users, procedures and the outbox.
-- Instants are BIGINT microseconds since the Unix epoch (UTC); civil dates are 'YYYY-MM-DD'.
-- The SQLite schema (migrations/sqlite) has the same tables and columns; the SQL in
-- src/sql_common runs unchanged on both.
--
-- Only what PostgreSQL-compatible distributed engines (Citus, CockroachDB, YugabyteDB) also have:
-- plain tables with natural, composite primary keys, secondary and GIN indexes. No sequences,
-- no triggers, no generated columns, no functions of our own. Every table that belongs to a case
-- leads with `reference` in its key, so it can be distributed by it.

-- The source of truth: one row per event, a case's stream in `seq` order from 1. The primary key
-- is what makes a lost race visible: two writers cannot both store the same position.
CREATE TABLE events (
    reference      TEXT   NOT NULL,
    seq            BIGINT NOT NULL CHECK (seq >= 1),
    org            TEXT   NOT NULL,
    at_us          BIGINT NOT NULL,
    recorded_at_us BIGINT NOT NULL,
    actor          TEXT,
    data           TEXT   NOT NULL,  -- the redress_core::case::Event, as JSON
    PRIMARY KEY (reference, seq)
);

CREATE INDEX events_by_org ON events (org, reference, seq);

-- The complainant's secret tracking link, by the SHA-256 of its token. Kept apart from `cases`
-- because it is not derived from events: read models can be rebuilt or dropped without losing it.
CREATE TABLE case_tracking (
    reference  TEXT  NOT NULL PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE
);

-- Per organisation and year, the last case number handed out.
CREATE TABLE case_numbers (
    org  TEXT   NOT NULL,
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (org, year)
);

-- Read model: one summary row per case, rebuilt from events.
CREATE TABLE cases (
    reference         TEXT   NOT NULL PRIMARY KEY,
    org               TEXT   NOT NULL,
    kind              TEXT   NOT NULL,
    status            TEXT   NOT NULL,
    stage             TEXT,
    handler           TEXT,
    received_at_us    BIGINT NOT NULL,
    closed_at_us      BIGINT,
    next_due_at_us    BIGINT,
    next_due_what     TEXT,
    title             TEXT   NOT NULL,
    version           BIGINT NOT NULL,
    procedure_version TEXT   NOT NULL
);

CREATE INDEX cases_newest_first ON cases (org, received_at_us DESC, reference DESC);
CREATE INDEX cases_received ON cases (received_at_us DESC, reference DESC);

-- Read model: a case's open deadlines, in the order the app gave them.
CREATE TABLE case_deadlines (
    reference TEXT    NOT NULL REFERENCES cases (reference) ON DELETE CASCADE,
    position  BIGINT  NOT NULL,
    clock     TEXT    NOT NULL,
    stage     TEXT,
    what      TEXT    NOT NULL,
    due_at_us BIGINT  NOT NULL,
    due_date  TEXT    NOT NULL,
    paused    BOOLEAN NOT NULL,
    PRIMARY KEY (reference, position)
);

CREATE INDEX case_deadlines_running ON case_deadlines (due_at_us, reference) WHERE paused = FALSE;

-- Read model: the searchable text of each case. `document` is computed by the statement that
-- writes `body` (not a generated column: not every compatible engine has those).
CREATE TABLE case_search (
    reference TEXT     NOT NULL PRIMARY KEY REFERENCES cases (reference) ON DELETE CASCADE,
    body      TEXT     NOT NULL,
    document  TSVECTOR NOT NULL
);

CREATE INDEX case_search_document ON case_search USING GIN (document);

-- Messages to send, written in the same transaction as the events that cause them.
CREATE TABLE outbox (
    id            TEXT   NOT NULL PRIMARY KEY,
    reference     TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    recipient     TEXT,
    payload       TEXT   NOT NULL,
    created_at_us BIGINT NOT NULL,
    sent_at_us    BIGINT
);

CREATE INDEX outbox_pending ON outbox (created_at_us, id) WHERE sent_at_us IS NULL;

-- Every procedure version ever loaded; a case runs on the version it was received under.
CREATE TABLE procedures (
    org            TEXT NOT NULL,
    version        TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (org, version)
);

CREATE TABLE users (
    username      TEXT NOT NULL PRIMARY KEY,
    display_name  TEXT NOT NULL,
    password_hash TEXT
);

CREATE TABLE memberships (
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    org      TEXT NOT NULL,
    role     TEXT NOT NULL,
    PRIMARY KEY (username, org)
);

CREATE TABLE api_tokens (
    token_hash    BYTEA  NOT NULL PRIMARY KEY,
    username      TEXT   NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    label         TEXT   NOT NULL,
    created_at_us BIGINT NOT NULL
);
