-- The young people's registry (SPEC F1-F3). Multi-valued profile fields live in child tables so
-- they can be indexed and searched; all of a participant's rows go when the participant goes.

CREATE TABLE participants (
  id {{ID}},
  reference TEXT NOT NULL UNIQUE,
  sub TEXT UNIQUE,
  email TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  residence TEXT NOT NULL,
  nationality TEXT NOT NULL DEFAULT '',
  contact_language TEXT NOT NULL DEFAULT 'en',
  experience TEXT NOT NULL DEFAULT '',
  motivation TEXT NOT NULL DEFAULT '',
  searchable INTEGER NOT NULL DEFAULT 0,
  fewer_opportunities INTEGER NOT NULL DEFAULT 0,
  support_needs TEXT NOT NULL DEFAULT '',
  last_active TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE participant_languages (
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native')),
  PRIMARY KEY (participant_id, code)
);

-- skills, topics, wanted activity types and destinations ('any' for every country)
CREATE TABLE participant_codes (
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('skill', 'topic', 'activity_type', 'destination')),
  code TEXT NOT NULL,
  PRIMARY KEY (participant_id, kind, code)
);

CREATE TABLE participant_availability (
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  available_from TEXT NOT NULL,
  available_to TEXT NOT NULL
);
CREATE INDEX participant_availability_participant ON participant_availability (participant_id);

-- Earlier corps activities, which count towards the 12-month limit (R10).
CREATE TABLE participant_placements (
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  activity_type TEXT NOT NULL,
  cross_border INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX participant_placements_participant ON participant_placements (participant_id);
