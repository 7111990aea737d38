package io.stagehand.auth;

import io.stagehand.model.EntityFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One rule of {@code stagehand.permissions.read}: the entities it lets a caller see, as the
 * conditions of Backstage's catalog permission rules ({@code IS_ENTITY_OWNER},
 * {@code IS_ENTITY_KIND}, {@code HAS_LABEL}, {@code HAS_ANNOTATION}) name them. An entity matches
 * when every condition given holds; a caller sees what any rule matches.
 *
 * @param isEntityOwner when true, entities owned by the caller or a group the caller belongs to
 * @param kind          entities of one of these kinds
 * @param namespace     entities in one of these namespaces
 * @param type          entities with one of these {@code spec.type}s
 * @param lifecycle     entities with one of these {@code spec.lifecycle}s
 * @param tags          entities with at least one of these tags
 * @param labels        entities with these labels; the value {@code *} accepts any value
 * @param annotations   entities with these annotations; the value {@code *} accepts any value
 */
public record ReadRule(Boolean isEntityOwner, List<String> kind, List<String> namespace, List<String> type, List<String> lifecycle,
        List<String> tags, Map<String, String> labels, Map<String, String> annotations) {

    /** Any value of a label or annotation. */
    static final String ANY = "*";

    public ReadRule {
        if (Boolean.FALSE.equals(isEntityOwner)) {
            throw new IllegalArgumentException("stagehand.permissions.read: is-entity-owner is true or left out (a rule lets callers see entities, it never hides any)");
        }
        if (isEntityOwner == null && empty(kind) && empty(namespace) && empty(type) && empty(lifecycle) && empty(tags)
                && (labels == null || labels.isEmpty()) && (annotations == null || annotations.isEmpty())) {
            throw new IllegalArgumentException("stagehand.permissions.read: a rule names no condition and would let every caller see"
                    + " every entity; give at least one of is-entity-owner, kind, namespace, type, lifecycle, tags, labels, annotations");
        }
        kind = kind == null ? List.of() : List.copyOf(kind);
        namespace = namespace == null ? List.of() : List.copyOf(namespace);
        type = type == null ? List.of() : List.copyOf(type);
        lifecycle = lifecycle == null ? List.of() : List.copyOf(lifecycle);
        tags = tags == null ? List.of() : List.copyOf(tags);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /**
     * The entities this rule lets a caller who acts for {@code ownerRefs} see, or null when it can
     * match nothing for them (an ownership rule for a caller who owns nothing).
     */
    EntityFilter filter(Collection<String> ownerRefs) {
        if (Boolean.TRUE.equals(isEntityOwner) && ownerRefs.isEmpty()) {
            return null;
        }
        return new EntityFilter(kind, namespace, type, lifecycle, isEntityOwner == null ? null : List.copyOf(ownerRefs), null, null, null,
                tags, null, keyValues(annotations), keyValues(labels), null, null, null, null, null, null, null);
    }

    private static List<EntityFilter.KeyValueFilter> keyValues(Map<String, String> values) {
        List<EntityFilter.KeyValueFilter> filters = new ArrayList<>();
        // sorted, so the same rule gives an equal filter and the caches see one restriction
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> filters.add(new EntityFilter.KeyValueFilter(e.getKey(), ANY.equals(e.getValue()) ? null : e.getValue())));
        return filters;
    }

    private static boolean empty(List<String> values) {
        return values == null || values.isEmpty();
    }
}
