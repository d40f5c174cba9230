-- Password reset links (issue 13): the admin starts a reset, the user opens a one-time link and sets
-- a new password. Only the token's SHA-256 is stored; a link is good for 24 hours and once.
-- Times: UTC ISO 8601 text (created_at, used_at), expires_at unix seconds.
-- Like sessions, the rows are short-lived secrets: `proven copy` does not carry them over.

CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    TEXT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- The audit page's filters (action, target, date range), newest first.
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_entity ON audit_log (entity, seq);
CREATE INDEX audit_log_at ON audit_log (at);
