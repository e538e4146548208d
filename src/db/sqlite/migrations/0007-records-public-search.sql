-- 0007: a record's search text as the public may search it: only its
-- public fields.  Without it the public could find a placement agency by
-- the name of an owner it may not see.  The officers' searchable fields
-- are all public, so their text is the same.
ALTER TABLE records ADD COLUMN search_public TEXT NOT NULL DEFAULT '';
UPDATE records SET search_public = search WHERE type = 'officers';
