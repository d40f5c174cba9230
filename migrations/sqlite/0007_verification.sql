-- The product verification programme, part 2: verifications of selected applications (their
-- verifiers, plan items with results and metrics, evidence, strong points and trial), published
-- products with their immutable report versions, and report downloads per month.
-- Times are UTC ISO 8601 text; NULL is "none". download_clients.last_at is unix seconds.

CREATE TABLE verifications (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id    INTEGER NOT NULL UNIQUE REFERENCES applications (id),
  state             TEXT NOT NULL DEFAULT 'planning'
                      CHECK (state IN ('planning', 'in_progress', 'submitted', 'changes_requested', 'approved', 'published', 'correcting')),
  summary           TEXT NOT NULL DEFAULT '',
  correction_reason TEXT NOT NULL DEFAULT '',
  vendor_comments   TEXT NOT NULL DEFAULT '',
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  plan_agreed_at    TEXT,
  submitted_at      TEXT,
  approved_at       TEXT
);

-- position keeps the order given.
CREATE TABLE verification_verifiers (
  verification_id INTEGER NOT NULL REFERENCES verifications (id),
  user_id         INTEGER NOT NULL REFERENCES users (id),
  position        INTEGER NOT NULL,
  PRIMARY KEY (verification_id, user_id)
);
CREATE INDEX verification_verifiers_user ON verification_verifiers (user_id);

-- A metric is present when metric_value is not NULL (the decimal text as the verifier wrote it).
CREATE TABLE verification_items (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  verification_id    INTEGER NOT NULL REFERENCES verifications (id),
  position           INTEGER NOT NULL,
  title              TEXT NOT NULL CHECK (title <> ''),
  environment        TEXT NOT NULL DEFAULT '',
  method             TEXT NOT NULL DEFAULT '',
  expected           TEXT NOT NULL DEFAULT '',
  result             TEXT CHECK (result IN ('pass', 'partial', 'fail', 'not_applicable')),
  metric_value       TEXT,
  metric_unit        TEXT NOT NULL DEFAULT '',
  metric_sample_size INTEGER CHECK (metric_sample_size > 0),
  notes              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX verification_items_verification ON verification_items (verification_id, position);

-- Evidence files; the bytes live in attachment_blobs. item_id is the item it supports, if any.
CREATE TABLE evidence (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  verification_id INTEGER NOT NULL REFERENCES verifications (id),
  item_id         INTEGER REFERENCES verification_items (id),
  filename        TEXT NOT NULL,
  content_type    TEXT NOT NULL,
  size            INTEGER NOT NULL,
  sha256          TEXT NOT NULL REFERENCES attachment_blobs (sha256),
  uploaded_by     INTEGER NOT NULL REFERENCES users (id),
  uploaded_at     TEXT NOT NULL
);
CREATE INDEX evidence_verification ON evidence (verification_id);
CREATE INDEX evidence_item ON evidence (item_id);
CREATE INDEX evidence_sha256 ON evidence (sha256);

CREATE TABLE strong_points (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  verification_id INTEGER NOT NULL REFERENCES verifications (id),
  position        INTEGER NOT NULL,
  text            TEXT NOT NULL
);
CREATE INDEX strong_points_verification ON strong_points (verification_id, position);

-- The item results a strong point rests on.
CREATE TABLE strong_point_items (
  strong_point_id INTEGER NOT NULL REFERENCES strong_points (id),
  item_id         INTEGER NOT NULL REFERENCES verification_items (id),
  PRIMARY KEY (strong_point_id, item_id)
);
CREATE INDEX strong_point_items_item ON strong_point_items (item_id);

-- The real-environment trial (実環境における試行検証), at most one per verification.
CREATE TABLE trials (
  verification_id INTEGER PRIMARY KEY REFERENCES verifications (id),
  organisation    TEXT NOT NULL DEFAULT '',
  period          TEXT NOT NULL DEFAULT '',
  scope           TEXT NOT NULL DEFAULT '',
  findings        TEXT NOT NULL DEFAULT '',
  user_comments   TEXT NOT NULL DEFAULT ''
);

-- A product with a published report. Its name, version, overview, vendor, fields, deployment,
-- homepage and call are its application's.
CREATE TABLE products (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  verification_id      INTEGER NOT NULL UNIQUE REFERENCES verifications (id),
  fiscal_year_verified INTEGER NOT NULL CHECK (fiscal_year_verified BETWEEN 2000 AND 2100),
  first_published_at   TEXT NOT NULL
);

-- Published report versions: immutable (a correction is the next version). sha256 is of content;
-- the PDF's bytes live in attachment_blobs under pdf_sha256.
CREATE TABLE report_versions (
  product_id   INTEGER NOT NULL REFERENCES products (id),
  version      INTEGER NOT NULL CHECK (version > 0),
  published_at TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  content      TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  pdf_sha256   TEXT NOT NULL REFERENCES attachment_blobs (sha256),
  PRIMARY KEY (product_id, version)
);
CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions
BEGIN
  SELECT RAISE(ABORT, 'published report versions are immutable');
END;
CREATE TRIGGER report_versions_no_delete BEFORE DELETE ON report_versions
BEGIN
  SELECT RAISE(ABORT, 'published report versions are immutable');
END;

-- Downloads per report version and month ('YYYY-MM', UTC).
CREATE TABLE report_downloads (
  product_id INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  month      TEXT NOT NULL CHECK (length(month) = 7),
  count      INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (product_id, version, month),
  FOREIGN KEY (product_id, version) REFERENCES report_versions (product_id, version)
);

-- The last download of a version by a client (a hash, never the address), for the window in
-- which repeated requests are not counted.
CREATE TABLE download_clients (
  product_id  INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  client_hash TEXT NOT NULL,
  last_at     INTEGER NOT NULL,
  PRIMARY KEY (product_id, version, client_hash),
  FOREIGN KEY (product_id, version) REFERENCES report_versions (product_id, version)
);
