-- Case-file review campaigns (案卷评查): the published sample of a period, the reviewers' assignments and their
-- filled-in sheets, and the on-site / random checks (现场核查 / 随机抽查) recorded in the same campaign.
CREATE TABLE IF NOT EXISTS review_campaigns (
  id            bigserial PRIMARY KEY,
  -- the region the campaign covers (its agencies' region codes start with region_prefix)
  region_code   text NOT NULL,
  region_prefix text NOT NULL,
  name          text NOT NULL,
  period        text NOT NULL,
  period_from   date NOT NULL,
  period_to     date NOT NULL,
  rate          numeric NOT NULL,
  min_size      integer NOT NULL,
  -- published with the sample list: anyone can re-derive the random stratum (docs/review.md)
  seed          text NOT NULL,
  -- the sampling method and its risk weights, as printed
  method        jsonb NOT NULL,
  sheet_version text NOT NULL,
  -- two reviewers whose totals differ by more than this go to a third
  gap           numeric NOT NULL,
  due_on        date NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS review_campaigns_region ON review_campaigns (region_code);

CREATE TABLE IF NOT EXISTS review_files (
  campaign_id bigint NOT NULL REFERENCES review_campaigns (id),
  region_code text NOT NULL,
  agency_id   text NOT NULL,
  case_id     text NOT NULL,
  stratum     text NOT NULL CHECK (stratum IN ('random', 'risk')),
  digest      text NOT NULL,
  risk        integer NOT NULL,
  reasons     text[] NOT NULL DEFAULT '{}',
  major       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (campaign_id, agency_id, case_id)
);
CREATE INDEX IF NOT EXISTS review_files_agency ON review_files (agency_id, campaign_id);

CREATE TABLE IF NOT EXISTS review_assignments (
  id             bigserial PRIMARY KEY,
  campaign_id    bigint NOT NULL,
  agency_id      text NOT NULL,
  case_id        text NOT NULL,
  user_id        bigint NOT NULL REFERENCES users (id),
  role           text NOT NULL CHECK (role IN ('primary', 'second', 'reconcile')),
  due_on         date NOT NULL,
  state          text NOT NULL DEFAULT 'assigned' CHECK (state IN ('assigned', 'submitted')),
  veto_failed    text[] NOT NULL DEFAULT '{}',
  minor_problems text[] NOT NULL DEFAULT '{}',
  -- [{item, deduction, count, comment}]
  deductions     jsonb NOT NULL DEFAULT '[]',
  comment        text,
  total          numeric,
  grade          text CHECK (grade IN ('excellent', 'pass', 'fail')),
  submitted_at   timestamptz,
  FOREIGN KEY (campaign_id, agency_id, case_id) REFERENCES review_files (campaign_id, agency_id, case_id),
  UNIQUE (campaign_id, agency_id, case_id, user_id)
);
CREATE INDEX IF NOT EXISTS review_assignments_user ON review_assignments (user_id, state);

CREATE TABLE IF NOT EXISTS review_checks (
  id          bigserial PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES review_campaigns (id),
  kind        text NOT NULL CHECK (kind IN ('on-site', 'spot')),
  agency_id   text NOT NULL,
  region_code text NOT NULL,
  place       text NOT NULL,
  on_date     date NOT NULL,
  people      text[] NOT NULL DEFAULT '{}',
  found       text NOT NULL,
  case_id     text,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS review_checks_campaign ON review_checks (campaign_id);
