package io.stagehand.modulefixture.ingest;

/** Fixture for ModuleTests: what a source read, the module's exposed type. */
public record Read(String name) {
}
