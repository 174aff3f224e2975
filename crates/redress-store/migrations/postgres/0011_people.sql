-- People and roles (issue 9): the procedure roles each user holds, member lists, and who each
-- case keeps out or lets in.
--
-- The procedure roles a user holds in an organisation (the Chair at pips-stockport, the
-- Co-ordinator at leeds-pps): what the procedure's "decided by" and "sent by" rules check, and
-- what a complaint naming a role keeps out.
CREATE TABLE held_roles (
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    org      TEXT NOT NULL,
    role     TEXT NOT NULL,
    PRIMARY KEY (org, username, role)
);

-- An organisation's member lists (King's Park's members, Leeds' Advisory Board): the lists
-- panels are drawn from. A member may be a user of redress.
CREATE TABLE members (
    org      TEXT NOT NULL,
    id       TEXT NOT NULL,
    list     TEXT NOT NULL,
    name     TEXT NOT NULL,
    username TEXT REFERENCES users (username) ON DELETE SET NULL,
    PRIMARY KEY (org, id)
);

-- Who each case keeps out and lets in: core's CaseAccess::rows, a read model rebuilt from the
-- events. kind is out-user|out-role|out-member, assigned-user|assigned-member,
-- now-user|now-member, sensitive, sensitive-role.
CREATE TABLE case_access (
    org       TEXT NOT NULL,
    reference TEXT NOT NULL,
    kind      TEXT NOT NULL,
    subject   TEXT NOT NULL,
    PRIMARY KEY (org, reference, kind, subject)
);
