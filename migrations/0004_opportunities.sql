-- Opportunities organisations recruit for (SPEC F8).

CREATE TABLE opportunities (
  id {{ID}},
  oid TEXT NOT NULL REFERENCES organisations (oid),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  activity_type TEXT NOT NULL,
  country TEXT NOT NULL,
  town TEXT NOT NULL,
  start_date TEXT,
  end_date TEXT,
  places INTEGER NOT NULL,
  application_deadline TEXT,
  participant_profile TEXT NOT NULL DEFAULT '',
  practical_arrangements TEXT NOT NULL DEFAULT '',
  training TEXT NOT NULL DEFAULT '',
  contact_person TEXT NOT NULL DEFAULT '',
  grant_reference TEXT NOT NULL DEFAULT '',
  asks_cv INTEGER NOT NULL DEFAULT 0,
  asks_motivation INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX opportunities_oid ON opportunities (oid);
CREATE INDEX opportunities_status ON opportunities (status);

-- topics, eligible countries of residence (none listed: every country) and wanted skills
CREATE TABLE opportunity_codes (
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('topic', 'residence', 'skill')),
  code TEXT NOT NULL,
  PRIMARY KEY (opportunity_id, kind, code)
);

CREATE TABLE opportunity_languages (
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native')),
  PRIMARY KEY (opportunity_id, code)
);
