package io.stagehand.catalog.store;

/** One edge as stored: source and target as refs (Backstage's form) and keys (lower-cased). */
public record StoredRelation(String sourceKey, String sourceRef, String type, String targetKey, String targetRef) {
}
