-- Server-side sessions (their ids are stored only as SHA-256 hashes) and sign-ins in progress:
-- the state, nonce and PKCE verifier of one authorization request, bound to one browser.

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  id_token TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE pending_logins (
  state_hash TEXT PRIMARY KEY,
  binding_hash TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  next_path TEXT NOT NULL DEFAULT '/',
  created_at BIGINT NOT NULL
);
CREATE INDEX pending_logins_created ON pending_logins (created_at);
