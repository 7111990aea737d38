package io.stagehand.model;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid entity read in a run: its ref, its descriptor as compact JSON (a run may hold 100,000 of
 * them, so not as a tree), where it was found, its content hash, the relations it emits, and the
 * Location files through which its file was reached ({@code via}, root first): when one of those
 * cannot be read, the entity is kept instead of deleted.
 */
public record IngestedEntity(EntityRef ref, String descriptorJson, String location, int line, String contentHash, List<Relation> relations,
        List<String> via) {

    private static final JsonMapper JSON = Json.MAPPER;

    public IngestedEntity {
        via = via == null ? List.of() : List.copyOf(via);
    }

    /** An entity read from a file that was not reached through a Location. */
    public IngestedEntity(EntityRef ref, String descriptorJson, String location, int line, String contentHash, List<Relation> relations) {
        this(ref, descriptorJson, location, line, contentHash, relations, List.of());
    }

    public static IngestedEntity of(Entity entity, String location, int line, String contentHash, List<Relation> relations) {
        return new IngestedEntity(entity.ref(), JSON.writeValueAsString(entity.descriptor()), location, line, contentHash, relations);
    }

    /** This entity without its descriptor and relations, as remembered for a file that did not change. */
    public IngestedEntity withoutContent() {
        return new IngestedEntity(ref, null, location, line, contentHash, List.of(), via);
    }

    /** Whether the descriptor and relations are here (not so for entities of files skipped as unchanged). */
    public boolean hasContent() {
        return descriptorJson != null;
    }

    public String key() {
        return ref.key();
    }

    /** The entity with its descriptor parsed again (for inspection; the pipeline keeps the JSON). */
    public Entity entity() {
        return new Entity(ref, (ObjectNode) JSON.readTree(descriptorJson));
    }
}
