package io.stagehand.ingest;

import java.io.IOException;
import java.time.Duration;

/** A configured source: its name, how to open a fresh snapshot of it, and how often. */
public record CatalogSource(String name, String type, String target, String glob, Duration refresh, Opener opener) {

    /** Opens the current snapshot; an exception means the source could not be read at all. */
    @FunctionalInterface
    public interface Opener {
        CatalogTree open() throws IOException;
    }

    public CatalogTree open() throws IOException {
        return opener.open();
    }
}
