package io.stagehand.catalog.ingest;

import io.stagehand.catalog.OrgRecord;
import io.stagehand.model.ContentHash;
import io.stagehand.model.Entity;
import io.stagehand.model.EntityRef;
import io.stagehand.model.EntityValidator;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Json;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import io.stagehand.model.RelationDeriver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every organisation source (LDAP, Microsoft Graph, GitHub) does last, written once: the
 * company's transformers (renames followed by the refs of the same read, entities left out taken
 * out of them), then Backstage's validation, one entity per ref (the first kept), the relations a
 * descriptor gives, and the entities as ingestion stores them. A bad entity is a problem of its own.
 */
final class OrgEntities {

    /**
     * An entity an organisation source made.
     *
     * @param descriptor the entity, its managed-by location annotated
     * @param what how problems name it ("LDAP entry uid=a,ou=people")
     * @param raw the provider's record, for transformers
     */
    record Made(ObjectNode descriptor, String what, JsonNode raw) {
    }

    /** The spec fields that hold refs to users and groups of the same read, with the kind a bare name means. */
    private static final Map<String, String> REF_FIELDS = Map.of("memberOf", "group", "parent", "group", "children", "group", "members", "user");

    private OrgEntities() {
    }

    /** A new entity of this kind and name with empty annotations and spec, as the organisation sources start one. */
    static ObjectNode skeleton(String kind, String name) {
        ObjectNode descriptor = Json.MAPPER.createObjectNode();
        descriptor.put("apiVersion", "backstage.io/v1alpha1");
        descriptor.put("kind", kind);
        ObjectNode metadata = descriptor.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("annotations");
        descriptor.putObject("spec");
        return descriptor;
    }

    static ReadResult of(List<Made> made, int read, OrgTransformers transformers, String source, String type) {
        List<Made> kept = transformers.none() ? made : transformed(made, transformers, source, type);
        List<IngestedEntity> entities = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        for (Made entity : kept) {
            ObjectNode descriptor = entity.descriptor();
            String location = descriptor.path("metadata").path("annotations").path(Documents.MANAGED_BY_LOCATION).asString("");
            List<String> invalid = EntityValidator.validate(descriptor);
            if (!invalid.isEmpty()) {
                invalid.forEach(message -> problems.add(Problem.error(location, 0, null, entity.what() + ": " + message)));
                continue;
            }
            ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
            if (!metadata.hasNonNull("namespace")) {
                metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
            }
            EntityRef ref = new EntityRef(descriptor.get("kind").stringValue(), metadata.get("namespace").stringValue(),
                    metadata.get("name").stringValue());
            String earlier = seen.putIfAbsent(ref.key(), entity.what());
            if (earlier != null) {
                problems.add(Problem.error(location, 0, ref.toString(), earlier + " and " + entity.what() + " both give " + ref
                        + "; the first is kept"));
                continue;
            }
            RelationDeriver.Derived derived = RelationDeriver.derive(new Entity(ref, descriptor));
            if (!derived.problems().isEmpty()) {
                derived.problems().forEach(message -> problems.add(Problem.error(location, 0, ref.toString(), message)));
                continue;
            }
            String json = Json.MAPPER.writeValueAsString(descriptor);
            entities.add(new IngestedEntity(ref, json, location, 0, "sha256:" + ContentHash.sha256(json), derived.relations(), List.of()));
        }
        return new ReadResult(entities, problems, Set.of(), Set.of(), read, null);
    }

