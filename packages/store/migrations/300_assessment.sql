-- Assessment runs (考核): a published run is stored with the hash of its inputs and definitions and is immutable.
-- result holds the whole output (departments, posts, individuals, targets); definition the indicator set it used
-- (so a drill-down recounts with exactly that definition); assessment_departments one row per department of the
-- run, for scoped reads (a department sees the runs it is in) and cross-run queries.
CREATE TABLE IF NOT EXISTS assessment_runs (
  id            bigserial PRIMARY KEY,
  hash          text NOT NULL,
  period        text NOT NULL,
  set_version   text NOT NULL,
  as_of         date NOT NULL,
  scope_kind    text NOT NULL CHECK (scope_kind IN ('region', 'agency')),
  scope_code    text NOT NULL,
  -- region prefix of the population the run ranked (330100 → 3301)
  region_prefix text NOT NULL,
  status        text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
  definition    jsonb,
  result        jsonb NOT NULL,
  published_by  text,
  published_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS assessment_runs_period ON assessment_runs (period, scope_code);
CREATE INDEX IF NOT EXISTS assessment_runs_hash ON assessment_runs (hash);

CREATE TABLE IF NOT EXISTS assessment_departments (
  run_id      bigint NOT NULL REFERENCES assessment_runs (id),
  agency_id   text NOT NULL,
  region_code text NOT NULL,
  domain      text,
  score       numeric,
  rank        integer,
  PRIMARY KEY (run_id, agency_id)
);
CREATE INDEX IF NOT EXISTS assessment_departments_agency ON assessment_departments (agency_id, run_id);

-- A published run is never changed or removed: its scores feed the public portal and the civil-servant review.
CREATE OR REPLACE FUNCTION assessment_runs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'assessment run % is published and immutable: % refused', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS assessment_runs_immutable ON assessment_runs;
CREATE TRIGGER assessment_runs_immutable BEFORE UPDATE OR DELETE ON assessment_runs
  FOR EACH ROW EXECUTE FUNCTION assessment_runs_guard();

CREATE OR REPLACE FUNCTION assessment_departments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM assessment_runs r WHERE r.id = OLD.run_id AND r.status = 'published') THEN
    RAISE EXCEPTION 'assessment run % is published and immutable: % of its departments refused', OLD.run_id, TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS assessment_departments_immutable ON assessment_departments;
CREATE TRIGGER assessment_departments_immutable BEFORE UPDATE OR DELETE ON assessment_departments
  FOR EACH ROW EXECUTE FUNCTION assessment_departments_guard();

CREATE OR REPLACE FUNCTION assessment_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'assessment runs are immutable: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS assessment_runs_no_truncate ON assessment_runs;
CREATE TRIGGER assessment_runs_no_truncate BEFORE TRUNCATE ON assessment_runs
  FOR EACH STATEMENT EXECUTE FUNCTION assessment_no_truncate();
DROP TRIGGER IF EXISTS assessment_departments_no_truncate ON assessment_departments;
CREATE TRIGGER assessment_departments_no_truncate BEFORE TRUNCATE ON assessment_departments
  FOR EACH STATEMENT EXECUTE FUNCTION assessment_no_truncate();
