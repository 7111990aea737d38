package io.stagehand.layering.ingest;

/** Fixture for PackageDependencyTests: what a source read. */
public record Read(String name) {
}
