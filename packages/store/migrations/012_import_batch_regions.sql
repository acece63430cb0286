-- The regions a batch wrote to (issue 12): the new and the previous region of every agency, person, case and record
-- it staged. A supervisor sees every batch that touched its region, whoever imported it (the console included).
ALTER TABLE import_batches ADD COLUMN IF NOT EXISTS regions text[] NOT NULL DEFAULT '{}';
