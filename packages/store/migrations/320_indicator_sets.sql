-- Indicator sets edited in the web UI (指标体系动态调整): a supervision body's drafts and the versions it published.
-- A draft starts from a shipped or published version (base_version) and is changed one operation at a time (add,
-- remove, re-weight, edit floor/target), each with its reason in `changes`; `definition` always holds the whole,
-- validated set (the resolved IndicatorSet of @kaohe/core). Publishing gives it its version and the quarter it takes
-- effect (never the current or a past one: published rules never change scores retroactively); from then on the row is
-- immutable, like a published assessment run (300_assessment.sql). region_code: the bureau whose set it is — it
-- applies to the assessments of that region and the regions under it.
CREATE TABLE IF NOT EXISTS indicator_sets (
  id             bigserial PRIMARY KEY,
  region_code    text NOT NULL,
  -- the shipped or published version the draft started from
  base_version   text NOT NULL,
  -- draft: the proposed version; published: its version (unique among published sets)
  version        text NOT NULL CHECK (version ~ '^[A-Za-z0-9][A-Za-z0-9-]*$'),
  -- the quarter from which it applies (2027Q1) and that quarter's first day
  effective      text NOT NULL CHECK (effective ~ '^[0-9]{4}Q[1-4]$'),
  effective_from date NOT NULL,
  definition     jsonb NOT NULL,
  -- the change log: [{ who, when, action: add|remove|reweight|edit, code, reason, from?, to? }]
  changes        jsonb NOT NULL DEFAULT '[]',
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  published_by   text,
  published_at   timestamptz,
  CHECK (status = 'draft' OR (published_by IS NOT NULL AND published_at IS NOT NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS indicator_sets_version ON indicator_sets (version) WHERE status = 'published';
CREATE INDEX IF NOT EXISTS indicator_sets_region ON indicator_sets (region_code, status, effective_from);

-- A published set is never changed or removed: runs cite it by version, and a new quarter adds a new version.
CREATE OR REPLACE FUNCTION indicator_sets_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'indicator set % (%) is published and immutable: % refused', OLD.id, OLD.version, TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS indicator_sets_immutable ON indicator_sets;
CREATE TRIGGER indicator_sets_immutable BEFORE UPDATE OR DELETE ON indicator_sets
  FOR EACH ROW EXECUTE FUNCTION indicator_sets_guard();

CREATE OR REPLACE FUNCTION indicator_sets_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published indicator sets are immutable: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS indicator_sets_no_truncate ON indicator_sets;
CREATE TRIGGER indicator_sets_no_truncate BEFORE TRUNCATE ON indicator_sets
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_sets_no_truncate();
