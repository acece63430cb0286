-- Live warnings (程序合规预警清单): the stored findings of the rule engine, one row per (case, rule, finding key),
-- and the answer/decision workflow on each.
CREATE TABLE IF NOT EXISTS warnings (
  id            bigserial PRIMARY KEY,
  region_code   text NOT NULL,
  agency_id     text NOT NULL,
  case_id       text NOT NULL,
  rule          text NOT NULL,
  -- distinguishes several findings of one rule on one case (e.g. two investigations without a recording)
  finding_key   text NOT NULL DEFAULT '',
  status        text NOT NULL CHECK (status IN ('violated', 'pending', 'advisory')),
  due_on        date,
  act_on        date,
  provisional   integer[] NOT NULL DEFAULT '{}',
  code          text NOT NULL,
  fields        jsonb NOT NULL DEFAULT '{}',
  event_id      text,
  -- open → answered → accepted | rejected (→ answered again); cleared when a later evaluation no longer finds it
  state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'accepted', 'rejected', 'cleared')),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  evaluated_at  timestamptz NOT NULL DEFAULT now(),
  as_of         date NOT NULL,
  cleared_at    timestamptz,
  UNIQUE (agency_id, case_id, rule, finding_key)
);
CREATE INDEX IF NOT EXISTS warnings_agency_state ON warnings (agency_id, state, status);
CREATE INDEX IF NOT EXISTS warnings_rule ON warnings (rule, status);
CREATE INDEX IF NOT EXISTS warnings_due ON warnings (due_on);

CREATE TABLE IF NOT EXISTS warning_actions (
  id          bigserial PRIMARY KEY,
  warning_id  bigint NOT NULL REFERENCES warnings (id),
  agency_id   text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL CHECK (action IN ('explained', 'rectified', 'disputed', 'accepted', 'rejected')),
  text        text NOT NULL,
  evidence    jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS warning_actions_warning ON warning_actions (warning_id, at);

-- The last evaluation of each case: when, as of which day, which unscheduled years its due days depend on
-- (re-evaluated when such a year's schedule is loaded) and its earliest open due day (the daily re-evaluation
-- only touches cases with one).
CREATE TABLE IF NOT EXISTS case_evaluations (
  agency_id    text NOT NULL,
  case_id      text NOT NULL,
  region_code  text NOT NULL,
  evaluated_at timestamptz NOT NULL DEFAULT now(),
  as_of        date NOT NULL,
  provisional  integer[] NOT NULL DEFAULT '{}',
  open_due     date,
  PRIMARY KEY (agency_id, case_id)
);
CREATE INDEX IF NOT EXISTS case_evaluations_open_due ON case_evaluations (open_due);
