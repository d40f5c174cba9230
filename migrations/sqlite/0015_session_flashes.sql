-- One-time notices after an action (issue 13, docs/api.md "Notices after an action (flash)"): a
-- successful form POST remembers a notice (a message catalogue key and its values) for the page it
-- redirects to, in the session that made it; that page shows it once and deletes it. Nothing in the
-- URL says what happened, so a crafted link shows no false "revoked". A separate table, not a column
-- of sessions, so that two tabs' notices do not overwrite each other; rows go with their session
-- (sign-out, a password change, disabling the account) and are ignored after 10 minutes.
CREATE TABLE session_flashes (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  id_hash     TEXT NOT NULL REFERENCES sessions (id_hash) ON DELETE CASCADE,
  path        TEXT NOT NULL,               -- the page it is for: /registrar, /events/7
  message_key TEXT NOT NULL,               -- a catalogue key: notice_renewed, event_notice_booked
  args        TEXT NOT NULL DEFAULT '[]',  -- JSON [[name, value], …]: counts, names
  created_at  INTEGER NOT NULL                -- unix seconds
);
CREATE INDEX session_flashes_session ON session_flashes (id_hash, path);
