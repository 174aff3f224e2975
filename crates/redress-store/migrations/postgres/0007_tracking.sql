-- Tracking links for everyone and staff reminders (issue 8).
--
-- A personal iCalendar feed per staff user: the SHA-256 of its secret, like every token.
CREATE TABLE staff_feeds (
    username      TEXT   NOT NULL PRIMARY KEY REFERENCES users (username) ON DELETE CASCADE,
    token_hash    BYTEA  NOT NULL UNIQUE,
    created_at_us BIGINT NOT NULL
);

-- Requests for a lost tracking link, for the rate limit: one row per key a request counts
-- against (an e-mail address, a case reference), by the SHA-256 of the key, so the table holds
-- no address in the clear. Rows older than the limit's window are deleted as new ones arrive.
CREATE TABLE link_requests (
    key_hash BYTEA  NOT NULL,
    at_us    BIGINT NOT NULL
);

CREATE INDEX link_requests_by_key ON link_requests (key_hash, at_us);
