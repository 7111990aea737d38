package io.stagehand.catalog.store;

import io.stagehand.model.EntityFilter.PathMatch;
import java.util.List;

/**
 * Backstage's dot paths in SQL: a condition ({@link PathMatch}), the sort value and the facet of a
 * path. Paths with a column of their own (kind, name, namespace) read it, {@code relations.<type>}
 * reads the relations table, and every other path the entity's search entries
 * ({@code search_pairs}, written by {@link SearchPairs}, GIN-indexed as Backstage's search table
 * is), so a match on any annotation or spec field is an index lookup.
 */
final class PathSql {

    static final String RELATIONS = "relations.";

    private PathSql() {
    }

    /** {@code SELECT what FROM from WHERE} the entry {@code x} is one of the path's values; {@code %1$s} in {@code what} is its prefix. */
    private static String valueAt(String path, String what, String from, FilterSql sql) {
        String prefix = sql.bind(path + "=");
        return "SELECT " + what.formatted(prefix) + " FROM " + from + " WHERE starts_with(x, " + prefix + ")";
    }

    /** The condition over the entity with alias {@code e} that it meets the match. */
    static String condition(PathMatch match, String e, FilterSql sql) {
        String present = present(match, e, sql);
        return match.present() ? present : "NOT " + present;
    }

    /** The condition that the path is there, with one of the values when the match has any. */
    private static String present(PathMatch match, String e, FilterSql sql) {
        String path = match.path();
        List<String> values = match.values();
        String column = switch (path) {
            case "kind" -> "lower(" + e + ".kind)";
            case "metadata.name" -> "lower(" + e + ".name)";
            case "metadata.namespace" -> "coalesce(" + e + ".namespace, 'default')";
            default -> null;
        };
        if (column != null) {
            return values == null ? "TRUE" : column + " = ANY(CAST(" + sql.bind(FilterSql.lower(values)) + " AS text[]))";
        }
        if (path.startsWith(RELATIONS)) {
            String type = sql.bind(path.substring(RELATIONS.length()));
            // from the targets to their sources (relations_target index), not from every entity to its targets
            return values == null
                    ? "EXISTS (SELECT 1 FROM relations r WHERE r.source_key = " + e + ".entity_key AND lower(r.type) = " + type + ")"
                    : e + ".entity_key IN (SELECT r.source_key FROM relations r WHERE r.target_key = ANY(CAST(" + sql.bind(FilterSql.lower(values))
                            + " AS text[])) AND lower(r.type) = " + type + ")";
        }
        String[] entries = values == null ? new String[] {path} : values.stream().map(v -> path + "=" + v).toArray(String[]::new);
        // lower-cased by PostgreSQL, as the index's entries are, so both sides fold case alike; no column in it, so the index serves
        return "stagehand_lower(" + e + ".search_pairs) " + (values == null ? "@>" : "&&") + " CAST(lower(CAST(" + sql.bind(entries)
                + " AS text)) AS text[])";
    }

    /**
     * The sort value of the path, never null: entities without one come last whichever the
     * direction, as the first character says.
     */
    static String sortValue(String path, boolean descending, String e, FilterSql sql) {
        String value = path.startsWith(RELATIONS)
                ? "(SELECT min(r.target_key) FROM relations r WHERE r.source_key = " + e + ".entity_key AND lower(r.type) = "
                        + sql.bind(path.substring(RELATIONS.length())) + ")"
                : "(" + valueAt(path, "min(lower(substr(x, length(%1$s) + 1)))", "unnest(" + e + ".search_pairs) x", sql) + ")";
        return descending ? "coalesce('1' || " + value + ", '0')" : "coalesce('0' || " + value + ", '1')";
    }

    /** Value counts at the path among the entities matching {@code where}, the values as written. */
    static String facet(String path, String where, FilterSql sql) {
        if (path.startsWith(RELATIONS)) {
            return "SELECT min(r.target_ref) AS v, count(DISTINCT e.entity_key) AS n FROM entities e JOIN relations r"
                    + " ON r.source_key = e.entity_key AND lower(r.type) = " + sql.bind(path.substring(RELATIONS.length()))
                    + " WHERE " + where + " GROUP BY r.target_key";
        }
        return valueAt(path, "substr(x, length(%1$s) + 1) AS v, count(DISTINCT e.entity_key) AS n",
                "entities e CROSS JOIN LATERAL unnest(e.search_pairs) x", sql) + " AND " + where + " GROUP BY 1";
    }
}
