package io.stagehand.model;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated catalog entity. {@code descriptor} is the whole entity as Backstage would serve it
 * (the document as written, with the namespace defaulted and the managed-by annotations added).
 */
public record Entity(EntityRef ref, ObjectNode descriptor) {

    public String kind() {
        return descriptor.path("kind").asString();
    }

    public JsonNode spec() {
        return descriptor.path("spec");
    }

    public JsonNode metadata() {
        return descriptor.path("metadata");
    }
}
