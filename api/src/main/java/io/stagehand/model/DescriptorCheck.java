package io.stagehand.model;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The problems ingestion records for one descriptor, found without storing anything: Backstage's
 * validation, then the relations its spec must yield (a malformed ref is a problem there too).
 * Placeholders ({@code $text}, ...) are not resolved: there is no file to resolve them against.
 */
public final class DescriptorCheck {

    private DescriptorCheck() {
    }

    /** Every problem of the descriptor, in the words ingestion uses; empty when it is valid. */
    public static List<String> problems(JsonNode descriptor) {
        List<String> invalid = EntityValidator.validate(descriptor);
        if (!invalid.isEmpty()) {
            return invalid;
        }
        ObjectNode copy = ((ObjectNode) descriptor).deepCopy();
        JsonNode metadata = copy.get("metadata");
        String namespace = metadata.path("namespace").isString() ? metadata.get("namespace").stringValue() : EntityRef.DEFAULT_NAMESPACE;
        EntityRef ref = new EntityRef(copy.get("kind").stringValue(), namespace, metadata.get("name").stringValue());
        return RelationDeriver.derive(new Entity(ref, copy)).problems();
    }
}
