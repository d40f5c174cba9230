-- Consultations between a user company and a vendor (issue 11, domain/consultations): asked from a
-- match about a verified product or a registered service, answered by the vendor (times proposed,
-- or declined), one thread of entries both sides see, and the outcome. Times are UTC ISO 8601
-- text, except the proposed and confirmed meeting times, which are Asia/Tokyo ISO 8601 with their
-- offset as proposed. NULL is "none".

CREATE TABLE consultations (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  kind             TEXT NOT NULL CHECK (kind IN ('product', 'service')),
  product_id       INTEGER REFERENCES products (id),
  service_id       INTEGER REFERENCES services (id),
  subject_name     TEXT NOT NULL,  -- the product's or the service's name when asked
  vendor_org_id    INTEGER NOT NULL REFERENCES organisations (id),
  requester_org_id INTEGER NOT NULL REFERENCES organisations (id),
  requester_id     INTEGER NOT NULL REFERENCES users (id),
  needs            TEXT NOT NULL DEFAULT '',  -- the needs JSON the match used, or ''
  state            TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'withdrawn', 'confirmed')),
  proposed_times   TEXT NOT NULL DEFAULT '[]',  -- JSON list of ISO 8601 times
  confirmed_time   TEXT,
  outcome          TEXT CHECK (outcome IN ('met', 'trial_started', 'deployed', 'not_pursued')),
  outcome_at       TEXT,
  case_id          INTEGER REFERENCES cases (id),
  requester_lang   TEXT NOT NULL DEFAULT 'ja' CHECK (requester_lang IN ('ja', 'en')),
  vendor_lang      TEXT NOT NULL DEFAULT 'ja' CHECK (vendor_lang IN ('ja', 'en')),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK ((kind = 'product' AND product_id IS NOT NULL AND service_id IS NULL) OR
         (kind = 'service' AND service_id IS NOT NULL AND product_id IS NULL)),
  CHECK (vendor_org_id <> requester_org_id)
);
CREATE INDEX consultations_vendor ON consultations (vendor_org_id);
CREATE INDEX consultations_requester ON consultations (requester_org_id);
CREATE UNIQUE INDEX consultations_case ON consultations (case_id);

-- The thread: the request with its message, messages, and each step with its text and detail.
CREATE TABLE consultation_entries (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id),
  at              TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('requested', 'message', 'accepted', 'declined', 'withdrawn',
                                                 'confirmed', 'outcome', 'case')),
  side            TEXT NOT NULL CHECK (side IN ('requester', 'vendor')),
  user_id         INTEGER NOT NULL REFERENCES users (id),
  body            TEXT NOT NULL DEFAULT '',
  detail          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX consultation_entries_consultation ON consultation_entries (consultation_id, id);
