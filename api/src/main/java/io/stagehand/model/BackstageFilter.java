package io.stagehand.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backstage's filter strings (the {@code filter} parameters of its catalog API, and the filters of
 * {@code app-config.yaml} and {@code CatalogClient} calls) as an {@link EntityFilter}: several strings
 * are alternatives, the comma-separated {@code key=value} statements of one are all required, a key
 * given twice in one string matches any of its values, and a key alone means the path exists. Each
 * key becomes one {@link EntityFilter.PathMatch}, so the REST API and GraphQL match alike.
 */
public final class BackstageFilter {

    /** Conditions in one filter: each is a clause of the SQL, and no hand-written filter comes near. */
    public static final int MAX_CONDITIONS = 200;

    private BackstageFilter() {
    }

    /** The filter of these strings, or null when they hold no statement. */
    public static EntityFilter parse(List<String> strings) {
        if (strings == null) {
            return null;
        }
        List<EntityFilter> alternatives = new ArrayList<>();
        int conditions = 0;
        for (int i = 0; i < strings.size(); i++) {
            List<EntityFilter.PathMatch> all = parseOne(strings.get(i), strings.size() == 1 ? null : i + 1);
            conditions += all.size();
            if (conditions > MAX_CONDITIONS) {
                throw new InvalidFilterException("Invalid filter, more than " + MAX_CONDITIONS + " conditions");
            }
            if (!all.isEmpty()) {
                alternatives.add(all.size() == 1 ? EntityFilter.matching(all.get(0))
                        : EntityFilter.allOf(all.stream().map(EntityFilter::matching).toList()));
            }
        }
        return alternatives.isEmpty() ? null : alternatives.size() == 1 ? alternatives.get(0) : EntityFilter.anyOf(alternatives);
    }

    /**
     * The conditions of one string, all required; none when it has no statement. {@code number} is
     * the string's place among several (1 for the first), named in errors; null when it is alone.
     */
    static List<EntityFilter.PathMatch> parseOne(String string, Integer number) {
        // values per key as first written; a key without any value stands for "the key exists"
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        int at = 0;
        for (String raw : string.split(",", -1)) {
            String statement = raw.trim();
            int column = at + raw.indexOf(statement) + 1;
            at += raw.length() + 1;
            if (statement.isEmpty()) {
                continue;
            }
            int equals = statement.indexOf('=');
            String key = (equals < 0 ? statement : statement.substring(0, equals)).trim();
            if (key.isEmpty()) {
                throw new InvalidFilterException("Invalid filter, '" + statement + "' at character " + column
                        + (number == null ? "" : " of filter " + number)
                        + " is not a valid statement (expected a string on the form a=b or a= or a)");
            }
            List<String> values = byKey.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            if (equals >= 0) {
                values.add(statement.substring(equals + 1).trim());
            }
        }
        List<EntityFilter.PathMatch> conditions = new ArrayList<>();
        byKey.forEach((key, values) -> conditions.add(new EntityFilter.PathMatch(key, values, null)));
        return conditions;
    }
}
