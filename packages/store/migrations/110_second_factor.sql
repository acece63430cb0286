-- A second factor being enrolled or replaced stays pending here until it is confirmed with a code of it: the
-- enrolled secret (totp_secret_enc) keeps working meanwhile, so starting a change cannot switch TOTP off.
ALTER TABLE users ADD COLUMN IF NOT EXISTS totp_pending_enc text;
