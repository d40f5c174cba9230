-- Saved needs (issue 11, docs/adr/0011-matching.md): a signed-in person's needs as JSON (the same
-- object POST /api/v1/match takes), watched for new matches. need_matches records every service
-- and product ever seen in a need's matches: those present when it was saved (initial = 1, never
-- notified) and each new one (initial = 0, notified once in the feed and by mail). The primary key
-- (need, kind, candidate) is what makes "notify once" hold across instances: a second insert of
-- the same match changes nothing, and only the transaction that inserted it sends the mail.
-- feed_key and unsubscribe_token are secrets given in URLs (the Atom feed, the mail's unsubscribe
-- link); mail = 0 after unsubscribing (the feed goes on).

CREATE TABLE saved_needs (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id           INTEGER NOT NULL REFERENCES users (id),
  needs             TEXT NOT NULL,
  lang              TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
  feed_key          TEXT NOT NULL UNIQUE,
  unsubscribe_token TEXT NOT NULL UNIQUE,
  mail              INTEGER NOT NULL DEFAULT 1 CHECK (mail IN (0, 1)),
  created_at        TEXT NOT NULL,
  checked_at        TEXT
);
CREATE INDEX saved_needs_user ON saved_needs (user_id);

CREATE TABLE need_matches (
  need_id      INTEGER NOT NULL REFERENCES saved_needs (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('service', 'product')),
  candidate_id INTEGER NOT NULL,
  name         TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  score        INTEGER NOT NULL DEFAULT 0,
  initial      INTEGER NOT NULL DEFAULT 0 CHECK (initial IN (0, 1)),
  seen_at      TEXT NOT NULL,
  PRIMARY KEY (need_id, kind, candidate_id)
);
CREATE INDEX need_matches_new ON need_matches (need_id, initial, seen_at);
