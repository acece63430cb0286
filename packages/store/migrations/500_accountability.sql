-- Accountability (责任追究, issue #15): matters, the cases and people they concern, the due-process steps,
-- attachments, decisions and appeals. Every table carries region_code + agency_id (the matter's department: the
-- distribution / co-location keys, docs/scale.md). Days are local dates of the jurisdiction (date columns); instants
-- are timestamptz. Categories, steps and decision kinds are data in core/accountability: no CHECK lists them here,
-- so a bureau's own catalogue needs no migration.

CREATE TABLE IF NOT EXISTS matters (
  id              bigserial PRIMARY KEY,
  region_code     text NOT NULL,
  agency_id       text NOT NULL,
  -- 立案编号, e.g. 杭司追〔2026〕3号 (unique per region and year, given when the matter is opened)
  number          text NOT NULL,
  title           text NOT NULL,
  -- an open list: warning, reversal, complaint, review, discretion, manual …
  source          text NOT NULL,
  -- what the source names: [{kind:'warning', id: 12}, {kind:'record', agency, recordKind, id} …]
  source_refs     jsonb NOT NULL DEFAULT '[]',
  category        text NOT NULL,
  subtype         text,
  summary         text NOT NULL DEFAULT '',
  -- the current due-process step (core matterTransition) and since / until when
  step            text NOT NULL,
  step_since      date NOT NULL,
  step_due        date,
  step_due_provisional integer[] NOT NULL DEFAULT '{}',
  -- the due-process state core's matterTransition reads and returns (notice day, defence, service day, appeal)
  process         jsonb NOT NULL,
  -- kaohe.matter/v1 facts (origin, bypassed, concealed, objected, collective, tolerance, exclusions)
  facts           jsonb NOT NULL DEFAULT '{}',
  -- the stored result of evaluateLiability and the rule set that gave it
  evaluation      jsonb,
  rule_set        text,
  -- true once a decision establishes the error (决定 made); a revoked decision on appeal clears it
  established     boolean NOT NULL DEFAULT false,
  established_on  date,
  opened_by       text NOT NULL,
  opened_on       date NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, number)
);
CREATE INDEX IF NOT EXISTS matters_agency ON matters (agency_id, step);
CREATE INDEX IF NOT EXISTS matters_region ON matters (region_code, opened_on);
CREATE INDEX IF NOT EXISTS matters_due ON matters (step_due);

