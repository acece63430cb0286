-- Reads under load (issue 12): every list is scoped by a range of region codes and ordered by a day. A department's
-- or region's page of cases walks opened_on in order and stops after a page; the warning list and the people list
-- find their region's rows by range instead of scanning the table.
CREATE INDEX IF NOT EXISTS cases_opened ON cases (opened_on);
CREATE INDEX IF NOT EXISTS warnings_region_due ON warnings (region_code, due_on);
CREATE INDEX IF NOT EXISTS people_region ON people (region_code, code);
