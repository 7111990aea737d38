-- Backstage's search rows of a descriptor, as its catalog builds them (buildEntitySearch): every
-- leaf under its dot path, keys lower-cased, array items under the array's own path and each string
-- item also as '<path>.<item>' = 'true'; relations, status and attachments left out (relations are
-- read from their table); a key over 200 characters dropped, a value over 200 kept as null. The value
-- is as written, for facets; matching compares it lower-cased.
CREATE FUNCTION stagehand_search_pairs(doc jsonb) RETURNS TABLE (key text, value text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
WITH RECURSIVE walk(path, node) AS (
    SELECT lower(k), v FROM jsonb_each(CASE WHEN jsonb_typeof(doc) = 'object' THEN doc ELSE '{}' END) AS t(k, v)
    WHERE lower(k) NOT IN ('relations', 'status', 'attachments')
  UNION ALL
    SELECT c.path, c.node
    FROM walk w CROSS JOIN LATERAL (
        SELECT w.path || '.' || lower(o.k) AS path, o.v AS node
        FROM jsonb_each(CASE WHEN jsonb_typeof(w.node) = 'object' THEN w.node ELSE '{}' END) AS o(k, v)
      UNION ALL
        SELECT w.path, a.v
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.node) = 'array' THEN w.node ELSE '[]' END) AS a(v)
      UNION ALL
        SELECT w.path || '.' || lower(a.v #>> '{}'), 'true'::jsonb
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.node) = 'array' THEN w.node ELSE '[]' END) AS a(v)
        WHERE jsonb_typeof(a.v) = 'string'
    ) c
    WHERE c.path NOT IN ('metadata.uid', 'metadata.etag')
)
SELECT DISTINCT path, CASE WHEN length(node #>> '{}') > 200 THEN NULL ELSE node #>> '{}' END
FROM walk
WHERE jsonb_typeof(node) NOT IN ('object', 'array') AND length(path) <= 200
UNION
SELECT 'metadata.namespace', 'default'
WHERE NOT coalesce(doc -> 'metadata' ? 'namespace', false)
$$;

-- What a filter condition is matched against: each search key alone ('exists') and as
-- '<key>=<value>' lower-cased, so one GIN index answers a match on any path.
-- The search path is fixed so that the index it feeds can be rebuilt by a restore, which runs with none.
CREATE FUNCTION stagehand_search_keys(doc jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS
$$
SELECT coalesce(array_agg(DISTINCT x), '{}')
FROM (SELECT key AS x FROM stagehand_search_pairs(doc)
      UNION ALL
      SELECT lower(key || '=' || value) FROM stagehand_search_pairs(doc) WHERE value IS NOT NULL) s
$$;

CREATE INDEX entities_search_keys ON entities USING gin (stagehand_search_keys(descriptor));
