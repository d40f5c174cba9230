-- A log of every change to services, written by triggers, so that every process that serves
-- searches (one today, several sharing PostgreSQL later) can bring its in-memory index up to
-- date by reading the changes after the last one it applied.
CREATE TABLE service_changes (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  service_id INTEGER NOT NULL,
  op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete'))
);
CREATE TRIGGER services_change_insert AFTER INSERT ON services
BEGIN
  INSERT INTO service_changes (service_id, op) VALUES (new.id, 'upsert');
END;
CREATE TRIGGER services_change_update AFTER UPDATE ON services
BEGIN
  INSERT INTO service_changes (service_id, op) VALUES (new.id, 'upsert');
END;
CREATE TRIGGER services_change_delete AFTER DELETE ON services
BEGIN
  INSERT INTO service_changes (service_id, op) VALUES (old.id, 'delete');
END;
