-- The public compliments page (issue 10 item 10): each compliment or suggestion published now,
-- as the public sees it (core's PublicItem: its kind, the day it was published, the wording an
-- officer approved; nothing else of the case, and the reference only as the key, never shown).
-- Written with the case's other read models; a case taken down, whose giver withdrew their
-- consent, or whose personal data was erased has no row. `redress rebuild` fills it for cases
-- published before this table.
CREATE TABLE published_items (
    org          TEXT NOT NULL,
    reference    TEXT NOT NULL REFERENCES cases (reference) ON DELETE CASCADE,
    published_on TEXT NOT NULL,  -- 'YYYY-MM-DD' (the page shows only the month)
    kind         TEXT NOT NULL,
    wording      TEXT NOT NULL,
    PRIMARY KEY (org, reference)
);

-- The page: an organisation's items, newest first.
CREATE INDEX published_items_newest ON published_items (org, published_on, reference);
