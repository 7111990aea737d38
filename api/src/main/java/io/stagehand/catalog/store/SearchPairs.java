package io.stagehand.catalog.store;

import io.stagehand.model.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's search rows of a descriptor, as its catalog builds them (buildEntitySearch), stored
 * with the entity in {@code search_pairs}: every leaf under its dot path with keys lower-cased,
 * array items under the array's own path and each string item also as {@code <path>.<item>} with
 * the value {@code true}; relations, status, attachments and the etag left out; a key over the
 * limit dropped, a value over it kept as present only. Each key is an entry alone (it exists) and
 * with its value as written ({@code key=value}). A key holding {@code =} is left out: no filter can
 * name it, and it would make an entry ambiguous.
 */
final class SearchPairs {

    /** Backstage's limits, which keep index entries small. */
    static final int MAX_KEY_CHARACTERS = 200;
    static final int MAX_VALUE_CHARACTERS = 200;

    private static final Set<String> LEFT_OUT = Set.of("attachments", "relations", "status", "metadata.etag");

    private SearchPairs() {
    }

    /** The entries of this descriptor (compact JSON), sorted. */
    static String[] of(String descriptorJson) {
        JsonNode root = Json.MAPPER.readTree(descriptorJson);
        Set<String> entries = new TreeSet<>();
        visit("", root, entries);
        JsonNode namespace = root.path("metadata").path("namespace");
        if (!namespace.isString() || namespace.asString().isEmpty()) {
            add("metadata.namespace", "default", entries);
        }
        return entries.toArray(String[]::new);
    }

    private static void visit(String path, JsonNode node, Set<String> entries) {
        if (LEFT_OUT.contains(path)) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                visit(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), entries);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                visit(path, item, entries);
                if (item.isString()) {
                    add(path + "." + item.asString(), "true", entries);
                }
            }
        } else {
            add(path, node.isNull() ? null : node.asString(), entries);
        }
    }

    private static void add(String path, String value, Set<String> entries) {
        String key = path.toLowerCase(Locale.ROOT);
        if (key.length() > MAX_KEY_CHARACTERS || key.contains("=")) {
            return;
        }
        entries.add(key);
        if (value != null && value.length() <= MAX_VALUE_CHARACTERS) {
            entries.add(key + "=" + value);
        }
    }
}