CREATE TABLE IF NOT EXISTS matter_cases (
  matter_id   bigint NOT NULL REFERENCES matters (id),
  region_code text NOT NULL,
  agency_id   text NOT NULL,
  case_id     text NOT NULL,
  -- the warnings of the case the matter was opened from
  warning_ids bigint[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (matter_id, agency_id, case_id)
);
CREATE INDEX IF NOT EXISTS matter_cases_case ON matter_cases (agency_id, case_id);

-- The people concerned along the chain 承办人 → 审核人 → 批准人 (and a collective decision's members), with the share
-- evaluateLiability gave each (level, reason, rule) once assessed.
CREATE TABLE IF NOT EXISTS matter_people (
  matter_id   bigint NOT NULL REFERENCES matters (id),
  region_code text NOT NULL,
  agency_id   text NOT NULL,
  person_code text NOT NULL,
  chain_role  text NOT NULL CHECK (chain_role IN ('handler', 'reviewer', 'approver', 'principal', 'member')),
  level       text,
  reason      jsonb,
  rule        text,
  PRIMARY KEY (matter_id, person_code, chain_role)
);
CREATE INDEX IF NOT EXISTS matter_people_person ON matter_people (person_code);

-- Every step taken: who (user, role, and the person code when an officer acts), when, the step it moved from and
-- to, and the due day of the step it opened (on the legal calendar).
CREATE TABLE IF NOT EXISTS matter_events (
  id          bigserial PRIMARY KEY,
  matter_id   bigint NOT NULL REFERENCES matters (id),
  region_code text NOT NULL,
  agency_id   text NOT NULL,
  action      text NOT NULL,
  from_step   text,
  to_step     text NOT NULL,
  actor       text NOT NULL,
  actor_role  text NOT NULL,
  person_code text,
  at          timestamptz NOT NULL DEFAULT now(),
  on_day      date NOT NULL,
  due_on      date,
  text        text NOT NULL DEFAULT '',
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS matter_events_matter ON matter_events (matter_id, id);

-- Attachments (陈述申辩 evidence, appeal grounds …) are kept in the database, so a backup of either database holds
-- them and their access is scoped like the matter's; size and content type are checked by the app (≤ 5 MB;
-- PDF, JPEG, PNG, DOCX, OFD by their magic bytes).
CREATE TABLE IF NOT EXISTS matter_attachments (
  id           bigserial PRIMARY KEY,
  matter_id    bigint NOT NULL REFERENCES matters (id),
  region_code  text NOT NULL,
  agency_id    text NOT NULL,
  event_id     bigint REFERENCES matter_events (id),
  name         text NOT NULL,
  content_type text NOT NULL,
  size         integer NOT NULL CHECK (size > 0 AND size <= 5242880),
  sha256       text NOT NULL,
  content      bytea NOT NULL,
  uploaded_by  text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS matter_attachments_matter ON matter_attachments (matter_id);

-- Decisions (处理决定): on an officer (person_code) or on the department (person_code NULL).
CREATE TABLE IF NOT EXISTS matter_decisions (
  id            bigserial PRIMARY KEY,
  matter_id     bigint NOT NULL REFERENCES matters (id),
  region_code   text NOT NULL,
  agency_id     text NOT NULL,
  person_code   text,
  kind          text NOT NULL,
  -- the kind proposed before grading and the grading's reasons (repeat within 12 months, three in a year)
  proposed_kind text NOT NULL,
  severity      integer NOT NULL,
  grading       jsonb NOT NULL DEFAULT '{}',
  category      text NOT NULL,
  number        text NOT NULL,
  text          text NOT NULL DEFAULT '',
  decided_on    date NOT NULL,
  served_on     date,
  -- in force from decision until revoked on appeal (an appeal does not suspend it)
  status        text NOT NULL DEFAULT 'in-force' CHECK (status IN ('in-force', 'changed', 'revoked')),
  decided_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS matter_decisions_person ON matter_decisions (person_code, decided_on);
CREATE INDEX IF NOT EXISTS matter_decisions_matter ON matter_decisions (matter_id);

CREATE TABLE IF NOT EXISTS matter_appeals (
  id          bigserial PRIMARY KEY,
  matter_id   bigint NOT NULL REFERENCES matters (id),
  decision_id bigint NOT NULL REFERENCES matter_decisions (id),
  region_code text NOT NULL,
  agency_id   text NOT NULL,
  person_code text,
  filed_by    text NOT NULL,
  filed_on    date NOT NULL,
  grounds     text NOT NULL,
  outcome     text CHECK (outcome IN ('upheld', 'changed', 'revoked')),
  new_kind    text,
  decided_on  date,
  decided_by  text,
  reasoning   text
);
CREATE INDEX IF NOT EXISTS matter_appeals_matter ON matter_appeals (matter_id);

-- Credential effects of a decision (暂扣执法证件, 取消执法资格): while one covers a day, the officer's credential is not
-- valid on it, so the credential rules warn on his acts of that day. until_on NULL: with no end (cancelled).
CREATE TABLE IF NOT EXISTS credential_sanctions (
  id          bigserial PRIMARY KEY,
  person_code text NOT NULL,
  region_code text NOT NULL,
  agency_id   text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('suspended', 'cancelled')),
  from_on     date NOT NULL,
  until_on    date,
  decision_id bigint NOT NULL REFERENCES matter_decisions (id),
  lifted_on   date
);
CREATE INDEX IF NOT EXISTS credential_sanctions_person ON credential_sanctions (person_code);
