-- redress on SQLite: case event streams, their read models, users, procedures and the outbox.
-- Instants are INTEGER microseconds since the Unix epoch (UTC); civil dates are 'YYYY-MM-DD'.
-- The PostgreSQL schema (migrations/postgres) has the same tables and columns; the SQL in
-- src/sql_common runs unchanged on both.

-- The source of truth: one row per event, a case's stream in `seq` order from 1. The primary key
-- is what makes a lost race visible: two writers cannot both store the same position.
CREATE TABLE events (
    reference      TEXT    NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    org            TEXT    NOT NULL,
    at_us          INTEGER NOT NULL,
    recorded_at_us INTEGER NOT NULL,
    actor          TEXT,
    data           TEXT    NOT NULL,  -- the redress_core::case::Event, as JSON
    PRIMARY KEY (reference, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX events_by_org ON events (org, reference, seq);

-- The complainant's secret tracking link, by the SHA-256 of its token. Kept apart from `cases`
-- because it is not derived from events: read models can be rebuilt or dropped without losing it.
CREATE TABLE case_tracking (
    reference  TEXT NOT NULL PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE
) STRICT;

-- Per organisation and year, the last case number handed out.
CREATE TABLE case_numbers (
    org  TEXT    NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (org, year)
) STRICT, WITHOUT ROWID;

-- Read model: one summary row per case, rebuilt from events. `id` is only the rowid the
-- full-text index below is keyed by; declared so that VACUUM never renumbers it.
CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    reference         TEXT    NOT NULL UNIQUE,
    org               TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    stage             TEXT,
    handler           TEXT,
    received_at_us    INTEGER NOT NULL,
    closed_at_us      INTEGER,
    next_due_at_us    INTEGER,
    next_due_what     TEXT,
    title             TEXT    NOT NULL,
    version           INTEGER NOT NULL,
    procedure_version TEXT    NOT NULL
) STRICT;

CREATE INDEX cases_newest_first ON cases (org, received_at_us DESC, reference DESC);
CREATE INDEX cases_received ON cases (received_at_us DESC, reference DESC);

-- Read model: a case's open deadlines, in the order the app gave them.
CREATE TABLE case_deadlines (
    reference TEXT    NOT NULL REFERENCES cases (reference) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    clock     TEXT    NOT NULL,
    stage     TEXT,
    what      TEXT    NOT NULL,
    due_at_us INTEGER NOT NULL,
    due_date  TEXT    NOT NULL,
    paused    INTEGER NOT NULL CHECK (paused IN (0, 1)),
    PRIMARY KEY (reference, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_deadlines_running ON case_deadlines (due_at_us, reference) WHERE paused = FALSE;

-- Read model: the searchable text of each case, keyed by cases.id.
CREATE VIRTUAL TABLE case_search USING fts5 (
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Messages to send, written in the same transaction as the events that cause them.
CREATE TABLE outbox (
    id            TEXT    NOT NULL PRIMARY KEY,
    reference     TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    recipient     TEXT,
    payload       TEXT    NOT NULL,
    created_at_us INTEGER NOT NULL,
    sent_at_us    INTEGER
) STRICT;

CREATE INDEX outbox_pending ON outbox (created_at_us, id) WHERE sent_at_us IS NULL;

-- Every procedure version ever loaded; a case runs on the version it was received under.
CREATE TABLE procedures (
    org            TEXT NOT NULL,
    version        TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (org, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
    username      TEXT NOT NULL PRIMARY KEY,
    display_name  TEXT NOT NULL,
    password_hash TEXT
) STRICT;

CREATE TABLE memberships (
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    org      TEXT NOT NULL,
    role     TEXT NOT NULL,
    PRIMARY KEY (username, org)
) STRICT, WITHOUT ROWID;

CREATE TABLE api_tokens (
    token_hash    BLOB    NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    label         TEXT    NOT NULL,
    created_at_us INTEGER NOT NULL
) STRICT;
