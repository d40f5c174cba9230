-- The transparency log (issue 12, docs/transparency-log.md): every publication as a leaf of an
-- RFC 6962 Merkle tree, appended in the same transaction as the change it publishes, and the
-- signed checkpoints of the tree. Both tables are append-only, like the audit log; the Merkle
-- tree and the signatures catch what is changed around the triggers.

CREATE TABLE log_leaves (
  idx         BIGINT PRIMARY KEY CHECK (idx >= 0),
  kind        TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id   BIGINT NOT NULL,
  version     BIGINT NOT NULL,
  at          TEXT NOT NULL,
  leaf        TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX log_leaves_record ON log_leaves (record_type, record_id, idx);
CREATE INDEX log_leaves_hash ON log_leaves (hash);

CREATE TABLE log_checkpoints (
  size         BIGINT PRIMARY KEY CHECK (size > 0),
  root         TEXT NOT NULL,
  note         TEXT NOT NULL,
  verifier_key TEXT NOT NULL,
  at           TEXT NOT NULL
);

CREATE FUNCTION proven_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transparency log is append-only';
END;
$$;
CREATE TRIGGER log_leaves_append_only BEFORE UPDATE OR DELETE ON log_leaves
  FOR EACH ROW EXECUTE FUNCTION proven_log_append_only();
CREATE TRIGGER log_leaves_no_truncate BEFORE TRUNCATE ON log_leaves
  FOR EACH STATEMENT EXECUTE FUNCTION proven_log_append_only();
CREATE TRIGGER log_checkpoints_append_only BEFORE UPDATE OR DELETE ON log_checkpoints
  FOR EACH ROW EXECUTE FUNCTION proven_log_append_only();
CREATE TRIGGER log_checkpoints_no_truncate BEFORE TRUNCATE ON log_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION proven_log_append_only();
