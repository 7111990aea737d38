package io.stagehand.model;

import static io.stagehand.model.RelationTypes.*;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A spec field that refers to other entities, and the relation (with its inverse) that each of its
 * references emits: the table of Backstage's {@code BuiltinKindsEntityProcessor} (and the
 * scaffolder's template processor, for owners). The one place that says which kind has which
 * relation field; {@link RelationDeriver} derives relations from it and the API its entity fields.
 */
public record SpecRelation(Kind kind, String field, boolean many, String defaultKind, String relation, String inverse) {

    /** In Backstage's order, which is the order relations are emitted in. */
    public static final List<SpecRelation> ALL = List.of(
            single(Kind.COMPONENT, "owner", "Group", OWNED_BY, OWNER_OF),
            single(Kind.COMPONENT, "subcomponentOf", "Component", PART_OF, HAS_PART),
            many(Kind.COMPONENT, "providesApis", "API", PROVIDES_API, API_PROVIDED_BY),
            many(Kind.COMPONENT, "consumesApis", "API", CONSUMES_API, API_CONSUMED_BY),
            many(Kind.COMPONENT, "dependsOn", null, DEPENDS_ON, DEPENDENCY_OF),
            many(Kind.COMPONENT, "dependencyOf", null, DEPENDENCY_OF, DEPENDS_ON),
            single(Kind.COMPONENT, "system", "System", PART_OF, HAS_PART),
            single(Kind.API, "owner", "Group", OWNED_BY, OWNER_OF),
            single(Kind.API, "system", "System", PART_OF, HAS_PART),
            single(Kind.RESOURCE, "owner", "Group", OWNED_BY, OWNER_OF),
            many(Kind.RESOURCE, "dependsOn", null, DEPENDS_ON, DEPENDENCY_OF),
            many(Kind.RESOURCE, "dependencyOf", null, DEPENDENCY_OF, DEPENDS_ON),
            single(Kind.RESOURCE, "system", "System", PART_OF, HAS_PART),
            single(Kind.SYSTEM, "owner", "Group", OWNED_BY, OWNER_OF),
            single(Kind.SYSTEM, "domain", "Domain", PART_OF, HAS_PART),
            single(Kind.DOMAIN, "owner", "Group", OWNED_BY, OWNER_OF),
            single(Kind.DOMAIN, "subdomainOf", "Domain", PART_OF, HAS_PART),
            many(Kind.USER, "memberOf", "Group", MEMBER_OF, HAS_MEMBER),
            single(Kind.GROUP, "parent", "Group", CHILD_OF, PARENT_OF),
            many(Kind.GROUP, "children", "Group", PARENT_OF, CHILD_OF),
            many(Kind.GROUP, "members", "User", HAS_MEMBER, MEMBER_OF),
            single(Kind.TEMPLATE, "owner", "Group", OWNED_BY, OWNER_OF));

    private static final Map<Kind, List<SpecRelation>> BY_KIND = new EnumMap<>(
            ALL.stream().collect(Collectors.groupingBy(SpecRelation::kind, Collectors.toList())));

    /** The relation fields of one kind, in Backstage's order (none for Location: its targets are followed instead). */
    public static List<SpecRelation> of(Kind kind) {
        return BY_KIND.getOrDefault(kind, List.of());
    }

    /**
     * The kind a reference of this field must name to be followed as that kind's entity (lower-case,
     * as in keys), or null when any kind will do: an owner may be a group or a user, and fields
     * without a default kind take any entity.
     */
    public String targetKind() {
        return relation.equals(OWNED_BY) || defaultKind == null ? null : defaultKind.toLowerCase(Locale.ROOT);
    }

    private static SpecRelation single(Kind kind, String field, String defaultKind, String relation, String inverse) {
        return new SpecRelation(kind, field, false, defaultKind, relation, inverse);
    }

    private static SpecRelation many(Kind kind, String field, String defaultKind, String relation, String inverse) {
        return new SpecRelation(kind, field, true, defaultKind, relation, inverse);
    }
}
