-- Ownership by organisation id: the registration body and the provider of a service as rows of
-- organisations, kept by the store whenever a service is written or an organisation is created
-- (by name and kind). Authorization compares these ids, never names.
ALTER TABLE services ADD COLUMN registrar_org_id INTEGER REFERENCES organisations (id);
ALTER TABLE services ADD COLUMN provider_org_id INTEGER REFERENCES organisations (id);
UPDATE services SET
  registrar_org_id = (SELECT o.id FROM organisations o WHERE o.name = services.registrar AND o.kind = 'registration_body'),
  provider_org_id = (SELECT o.id FROM organisations o WHERE o.name = services.provider AND o.kind = 'vendor');
CREATE INDEX services_registrar_org ON services (registrar_org_id);
CREATE INDEX services_provider_org ON services (provider_org_id);
