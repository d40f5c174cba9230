-- Trial-deployment cases (試行導入・導入実績公表): a published product's deployment at a user
-- organisation, each side's consent with its checklist, and the case's history. A case's state
-- is derived from its consents (domain/programme/deployment_case.hpp), never stored.
-- Times are UTC ISO 8601 text; NULL is "none". Checklist answers are 0 or 1.

CREATE TABLE cases (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id       INTEGER NOT NULL REFERENCES products (id),
  vendor_org_id    INTEGER NOT NULL REFERENCES organisations (id),
  user_org_id      INTEGER NOT NULL REFERENCES organisations (id),
  proposed_by      TEXT NOT NULL CHECK (proposed_by IN ('vendor', 'user')),
  proposer_id      INTEGER NOT NULL REFERENCES users (id),
  user_org_name    TEXT NOT NULL CHECK (user_org_name <> ''),
  anonymised_label TEXT NOT NULL CHECK (anonymised_label <> ''),
  industry         TEXT NOT NULL,
  company_size     TEXT NOT NULL CHECK (company_size IN ('micro', 'small', 'medium', 'large')),
  period           TEXT NOT NULL,
  deployed         TEXT NOT NULL,
  results          TEXT NOT NULL,
  figures          TEXT NOT NULL DEFAULT '[]',  -- JSON: [{"label", "value", "unit"}]
  quote            TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  published_at     TEXT,  -- since when it is published; NULL while it is not
  withdrawn_at     TEXT,  -- the latest withdrawal from publication
  withdrawn_by     TEXT CHECK (withdrawn_by IN ('vendor', 'user')),
  CHECK (vendor_org_id <> user_org_id)
);
CREATE INDEX cases_product ON cases (product_id);
CREATE INDEX cases_vendor ON cases (vendor_org_id);
CREATE INDEX cases_user ON cases (user_org_id);

-- A side's standing consent with its checklist; the row goes when the consent is withdrawn or
-- reset by a change.
CREATE TABLE case_consents (
  case_id                         INTEGER NOT NULL REFERENCES cases (id),
  party                           TEXT NOT NULL CHECK (party IN ('vendor', 'user')),
  merits_and_drawbacks_considered INTEGER NOT NULL CHECK (merits_and_drawbacks_considered IN (0, 1)),
  disclose_company_name           INTEGER NOT NULL CHECK (disclose_company_name IN (0, 1)),
  disclose_industry               INTEGER NOT NULL CHECK (disclose_industry IN (0, 1)),
  disclose_size                   INTEGER NOT NULL CHECK (disclose_size IN (0, 1)),
  disclose_figures                INTEGER NOT NULL CHECK (disclose_figures IN (0, 1)),
  disclose_quote                  INTEGER NOT NULL CHECK (disclose_quote IN (0, 1)),
  internal_approval_obtained      INTEGER NOT NULL CHECK (internal_approval_obtained IN (0, 1)),
  stakeholders_coordinated        INTEGER NOT NULL CHECK (stakeholders_coordinated IN (0, 1)),
  consented_at                    TEXT NOT NULL,
  consented_by                    INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (case_id, party)
);

-- The history: proposals, changes, consents, publications, withdrawals (who and when).
-- user_id is NULL for what followed from another event (a publication, an unpublication).
CREATE TABLE case_events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER NOT NULL REFERENCES cases (id),
  at      TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('proposed', 'changed', 'consented', 'published', 'withdrawn', 'unpublished')),
  party   TEXT CHECK (party IN ('vendor', 'user')),
  user_id INTEGER REFERENCES users (id),
  detail  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events (case_id, id);
