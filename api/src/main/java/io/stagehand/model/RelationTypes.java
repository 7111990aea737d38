package io.stagehand.model;

/** Backstage's well-known relation types, in pairs of a relation and its inverse. */
public final class RelationTypes {
    public static final String OWNED_BY = "ownedBy";
    public static final String OWNER_OF = "ownerOf";
    public static final String PART_OF = "partOf";
    public static final String HAS_PART = "hasPart";
    public static final String PROVIDES_API = "providesApi";
    public static final String API_PROVIDED_BY = "apiProvidedBy";
    public static final String CONSUMES_API = "consumesApi";
    public static final String API_CONSUMED_BY = "apiConsumedBy";
    public static final String DEPENDS_ON = "dependsOn";
    public static final String DEPENDENCY_OF = "dependencyOf";
    public static final String PARENT_OF = "parentOf";
    public static final String CHILD_OF = "childOf";
    public static final String MEMBER_OF = "memberOf";
    public static final String HAS_MEMBER = "hasMember";

    private RelationTypes() {
    }
}
