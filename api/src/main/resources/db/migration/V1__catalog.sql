-- The catalog: entities, the relations they emit, the problems found while reading them,
-- and a record of every source run.

-- Turns a JSON array of strings into text[]; IMMUTABLE so generated columns can use it.
CREATE FUNCTION stagehand_text_array(j jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN jsonb_typeof(j) = 'array'
               THEN ARRAY(SELECT jsonb_array_elements_text(j))
               ELSE '{}'::text[] END $$;

CREATE TABLE entities (
    -- the whole ref lower-cased: case-insensitive identity, unique per kind and namespace
    entity_key   text PRIMARY KEY,
    -- the ref as Backstage prints it (kind and namespace lower-cased, name as written)
    ref          text NOT NULL,
    descriptor   jsonb NOT NULL,
    source       text NOT NULL,
    location     text NOT NULL,
    line         integer NOT NULL DEFAULT 0,
    content_hash text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    kind         text GENERATED ALWAYS AS (descriptor ->> 'kind') STORED,
    namespace    text GENERATED ALWAYS AS (lower(descriptor -> 'metadata' ->> 'namespace')) STORED,
    name         text GENERATED ALWAYS AS (descriptor -> 'metadata' ->> 'name') STORED,
    title        text GENERATED ALWAYS AS (descriptor -> 'metadata' ->> 'title') STORED,
    description  text GENERATED ALWAYS AS (descriptor -> 'metadata' ->> 'description') STORED,
    spec_type    text GENERATED ALWAYS AS (descriptor -> 'spec' ->> 'type') STORED,
    lifecycle    text GENERATED ALWAYS AS (descriptor -> 'spec' ->> 'lifecycle') STORED,
    tags         text[] GENERATED ALWAYS AS (stagehand_text_array(descriptor -> 'metadata' -> 'tags')) STORED,
    search       tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('simple', coalesce(descriptor -> 'metadata' ->> 'name', '')), 'A') ||
                     setweight(to_tsvector('simple', coalesce(descriptor -> 'metadata' ->> 'title', '')), 'B') ||
                     setweight(to_tsvector('english', coalesce(descriptor -> 'metadata' ->> 'description', '')), 'C')) STORED
);

CREATE INDEX entities_kind_name ON entities (lower(kind), lower(name), entity_key);
CREATE INDEX entities_source ON entities (source, location);
CREATE INDEX entities_tags ON entities USING gin (tags);
CREATE INDEX entities_search ON entities USING gin (search);
CREATE INDEX entities_metadata ON entities USING gin ((descriptor -> 'metadata') jsonb_path_ops);

-- Every relation is stored once per entity that emitted it (origin); an entity's relations are
-- those whose source is that entity, whichever entity emitted them, as in Backstage.
CREATE TABLE relations (
    origin_key text NOT NULL REFERENCES entities (entity_key) ON DELETE CASCADE,
    source_key text NOT NULL,
    source_ref text NOT NULL,
    type       text NOT NULL,
    target_key text NOT NULL,
    target_ref text NOT NULL,
    PRIMARY KEY (origin_key, source_key, type, target_key)
);

CREATE INDEX relations_source ON relations (source_key, type, target_key);
CREATE INDEX relations_target ON relations (target_key, type, source_key);

CREATE TABLE runs (
    id          bigserial PRIMARY KEY,
    source      text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      text NOT NULL,
    commit_id   text,
    files_read  integer NOT NULL DEFAULT 0,
    entities_read integer NOT NULL DEFAULT 0,
    changed     integer NOT NULL DEFAULT 0,
    deleted     integer NOT NULL DEFAULT 0,
    failed      integer NOT NULL DEFAULT 0,
    message     text
);

CREATE INDEX runs_source ON runs (source, id DESC);

-- Problems of the latest completed run of each source (plus failures of later failed runs).
CREATE TABLE problems (
    id         bigserial PRIMARY KEY,
    source     text NOT NULL,
    run_id     bigint REFERENCES runs (id) ON DELETE SET NULL,
    severity   text NOT NULL,
    location   text NOT NULL,
    line       integer NOT NULL DEFAULT 0,
    entity_ref text,
    message    text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX problems_source ON problems (source);
CREATE INDEX problems_entity ON problems (lower(entity_ref));
