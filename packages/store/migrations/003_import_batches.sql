-- One row per import: who, when, which files (sha256), outcome, counts and row errors. Written outside the data
-- transaction, so a rejected batch is recorded although none of its data is.
CREATE TABLE IF NOT EXISTS import_batches (
  id          bigserial PRIMARY KEY,
  file        text NOT NULL,
  sha256      text NOT NULL,
  format      text,
  files       jsonb NOT NULL DEFAULT '[]',
  by_user     text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- running → committed | rejected (row errors, nothing written) | failed (database or I/O error, nothing written)
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'committed', 'rejected', 'failed')),
  counts      jsonb NOT NULL DEFAULT '{}',
  errors      jsonb NOT NULL DEFAULT '[]',
  error_count integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS import_batches_started ON import_batches (started_at DESC);
CREATE INDEX IF NOT EXISTS import_batches_sha256 ON import_batches (sha256);
