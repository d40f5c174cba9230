-- The mail outbox (docs/mail.md): every message is written here in the transaction of the change
-- it tells of, and a dispatcher sends it, retrying with backoff; a message that cannot be sent
-- becomes a dead letter the admin can see and queue again.
-- Times: created_at / sent_at UTC ISO 8601 text; next_attempt_at / claimed_until unix seconds.
-- claimed_until is a dispatcher's lease (several instances share one outbox): a message is taken
-- by one dispatcher at a time, and taken again only when that lease has run out.

CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  lang            TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  unsubscribe_url TEXT NOT NULL DEFAULT '',
  state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until   INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
