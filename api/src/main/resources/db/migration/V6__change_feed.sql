-- The durable change feed: every entity a run created, updated or deleted, written in the run's
-- transaction. Runs write one at a time (the writers' advisory lock), so sequence numbers become
-- visible in order and a consumer that remembers the last one it handled misses nothing.
CREATE TABLE entity_changes (
    seq        bigserial PRIMARY KEY,
    source     text NOT NULL,
    entity_key text NOT NULL,
    ref        text NOT NULL,
    type       text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- Where each consumer of the feed (scorecard evaluation, ...) stopped reading.
CREATE TABLE feed_positions (
    consumer   text PRIMARY KEY,
    position   bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
