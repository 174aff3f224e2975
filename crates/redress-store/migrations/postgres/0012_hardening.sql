-- Hardening (issue 9, part 7). See the SQLite migration of the same number for the reasons.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE api_tokens ADD COLUMN token_id TEXT;
UPDATE api_tokens SET token_id = encode(substring(token_hash from 1 for 6), 'hex');
CREATE UNIQUE INDEX api_tokens_by_id ON api_tokens (token_id);
ALTER TABLE api_tokens ADD COLUMN expires_at_us BIGINT;
UPDATE api_tokens SET expires_at_us = created_at_us + 90::BIGINT * 86400 * 1000000;
ALTER TABLE api_tokens ADD COLUMN last_used_at_us BIGINT;
ALTER TABLE api_tokens ADD COLUMN revoked_at_us BIGINT;

CREATE TABLE idempotency_keys (
    org           TEXT   NOT NULL,
    key_hash      BYTEA  NOT NULL,
    request_hash  BYTEA  NOT NULL,
    reference     TEXT   NOT NULL,
    answer        TEXT   NOT NULL,
    sealed_token  BYTEA  NOT NULL,
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (org, key_hash)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_us);
