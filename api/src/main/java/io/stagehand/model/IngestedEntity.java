package io.stagehand.model;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid entity read in a run: its ref, its descriptor as compact JSON (a run may hold 100,000 of
 * them, so not as a tree), where it was found, its content hash, the relations it emits, and the
 * Location files through which its file was reached ({@code via}, root first): when one of those
 * cannot be read, the entity is kept instead of deleted. {@code uid} is the uid another catalog gave
 * it (a mirrored Backstage entity's {@code metadata.uid}), null when the store mints one: a uid
 * written in a catalog file is never trusted, or one file could take another entity's identity.
 */
public record IngestedEntity(EntityRef ref, String descriptorJson, String location, int line, String contentHash, List<Relation> relations,
        List<String> via, String uid) {

    private static final JsonMapper JSON = Json.MAPPER;

    /** The longest uid kept from another catalog; a longer one is replaced by a minted uid. */
    public static final int MAX_UID_LENGTH = 200;

    public IngestedEntity {
        via = via == null ? List.of() : List.copyOf(via);
        if (uid != null && (uid.isEmpty() || uid.length() > MAX_UID_LENGTH)) {
            throw new IllegalArgumentException("a uid has 1 to " + MAX_UID_LENGTH + " characters");
        }
    }

    /** An entity whose uid the store mints. */
    public IngestedEntity(EntityRef ref, String descriptorJson, String location, int line, String contentHash, List<Relation> relations,
            List<String> via) {
        this(ref, descriptorJson, location, line, contentHash, relations, via, null);
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
        return new IngestedEntity(ref, null, location, line, contentHash, List.of(), via, uid);
    }

    /** This entity with the uid another catalog gave it. */
    public IngestedEntity withUid(String mirroredUid) {
        return new IngestedEntity(ref, descriptorJson, location, line, contentHash, relations, via, mirroredUid);
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
