-- Several procedures in one organisation (issue 10 item 7): each case's report facts say which
-- of the organisation's procedures it runs on, so a report can be one procedure's, and the
-- organisation's report can break its figures down by procedure. The id is in the facts' JSON
-- too (core's CaseFacts `procedure`); the column lets a procedure's report read only its rows.
--
-- Rows written before this migration do not say, and the default would count a case of a
-- second procedure under the main one. So they are deleted: until `redress rebuild` writes them
-- again, reports fold those cases from their events under the procedure version each ran on
-- (as for cases stored before migration 0020), which is slower but right.
ALTER TABLE case_facts ADD COLUMN procedure_id TEXT NOT NULL DEFAULT 'main';
DELETE FROM case_facts;

-- One procedure's report: its cases whose days reach into a period.
CREATE INDEX case_facts_procedure ON case_facts (org, procedure_id, last_on);
