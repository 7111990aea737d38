package io.stagehand.integrations;

/**
 * A configured secret (a token, a private key), bound from its text; {@code toString} never shows
 * it, because properties end up in logs and failure messages.
 */
public record Secret(String value) {

    public boolean isBlank() {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "(set)";
    }
}
