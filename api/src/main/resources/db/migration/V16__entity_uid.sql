-- Every entity gets a uid, as Backstage's have: Backstage's own metadata.uid for entities mirrored from
-- a Backstage source, otherwise one minted when the entity is first stored and kept across updates.
-- Existing rows are back-filled the same way. Not unique: two Backstage sources could mirror one uid,
-- and a lookup by uid must not let one source's data break another's writes.
ALTER TABLE entities ADD COLUMN uid text;
-- Only rows mirrored from Backstage (read at its by-name endpoint) keep the uid of their descriptor: a
-- catalog file's metadata.uid is its author's text, which must not let it pose as another entity.
UPDATE entities SET uid = CASE WHEN location LIKE 'url:%/api/catalog/entities/by-name/%'
                                    AND jsonb_typeof(descriptor -> 'metadata' -> 'uid') = 'string'
                                    AND length(descriptor -> 'metadata' ->> 'uid') BETWEEN 1 AND 200
                               THEN descriptor -> 'metadata' ->> 'uid'
                               ELSE gen_random_uuid()::text END;
ALTER TABLE entities ALTER COLUMN uid SET DEFAULT gen_random_uuid()::text, ALTER COLUMN uid SET NOT NULL;
CREATE INDEX entities_uid ON entities (uid);
