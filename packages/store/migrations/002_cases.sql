-- Cases, their events and external records. Every large table carries region_code + agency_id (distribution /
-- co-location keys for Citus, see docs/scale.md); agency_id is the agency code as sent (it may be unregistered).
CREATE TABLE IF NOT EXISTS cases (
  region_code     text NOT NULL,
  agency_id       text NOT NULL,
  case_id         text NOT NULL,
  domain          text,
  procedure       text,
  -- the party without its ID number and phone (those are in the *_enc columns)
  party           jsonb,
  party_id_enc    bytea,
  party_id_idx    text,
  party_phone_enc bytea,
  violation       jsonb,
  item_code       text,
  major           boolean,
  complex         boolean,
  staff           jsonb,
  -- every person code of staff (handlers, reviewer, approver): "my cases" and the unregistered-person flag
  staff_codes     text[] NOT NULL DEFAULT '{}',
  penalty         jsonb,
  extra           jsonb,
  -- local dates (jurisdiction time zone) of the first case.opened and the first decision.made event
  opened_on       date,
  decided_on      date,
  -- 'unregistered-agency', 'unregistered-item', 'unregistered-person'
  flags           text[] NOT NULL DEFAULT '{}',
  -- true while only events have been sent for the case (an event-only document came first)
  stub            boolean NOT NULL DEFAULT false,
  content_hash    text NOT NULL,
  batch_id        bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, case_id)
);
CREATE INDEX IF NOT EXISTS cases_region_decided ON cases (region_code, decided_on);
CREATE INDEX IF NOT EXISTS cases_agency_decided ON cases (agency_id, decided_on);
CREATE INDEX IF NOT EXISTS cases_agency_opened ON cases (agency_id, opened_on);
CREATE INDEX IF NOT EXISTS cases_domain ON cases (domain, decided_on);
CREATE INDEX IF NOT EXISTS cases_item ON cases (item_code);
CREATE INDEX IF NOT EXISTS cases_staff ON cases USING gin (staff_codes);
CREATE INDEX IF NOT EXISTS cases_party_idx ON cases (party_id_idx);
CREATE INDEX IF NOT EXISTS cases_batch ON cases (batch_id);

CREATE TABLE IF NOT EXISTS events (
  region_code text NOT NULL,
  agency_id   text NOT NULL,
  case_id     text NOT NULL,
  event_id    text NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  local_date  date NOT NULL,
  by          text[] NOT NULL DEFAULT '{}',
  records     text[] NOT NULL DEFAULT '{}',
  -- every other attribute of the event (note, proposed, penalty, method, days, XES attributes ...)
  attrs       jsonb NOT NULL DEFAULT '{}',
  batch_id    bigint,
  PRIMARY KEY (agency_id, case_id, event_id)
);
CREATE INDEX IF NOT EXISTS events_agency_type_date ON events (agency_id, type, local_date);
CREATE INDEX IF NOT EXISTS events_region_date ON events (region_code, local_date);
CREATE INDEX IF NOT EXISTS events_by ON events USING gin (by);

CREATE TABLE IF NOT EXISTS records (
  region_code  text NOT NULL,
  agency_id    text NOT NULL,
  kind         text NOT NULL,
  record_id    text NOT NULL,
  case_id      text,
  -- receivedAt (complaint), at (rating, survey), decidedAt (reconsideration, litigation)
  at           timestamptz,
  local_date   date,
  attrs        jsonb NOT NULL DEFAULT '{}',
  content_hash text NOT NULL,
  batch_id     bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, kind, record_id)
);
CREATE INDEX IF NOT EXISTS records_case ON records (agency_id, case_id);
CREATE INDEX IF NOT EXISTS records_kind_date ON records (kind, local_date);
CREATE INDEX IF NOT EXISTS records_region_date ON records (region_code, kind, local_date);
