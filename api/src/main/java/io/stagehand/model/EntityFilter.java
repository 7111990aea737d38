package io.stagehand.model;

import io.stagehand.catalog.store.FilterSql;
import java.util.List;

/**
 * Which entities to match: every field given must match, {@code and}/{@code or}/{@code not}
 * combine filters. Refs are as users type them; {@link FilterSql} resolves them.
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
        List<String> name) {

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

    /** A key that must be present, with the given value when one is given. */
    public record KeyValueFilter(String key, String value) {
    }
}
