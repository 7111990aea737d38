package io.stagehand.graphql;

import io.stagehand.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opaque Relay cursors: the values a list is ordered by (ending with the key), as a JSON array,
 * base64url-encoded behind a version prefix.
 */
public final class Cursors {

    private static final String PREFIX = "c1:";
    private static final JsonMapper JSON = Json.MAPPER;

    private Cursors() {
    }

    public static String encode(List<String> values) {
        String text = PREFIX + JSON.writeValueAsString(values);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(String key) {
        return encode(List.of(key));
    }

    /** The values of a cursor, null for no cursor; a malformed cursor is a bad request. */
    public static List<String> decode(String cursor, int expectedSize) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                List<String> values = JSON.readValue(text.substring(PREFIX.length()), new TypeReference<List<String>>() { });
                if (values.size() == expectedSize && values.stream().allMatch(v -> v != null)) {
                    return values;
                }
            }
        } catch (IllegalArgumentException | JacksonException e) {
            // reported below
        }
        throw new BadRequestException("Invalid cursor \"" + cursor + "\"; pass the endCursor of a previous page of the same query");
    }

    public static String decodeKey(String cursor) {
        List<String> values = decode(cursor, 1);
        return values == null ? null : values.get(0);
    }
}
