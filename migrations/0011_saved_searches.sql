-- Saved candidate searches and their daily alerts (issue 7, SPEC F11). A search belongs to one
-- staff member in one organisation; `query` is its parameters as in the search page's URL.
-- saved_search_seen holds the references matching at the last alert (at most 2,000 per search,
-- search::kMaxAlertMatches), so the next one names only people new to it; an erasure removes
-- the person from every list.
CREATE TABLE saved_searches (
  id {{ID}},
  oid TEXT NOT NULL,
  person_id BIGINT NOT NULL,
  email TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'en',
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  alert INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_alert_at BIGINT
);
CREATE INDEX saved_searches_owner ON saved_searches (oid, person_id);
CREATE INDEX saved_searches_alert ON saved_searches (alert);

CREATE TABLE saved_search_seen (
  saved_search_id BIGINT NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
  reference TEXT NOT NULL,
  PRIMARY KEY (saved_search_id, reference)
);
CREATE INDEX saved_search_seen_reference ON saved_search_seen (reference);
