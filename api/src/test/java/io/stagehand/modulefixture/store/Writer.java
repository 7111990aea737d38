package io.stagehand.modulefixture.store;

import io.stagehand.modulefixture.ingest.internal.Parser;

/** Fixture for ModuleTests: a store that reaches into another module's insides. */
public class Writer {

    public String write(String text) {
        return new Parser().parse(text).name();
    }
}
