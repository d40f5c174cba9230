-- High-level verification of devices (issue 16, docs/devices.md): a device maker's request to a
-- verification provider (an organisation with a 機器検証 service in the registry), the threat model,
-- test items from the admin's catalogue, findings with CVSS vectors, the baseline checklists, and
-- the providers' public profiles.

CREATE TABLE device_projects (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  maker_org_id     INTEGER NOT NULL REFERENCES organisations (id),
  provider_org_id  INTEGER NOT NULL REFERENCES organisations (id),
  service_id       INTEGER NOT NULL REFERENCES services (id),
  title            TEXT NOT NULL CHECK (title <> ''),
  device_kind      TEXT NOT NULL CHECK (device_kind <> ''),
  model            TEXT NOT NULL CHECK (model <> ''),
  firmware_version TEXT NOT NULL DEFAULT '',
  interfaces       TEXT NOT NULL DEFAULT '[]',
  interface_notes  TEXT NOT NULL DEFAULT '',
  intended_use     TEXT NOT NULL DEFAULT '',
  scope            TEXT NOT NULL DEFAULT '',
  depth            TEXT NOT NULL CHECK (depth IN ('basic', 'standard', 'advanced')),
  status           TEXT NOT NULL CHECK (status IN ('requested', 'accepted', 'declined', 'withdrawn', 'reported')),
  status_note      TEXT NOT NULL DEFAULT '',
  summary          TEXT NOT NULL DEFAULT '',
  publish_maker    INTEGER NOT NULL DEFAULT 0 CHECK (publish_maker IN (0, 1)),
  publish_provider INTEGER NOT NULL DEFAULT 0 CHECK (publish_provider IN (0, 1)),
  lang             TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
  requested_by     INTEGER NOT NULL REFERENCES users (id),
  requested_at     TEXT NOT NULL,
  accepted_at      TEXT NOT NULL DEFAULT '',
  reported_at      TEXT NOT NULL DEFAULT '',
  updated_at       TEXT NOT NULL
);
CREATE INDEX device_projects_maker ON device_projects (maker_org_id);
CREATE INDEX device_projects_provider ON device_projects (provider_org_id);

-- The threat model as an OWASP Threat Dragon v2 document (threat/threat_model.hpp), one per
-- project; revision counts the saves.
CREATE TABLE device_threat_models (
  project_id INTEGER PRIMARY KEY REFERENCES device_projects (id),
  document   TEXT NOT NULL,
  revision   INTEGER NOT NULL,
  updated_by INTEGER NOT NULL REFERENCES users (id),
  updated_at TEXT NOT NULL
);

-- The test item catalogue the admin maintains; a fresh database starts from data/devices/test_items.json.
CREATE TABLE device_test_catalogue (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  code         TEXT NOT NULL UNIQUE CHECK (code <> ''),
  title_ja     TEXT NOT NULL CHECK (title_ja <> ''),
  title_en     TEXT NOT NULL CHECK (title_en <> ''),
  method_ja    TEXT NOT NULL DEFAULT '',
  method_en    TEXT NOT NULL DEFAULT '',
  tools        TEXT NOT NULL DEFAULT '',
  evidence_ja  TEXT NOT NULL DEFAULT '',
  evidence_en  TEXT NOT NULL DEFAULT '',
  stride       TEXT NOT NULL DEFAULT '[]',
  interfaces   TEXT NOT NULL DEFAULT '[]',
  requirements TEXT NOT NULL DEFAULT '[]',
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_at   TEXT NOT NULL
);

-- A project's test items: from the catalogue (catalogue_code) or the provider's own, each tied to
-- the threats (Threat Dragon threat ids) it tests.
CREATE TABLE device_test_items (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     INTEGER NOT NULL REFERENCES device_projects (id),
  catalogue_code TEXT NOT NULL DEFAULT '',
  title          TEXT NOT NULL CHECK (title <> ''),
  method         TEXT NOT NULL DEFAULT '',
  tools          TEXT NOT NULL DEFAULT '',
  evidence       TEXT NOT NULL DEFAULT '',
  threats        TEXT NOT NULL DEFAULT '[]',
  status         TEXT NOT NULL CHECK (status IN ('planned', 'passed', 'failed', 'not_applicable')),
  result         TEXT NOT NULL DEFAULT '',
  updated_at     TEXT NOT NULL
);
CREATE INDEX device_test_items_project ON device_test_items (project_id);

