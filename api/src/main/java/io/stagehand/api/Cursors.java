package io.stagehand.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque Relay cursors: the entity key, base64url-encoded behind a version prefix. */
final class Cursors {

    private static final String PREFIX = "k1:";

    private Cursors() {
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new BadRequestException("Invalid cursor \"" + cursor + "\"; pass the endCursor of a previous page");
    }
}
