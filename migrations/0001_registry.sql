-- The access registry (SPEC R1-R3, R6): organisations, their authorisations, the staff listed in
-- them, staff nominations under associated programmes, and the people who sign in.
-- Timestamps are milliseconds since 1970 (UTC); dates are 'YYYY-MM-DD' text.

CREATE TABLE organisations (
  oid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE authorisations (
  id {{ID}},
  reference TEXT NOT NULL UNIQUE,
  oid TEXT NOT NULL REFERENCES organisations (oid),
  kind TEXT NOT NULL CHECK (kind IN ('quality_label', 'evs_accreditation',
                                     'euav_certification', 'programme_approval')),
  issuer TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
  status_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX authorisations_oid ON authorisations (oid);

-- email_key is the e-mail trimmed and lower-cased: what a sign-in is matched against (R2).
-- source tells who put the entry there: an import replaces only its own entries.
CREATE TABLE staff_listings (
  id {{ID}},
  authorisation_id BIGINT NOT NULL REFERENCES authorisations (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  name TEXT NOT NULL,
  staff_function TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('import', 'officer', 'nomination')),
  created_at BIGINT NOT NULL,
  UNIQUE (authorisation_id, email_key)
);
CREATE INDEX staff_listings_email ON staff_listings (email_key);

CREATE TABLE people (
  id {{ID}},
  sub TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL,
  email_verified INTEGER NOT NULL DEFAULT 0,
  given_name TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  assurance_level TEXT NOT NULL DEFAULT '',
  first_seen_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);
CREATE INDEX people_email ON people (email);

-- R3: staff an organisation nominates under a programme approval, decided by the DG.
CREATE TABLE nominations (
  id {{ID}},
  authorisation_id BIGINT NOT NULL REFERENCES authorisations (id),
  representative_name TEXT NOT NULL,
  representative_email TEXT NOT NULL,
  staff_name TEXT NOT NULL,
  staff_email TEXT NOT NULL,
  staff_function TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('unconfirmed', 'pending', 'approved', 'rejected', 'withdrawn')),
  submitted_by TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at BIGINT,
  decision_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX nominations_authorisation ON nominations (authorisation_id);

-- R7: who did what, when and why. Rows are only ever added (see 0002).
CREATE TABLE audit_log (
  id {{ID}},
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  oid TEXT,
  subject TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_oid ON audit_log (oid, at);
CREATE INDEX audit_log_at ON audit_log (at);
