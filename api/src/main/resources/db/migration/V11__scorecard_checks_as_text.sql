-- A result's checks are written whole and read whole, never queried inside (the roll-up's pass rates
-- read the compact states): as jsonb, parsing them on every write was the largest part of a cold
-- evaluation's insert, and printing them back the largest part of reading a page of results.
ALTER TABLE scorecard_results ALTER COLUMN checks TYPE text USING CAST(checks AS text);

-- Results are looked up by entity far more than by scorecard: the primary key leads with the entity,
-- and the entity's own index, which a write then also had to update, goes.
ALTER TABLE scorecard_results DROP CONSTRAINT scorecard_results_pkey;
ALTER TABLE scorecard_results ADD PRIMARY KEY (entity_key, scorecard);
DROP INDEX scorecard_results_entity;
