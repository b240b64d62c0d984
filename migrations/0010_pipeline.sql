-- Opportunities as staff publish them (SPEC F8), the organisation's own description (F7), and
-- applications and the candidate pipeline (F4, F12).

-- Wanted languages and skills are preferences unless the organisation names the task that needs
-- them (fair selection).
ALTER TABLE opportunities ADD COLUMN languages_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE opportunities ADD COLUMN skills_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE opportunities ADD COLUMN requirement_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE opportunities ADD COLUMN published_at BIGINT;
-- why it closed: 'closed' (by staff), 'deadline', 'ended' (by the daily job)
ALTER TABLE opportunities ADD COLUMN closed_because TEXT NOT NULL DEFAULT '';
-- Written with every save: the town case-folded for the filter, and the last day applications
-- are taken (the deadline, else 14 days before the start: R11; NULL when rolling and flexible).
ALTER TABLE opportunities ADD COLUMN town_key TEXT NOT NULL DEFAULT '';
ALTER TABLE opportunities ADD COLUMN last_application_day TEXT;
UPDATE opportunities SET town_key = lower(town), last_application_day = application_deadline;
CREATE INDEX opportunities_open ON opportunities (status, last_application_day);

CREATE TABLE organisation_profiles (
  oid TEXT PRIMARY KEY REFERENCES organisations (oid),
  description TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);

-- hosting locations, in the organisation's order
CREATE TABLE organisation_locations (
  oid TEXT NOT NULL REFERENCES organisations (oid),
  position INTEGER NOT NULL,
  town TEXT NOT NULL,
  country TEXT NOT NULL,
  PRIMARY KEY (oid, position)
);

-- One row per candidate of an opportunity: an application, or a person the organisation
-- shortlisted. The person's rows go when the person is erased.
CREATE TABLE pipeline_entries (
  id {{ID}},
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  applied INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  motivation TEXT NOT NULL DEFAULT '',
  share_cv INTEGER NOT NULL DEFAULT 0,
  applied_at BIGINT,
  stage TEXT NOT NULL CHECK (stage IN ('new', 'shortlisted', 'contacted', 'interview', 'offered',
                                       'matched', 'not_selected', 'withdrawn')),
  reason TEXT NOT NULL DEFAULT '',
  reason_text TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (opportunity_id, participant_id)
);
CREATE INDEX pipeline_entries_participant ON pipeline_entries (participant_id);

-- the organisation's private tags and notes (never shown to the person)
CREATE TABLE pipeline_tags (
  entry_id BIGINT NOT NULL REFERENCES pipeline_entries (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (entry_id, tag)
);

CREATE TABLE pipeline_notes (
  id {{ID}},
  entry_id BIGINT NOT NULL REFERENCES pipeline_entries (id) ON DELETE CASCADE,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX pipeline_notes_entry ON pipeline_notes (entry_id);
