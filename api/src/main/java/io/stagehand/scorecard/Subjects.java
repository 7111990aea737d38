package io.stagehand.scorecard;

import io.stagehand.store.EntitySnapshots.Snapshot;
import io.stagehand.store.EntitySnapshots.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The document that {@code entity.*} facts read: the descriptor, plus {@code relations} (each
 * relation type's target refs) and {@code owner} (the ownedBy target's {@code ref}, {@code kind}
 * and whether it {@code exists} in the catalog).
 */
final class Subjects {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Subjects() {
    }

    static ObjectNode document(Snapshot snapshot) {
        ObjectNode document = (ObjectNode) JSON.readTree(snapshot.descriptorJson());
        Map<String, ArrayNode> byType = new LinkedHashMap<>();
        ObjectNode relations = document.objectNode();
        ObjectNode owner = null;
        for (Target target : snapshot.relations()) {
            byType.computeIfAbsent(target.type(), t -> relations.putArray(t)).add(target.ref());
            if (owner == null && target.type().equals("ownedBy")) {
                owner = document.objectNode();
                owner.put("ref", target.ref());
                if (target.kind() != null) {
                    owner.put("kind", target.kind());
                }
                owner.put("exists", target.kind() != null);
            }
        }
        document.set("relations", relations);
        if (owner != null) {
            document.set("owner", owner);
        }
        return document;
    }

    static List<String> keys(List<Snapshot> snapshots) {
        return snapshots.stream().map(Snapshot::key).toList();
    }
}
