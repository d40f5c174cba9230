-- Registration numbers (issue 13): the number a registration body (審査登録機関) gives a service,
-- e.g. JASA-A-0123 or 第2024-015号; '' when it gave none. Stored NFKC-normalised and trimmed.
-- A number is unique within its registration body, case-insensitively (the same number under
-- another body is allowed); the index also serves the lookup of a number within a body.
ALTER TABLE services ADD COLUMN registration_number TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX services_registration_number ON services (registrar, lower(registration_number))
  WHERE registration_number <> '';