CREATE TABLE device_findings (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id           INTEGER NOT NULL REFERENCES device_projects (id),
  number               INTEGER NOT NULL,
  title                TEXT NOT NULL CHECK (title <> ''),
  description          TEXT NOT NULL DEFAULT '',
  reproduction         TEXT NOT NULL DEFAULT '',
  test_item_id         INTEGER REFERENCES device_test_items (id),
  threat_id            TEXT NOT NULL DEFAULT '',
  cvss31               TEXT NOT NULL DEFAULT '',
  cvss40               TEXT NOT NULL DEFAULT '',
  maker_risk           TEXT NOT NULL DEFAULT '' CHECK (maker_risk IN ('', 'high', 'medium', 'low')),
  response             TEXT NOT NULL DEFAULT '' CHECK (response IN ('', 'fix', 'mitigate', 'accept', 'not_applicable')),
  response_note        TEXT NOT NULL DEFAULT '',
  retest               TEXT NOT NULL DEFAULT 'not_retested'
                       CHECK (retest IN ('not_retested', 'fixed', 'partially_fixed', 'not_fixed')),
  retest_note          TEXT NOT NULL DEFAULT '',
  retested_at          TEXT NOT NULL DEFAULT '',
  withheld             INTEGER NOT NULL DEFAULT 1 CHECK (withheld IN (0, 1)),
  disclose_on          TEXT NOT NULL DEFAULT '',
  disclose_proposed_by TEXT NOT NULL DEFAULT '' CHECK (disclose_proposed_by IN ('', 'maker', 'provider')),
  disclose_agreed      INTEGER NOT NULL DEFAULT 0 CHECK (disclose_agreed IN (0, 1)),
  created_by           INTEGER NOT NULL REFERENCES users (id),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  UNIQUE (project_id, number)
);

-- Design documents, SBOMs and evidence files (evidence belongs to a finding).
CREATE TABLE device_documents (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id   INTEGER NOT NULL REFERENCES device_projects (id),
  finding_id   INTEGER REFERENCES device_findings (id),
  kind         TEXT NOT NULL CHECK (kind IN ('design', 'sbom', 'manual', 'other', 'evidence')),
  name         TEXT NOT NULL CHECK (name <> ''),
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  content      BLOB NOT NULL,
  uploaded_by  INTEGER NOT NULL REFERENCES users (id),
  uploaded_at  TEXT NOT NULL
);
CREATE INDEX device_documents_project ON device_documents (project_id);

-- The provider's checklist against a baseline (ETSI EN 303 645, JC-STAR ★1): one row per
-- requirement assessed.
CREATE TABLE device_checklist (
  project_id INTEGER NOT NULL REFERENCES device_projects (id),
  baseline   TEXT NOT NULL,
  code       TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('met', 'not_met', 'not_applicable', 'not_assessed')),
  note       TEXT NOT NULL DEFAULT '',
  updated_by INTEGER NOT NULL REFERENCES users (id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (project_id, baseline, code)
);

-- A verification provider's public profile (an organisation providing a 機器検証 service).
CREATE TABLE provider_profiles (
  org_id       INTEGER PRIMARY KEY REFERENCES organisations (id),
  intro        TEXT NOT NULL DEFAULT '',
  device_kinds TEXT NOT NULL DEFAULT '[]',
  techniques   TEXT NOT NULL DEFAULT '[]',
  skills       TEXT NOT NULL DEFAULT '{}',
  tools        TEXT NOT NULL DEFAULT '',
  lab          TEXT NOT NULL DEFAULT '',
  trust        TEXT NOT NULL DEFAULT '{}',
  published    INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  updated_by   INTEGER NOT NULL REFERENCES users (id),
  updated_at   TEXT NOT NULL
);
