-- Messages between organisations and young people (SPEC F5, F13; ADR 0014). One thread per
-- organisation, person and opportunity; its posts are the organisation's, the person's, or
-- notices of an offer's steps (a catalogue key and its arguments as JSON [name, value] pairs,
-- rendered in each reader's language). Everything of a person goes when the person is erased.
CREATE TABLE contact_threads (
  id {{ID}},
  oid TEXT NOT NULL REFERENCES organisations (oid),
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  -- the organisation may see the person's e-mail and family name: set when the person replies
  -- in the thread or accepts an offer of the organisation
  shared INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_post_at BIGINT NOT NULL,
  UNIQUE (oid, participant_id, opportunity_id)
);
-- the organisation's list and the person's inbox, latest first
CREATE INDEX contact_threads_organisation ON contact_threads (oid, last_post_at);
CREATE INDEX contact_threads_participant ON contact_threads (participant_id, last_post_at);

CREATE TABLE contact_posts (
  id {{ID}},
  thread_id BIGINT NOT NULL REFERENCES contact_threads (id) ON DELETE CASCADE,
  author TEXT NOT NULL CHECK (author IN ('organisation', 'participant', 'notice')),
  staff_email TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  notice_key TEXT NOT NULL DEFAULT '',
  notice_args TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL
);
-- a thread's posts in order; the organisation's posts of the last hour (its allowance)
CREATE INDEX contact_posts_thread ON contact_posts (thread_id, created_at);

-- How far each side has read a thread: the last post seen.
CREATE TABLE contact_reads (
  thread_id BIGINT NOT NULL REFERENCES contact_threads (id) ON DELETE CASCADE,
  reader TEXT NOT NULL CHECK (reader IN ('organisation', 'participant')),
  post_id BIGINT NOT NULL,
  PRIMARY KEY (thread_id, reader)
);

-- Organisations a person does not want to hear from.
CREATE TABLE contact_blocks (
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  oid TEXT NOT NULL REFERENCES organisations (oid),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (participant_id, oid)
);
