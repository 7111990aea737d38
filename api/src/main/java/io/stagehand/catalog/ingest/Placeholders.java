package io.stagehand.catalog.ingest;

import io.stagehand.http.Redaction;
import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.DescriptorParser;
import io.stagehand.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves Backstage's placeholders: an object whose only key is {@code $text}, {@code $json} or
 * {@code $yaml} is replaced by the content of the file it names, read relative to the descriptor
 * (for example {@code definition: {$text: ./openapi.yaml}}). One file may hold at most {@code
 * stagehand.ingest.max-placeholders-per-file} placeholders, and what they read together is capped
 * by {@code stagehand.ingest.max-file-bytes}; a URL is read once per run,
 * however often and however spelled, taking one from the run's URL budget.
 */
final class Placeholders {

    private static final JsonMapper JSON = Json.MAPPER;

    /** A placeholder that could not be resolved; the message names it and the file. */
    static final class PlaceholderException extends Exception {
        PlaceholderException(String message) {
            super(message);
        }
    }

    private final RemoteTree tree;
    private final DescriptorParser parser;
    private final int maxBytes;
    private final int maxPlaceholders;
    private final List<String> warnings = new ArrayList<>();
    private boolean used;
    private int count;
    private long bytesRead;

    Placeholders(CatalogTree tree, DescriptorParser parser, int maxBytes, int maxPlaceholders) {
        this.tree = RemoteTree.of(tree);
        this.parser = parser;
        this.maxBytes = maxBytes;
        this.maxPlaceholders = maxPlaceholders;
    }

    /** Warnings since the last call, such as placeholders that were kept unresolved; clears them. */
    List<String> takeWarnings() {
        List<String> taken = List.copyOf(warnings);
        warnings.clear();
        return taken;
    }

    /**
     * Whether a placeholder was met since the last call (what such a document reads depends on
     * other files, so it must be read again on every run); clears the flag.
     */
    boolean takeUsed() {
        boolean was = used;
        used = false;
        return was;
    }

    /**
     * Returns the node with every placeholder under it resolved. The input is left as it was: what
     * holds a placeholder is copied (shallowly), the rest is shared, and a tree without any placeholder comes
     * back as the same instance.
     */
    JsonNode resolve(JsonNode node, String fromPath) throws PlaceholderException {
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.propertyNames().iterator().next();
                if (key.equals("$text") || key.equals("$json") || key.equals("$yaml")) {
                    return substitute(key, node.get(key), fromPath);
                }
            }
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                JsonNode value = property.getValue();
                JsonNode resolved = value.isContainer() ? resolve(value, fromPath) : value;
                if (resolved != value && copy == null) {
                    copy = JsonNodeFactory.instance.objectNode().setAll((ObjectNode) node);
                }
                if (copy != null) {
                    copy.set(property.getKey(), resolved);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                JsonNode resolved = item.isContainer() ? resolve(item, fromPath) : item;
                if (resolved != item && copy == null) {
                    copy = JsonNodeFactory.instance.arrayNode().addAll((ArrayNode) node);
                }
                if (copy != null) {
                    copy.set(i, resolved);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    private JsonNode substitute(String kind, JsonNode target, String fromPath) throws PlaceholderException {
        used = true;
        if (++count > maxPlaceholders) {
            throw new PlaceholderException("The file holds more than " + maxPlaceholders + " placeholders (stagehand.ingest.max-placeholders-per-file)");
        }
        if (!target.isString() || target.stringValue().isBlank()) {
            throw new PlaceholderException("Placeholder " + kind + " must name a file, found " + (target.isString() ? "an empty string" : target.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        String value = target.stringValue();
        if (UrlReaders.isUrl(value) || UrlReaders.isUrl(fromPath)) {
            return parse(kind, value, readUrl(kind, value, fromPath));
        }
        if (value.contains("://") || value.startsWith("/")) {
            // neither an http(s) URL nor a path of this source: the entity is kept with the placeholder as written
            warnings.add("Placeholder " + kind + " " + value + " is outside this source and was kept as written;"
                    + " only files relative to the descriptor are read");
            return JsonNodeFactory.instance.objectNode().set(kind, target);
        }
        String path = LocationPaths.resolve(fromPath, value);
        if (path == null) {
            throw new PlaceholderException("Placeholder " + kind + " " + value + " points outside the source's root");
        }
        byte[] bytes;
        try {
            bytes = tree.read(path, room(kind, value));
        } catch (IOException e) {
            throw new PlaceholderException("Placeholder " + kind + " " + value + " could not be read: " + e.getMessage());
        }
        if (bytes == null) {
            throw new PlaceholderException("Placeholder " + kind + " " + value + " does not exist");
        }
        bytesRead += bytes.length;
        return parse(kind, value, bytes);
    }

    /**
     * A placeholder naming a URL, or any placeholder of a file read from a URL: resolved against that
     * URL and read through the integrations, as Backstage's placeholder processor reads it.
     */
    private byte[] readUrl(String kind, String value, String fromPath) throws PlaceholderException {
        String url = tree.resolve(value, UrlReaders.isUrl(fromPath) ? fromPath : value);
        if (url == null) {
            throw new PlaceholderException("Placeholder " + kind + " " + Redaction.redact(value) + " cannot be resolved against "
                    + Redaction.redact(fromPath));
        }
        byte[] bytes;
        try {
            bytes = tree.readForPlaceholder(url, maxBytes);
        } catch (IOException e) {
            throw new PlaceholderException("Placeholder " + kind + " could not read location " + Redaction.redact(url) + ", " + e.getMessage());
        }
        if (bytes == null) {
            throw new PlaceholderException("Placeholder " + kind + " could not read location " + Redaction.redact(url) + ", it does not exist");
        }
        if (bytes.length > room(kind, Redaction.redact(url))) {
            throw new PlaceholderException("Placeholder " + kind + " " + Redaction.redact(url) + " was not read: the placeholders of one file may"
                    + " read at most " + maxBytes + " bytes together (stagehand.ingest.max-file-bytes)");
        }
        bytesRead += bytes.length;
        return bytes;
    }

    /** The bytes the next placeholder may still read: the file's placeholders share one cap. */
    private int room(String kind, String value) throws PlaceholderException {
        long room = maxBytes - bytesRead;
        if (room <= 0) {
            throw new PlaceholderException("Placeholder " + kind + " " + value + " was not read: the placeholders of one file may read at most "
                    + maxBytes + " bytes together (stagehand.ingest.max-file-bytes)");
        }
        return (int) room;
    }

    private JsonNode parse(String kind, String value, byte[] bytes) throws PlaceholderException {
        return switch (kind) {
            case "$text" -> JsonNodeFactory.instance.stringNode(new String(bytes, StandardCharsets.UTF_8));
            case "$json" -> parseJson(value, bytes);
            default -> parseYaml(value, bytes);
        };
    }

    private static JsonNode parseJson(String value, byte[] bytes) throws PlaceholderException {
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new PlaceholderException("Placeholder $json " + value + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private JsonNode parseYaml(String value, byte[] bytes) throws PlaceholderException {
        DescriptorParser.Result result = parser.parse(bytes);
        if (result.failed()) {
            throw new PlaceholderException("Placeholder $yaml " + value + ": " + result.error());
        }
        if (result.documents().size() != 1) {
            throw new PlaceholderException("Placeholder $yaml " + value + " must hold exactly one YAML document, found "
                    + result.documents().size());
        }
        return result.documents().get(0).node();
    }
}
