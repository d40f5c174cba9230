-- After a meeting (issue 11): the survey sent to the people who attended, their answers (one per
-- registration: the unique key decides, whatever the concurrency), and the head counts the
-- operator reports for the published statistics (meetings counted before Proven, or corrected
-- after the day). Questions and answers are JSON documents checked by domain/events/survey.

CREATE TABLE event_surveys (
  event_id   INTEGER PRIMARY KEY REFERENCES events (id),
  questions  TEXT NOT NULL,
  sent_at    TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE survey_responses (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        INTEGER NOT NULL REFERENCES events (id),
  registration_id INTEGER NOT NULL UNIQUE REFERENCES event_registrations (id),
  answers         TEXT NOT NULL,
  submitted_at    TEXT NOT NULL
);
CREATE INDEX survey_responses_event ON survey_responses (event_id, id);

CREATE TABLE event_attendance_reports (
  event_id     INTEGER PRIMARY KEY REFERENCES events (id),
  participants INTEGER NOT NULL CHECK (participants >= 0),
  networking   INTEGER CHECK (networking >= 0 AND networking <= participants),
  reported_at  TEXT NOT NULL
);
