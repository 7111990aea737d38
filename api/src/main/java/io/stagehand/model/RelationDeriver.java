package io.stagehand.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Derives relations from an entity's spec exactly as Backstage's {@code BuiltinKindsEntityProcessor}
 * (and the scaffolder's template processor, for owners) does: every spec reference emits the
 * relation from this entity and its inverse from the target, with the field's default kind and
 * this entity's namespace filled in. Which kind has which field is {@link SpecRelation}'s table.
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
        for (SpecRelation field : SpecRelation.of(kind)) {
            if (field.many()) {
                out.many(field.field(), field.defaultKind(), field.relation(), field.inverse());
            } else {
                out.single(field.field(), field.defaultKind(), field.relation(), field.inverse());
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
