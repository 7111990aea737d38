-- The Location files through which an entity's file was reached, root first: when one of them
-- cannot be read or parsed, a run keeps the entity instead of deleting it.
ALTER TABLE entities ADD COLUMN via text[] NOT NULL DEFAULT '{}';
