package io.stagehand.ingest;

import io.stagehand.catalog.ReadResult;
import java.time.Duration;
import reactor.core.publisher.Flux;

/** A configured source: its name and type, what it reads (and which files, for folders and git), how often, and how to read it once. */
public record CatalogSource(String name, String type, String target, String glob, Duration refresh, Reader reader) {

    /**
     * Reads a complete snapshot of the source, in parts as it goes (lazily, as they are requested);
     * an error means it could not be read at all. With {@code skipUnchanged}, files that did not
     * change since the last run may be answered from memory.
     */
    @FunctionalInterface
    public interface Reader {
        Flux<ReadResult> read(boolean skipUnchanged);
    }

    public Flux<ReadResult> read(boolean skipUnchanged) {
        return reader.read(skipUnchanged);
    }
}
