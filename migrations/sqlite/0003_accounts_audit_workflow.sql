-- People, organisations, roles, sessions and API tokens; the audit log; service status and
-- public history; vendor change proposals.

CREATE TABLE organisations (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
  kind       TEXT NOT NULL CHECK (kind IN ('registration_body', 'vendor', 'user_company', 'operator')),
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  email               TEXT NOT NULL UNIQUE CHECK (email <> ''),
  password_hash       TEXT NOT NULL,
  organisation_id     INTEGER REFERENCES organisations (id),
  disabled            INTEGER NOT NULL DEFAULT 0,
  created_at          TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role    TEXT NOT NULL CHECK (role IN ('admin', 'registrar', 'vendor', 'reviewer', 'verifier', 'user')),
  PRIMARY KEY (user_id, role)
);

-- Session ids and API tokens are stored only as SHA-256 hashes.
CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,  -- unix seconds
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  revoked_at   TEXT,
  last_used_at TEXT
);

-- Append-only: each entry carries the SHA-256 of the previous entry's hash and its own content.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,          -- "user:3 alice@example.jp", "cli", "system"
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,          -- "service:12", "user:3", ...
  before    TEXT NOT NULL DEFAULT '',  -- JSON or empty
  after     TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Registration state, beside validity by dates.
ALTER TABLE services ADD COLUMN state TEXT NOT NULL DEFAULT 'active'
  CHECK (state IN ('active', 'suspended', 'revoked'));
ALTER TABLE services ADD COLUMN state_reason TEXT NOT NULL DEFAULT '';
-- Which fields a vendor supplied and a registrar vetted: JSON {"overview": {"by": "vendor", ...}}.
ALTER TABLE services ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provenance));

-- The public, dated history of each service.
CREATE TABLE service_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  service_id INTEGER NOT NULL REFERENCES services (id),
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('registered', 'changed', 'renewed', 'suspended', 'resumed',
                                           'revoked', 'proposal_approved')),
  detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
  actor      TEXT NOT NULL
);
CREATE INDEX service_events_service ON service_events (service_id, id);
CREATE INDEX service_events_at ON service_events (at);

CREATE TABLE change_proposals (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  service_id  INTEGER NOT NULL REFERENCES services (id),
  proposed_by INTEGER NOT NULL REFERENCES users (id),
  fields      TEXT NOT NULL CHECK (json_valid(fields)),
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at  TEXT NOT NULL,
  decided_by  INTEGER REFERENCES users (id),
  decided_at  TEXT,
  reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX change_proposals_service ON change_proposals (service_id, status);
