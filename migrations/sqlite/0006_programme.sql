-- The product verification programme, part 1: the field map (重要分野マップ) with its public
-- history, calls for applications (公募) with their questions and review criteria, vendors'
-- applications (応募) and their attachments, and the committee (reviewers, declarations of
-- conflicts of interest, reviews and scores, declared relationships).
-- Times are UTC ISO 8601 text; NULL is "none". opens_at / closes_at are unix seconds.

CREATE TABLE fields (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name_ja     TEXT NOT NULL CHECK (name_ja <> ''),
  name_en     TEXT NOT NULL CHECK (name_en <> ''),
  description TEXT NOT NULL DEFAULT '',
  rationale   TEXT NOT NULL DEFAULT '',  -- market size, where Japanese products can be strong
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  reviewed_fy INTEGER CHECK (reviewed_fy BETWEEN 2000 AND 2100),  -- fiscal year of the last review
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- The public, dated history of each field.
CREATE TABLE field_events (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  field_id INTEGER NOT NULL REFERENCES fields (id),
  at       TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('created', 'changed', 'retired', 'reactivated')),
  detail   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
CREATE INDEX field_events_field ON field_events (field_id, id);

-- The state stored is draft, open or decided; "closed" is an open call past closes_at.
CREATE TABLE calls (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  title       TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',  -- 公募要領
  eligibility TEXT NOT NULL DEFAULT '',
  opens_at    INTEGER,
  closes_at   INTEGER,
  quorum      INTEGER NOT NULL DEFAULT 2 CHECK (quorum BETWEEN 1 AND 50),
  state       TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'decided')),
  created_at  TEXT NOT NULL,
  opened_at   TEXT,
  decided_at  TEXT
);

CREATE TABLE call_fields (
  call_id  INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  field_id INTEGER NOT NULL REFERENCES fields (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (call_id, field_id)
);
CREATE INDEX call_fields_field ON call_fields (field_id);

CREATE TABLE call_questions (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id  INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('text', 'single_choice', 'multiple_choice', 'file')),
  prompt   TEXT NOT NULL,
  options  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(options) AND json_type(options) = 'array'),
  required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1))
);
CREATE INDEX call_questions_call ON call_questions (call_id, position);

-- Fixed before the call opens (事前に審査基準を定める).
CREATE TABLE call_criteria (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id     INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  weight      INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100)
);
CREATE INDEX call_criteria_call ON call_criteria (call_id, position);

-- field_ids: JSON array of field ids; deployment: JSON array of deployment-form codes;
-- answers: JSON object {"<question id>": "text" | ["a", "b"] | <attachment id>}.
CREATE TABLE applications (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id         INTEGER NOT NULL REFERENCES calls (id),
  vendor_org_id   INTEGER NOT NULL REFERENCES organisations (id),
  created_by      INTEGER NOT NULL REFERENCES users (id),
  state           TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'withdrawn')),
  product_name    TEXT NOT NULL DEFAULT '',
  product_version TEXT NOT NULL DEFAULT '',
  overview        TEXT NOT NULL DEFAULT '',
  field_ids       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(field_ids) AND json_type(field_ids) = 'array'),
  deployment      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(deployment) AND json_type(deployment) = 'array'),
  homepage        TEXT NOT NULL DEFAULT '',
  answers         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers) AND json_type(answers) = 'object'),
  outcome         TEXT CHECK (outcome IN ('selected', 'not_selected')),
  rationale       TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  submitted_at    TEXT,
  withdrawn_at    TEXT,
  decided_at      TEXT
);
CREATE INDEX applications_call ON applications (call_id);
CREATE INDEX applications_vendor ON applications (vendor_org_id);

-- Attachment bytes, once per SHA-256 (hex).
CREATE TABLE attachment_blobs (
  sha256  TEXT PRIMARY KEY,
  size    INTEGER NOT NULL,
  content BLOB NOT NULL
);

