package io.stagehand.catalog.store;

import io.stagehand.model.EntityFilter;
import io.stagehand.model.EntityRef;
import io.stagehand.model.RelationTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.modulith.NamedInterface;

/**
 * Turns an {@link EntityFilter} into a SQL condition with named parameters: the one place entity
 * filters become SQL, for the catalog's queries ({@code entities e}) and for other tables keyed by
 * entity ({@code scorecard_results sr}, whose entity_key and kind columns the conditions on owner,
 * system, domain and kind need). Values are always bound, never written into the SQL.
 */
@NamedInterface("store")
public final class FilterSql {

    private final Map<String, Object> params = new LinkedHashMap<>();
    private final String alias;
    private int counter;

    /** Conditions over {@code entities e}. */
    public FilterSql() {
        this("e");
    }

    /** Conditions over the table with this alias, which has the columns of {@code entities} the filter names. */
    public FilterSql(String alias) {
        this.alias = alias;
    }

    /** The condition, or {@code TRUE} for no filter; its parameters are in {@link #params()}. */
    public String where(EntityFilter filter) {
        return where(filter, alias);
    }

    /** The condition over the table with alias {@code e}, its parameters beside the others of this builder. */
    public String where(EntityFilter filter, String e) {
        return filter == null ? "TRUE" : condition(filter, e);
    }

    public Map<String, Object> params() {
        return params;
    }

    /** A parameter for this value, to write into the SQL in its place. */
    public String bind(Object value) {
        String name = "f" + (counter++);
        params.put(name, value);
        return ":" + name;
    }

    private String condition(EntityFilter f, String e) {
        List<String> parts = new ArrayList<>();
        if (present(f.kind())) {
            parts.add("lower(" + e + ".kind) = ANY(CAST(" + bind(lower(f.kind())) + " AS text[]))");
        }
        if (present(f.namespace())) {
            parts.add(e + ".namespace = ANY(CAST(" + bind(lower(f.namespace())) + " AS text[]))");
        }
        if (present(f.name())) {
            parts.add("lower(" + e + ".name) = ANY(CAST(" + bind(lower(f.name())) + " AS text[]))");
        }
        if (present(f.type())) {
            parts.add("lower(" + e + ".spec_type) = ANY(CAST(" + bind(lower(f.type())) + " AS text[]))");
        }
        if (present(f.lifecycle())) {
            parts.add("lower(" + e + ".lifecycle) = ANY(CAST(" + bind(lower(f.lifecycle())) + " AS text[]))");
        }
        if (present(f.owner())) {
            String owners = "CAST(" + bind(keys(f.owner(), "Group")) + " AS text[])";
            String targets = Boolean.TRUE.equals(f.ownerTransitive())
                    // a user owns with the groups they are a member of (Backstage's ownership refs), and every group below
                    ? "(WITH RECURSIVE g(k) AS (SELECT k FROM (SELECT unnest(" + owners + ") COLLATE \"C\" AS k UNION SELECT m.target_key"
                            + " FROM relations m WHERE m.source_key = ANY(" + owners + ") AND m.type = '" + RelationTypes.MEMBER_OF + "') base"
                            + " UNION SELECT r2.target_key FROM relations r2 JOIN g ON r2.source_key = g.k AND r2.type = '" + RelationTypes.PARENT_OF + "')"
                            + " SELECT k FROM g)"
                    : "(SELECT unnest(" + owners + "))";
            // From the owners to what they own (relations_target index), not from every entity to its owner.
            parts.add(e + ".entity_key IN (SELECT r.source_key FROM relations r WHERE r.type = '" + RelationTypes.OWNED_BY + "'"
                    + " AND r.target_key IN " + targets + ")");
        }
        if (present(f.system())) {
            parts.add("EXISTS (SELECT 1 FROM relations r WHERE r.source_key = " + e + ".entity_key AND r.type = '" + RelationTypes.PART_OF + "'"
                    + " AND r.target_key = ANY(CAST(" + bind(keys(f.system(), "System")) + " AS text[])))");
        }
        if (present(f.domain())) {
            String domains = "CAST(" + bind(keys(f.domain(), "Domain")) + " AS text[])";
            parts.add("EXISTS (SELECT 1 FROM relations r WHERE r.source_key = " + e + ".entity_key AND r.type = '" + RelationTypes.PART_OF + "' AND ("
                    + "r.target_key = ANY(" + domains + ") OR EXISTS (SELECT 1 FROM relations r2 WHERE r2.source_key = r.target_key"
                    + " AND r2.type = '" + RelationTypes.PART_OF + "' AND r2.target_key = ANY(" + domains + "))))");
        }
        if (present(f.tagsAny())) {
            parts.add(e + ".tags && CAST(" + bind(f.tagsAny().toArray(String[]::new)) + " AS text[])");
        }
        if (present(f.tagsAll())) {
            parts.add(e + ".tags @> CAST(" + bind(f.tagsAll().toArray(String[]::new)) + " AS text[])");
        }
        if (present(f.annotations())) {
            f.annotations().forEach(kv -> parts.add(keyValue("annotations", kv, e)));
        }
        if (present(f.labels())) {
            f.labels().forEach(kv -> parts.add(keyValue("labels", kv, e)));
        }
        if (f.hasProblems() != null) {
            parts.add((f.hasProblems() ? "" : "NOT ") + "EXISTS (SELECT 1 FROM problems p WHERE lower(p.entity_ref) = " + e + ".entity_key COLLATE \"default\")");
        }
        if (f.hasOwner() != null) {
            parts.add((f.hasOwner() ? "" : "NOT ") + "EXISTS (SELECT 1 FROM relations r WHERE r.source_key = " + e + ".entity_key AND r.type = '" + RelationTypes.OWNED_BY + "')");
        }
        if (f.text() != null && !f.text().isBlank()) {
            String text = bind(f.text().trim());
            parts.add("(" + e + ".search @@ websearch_to_tsquery('simple', " + text + ") OR " + e + ".search @@ websearch_to_tsquery('english', " + text
                    + ") OR lower(" + e + ".name) LIKE " + bind(likePrefix(f.text().trim())) + ")");
        }
        if (present(f.match())) {
            f.match().forEach(m -> parts.add(PathSql.condition(m, e, this)));
        }
        if (present(f.and())) {
            f.and().forEach(sub -> parts.add(condition(sub, e)));
        }
        if (present(f.or())) {
            parts.add("(" + String.join(" OR ", f.or().stream().map(sub -> condition(sub, e)).toList()) + ")");
        }
        if (f.not() != null) {
            parts.add("NOT " + condition(f.not(), e));
        }
        return parts.isEmpty() ? "TRUE" : "(" + String.join(" AND ", parts) + ")";
    }

