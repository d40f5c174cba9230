-- WAF effectiveness items and runs from the verification page (issue 14,
-- docs/adr/0017-waf-effectiveness-suite.md "Programme integration"). An item is checked by hand
-- ('manual') or by the WAF suite against the target agreed in the plan ('waf_effectiveness'; the
-- vendor's agreement to the plan authorises sending attacks to it).
ALTER TABLE verification_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'manual'
  CHECK (kind IN ('manual', 'waf_effectiveness'));
ALTER TABLE verification_items ADD COLUMN waf_target TEXT NOT NULL DEFAULT '';

-- One run of the suite for one item: queued by a verifier and run by the server's worker, or
-- recorded 'done' when a report is uploaded as the item's evidence. `error` holds why a run failed
-- (a catalogue key or a message); `evidence_id` the report's evidence once done.
CREATE TABLE waf_runs (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  verification_id   INTEGER NOT NULL REFERENCES verifications (id),
  item_id           INTEGER NOT NULL REFERENCES verification_items (id),
  state             TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  requested_by      INTEGER NOT NULL REFERENCES users (id),
  requested_at      TEXT NOT NULL,
  started_at        TEXT,
  finished_at       TEXT,
  error             TEXT NOT NULL DEFAULT '',
  evidence_id       INTEGER REFERENCES evidence (id),
  progress_done     INTEGER NOT NULL DEFAULT 0,
  progress_total    INTEGER NOT NULL DEFAULT 0,
  grade             TEXT NOT NULL DEFAULT '',
  balanced_accuracy TEXT NOT NULL DEFAULT ''
);
CREATE INDEX waf_runs_item ON waf_runs (item_id);
