-- The transparency log (issue 12, docs/transparency-log.md): every publication as a leaf of an
-- RFC 6962 Merkle tree, appended in the same transaction as the change it publishes, and the
-- signed checkpoints of the tree. Both tables are append-only, like the audit log; the Merkle
-- tree and the signatures catch what is changed around the triggers.

CREATE TABLE log_leaves (
  idx         INTEGER PRIMARY KEY CHECK (idx >= 0),
  kind        TEXT NOT NULL,       -- service.registered, report.published, case.withdrawn, audit.head, ...
  record_type TEXT NOT NULL,       -- the kind's part before the dot: service, report, case, audit
  record_id   INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  leaf        TEXT NOT NULL,       -- RFC 8785 canonical JSON of {kind, id, version, at, record}
  hash        TEXT NOT NULL        -- hex SHA-256(0x00 || leaf)
);
CREATE INDEX log_leaves_record ON log_leaves (record_type, record_id, idx);
CREATE INDEX log_leaves_hash ON log_leaves (hash);

CREATE TABLE log_checkpoints (
  size         INTEGER PRIMARY KEY CHECK (size > 0),
  root         TEXT NOT NULL,      -- hex
  note         TEXT NOT NULL,      -- the signed note (C2SP tlog-checkpoint in a C2SP signed-note)
  verifier_key TEXT NOT NULL,      -- the key that signed it, as /.well-known/proven-log-key serves it
  at           TEXT NOT NULL
);

CREATE TRIGGER log_leaves_no_update BEFORE UPDATE ON log_leaves
BEGIN
  SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER log_leaves_no_delete BEFORE DELETE ON log_leaves
BEGIN
  SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
CREATE TRIGGER log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'the transparency log is append-only');
END;
