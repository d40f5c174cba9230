-- Dated editions of the published list (issue 13, docs/adr/0016-list-editions.md): a frozen copy of
-- every service valid on the edition's date, each row as the cells of the export's columns at
-- publication (`columns`: a JSON array of {"key", "header"}; `cells`: a JSON array in that order).
-- An edition never changes: its files and its page of changes are built from these rows alone.
-- sha256: of the edition's UTF-8 CSV (what /downloads/editions/{date}.csv serves); row_sha256: of
-- the row's cells (JSON), which tells a changed row from an unchanged one at a glance.

CREATE TABLE list_editions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  edition_date TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  total        INTEGER NOT NULL,
  columns      TEXT NOT NULL,
  sha256       TEXT NOT NULL
);

CREATE TABLE list_edition_entries (
  edition_id INTEGER NOT NULL REFERENCES list_editions (id),
  position   INTEGER NOT NULL,
  service_id INTEGER NOT NULL,
  type       TEXT NOT NULL,
  row_sha256 TEXT NOT NULL,
  cells      TEXT NOT NULL,
  PRIMARY KEY (edition_id, position)
);

-- An edition is immutable: its rows cannot be changed or removed.
CREATE TRIGGER list_editions_no_update BEFORE UPDATE ON list_editions
BEGIN SELECT RAISE(ABORT, 'list_editions is append-only'); END;
CREATE TRIGGER list_editions_no_delete BEFORE DELETE ON list_editions
BEGIN SELECT RAISE(ABORT, 'list_editions is append-only'); END;
CREATE TRIGGER list_edition_entries_no_update BEFORE UPDATE ON list_edition_entries
BEGIN SELECT RAISE(ABORT, 'list_edition_entries is append-only'); END;
CREATE TRIGGER list_edition_entries_no_delete BEFORE DELETE ON list_edition_entries
BEGIN SELECT RAISE(ABORT, 'list_edition_entries is append-only'); END;
