package io.stagehand.modulefixture.ingest.internal;

import io.stagehand.modulefixture.ingest.Read;

/** Fixture for ModuleTests: a type inside a module, public to Java but not exposed by the module. */
public class Parser {

    public Read parse(String text) {
        return new Read(text.strip());
    }
}
