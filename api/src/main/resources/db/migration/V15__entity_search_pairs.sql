-- Backstage's search rows of each entity (its catalog's buildEntitySearch), written by the
-- application with the descriptor (SearchPairs): each key alone, and 'key=value' with the value as
-- written. Filters on any dot path match them lower-cased through the GIN index; orders and facets
-- read the values.
ALTER TABLE entities ADD COLUMN search_pairs text[] NOT NULL DEFAULT '{}';

-- Both sides of a match are lower-cased by PostgreSQL, so they fold case alike.
CREATE FUNCTION stagehand_lower(a text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CAST(lower(CAST(a AS text)) AS text[]) $$;

CREATE INDEX entities_search_pairs ON entities USING gin (stagehand_lower(search_pairs));

-- The entities stored before this migration get theirs here, once, by the same rules in SQL (too
-- slow to run on every write, fast enough for one upgrade); later writes bring their own.
CREATE FUNCTION pg_temp.search_rows(doc jsonb) RETURNS TABLE (key text, value text)
    LANGUAGE sql IMMUTABLE AS
$$
WITH RECURSIVE walk(path, node) AS (
    SELECT k, v FROM jsonb_each(CASE WHEN jsonb_typeof(doc) = 'object' THEN doc ELSE '{}' END) AS t(k, v)
    WHERE k NOT IN ('relations', 'status', 'attachments')
  UNION ALL
    SELECT c.path, c.node
    FROM walk w CROSS JOIN LATERAL (
        SELECT w.path || '.' || o.k AS path, o.v AS node
        FROM jsonb_each(CASE WHEN jsonb_typeof(w.node) = 'object' THEN w.node ELSE '{}' END) AS o(k, v)
      UNION ALL
        SELECT w.path, a.v
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.node) = 'array' THEN w.node ELSE '[]' END) AS a(v)
      UNION ALL
        SELECT w.path || '.' || (a.v #>> '{}'), 'true'::jsonb
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.node) = 'array' THEN w.node ELSE '[]' END) AS a(v)
        WHERE jsonb_typeof(a.v) = 'string'
    ) c
    WHERE c.path <> 'metadata.etag'
)
SELECT lower(path), CASE WHEN length(node #>> '{}') > 200 THEN NULL ELSE node #>> '{}' END
FROM walk
WHERE jsonb_typeof(node) NOT IN ('object', 'array') AND length(path) <= 200 AND strpos(path, '=') = 0
UNION ALL
SELECT 'metadata.namespace', 'default'
WHERE coalesce(doc -> 'metadata' ->> 'namespace', '') = ''
$$;

UPDATE entities SET search_pairs = ARRAY(
    SELECT DISTINCT x FROM (SELECT key AS x FROM pg_temp.search_rows(descriptor)
                           UNION ALL
                           SELECT key || '=' || value FROM pg_temp.search_rows(descriptor) WHERE value IS NOT NULL) s
    ORDER BY x);

DROP FUNCTION pg_temp.search_rows(jsonb);
