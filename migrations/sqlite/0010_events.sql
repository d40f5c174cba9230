-- The collaboration platform's events (issue 11): meetings with their talks, registrations with a
-- seat in the meeting and (when asked) in its networking session, waitlists promoted in order,
-- check-in codes; consultation slots that vendors offer and participants book (one booking per
-- slot: the primary key makes a double booking impossible, whatever the concurrency).
-- Times: *_at text columns are UTC ISO 8601; starts_at, ends_at, registration_*_at and
-- requested_at are unix seconds (compared with the clock).

CREATE TABLE events (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  number                 INTEGER NOT NULL UNIQUE CHECK (number >= 1),
  theme                  TEXT NOT NULL CHECK (theme <> ''),
  description            TEXT NOT NULL DEFAULT '',
  starts_at              INTEGER NOT NULL,
  ends_at                INTEGER NOT NULL,
  venue                  TEXT NOT NULL DEFAULT '',
  online_url             TEXT NOT NULL DEFAULT '',
  capacity               INTEGER NOT NULL CHECK (capacity >= 1),
  networking_capacity    INTEGER NOT NULL DEFAULT 0 CHECK (networking_capacity >= 0),
  registration_opens_at  INTEGER NOT NULL,
  registration_closes_at INTEGER NOT NULL,
  state                  TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'cancelled')),
  sequence               INTEGER NOT NULL DEFAULT 0,
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL
);

CREATE TABLE event_talks (
  event_id    INTEGER NOT NULL REFERENCES events (id),
  position    INTEGER NOT NULL,
  title       TEXT NOT NULL,
  speaker     TEXT NOT NULL DEFAULT '',
  affiliation TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, position)
);

-- One registration per person and event; a cancelled one can be taken up again (it is reused).
CREATE TABLE event_registrations (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id     INTEGER NOT NULL REFERENCES events (id),
  user_id      INTEGER NOT NULL REFERENCES users (id),
  seat         TEXT NOT NULL CHECK (seat IN ('registered', 'waitlisted', 'cancelled')),
  networking   TEXT NOT NULL DEFAULT 'none' CHECK (networking IN ('none', 'registered', 'waitlisted', 'cancelled')),
  requested_at INTEGER NOT NULL,
  checkin_code TEXT NOT NULL UNIQUE,
  lang         TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
  created_at   TEXT NOT NULL,
  promoted_at  TEXT,
  cancelled_at TEXT,
  attended_at  TEXT,
  UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_queue ON event_registrations (event_id, seat, requested_at, id);
CREATE INDEX event_registrations_user ON event_registrations (user_id);

-- A vendor's consultation slot at an event (個別相談会).
CREATE TABLE consultation_slots (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id      INTEGER NOT NULL REFERENCES events (id),
  vendor_org_id INTEGER NOT NULL REFERENCES organisations (id),
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  UNIQUE (event_id, vendor_org_id, starts_at)
);

-- At most one booking per slot (the primary key); a cancelled booking is deleted (the audit log
-- keeps it).
CREATE TABLE slot_bookings (
  slot_id         INTEGER PRIMARY KEY REFERENCES consultation_slots (id),
  registration_id INTEGER NOT NULL REFERENCES event_registrations (id),
  topic           TEXT NOT NULL DEFAULT '',
  booked_at       TEXT NOT NULL
);
CREATE INDEX slot_bookings_registration ON slot_bookings (registration_id);
