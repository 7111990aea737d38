package io.stagehand.catalog.store;

/**
 * An entity row as the API reads it; {@code key} is the lower-cased ref, {@code descriptor} compact JSON
 * text, byte for byte what Jackson writes for it ({@link StoredJson}), or null when not read; {@code uid}
 * Backstage's {@code metadata.uid} (mirrored or minted), {@code etag} a SHA-256 digest of the stored content
 * hash, which changes exactly when the stored entity does.
 */
public record StoredEntity(String key, String ref, String kind, String namespace, String name, String title,
        String description, String source, String location, int line, String uid, String etag, String descriptor) {
}
