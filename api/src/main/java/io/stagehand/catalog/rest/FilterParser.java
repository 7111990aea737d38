package io.stagehand.catalog.rest;

import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.EntityFilter.KeyValueFilter;
import io.stagehand.model.EntityFilter;
import io.stagehand.model.EntityRef;
import io.stagehand.model.InvalidRefException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backstage's {@code filter} query parameters as an {@link EntityFilter}: several parameters are
 * alternatives, the comma-separated {@code key=value} statements of one are all required, a key
 * given twice in one parameter matches any of its values, and a key alone means the field exists.
 * Keys are case-insensitive. A key Stagehand cannot filter on yet is a bad request naming it: a
 * silently ignored condition would serve entities the caller excluded.
 */
final class FilterParser {

    static final String ANNOTATIONS = "metadata.annotations.";
    static final String LABELS = "metadata.labels.";

    private FilterParser() {
    }

    /** The filter of these parameters, or null when they hold no statement. */
    static EntityFilter parse(List<String> parameters) {
        if (parameters == null) {
            return null;
        }
        List<EntityFilter> alternatives = new ArrayList<>();
        for (String parameter : parameters) {
            EntityFilter all = parseOne(parameter);
            if (all != null) {
                alternatives.add(all);
            }
        }
        return alternatives.isEmpty() ? null : alternatives.size() == 1 ? alternatives.get(0) : EntityFilter.anyOf(alternatives);
    }

    /** One parameter: its statements, all required; null when it has none. */
    static EntityFilter parseOne(String parameter) {
        // values per key as first written; a null entry stands for "the key exists"
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        Map<String, String> written = new LinkedHashMap<>();
        for (String raw : parameter.split(",")) {
            String statement = raw.trim();
            if (statement.isEmpty()) {
                continue;
            }
            int equals = statement.indexOf('=');
            String key = (equals < 0 ? statement : statement.substring(0, equals)).trim();
            if (key.isEmpty()) {
                throw new BadRequestException("Invalid filter, '" + statement
                        + "' is not a valid statement (expected a string on the form a=b or a= or a)");
            }
            String folded = key.toLowerCase(Locale.ROOT);
            written.putIfAbsent(folded, key);
            byKey.computeIfAbsent(folded, k -> new ArrayList<>()).add(equals < 0 ? null : statement.substring(equals + 1).trim());
        }
        if (byKey.isEmpty()) {
            return null;
        }
        List<EntityFilter> conditions = new ArrayList<>();
        byKey.forEach((key, values) -> conditions.add(condition(key, written.get(key), values)));
        return conditions.size() == 1 ? conditions.get(0) : EntityFilter.allOf(conditions);
    }

    private static EntityFilter condition(String key, String asWritten, List<String> given) {
        List<String> values = given.stream().filter(v -> v != null).toList();
        boolean exists = values.isEmpty();
        if (key.startsWith(ANNOTATIONS) || key.startsWith(LABELS)) {
            boolean annotations = key.startsWith(ANNOTATIONS);
            String name = asWritten.substring((annotations ? ANNOTATIONS : LABELS).length());
            List<KeyValueFilter> pairs = exists ? List.of(new KeyValueFilter(name, null))
                    : values.stream().map(v -> new KeyValueFilter(name, v)).toList();
            return EntityFilter.anyOf(pairs.stream().map(pair -> Conditions.keyValue(annotations, pair)).toList());
        }
        return switch (key) {
            case "kind", "metadata.namespace", "metadata.name" -> exists ? EntityFilter.ALL : Conditions.of(key, values);
            case "spec.owner", "relations.ownedby" -> exists ? Conditions.hasOwner() : Conditions.of("owner", owners(asWritten, values));
            case "spec.type", "spec.lifecycle", "metadata.tags" -> {
                if (exists) {
                    throw unsupported(asWritten, "without a value");
                }
                yield Conditions.of(key, key.equals("metadata.tags") ? values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList() : values);
            }
            default -> throw unsupported(asWritten, "");
        };
    }

    /** Owner refs checked here, where the caller learns which one is wrong, not when the query is built. */
    private static List<String> owners(String key, List<String> values) {
        for (String value : values) {
            try {
                EntityRef.parse(value, "Group", EntityRef.DEFAULT_NAMESPACE);
            } catch (InvalidRefException e) {
                throw new BadRequestException("Invalid filter, " + key + ": " + e.getMessage());
            }
        }
        return values;
    }

    private static BadRequestException unsupported(String key, String how) {
        return new BadRequestException("Invalid filter, Stagehand cannot filter on '" + key + "'" + (how.isEmpty() ? "" : " " + how)
                + " yet; supported keys: kind, metadata.namespace, metadata.name, spec.type, spec.lifecycle, spec.owner,"
                + " relations.ownedBy, metadata.tags, metadata.annotations.<key>, metadata.labels.<key>");
    }

    /** Filters of one condition each, so the parser never spells out the record's every field. */
    static final class Conditions {

        private Conditions() {
        }

        static EntityFilter of(String field, List<String> v) {
            List<String> values = List.copyOf(v);
            return switch (field) {
                case "kind" -> new EntityFilter(values, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null);
                case "metadata.namespace" -> new EntityFilter(null, values, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null);
                case "metadata.name" -> new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, values);
                case "spec.type" -> new EntityFilter(null, null, values, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null);
                case "spec.lifecycle" -> new EntityFilter(null, null, null, values, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null);
                case "owner" -> new EntityFilter(null, null, null, null, values, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null);
                case "metadata.tags" -> new EntityFilter(null, null, null, null, null, null, null, null, values, null, null, null, null,
                        null, null, null, null, null, null);
                default -> throw new IllegalArgumentException(field);
            };
        }

        static EntityFilter hasOwner() {
            return new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, true, null, null,
                    null, null);
        }

        static EntityFilter keyValue(boolean annotation, KeyValueFilter pair) {
            List<KeyValueFilter> pairs = List.of(pair);
            return new EntityFilter(null, null, null, null, null, null, null, null, null, null, annotation ? pairs : null,
                    annotation ? null : pairs, null, null, null, null, null, null, null);
        }
    }
}
