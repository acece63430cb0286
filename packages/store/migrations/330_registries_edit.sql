-- Registries edited in the web (issue #5). Cases, warnings, assessments and the audit log refer to agencies, people
-- and items by code, so a record is never deleted: it is deactivated (active = false) and can be reactivated.
-- An import updates a record's fields but leaves `active` as it is.
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS active boolean NOT NULL DEFAULT true;
ALTER TABLE people   ADD COLUMN IF NOT EXISTS active boolean NOT NULL DEFAULT true;
ALTER TABLE items    ADD COLUMN IF NOT EXISTS active boolean NOT NULL DEFAULT true;

-- The enforcement credential's issuing authority (发证机关) and the enforcement domains it covers (执法领域).
-- Kept by edits; kaohe.person/v1 imports carry number and validity only and leave these as they are.
ALTER TABLE people ADD COLUMN IF NOT EXISTS credential_issuer  text;
ALTER TABLE people ADD COLUMN IF NOT EXISTS credential_domains text[] NOT NULL DEFAULT '{}';

-- who last changed a record by hand (imports name their batch in batch_id; the audit log has the whole history)
ALTER TABLE agencies  ADD COLUMN IF NOT EXISTS edited_by text;
ALTER TABLE people    ADD COLUMN IF NOT EXISTS edited_by text;
ALTER TABLE items     ADD COLUMN IF NOT EXISTS edited_by text;
ALTER TABLE calendars ADD COLUMN IF NOT EXISTS edited_by text;
