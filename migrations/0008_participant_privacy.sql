-- The young people's side (issue 5): consent to a versioned privacy statement, sensitive answers
-- kept apart from the profile, the CV's particulars (the file itself lives outside the web root),
-- what organisations did with a profile (F6), retention of inactive profiles, what an erasure
-- keeps, and the change feed the search index follows.

ALTER TABLE participants ADD COLUMN consent_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE participants ADD COLUMN consented_at BIGINT;
ALTER TABLE participants ADD COLUMN registered_at BIGINT;
-- Set when the profile was hidden for inactivity and the warning mail queued; cleared by activity.
ALTER TABLE participants ADD COLUMN hidden_at BIGINT;
CREATE INDEX participants_last_active ON participants (last_active);
CREATE INDEX participants_hidden ON participants (hidden_at);

-- Self-declared fewer opportunities and support needs (F2): sensitive, so in their own table,
-- read only by the person's own pages and the eligibility rules; `shared` is the person's choice
-- to let organisations they apply to or talk with see them.
CREATE TABLE participant_sensitive (
  participant_id BIGINT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
  fewer_opportunities INTEGER NOT NULL DEFAULT 0,
  support_needs TEXT NOT NULL DEFAULT '',
  shared INTEGER NOT NULL DEFAULT 0
);
INSERT INTO participant_sensitive (participant_id, fewer_opportunities, support_needs)
  SELECT id, fewer_opportunities, support_needs FROM participants
  WHERE fewer_opportunities <> 0 OR support_needs <> '';
ALTER TABLE participants DROP COLUMN fewer_opportunities;
ALTER TABLE participants DROP COLUMN support_needs;

-- The CV (PDF): its particulars, and its bytes (base64) in cv_files under a random key, so every
-- portal node serves the same file and none of it is ever under the web root.
CREATE TABLE cv_files (
  storage_key TEXT PRIMARY KEY,
  content TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE participant_cvs (
  participant_id BIGINT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
  storage_key TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);

-- Who opened the full profile, downloaded the CV or wrote to the person, and when (F6).
CREATE TABLE participant_events (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('viewed', 'cv_downloaded', 'contacted')),
  oid TEXT NOT NULL,
  organisation_name TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX participant_events_participant ON participant_events (participant_id, at);

-- What an erasure keeps of earlier corps activities: the months counted for grants and audits,
-- under a pseudonym (a keyed hash of the reference) instead of the person.
CREATE TABLE erased_placements (
  pseudonym TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  activity_type TEXT NOT NULL,
  cross_border INTEGER NOT NULL DEFAULT 0,
  erased_at BIGINT NOT NULL
);
CREATE INDEX erased_placements_pseudonym ON erased_placements (pseudonym);

-- The change feed: one row per changed, hidden or erased profile, in commit order per writer.
-- The search index (issue 7) applies rows after the last sequence number it has seen.
CREATE TABLE participant_changes (
  seq {{ID}},
  reference TEXT NOT NULL,
  at BIGINT NOT NULL
);
