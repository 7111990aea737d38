package io.stagehand.catalog.rest;

import io.stagehand.catalog.store.StoredEntity;
import io.stagehand.catalog.store.StoredRelation;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entity as Backstage's catalog serves it: the stored descriptor with its {@code relations}
 * ({@code {type, targetRef}}), optionally projected onto Backstage's {@code fields}.
 */
final class EntityJson {

    private EntityJson() {
    }

    /** Backstage's annotation on an entity whose parent no longer emits it. */
    static final String ORPHAN = "backstage.io/orphan";

    /** The entity with the relations the caller may see, projected when fields are given. */
    static ObjectNode of(StoredEntity entity, List<StoredRelation> relations, boolean orphan, List<String> fields) {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(entity.descriptor());
        // the store's identity, as Backstage's metadata carries its own: a uid written in a file is not the entity's
        if (node.get("metadata") instanceof ObjectNode metadata) {
            metadata.put("uid", entity.uid()).put("etag", entity.etag());
            // Stagehand's orphans are the entities of sources no longer configured; a file cannot claim to be one
            JsonNode annotations = metadata.get("annotations");
            if (annotations instanceof ObjectNode written) {
                written.remove(ORPHAN);
            }
            if (orphan) {
                (annotations instanceof ObjectNode written ? written : metadata.putObject("annotations")).put(ORPHAN, "true");
            }
        }
        // the store's relations replace any a mirrored descriptor brought: they are the ones Stagehand derived and may show
        ArrayNode out = node.putArray("relations");
        for (StoredRelation relation : relations) {
            out.addObject().put("type", relation.type()).put("targetRef", relation.targetRef());
        }
        return fields == null ? node : project(node, fields);
    }

    /** Backstage's {@code fields} parameters: comma-separated dot paths; null for none, which means the whole entity. */
    static List<String> fields(List<String> parameters) {
        if (parameters == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        for (String parameter : parameters) {
            for (String field : parameter.split(",")) {
                if (!field.isBlank()) {
                    fields.add(field.trim());
                }
            }
        }
        if (fields.stream().anyMatch(f -> f.contains("["))) {
            throw new BadRequestException("invalid fields, array type fields are not supported");
        }
        return fields.isEmpty() ? null : List.copyOf(fields);
    }

    /**
     * Only the given paths. A path's dots may also belong to a key ({@code metadata.annotations.backstage.io/x}):
     * parts are joined until they name a key that exists, as Backstage resolves them.
     */
    static ObjectNode project(ObjectNode entity, List<String> fields) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String field : fields) {
            List<String> path = resolve(entity, field);
            if (path != null) {
                copy(entity, out, path);
            }
        }
        return out;
    }

    private static List<String> resolve(JsonNode entity, String field) {
        List<String> path = new ArrayList<>();
        JsonNode node = entity;
        String pending = null;
        for (String part : field.split("\\.", -1)) {
            pending = pending == null ? part : pending + "." + part;
            if (node.isObject() && node.has(pending)) {
                path.add(pending);
                node = node.get(pending);
                pending = null;
            }
        }
        return pending == null && !path.isEmpty() ? path : null;
    }

    private static void copy(JsonNode from, ObjectNode to, List<String> path) {
        JsonNode source = from;
        ObjectNode target = to;
        for (int i = 0; i < path.size() - 1; i++) {
            source = source.get(path.get(i));
            JsonNode existing = target.get(path.get(i));
            if (existing == null) {
                target = target.putObject(path.get(i));
            } else if (existing instanceof ObjectNode object) {
                target = object;
            } else {
                return;
            }
        }
        String last = path.get(path.size() - 1);
        target.set(last, source.get(last).deepCopy());
    }
}
