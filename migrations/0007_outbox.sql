-- The e-mail outbox (ADR 0008): a change enqueues its mail in the same transaction; the sender
-- of any node claims due messages for a while (claimed_until), sends them and records the
-- outcome. Timestamps are milliseconds since 1970 (UTC); claimed_until 0 means unclaimed.
-- A message the sender gave up on keeps sent_at NULL and gets the largest next_attempt_at.

CREATE TABLE outbox (
  id {{ID}},
  recipient TEXT NOT NULL,
  recipient_name TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  lang TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_until BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT,
  last_error TEXT NOT NULL DEFAULT ''
);
-- The claim: unsent messages by due time. Sent ones, nearly all rows in time, stay out of it.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
-- The administrators' page, newest first.
CREATE INDEX outbox_created ON outbox (created_at);
