-- Registries (kaohe.agency/v1, kaohe.person/v1, kaohe.item/v1, kaohe.calendar/v1). Small tables, keyed by code.
-- content_hash lets a re-import tell "unchanged" from "updated"; batch_id names the import that last wrote the row.
CREATE TABLE IF NOT EXISTS agencies (
  code         text PRIMARY KEY,
  name         text NOT NULL,
  region_code  text NOT NULL,
  domain       text NOT NULL,
  level        text NOT NULL,
  parent       text,
  content_hash text NOT NULL,
  batch_id     bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS agencies_region ON agencies (region_code);
CREATE INDEX IF NOT EXISTS agencies_parent ON agencies (parent);

-- Officers. The ID number is personal information: SM4-CBC ciphertext + HMAC-SM3 tag (id_number_enc) and a keyed
-- HMAC-SM3 lookup value (id_number_idx) so one can be found by its number without decrypting the table.
CREATE TABLE IF NOT EXISTS people (
  code                  text PRIMARY KEY,
  name                  text NOT NULL,
  agency_id             text NOT NULL,
  region_code           text NOT NULL,
  posts                 text[] NOT NULL DEFAULT '{}',
  credential_number     text,
  credential_valid_from date,
  credential_valid_to   date,
  id_number_enc         bytea,
  id_number_idx         text,
  content_hash          text NOT NULL,
  batch_id              bigint,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS people_agency ON people (agency_id);
CREATE INDEX IF NOT EXISTS people_id_number_idx ON people (id_number_idx);

-- Enforcement items (执法事项) with their discretion benchmark (裁量基准); a new version is a new row.
CREATE TABLE IF NOT EXISTS items (
  code             text NOT NULL,
  version          text NOT NULL DEFAULT '',
  name             text NOT NULL,
  domain           text NOT NULL,
  violated_article text,
  penalty_article  text,
  kinds            text[] NOT NULL DEFAULT '{}',
  range            jsonb,
  multiple         jsonb,
  tiers            jsonb,
  issuer           text,
  effective        date,
  content_hash     text NOT NULL,
  batch_id         bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, version)
);
CREATE INDEX IF NOT EXISTS items_domain ON items (domain);

-- Official holiday schedules (国务院办公厅 放假安排) per year.
CREATE TABLE IF NOT EXISTS calendars (
  year         integer PRIMARY KEY,
  holidays     date[] NOT NULL DEFAULT '{}',
  workdays     date[] NOT NULL DEFAULT '{}',
  source       text,
  content_hash text NOT NULL,
  batch_id     bigint,
  loaded_at    timestamptz NOT NULL DEFAULT now()
);
