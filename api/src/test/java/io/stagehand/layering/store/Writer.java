package io.stagehand.layering.store;

import io.stagehand.layering.ingest.Read;

/** Fixture for PackageDependencyTests: a store that wrongly knows ingest's types. */
public class Writer {

    public String write(Read read) {
        return read.name();
    }
}
