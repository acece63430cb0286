-- Identity, sessions and the audit log (等保 2.0 level 3: identification, access control, security audit).
-- Owned by packages/server. Production: the application's database role gets only INSERT and SELECT on
-- audit_log (and SELECT/UPDATE on audit_head); DELETE on audit_log is granted to no one but the retention job's
-- role, and even then the trigger below refuses rows younger than 180 days.

CREATE TABLE IF NOT EXISTS users (
  id                  bigserial PRIMARY KEY,
  username            text NOT NULL UNIQUE,
  display_name        text NOT NULL,
  roles               text[] NOT NULL DEFAULT '{}',
  -- department roles are scoped to one agency, supervisor/evaluator to one region (6-digit 行政区划代码)
  agency_id           text,
  region_code         text,
  -- an officer's person code in the people registry (own cases: staff.handlers)
  person_code         text,
  -- evaluator accounts (人大代表, 政协委员 …) expire
  expires_at          timestamptz,
  disabled            boolean NOT NULL DEFAULT false,
  password_hash       text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  must_change_password boolean NOT NULL DEFAULT true,
  failed_count        integer NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  -- SM4-encrypted TOTP secret; pending until confirmed with a first code
  totp_secret_enc     text,
  totp_enabled        boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_login_at       timestamptz
);

CREATE TABLE IF NOT EXISTS password_history (
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS password_history_user ON password_history (user_id, changed_at DESC);

-- Server-side sessions: only the SM3 hash of the token is stored, so a copy of this table opens no session.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);

-- The append-only, hash-chained audit log. hash = SM3(prev_hash || canonical JSON of the row).
CREATE TABLE IF NOT EXISTS audit_log (
  seq       bigint PRIMARY KEY,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  role      text,
  action    text NOT NULL,
  target    text,
  detail    jsonb NOT NULL DEFAULT '{}',
  ip        text,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor, at);
CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log (action, at);

-- The chain head (one row, locked FOR UPDATE by every append so appends are serialised) and the anchor: the
-- prev_hash the first remaining row must carry after a retention purge.
CREATE TABLE IF NOT EXISTS audit_head (
  id          integer PRIMARY KEY CHECK (id = 1),
  seq         bigint NOT NULL,
  hash        text NOT NULL,
  anchor_seq  bigint NOT NULL DEFAULT 0,
  anchor_hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_hash)
VALUES (1, 0, repeat('0', 64), 0, repeat('0', 64))
ON CONFLICT (id) DO NOTHING;

-- UPDATE is never allowed; DELETE only inside a purge (transaction-local setting kaohe.audit_purge = 'on')
-- and only for rows older than 180 days (retention ≥ 6 months, 等保 2.0 8.1.4.3).
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND coalesce(current_setting('kaohe.audit_purge', true), '') = 'on'
     AND OLD.at < now() - interval '180 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused (seq %)', TG_OP, OLD.seq USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE OR REPLACE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate();
