package io.stagehand.catalog.graphql;

import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.BackstageFilter;
import io.stagehand.model.EntityFilter;
import io.stagehand.model.EntityOrder;
import java.util.List;
import java.util.Map;

/**
 * Builds filters and orders from their GraphQL input values by hand. The schema has already checked
 * every value's type, and Spring's reflective argument binder was a visible share of a list request
 * (docs/benchmarks.md, "Figures behind the code").
 */
final class FilterArguments {

    /** Bounds of a text filter: each word is a term of the full-text query, and a long one is no search anyone types. */
    static final int MAX_TEXT_CHARACTERS = 1000;
    static final int MAX_TEXT_WORDS = 64;

    private FilterArguments() {
    }

    @SuppressWarnings("unchecked")
    static EntityFilter entityFilter(Object input) {
        if (input == null) {
            return null;
        }
        Map<String, Object> f = (Map<String, Object>) input;
        EntityFilter fields = new EntityFilter(strings(f, "kind"), strings(f, "namespace"), strings(f, "type"), strings(f, "lifecycle"),
                strings(f, "owner"), (Boolean) f.get("ownerTransitive"), strings(f, "system"), strings(f, "domain"),
                strings(f, "tagsAny"), strings(f, "tagsAll"), keyValues(f.get("annotations")), keyValues(f.get("labels")),
                (Boolean) f.get("hasProblems"), text((String) f.get("text")), (Boolean) f.get("hasOwner"),
                filters(f.get("and")), filters(f.get("or")), entityFilter(f.get("not")), null, matches(f.get("match")));
        EntityFilter backstage = BackstageFilter.parse(strings(f, "backstage"));
        return backstage == null ? fields : EntityFilter.allOf(List.of(fields, backstage));
    }

    @SuppressWarnings("unchecked")
    private static List<EntityFilter.PathMatch> matches(Object input) {
        if (input != null && ((List<?>) input).size() > BackstageFilter.MAX_CONDITIONS) {
            throw new BadRequestException("filter.match has more than " + BackstageFilter.MAX_CONDITIONS + " conditions");
        }
        return input == null ? null : ((List<Map<String, Object>>) input).stream()
                .map(m -> new EntityFilter.PathMatch((String) m.get("path"), (List<String>) m.get("values"), (Boolean) m.get("exists")))
                .toList();
    }

    private static String text(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_TEXT_CHARACTERS) {
            throw new BadRequestException("filter.text is " + text.length() + " characters long; at most " + MAX_TEXT_CHARACTERS + " are allowed");
        }
        long words = java.util.Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).count();
        if (words > MAX_TEXT_WORDS) {
            throw new BadRequestException("filter.text has " + words + " words; at most " + MAX_TEXT_WORDS + " are allowed");
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    static List<EntityOrder> orders(Object input) {
        if (input == null) {
            return List.of();
        }
        return ((List<Map<String, Object>>) input).stream().map(FilterArguments::order).toList();
    }

    private static EntityOrder order(Map<String, Object> o) {
        Object field = o.get("field");
        String path = (String) o.get("path");
        if ((field == null) == (path == null)) {
            throw new BadRequestException("orderBy: give either field or path in each sort key");
        }
        EntityOrder.Direction direction = o.get("direction") == null ? null : EntityOrder.Direction.valueOf(String.valueOf(o.get("direction")));
        return field == null ? EntityOrder.byPath(path, direction) : new EntityOrder(EntityOrder.Field.valueOf(String.valueOf(field)), direction);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> input, String name) {
        Object value = input.get(name);
        return value == null ? null : List.copyOf((List<String>) value);
    }

    @SuppressWarnings("unchecked")
    private static List<EntityFilter.KeyValueFilter> keyValues(Object input) {
        return input == null ? null : ((List<Map<String, Object>>) input).stream()
                .map(kv -> new EntityFilter.KeyValueFilter((String) kv.get("key"), (String) kv.get("value")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<EntityFilter> filters(Object input) {
        return input == null ? null : ((List<Object>) input).stream().map(FilterArguments::entityFilter).toList();
    }
}
