-- The bulk import of young people (issue 5, docs/import.md): a fingerprint of what the last
-- import set on a profile (participants::ContentHash, 16 hex digits), and the updated_at it was
-- taken at. When updated_at has moved on since (the person or another write changed the
-- profile), the fingerprint no longer counts and the next import compares the stored profile
-- itself. Lets a re-import tell unchanged profiles apart without reading their child rows.
ALTER TABLE participants ADD COLUMN content_hash TEXT;
ALTER TABLE participants ADD COLUMN content_hash_at BIGINT;
