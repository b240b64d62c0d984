-- Offers and the placements accepted offers become (issue 8, SPEC F14, F15), and the feed of
-- their changes the grant-management system reads (F20). An offer keeps the grant reference it
-- was sent with; the person's reference, names and e-mail are read from participants, so an
-- erasure (which deletes the person's offers, keeping placements pseudonymised in
-- erased_placements) leaves nothing behind.
CREATE TABLE offers (
  id {{ID}},
  oid TEXT NOT NULL REFERENCES organisations (oid),
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
  grant_reference TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  answer_by TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  staff_email TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'accepted', 'declined', 'withdrawn',
                                       'expired', 'cancelled')),
  reason TEXT NOT NULL DEFAULT '',
  cancelled_by TEXT NOT NULL DEFAULT '',
  cross_border INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  decided_at BIGINT,
  cancelled_at BIGINT,
  outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'completed', 'ended_early')),
  actual_end TEXT,
  end_reason TEXT NOT NULL DEFAULT '',
  certificate_issued_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX offers_oid ON offers (oid);
CREATE INDEX offers_participant ON offers (participant_id);
CREATE INDEX offers_due ON offers (state, answer_by);
CREATE INDEX offers_decided ON offers (state, decided_at);

-- One row per change of a sent-or-later offer, numbered in commit order (writers take a lock on
-- this table before appending, so a reader never sees number n+1 before n).
CREATE TABLE offer_changes (
  seq {{ID}},
  offer_id BIGINT NOT NULL,
  grant_reference TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX offer_changes_project ON offer_changes (grant_reference, seq);