CREATE TABLE attachments (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  filename       TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  size           INTEGER NOT NULL,
  sha256         TEXT NOT NULL REFERENCES attachment_blobs (sha256),
  uploaded_by    INTEGER NOT NULL REFERENCES users (id),
  uploaded_at    TEXT NOT NULL
);
CREATE INDEX attachments_application ON attachments (application_id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- A call's committee; position keeps the order of appointment. appointed_by is NULL when the
-- appointment was not made by an account (the CLI).
CREATE TABLE call_reviewers (
  call_id      INTEGER NOT NULL REFERENCES calls (id),
  user_id      INTEGER NOT NULL REFERENCES users (id),
  appointed_by INTEGER REFERENCES users (id),
  appointed_at TEXT NOT NULL,
  position     INTEGER NOT NULL,
  PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_reviewers_user ON call_reviewers (user_id);

-- A reviewer's own declaration of a conflict of interest, per application.
CREATE TABLE declarations (
  application_id INTEGER NOT NULL REFERENCES applications (id),
  reviewer_id    INTEGER NOT NULL REFERENCES users (id),
  conflict       INTEGER NOT NULL CHECK (conflict IN (0, 1)),
  reason         TEXT NOT NULL DEFAULT '',
  declared_at    TEXT NOT NULL,
  PRIMARY KEY (application_id, reviewer_id)
);

CREATE TABLE reviews (
  application_id INTEGER NOT NULL REFERENCES applications (id),
  reviewer_id    INTEGER NOT NULL REFERENCES users (id),
  comment        TEXT NOT NULL DEFAULT '',
  submitted_at   TEXT NOT NULL,
  PRIMARY KEY (application_id, reviewer_id)
);

CREATE TABLE review_scores (
  application_id INTEGER NOT NULL,
  reviewer_id    INTEGER NOT NULL,
  criterion_id   INTEGER NOT NULL REFERENCES call_criteria (id),
  score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  PRIMARY KEY (application_id, reviewer_id, criterion_id),
  FOREIGN KEY (application_id, reviewer_id) REFERENCES reviews (application_id, reviewer_id) ON DELETE CASCADE
);
CREATE INDEX review_scores_criterion ON review_scores (criterion_id);

-- Organisations a reviewer has a relationship with: every application of one is a conflict.
CREATE TABLE reviewer_relationships (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  reviewer_id     INTEGER NOT NULL REFERENCES users (id),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  note            TEXT NOT NULL DEFAULT '',
  declared_at     TEXT NOT NULL,
  UNIQUE (reviewer_id, organisation_id)
);

-- The seven fields the expert committee (有識者会議) chose in fiscal 2020, each with its
-- 'created' event at the time of this migration.
INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at)
  VALUES ('脅威の可視化', 'Threat visibility',
          '組織のネットワークや端末で起きている攻撃や不審な通信を検知し、分かる形で示す製品の分野。',
          '攻撃の巧妙化で検知と可視化の需要が伸びている。国内の通信環境や利用実態に合わせた分析と、日本語での分かりやすい提示で国産製品が強みを出せる。',
          'active', 2020, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at)
  VALUES ('脆弱性の可視化', 'Vulnerability visibility',
          'ソフトウェアや機器、OSS の既知の脆弱性を見つけ、対応すべきものを分かる形で示す製品の分野。',
          'OSS の利用拡大で脆弱性管理の需要が大きい。国内の製品や利用環境の情報に通じ、日本語で対応手順まで示せる点で国産製品が強みを出せる。',
          'active', 2020, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at)
  VALUES ('IT資産管理', 'IT asset management',
          '組織が持つ端末、ソフトウェア、クラウド利用などの IT 資産を把握し、管理する製品の分野。',
          '資産の把握はあらゆる対策の前提で、中小企業を含め導入先が多い。国内で長く使われている製品があり、国内の運用や商習慣に合わせた機能で強みを出せる。',
          'active', 2020, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at)
  VALUES ('脅威インテリジェンスの整理・管理', 'Organising and managing threat intelligence',
          '攻撃者や手口、攻撃の痕跡などの脅威情報を集め、整理し、対策に使える形で管理する製品の分野。',
          '海外製品が多いが、日本を狙う攻撃の情報や日本語の情報源は国内の事業者が集めやすく、国産製品が強みを出せる。',
          'active', 2020, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at)
  VALUES ('マルウェア感染/被害の重篤度判定', 'Judging the severity of malware infection and damage',
          'マルウェアへの感染の有無と被害の範囲や深刻さを判定し、対応の優先度を決める助けとなる製品の分野。',
          'インシデント対応の人手不足から、判定を速め負担を減らす製品の需要がある。国内の事案や対応体制に即した判定で国産製品が強みを出せる。',
          'active', 2020, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at)
  VALUES ('教育・トレーニング', 'Education and training',
          'セキュリティ人材や従業員の知識と対応力を高める教材、演習、訓練の製品やサービスの分野。',
          'セキュリティ人材の不足が続き、需要が大きい。日本語の教材と国内の組織や制度に合わせた演習で国産製品が強みを出せる。',
          'active', 2020, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at)
  VALUES ('ハイレベルセキュリティ検証', 'High-level security verification',
          '高度な攻撃を想定して、システムや製品の安全性を専門的に検証する製品やサービスの分野。',
          '重要インフラや高度な攻撃への備えで需要が高まっている。国内の専門家の技術力を生かせ、国産製品が強みを出せる。',
          'active', 2020, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO field_events (field_id, at, kind, detail)
  SELECT id, created_at, 'created', '{}' FROM fields ORDER BY id;
