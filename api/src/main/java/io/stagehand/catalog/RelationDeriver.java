package io.stagehand.catalog;

import static io.stagehand.catalog.RelationTypes.*;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Derives relations from an entity's spec exactly as Backstage's {@code BuiltinKindsEntityProcessor}
 * (and the scaffolder's template processor, for owners) does: every spec reference emits the
 * relation from this entity and its inverse from the target, with the field's default kind and
 * this entity's namespace filled in.
 */
public final class RelationDeriver {

    /** The relations one entity emits, and the references in its spec that could not be parsed. */
    public record Derived(List<Relation> relations, List<String> problems) {
    }

    private RelationDeriver() {
    }

    public static Derived derive(Entity entity) {
        Kind kind = Kind.of(entity.kind());
        Emitter out = new Emitter(entity.ref(), entity.spec());
        if (kind == null) {
            return out.result();
        }
        switch (kind) {
            case COMPONENT -> {
                out.single("owner", "Group", OWNED_BY, OWNER_OF);
                out.single("subcomponentOf", "Component", PART_OF, HAS_PART);
                out.many("providesApis", "API", PROVIDES_API, API_PROVIDED_BY);
                out.many("consumesApis", "API", CONSUMES_API, API_CONSUMED_BY);
                out.many("dependsOn", null, DEPENDS_ON, DEPENDENCY_OF);
                out.many("dependencyOf", null, DEPENDENCY_OF, DEPENDS_ON);
                out.single("system", "System", PART_OF, HAS_PART);
            }
            case API -> {
                out.single("owner", "Group", OWNED_BY, OWNER_OF);
                out.single("system", "System", PART_OF, HAS_PART);
            }
            case RESOURCE -> {
                out.single("owner", "Group", OWNED_BY, OWNER_OF);
                out.many("dependsOn", null, DEPENDS_ON, DEPENDENCY_OF);
                out.many("dependencyOf", null, DEPENDENCY_OF, DEPENDS_ON);
                out.single("system", "System", PART_OF, HAS_PART);
            }
            case SYSTEM -> {
                out.single("owner", "Group", OWNED_BY, OWNER_OF);
                out.single("domain", "Domain", PART_OF, HAS_PART);
            }
            case DOMAIN -> {
                out.single("owner", "Group", OWNED_BY, OWNER_OF);
                out.single("subdomainOf", "Domain", PART_OF, HAS_PART);
            }
            case USER -> out.many("memberOf", "Group", MEMBER_OF, HAS_MEMBER);
            case GROUP -> {
                out.single("parent", "Group", CHILD_OF, PARENT_OF);
                out.many("children", "Group", PARENT_OF, CHILD_OF);
                out.many("members", "User", HAS_MEMBER, MEMBER_OF);
            }
            case TEMPLATE -> out.single("owner", "Group", OWNED_BY, OWNER_OF);
            case LOCATION -> {
                // Locations emit no relations; their targets are followed by the ingest pipeline.
            }
        }
        return out.result();
    }

    private static final class Emitter {
        private final EntityRef self;
        private final JsonNode spec;
        private final Set<Relation> relations = new LinkedHashSet<>();
        private final List<String> problems = new ArrayList<>();

        Emitter(EntityRef self, JsonNode spec) {
            this.self = self;
            this.spec = spec;
        }

        void single(String field, String defaultKind, String outgoing, String incoming) {
            JsonNode value = spec.path(field);
            if (value.isString()) {
                emit(field, value.stringValue(), defaultKind, outgoing, incoming);
            }
        }

        void many(String field, String defaultKind, String outgoing, String incoming) {
            JsonNode values = spec.path(field);
            if (values.isArray()) {
                for (JsonNode value : values) {
                    if (value.isString()) {
                        emit(field, value.stringValue(), defaultKind, outgoing, incoming);
                    }
                }
            }
        }

        private void emit(String field, String value, String defaultKind, String outgoing, String incoming) {
            try {
                EntityRef target = EntityRef.parse(value, defaultKind, self.namespace());
                relations.add(new Relation(self, outgoing, target));
                relations.add(new Relation(target, incoming, self));
            } catch (InvalidRefException e) {
                problems.add("\"spec." + field + "\": " + e.getMessage());
            }
        }

        Derived result() {
            return new Derived(List.copyOf(relations), List.copyOf(problems));
        }
    }
}