    /** The entities after the transformers, with the refs among them following renames and leaving out what was left out. */
    private static List<Made> transformed(List<Made> made, OrgTransformers transformers, String source, String type) {
        Map<String, String> renamed = new HashMap<>();
        Set<String> dropped = new HashSet<>();
        List<Made> kept = new ArrayList<>();
        List<String> namespaces = new ArrayList<>();
        for (Made entity : made) {
            String before = key(entity.descriptor());
            ObjectNode after = transformers.apply(entity.descriptor().deepCopy(), new OrgRecord(source, type, entity.raw()));
            if (after == null) {
                dropped.add(before);
                continue;
            }
            keepLocation(entity.descriptor(), after);
            String now = key(after);
            if (before != null && now != null && !before.equals(now)) {
                renamed.put(before, whole(after.get("kind").stringValue() + ":" + after.path("metadata").path("namespace")
                        .asString(EntityRef.DEFAULT_NAMESPACE) + "/" + after.path("metadata").get("name").stringValue(), null, null));
            }
            kept.add(new Made(after, entity.what(), entity.raw()));
            namespaces.add(entity.descriptor().path("metadata").path("namespace").asString(EntityRef.DEFAULT_NAMESPACE));
        }
        if (!renamed.isEmpty() || !dropped.isEmpty()) {
            for (int i = 0; i < kept.size(); i++) {
                followRefs(kept.get(i).descriptor(), namespaces.get(i), renamed, dropped);
            }
        }
        return kept;
    }

    /** The location the source gave, back on an entity a transformer built anew (as Backstage adds locations after its transformers). */
    private static void keepLocation(ObjectNode before, ObjectNode after) {
        JsonNode given = before.path("metadata").path("annotations");
        ObjectNode annotations = after.withObject("metadata").withObject("annotations");
        for (String key : List.of(Documents.MANAGED_BY_LOCATION, Documents.MANAGED_BY_ORIGIN_LOCATION)) {
            if (!annotations.hasNonNull(key) && given.hasNonNull(key)) {
                annotations.set(key, given.get(key));
            }
        }
    }

    /**
     * Every ref of the fields that name users and groups, read in the namespace the source gave the
     * entity (a transformer may have moved it) and written whole: renamed ones by their new name,
     * those left out taken away.
     */
    private static void followRefs(ObjectNode descriptor, String namespace, Map<String, String> renamed, Set<String> dropped) {
        if (!(descriptor.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        REF_FIELDS.forEach((field, kind) -> {
            JsonNode value = spec.get(field);
            if (value == null || value.isNull()) {
                return;
            }
            if (value.isString()) {
                String key = refKey(value.stringValue(), kind, namespace);
                if (dropped.contains(key)) {
                    spec.remove(field);
                } else {
                    spec.put(field, renamed.getOrDefault(key, whole(value.stringValue(), kind, namespace)));
                }
            } else if (value.isArray()) {
                ArrayNode followed = spec.putArray(field);
                for (JsonNode item : value) {
                    String key = refKey(item.asString(""), kind, namespace);
                    if (!dropped.contains(key)) {
                        followed.add(renamed.getOrDefault(key, whole(item.asString(""), kind, namespace)));
                    }
                }
            }
        });
    }

    private static String key(ObjectNode descriptor) {
        JsonNode metadata = descriptor.path("metadata");
        if (!descriptor.path("kind").isString() || !metadata.path("name").isString()) {
            return null;
        }
        return refKey(descriptor.get("kind").stringValue() + ":" + metadata.path("namespace").asString(EntityRef.DEFAULT_NAMESPACE) + "/"
                + metadata.get("name").stringValue(), null, null);
    }

    /** The ref with its kind and namespace written out; as it was when it is no ref. */
    private static String whole(String ref, String kind, String namespace) {
        try {
            EntityRef parsed = EntityRef.parse(ref, kind, namespace);
            return parsed.kind() + ":" + parsed.namespace() + "/" + parsed.name();
        } catch (IllegalArgumentException e) {
            return ref;
        }
    }

    private static String refKey(String ref, String kind, String namespace) {
        try {
            return (kind == null ? EntityRef.parse(ref) : EntityRef.parse(ref, kind, namespace)).key();
        } catch (IllegalArgumentException e) {
            return ref;
        }
    }
}
