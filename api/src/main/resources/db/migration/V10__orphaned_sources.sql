-- Sources that still hold entities but are no longer configured, and since when: their entities are
-- deleted once stagehand.ingest.orphan-grace-period has passed, unless a configured source takes them over.
CREATE TABLE orphaned_sources (
    source text PRIMARY KEY,
    since  timestamptz NOT NULL DEFAULT now()
);
