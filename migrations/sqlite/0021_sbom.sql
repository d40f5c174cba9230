-- SBOMs and known vulnerabilities (issue 15, docs/sbom.md): OSV records imported offline, the
-- SBOM of each product release, vendors' VEX statements, user companies' portfolios and the
-- alerts an import raises.

-- One `proven osv import`: its id and finish time name the OSV snapshot every finding cites.
CREATE TABLE osv_imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  source      TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  incremental INTEGER NOT NULL CHECK (incremental IN (0, 1)),
  read_count  INTEGER NOT NULL DEFAULT 0,
  added       INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  withdrawn   INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0,
  alerts      INTEGER NOT NULL DEFAULT 0
);

-- The records in force: the JSON as imported, with what lookups need beside it. A withdrawn record
-- leaves this table for osv_withdrawn.
CREATE TABLE osv_records (
  id        TEXT PRIMARY KEY,
  modified  TEXT NOT NULL,
  published TEXT NOT NULL DEFAULT '',
  summary   TEXT NOT NULL DEFAULT '',
  aliases   TEXT NOT NULL DEFAULT '[]',
  content   TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES osv_imports (id)
);
-- Every (ecosystem, normalised name) a record's affected entries name: the way from a component
-- to the records that may affect it.
CREATE TABLE osv_packages (
  ecosystem TEXT NOT NULL,
  name      TEXT NOT NULL,
  record_id TEXT NOT NULL REFERENCES osv_records (id),
  PRIMARY KEY (ecosystem, name, record_id)
);
CREATE INDEX osv_packages_record ON osv_packages (record_id);
-- Every alias (CVE, GHSA, ...) of a record: a VEX statement or a search may name any of them.
CREATE TABLE osv_aliases (
  alias     TEXT NOT NULL,
  record_id TEXT NOT NULL REFERENCES osv_records (id),
  PRIMARY KEY (alias, record_id)
);
CREATE INDEX osv_aliases_record ON osv_aliases (record_id);
CREATE TABLE osv_withdrawn (
  id        TEXT PRIMARY KEY,
  modified  TEXT NOT NULL,
  withdrawn TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES osv_imports (id)
);

-- The SBOM of one release of a product, as the vendor uploaded it (validated against its schema);
-- lang: the language of the vendor's alerts about it (the uploader's).
CREATE TABLE product_sboms (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id   INTEGER NOT NULL REFERENCES products (id),
  release_name TEXT NOT NULL CHECK (length(release_name) BETWEEN 1 AND 100),
  format       TEXT NOT NULL CHECK (format IN ('cyclonedx', 'spdx')),
  spec_version TEXT NOT NULL,
  name         TEXT NOT NULL DEFAULT '',
  components   INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  document     TEXT NOT NULL,
  uploaded_by  INTEGER NOT NULL REFERENCES users (id),
  uploaded_at  TEXT NOT NULL,
  lang         TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
  UNIQUE (product_id, release_name)
);
-- Its components in document order. ecosystem/package: the purl's OSV package ('' when the
-- component cannot be looked up), the reverse index from an advisory to the SBOMs it affects.
CREATE TABLE sbom_components (
  sbom_id   INTEGER NOT NULL REFERENCES product_sboms (id),
  position  INTEGER NOT NULL,
  ref       TEXT NOT NULL,
  name      TEXT NOT NULL,
  version   TEXT NOT NULL,
  purl      TEXT NOT NULL,
  ecosystem TEXT NOT NULL DEFAULT '',
  package   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (sbom_id, position)
);
CREATE INDEX sbom_components_package ON sbom_components (ecosystem, package);

-- A vendor's statement about a vulnerability in its product (CycloneDX VEX, OpenVEX or the form).
-- The newest statement per (product, vulnerability, scope) is the one in force; older ones stay.
CREATE TABLE vex_statements (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id    INTEGER NOT NULL REFERENCES products (id),
  vulnerability TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('not_affected', 'affected', 'fixed', 'under_investigation')),
  justification TEXT NOT NULL DEFAULT '',
  detail        TEXT NOT NULL DEFAULT '',
  scope         TEXT NOT NULL DEFAULT '[]',
  source        TEXT NOT NULL CHECK (source IN ('cyclonedx', 'openvex', 'form')),
  stated_by     INTEGER NOT NULL REFERENCES users (id),
  stated_at     TEXT NOT NULL
);
CREATE INDEX vex_statements_product ON vex_statements (product_id, vulnerability);

-- The products a user company uses; lang: the language its alerts are written in (the one used
-- when it was added).
CREATE TABLE portfolio_products (
  org_id     INTEGER NOT NULL REFERENCES organisations (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  added_by   INTEGER NOT NULL REFERENCES users (id),
  added_at   TEXT NOT NULL,
  lang       TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
  PRIMARY KEY (org_id, product_id)
);

-- An advisory an import found affecting an SBOM, once per organisation told (the vendor's, and each
-- user company with the product in its portfolio). record_id is not a foreign key: a record may be
-- withdrawn later and its alert stays.
CREATE TABLE vulnerability_alerts (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id     INTEGER NOT NULL REFERENCES organisations (id),
  audience   TEXT NOT NULL CHECK (audience IN ('vendor', 'user')),
  product_id INTEGER NOT NULL REFERENCES products (id),
  sbom_id    INTEGER NOT NULL REFERENCES product_sboms (id),
  record_id  TEXT NOT NULL,
  summary    TEXT NOT NULL DEFAULT '',
  components TEXT NOT NULL,
  import_id  INTEGER NOT NULL REFERENCES osv_imports (id),
  created_at TEXT NOT NULL,
  UNIQUE (org_id, sbom_id, record_id)
);
CREATE INDEX vulnerability_alerts_org ON vulnerability_alerts (org_id, id);

-- The secret key of an organisation's alert feed (/feeds/alerts/{org}.atom?key=…), made when the
-- organisation first lists a product or attaches an SBOM.
CREATE TABLE alert_feeds (
  org_id     INTEGER PRIMARY KEY REFERENCES organisations (id),
  feed_key   TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
