-- The back office (issue 4): the programme a programme approval belongs to (the DG officers'
-- remit), officer roles bound by e-mail, nominations grouped per submission and confirmed by
-- their representative, and CSV uploads waiting for an officer to confirm the previewed import.

ALTER TABLE authorisations ADD COLUMN programme TEXT NOT NULL DEFAULT '';

-- A role is held by whoever signs in with a verified EU Login e-mail equal to email_key, like
-- staff access (R2, R4); country and programme are the remit of NA and DG officers.
CREATE TABLE officer_roles (
  id {{ID}},
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('administrator', 'na_officer', 'eacea_officer', 'dg_officer')),
  country TEXT NOT NULL DEFAULT '',
  programme TEXT NOT NULL DEFAULT '',
  granted_by TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  UNIQUE (email_key, role, country, programme)
);
CREATE INDEX officer_roles_email ON officer_roles (email_key);

-- batch groups the staff of one submission; confirm_hash is the SHA-256 of the token mailed to
-- the representative (empty once confirmed, or when staff with access submitted it).
ALTER TABLE nominations ADD COLUMN batch TEXT NOT NULL DEFAULT '';
ALTER TABLE nominations ADD COLUMN confirm_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE nominations ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
CREATE INDEX nominations_batch ON nominations (batch);
CREATE INDEX nominations_state ON nominations (state);

CREATE TABLE import_uploads (
  token_hash TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX import_uploads_created ON import_uploads (created_at);
