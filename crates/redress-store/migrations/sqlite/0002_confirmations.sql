-- Members' confirmations that they have read and understood a procedure version (King's Park
-- keeps a list of who confirmed and when). One row per member and version: a new version asks
-- again. The first confirmation's instant is kept; confirming twice changes nothing.
CREATE TABLE procedure_confirmations (
    org             TEXT    NOT NULL,
    version         TEXT    NOT NULL,
    username        TEXT    NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    confirmed_at_us INTEGER NOT NULL,
    PRIMARY KEY (org, version, username),
    FOREIGN KEY (org, version) REFERENCES procedures (org, version)
) STRICT, WITHOUT ROWID;
