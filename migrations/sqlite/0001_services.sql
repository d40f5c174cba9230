-- The registry of services that passed audit against the Information Security Service Standard.
-- Lists (industries, regions) are JSON arrays of strings.
CREATE TABLE services (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL CHECK (name <> ''),
  provider      TEXT NOT NULL CHECK (provider <> ''),
  address       TEXT NOT NULL,
  prefecture    TEXT NOT NULL,
  overview      TEXT NOT NULL DEFAULT '',
  industries    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(industries)),
  regions       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(regions)),
  registered_on TEXT NOT NULL,
  expires_on    TEXT NOT NULL CHECK (expires_on >= registered_on),
  registrar     TEXT NOT NULL,
  type          TEXT NOT NULL CHECK (type IN ('audit', 'vulnerability_assessment',
                  'penetration_test', 'forensics', 'monitoring', 'device_verification')),
  url           TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (name, provider)
);
CREATE INDEX services_registrar ON services (registrar);

-- Instance-wide settings, e.g. sample_data = 1 when the bundled demo data was loaded.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
