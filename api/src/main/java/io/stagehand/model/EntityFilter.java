package io.stagehand.model;

import io.stagehand.catalog.store.FilterSql;
import java.util.List;
import java.util.Locale;

/**
 * Which entities to match: every field given must match, {@code and}/{@code or}/{@code not}
 * combine filters. Refs are as users type them; {@link FilterSql} resolves them. {@code match} holds
 * conditions on any dot path in Backstage's sense ({@link PathMatch}), which is also what a Backstage
 * filter string becomes ({@link BackstageFilter}).
 */
public record EntityFilter(
        List<String> kind,
        List<String> namespace,
        List<String> type,
        List<String> lifecycle,
        List<String> owner,
        Boolean ownerTransitive,
        List<String> system,
        List<String> domain,
        List<String> tagsAny,
        List<String> tagsAll,
        List<KeyValueFilter> annotations,
        List<KeyValueFilter> labels,
        Boolean hasProblems,
        String text,
        Boolean hasOwner,
        List<EntityFilter> and,
        List<EntityFilter> or,
        EntityFilter not,
        List<String> name,
        List<PathMatch> match) {

    /** The fields before {@code match}, which most filters built in code leave out. */
    public EntityFilter(List<String> kind, List<String> namespace, List<String> type, List<String> lifecycle, List<String> owner,
            Boolean ownerTransitive, List<String> system, List<String> domain, List<String> tagsAny, List<String> tagsAll,
            List<KeyValueFilter> annotations, List<KeyValueFilter> labels, Boolean hasProblems, String text, Boolean hasOwner,
            List<EntityFilter> and, List<EntityFilter> or, EntityFilter not, List<String> name) {
        this(kind, namespace, type, lifecycle, owner, ownerTransitive, system, domain, tagsAny, tagsAll, annotations, labels, hasProblems,
                text, hasOwner, and, or, not, name, null);
    }

    /** No condition: every entity. */
    public static final EntityFilter ALL = new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** A filter no entity matches. */
    public static final EntityFilter NONE = new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, ALL, null);

    /** Entities matching any of these filters. */
    public static EntityFilter anyOf(List<EntityFilter> filters) {
        return new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                List.copyOf(filters), null, null);
    }

    /** Entities matching all of these filters. */
    public static EntityFilter allOf(List<EntityFilter> filters) {
        return new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                List.copyOf(filters), null, null, null);
    }

    /** Entities meeting this one condition. */
    public static EntityFilter matching(PathMatch condition) {
        return new EntityFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, List.of(condition));
    }

    /**
     * One condition on a dot path as Backstage's catalog matches it: the path case-insensitive and
     * read across arrays ({@code metadata.tags}, {@code spec.links.url}), a string item of an array
     * also a path of its own with the value {@code true} ({@code metadata.tags.java}), and
     * {@code relations.<type>} naming the relation's target refs. With values, any of them must be
     * the value there (compared case-insensitively); without, the path must exist ({@code exists}
     * true or absent) or be absent ({@code exists} false).
     */
    public record PathMatch(String path, List<String> values, Boolean exists) {

        /** Backstage indexes no longer key, so no entity has one. */
        public static final int MAX_PATH_CHARACTERS = 200;
        public static final int MAX_VALUES = 100;

        public PathMatch {
            if (path == null || path.isBlank()) {
                throw new InvalidFilterException("Invalid filter, a path must not be empty");
            }
            path = path.trim().toLowerCase(Locale.ROOT);
            if (path.length() > MAX_PATH_CHARACTERS) {
                throw new InvalidFilterException("Invalid filter, path '" + path.substring(0, 40) + "...' is longer than " + MAX_PATH_CHARACTERS + " characters");
            }
            if (path.contains("=")) {
                throw new InvalidFilterException("Invalid filter, path '" + path + "' contains '=', which no Backstage filter key can");
            }
            values = values == null || values.isEmpty() ? null : List.copyOf(values);
            if (values != null && values.size() > MAX_VALUES) {
                throw new InvalidFilterException("Invalid filter, path '" + path + "' has " + values.size() + " values; at most " + MAX_VALUES + " are allowed");
            }
            if (values != null && Boolean.FALSE.equals(exists)) {
                throw new InvalidFilterException("Invalid filter, path '" + path + "' has values and exists: false; give one or the other");
            }
        }

        /** True when the entity must have the path (with one of the values, when any are given). */
        public boolean present() {
            return values != null || !Boolean.FALSE.equals(exists);
        }
    }

    /** A key that must be present, with the given value when one is given. */
    public record KeyValueFilter(String key, String value) {
    }
}
