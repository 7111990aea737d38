package io.stagehand.catalog.ingest;

import io.stagehand.model.ContentHash;
import io.stagehand.model.DescriptorParser;
import io.stagehand.model.Entity;
import io.stagehand.model.EntityRef;
import io.stagehand.model.EntityValidator;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.InvalidRefException;
import io.stagehand.model.Json;
import io.stagehand.model.Kind;
import io.stagehand.model.Problem;
import io.stagehand.model.RelationDeriver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one YAML document of a descriptor file gives, independent of the rest of the run: the
 * entity completed as Backstage completes it (namespace, location annotations), validated, with its
 * relations and content hash, or the problems that refused it.
 */
final class Documents {

    static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";
    static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";

    private static final JsonMapper JSON = Json.MAPPER;

    private Documents() {
    }

    /**
     * What a document gives, independent of the rest of the run (but for placeholders, which read other files), with the annotations of the file's location ({@code scm}: view-url, edit-url and source-location of a
     * file read from a URL), which the entity's own annotations override, as in Backstage.
     */
    static DocumentOutcome evaluate(Placeholders placeholders, Pending file, String location, List<String> via,
            DescriptorParser.Document document, java.util.Map<String, String> scm) {
        String refForProblems = guessRef(document.node());
        List<Problem> found = new ArrayList<>();
        JsonNode node;
        try {
            node = placeholders.resolve(document.node(), file.path());
        } catch (Placeholders.PlaceholderException e) {
            placeholders.takeWarnings();
            return refused(found, location, document.line(), refForProblems, List.of(e.getMessage()));
        }
        for (String warning : placeholders.takeWarnings()) {
            found.add(Problem.warning(location, document.line(), refForProblems, warning));
        }
        List<String> invalid = EntityValidator.validate(node);
        if (!invalid.isEmpty()) {
            return refused(found, location, document.line(), refForProblems, invalid);
        }
        // The parsed tree belongs to this document alone (resolved placeholders are fresh trees too): completed in place.
        ObjectNode descriptor = (ObjectNode) node;
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        if (!metadata.has("namespace")) {
            metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
        }
        ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
        scm.forEach((key, value) -> {
            if (!annotations.has(key)) {
                annotations.put(key, value);
            }
        });
        annotations.put(MANAGED_BY_LOCATION, location);
        annotations.put(MANAGED_BY_ORIGIN_LOCATION, file.origin());
        EntityRef ref = new EntityRef(descriptor.get("kind").stringValue(), metadata.get("namespace").stringValue(),
                metadata.get("name").stringValue());
        Entity entity = new Entity(ref, descriptor);
        RelationDeriver.Derived derived = RelationDeriver.derive(entity);
        if (!derived.problems().isEmpty()) {
            return refused(found, location, document.line(), ref.toString(), derived.problems());
        }
        String json = JSON.writeValueAsString(descriptor);
        IngestedEntity ingested = new IngestedEntity(ref, json, location, document.line(),
                hash(json, location, document.line(), via), derived.relations(), via);
        return new DocumentOutcome(document.line(), List.copyOf(found), null, ingested, Kind.of(entity.kind()) == Kind.LOCATION ? entity : null);
    }

    private static DocumentOutcome refused(List<Problem> found, String location, int line, String ref, List<String> messages) {
        for (String message : messages) {
            found.add(Problem.error(location, line, ref, message));
        }
        return new DocumentOutcome(line, List.copyOf(found), ref == null ? null : ref.toLowerCase(java.util.Locale.ROOT), null, null);
    }

    /** The ref of an invalid document, when its kind and name can still be read, so its last good version is kept. */
    private static String guessRef(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode kind = node.path("kind");
        JsonNode metadata = node.path("metadata");
        JsonNode name = metadata.path("name");
        if (!kind.isString() || !name.isString() || kind.stringValue().isEmpty() || name.stringValue().isEmpty()) {
            return null;
        }
        String namespace = metadata.path("namespace").isString() ? metadata.path("namespace").stringValue() : EntityRef.DEFAULT_NAMESPACE;
        try {
            return new EntityRef(kind.stringValue(), namespace, name.stringValue()).toString();
        } catch (InvalidRefException e) {
            return null;
        }
    }

    /** The content hash; {@code via} counts only when not empty, so entities found by the glob kept their hashes. */
    private static String hash(String descriptorJson, String location, int line, List<String> via) {
        MessageDigest digest = ContentHash.digest();
        digest.update(descriptorJson.getBytes(StandardCharsets.UTF_8));
        digest.update(("\n" + location + "\n" + line).getBytes(StandardCharsets.UTF_8));
        for (String viaLocation : via) {
            digest.update(("\n" + viaLocation).getBytes(StandardCharsets.UTF_8));
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