    private String keyValue(String field, EntityFilter.KeyValueFilter kv, String e) {
        if (kv.value() == null) {
            return "(" + e + ".descriptor -> 'metadata' -> '" + field + "' ->> CAST(" + bind(kv.key()) + " AS text)) IS NOT NULL";
        }
        return "(" + e + ".descriptor -> 'metadata') @> jsonb_build_object('" + field + "', jsonb_build_object(CAST("
                + bind(kv.key()) + " AS text), CAST(" + bind(kv.value()) + " AS text)))";
    }

    /** A column a list is ordered by: its SQL, the type its cursor values are cast to (null for text), and the direction. */
    public record SortKey(String column, String type, boolean descending) {
    }

    /**
     * Keyset paging: the rows after the one with these values (a cursor's), in this order. (a, b, c)
     * after (x, y, z) in mixed directions: a > x OR (a = x AND (b > y OR (b = y AND c > z))).
     */
    public String after(List<SortKey> keys, List<String> values) {
        if (values.size() != keys.size()) {
            throw new IllegalArgumentException("cursor does not match the order");
        }
        String condition = null;
        for (int i = keys.size() - 1; i >= 0; i--) {
            SortKey key = keys.get(i);
            String value = key.type() == null ? bind(values.get(i)) : "CAST(" + bind(values.get(i)) + " AS " + key.type() + ")";
            String strict = key.column() + (key.descending() ? " < " : " > ") + value;
            condition = condition == null ? strict : "(" + strict + " OR (" + key.column() + " = " + value + " AND " + condition + "))";
        }
        return condition;
    }

    private static String likePrefix(String text) {
        return text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static String[] keys(List<String> refs, String defaultKind) {
        return refs.stream().map(r -> EntityRef.parse(r, defaultKind, EntityRef.DEFAULT_NAMESPACE).key()).toArray(String[]::new);
    }

    static String[] lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    private static boolean present(List<?> values) {
        return values != null && !values.isEmpty();
    }
}
