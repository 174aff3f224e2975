-- Hardening (issue 9, part 7).
--
-- A password set by the first start or by `redress user password --temporary` must be changed
-- at the next sign-in.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- API tokens get an id that is safe to show (the first 6 bytes of the token's SHA-256, in hex:
-- nothing about the token can be learnt from it), an expiry, the last use and a revocation.
-- Tokens made before this migration expire 90 days after they were made.
ALTER TABLE api_tokens ADD COLUMN token_id TEXT;
UPDATE api_tokens SET token_id = lower(hex(substr(token_hash, 1, 6)));
CREATE UNIQUE INDEX api_tokens_by_id ON api_tokens (token_id);
ALTER TABLE api_tokens ADD COLUMN expires_at_us INTEGER;
UPDATE api_tokens SET expires_at_us = created_at_us + 90 * 86400 * 1000000;
ALTER TABLE api_tokens ADD COLUMN last_used_at_us INTEGER;
ALTER TABLE api_tokens ADD COLUMN revoked_at_us INTEGER;

-- `Idempotency-Key`s of submissions: per organisation, the SHA-256 of the key (with who sent
-- it: the public, or a named user), the SHA-256 of the request it came with, the case it
-- created, the answer given (without the tracking token) and the tracking token sealed with
-- the key (XOR with a SHA-256 of the key, so it is readable only by someone presenting the
-- key again). Written in the transaction that creates the case. Rows older than the
-- `idempotency_key_hours` setting no longer count and are deleted as new ones arrive.
CREATE TABLE idempotency_keys (
    org           TEXT    NOT NULL,
    key_hash      BLOB    NOT NULL,
    request_hash  BLOB    NOT NULL,
    reference     TEXT    NOT NULL,
    answer        TEXT    NOT NULL,
    sealed_token  BLOB    NOT NULL,
    created_at_us INTEGER NOT NULL,
    PRIMARY KEY (org, key_hash)
) STRICT;

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_us);
