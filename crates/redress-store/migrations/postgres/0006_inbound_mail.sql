-- E-mail in: every message redress has read from its mailbox or a mail server's pipe, once per
-- Message-ID (the primary key is what makes ingesting the same message twice store it once).
-- A message that went to a case keeps only its facts here (the text is the case's event); one
-- waiting for an officer (`status` 'open') is the triage queue and keeps its sanitised text.
--   route:  'information' (added to `reference`), 'new-case' (became `reference`), 'triage'
--   status: 'open' (waits for an officer), 'matched', 'rejected', 'accepted', 'done'
-- Small and per organisation: a reference (replicated) table on Citus, like `outbox`.
CREATE TABLE inbound_mail (
    message_id     TEXT   NOT NULL PRIMARY KEY,
    id             TEXT   NOT NULL UNIQUE,
    org            TEXT   NOT NULL,
    received_at_us BIGINT NOT NULL,
    sender         TEXT,
    subject        TEXT   NOT NULL,
    body           TEXT   NOT NULL,
    route          TEXT   NOT NULL,
    reason         TEXT,
    reference      TEXT,
    status         TEXT   NOT NULL,
    resolved_by    TEXT,
    resolved_at_us BIGINT,
    attachments    TEXT   NOT NULL
);

CREATE INDEX inbound_mail_open ON inbound_mail (org, status, received_at_us);
