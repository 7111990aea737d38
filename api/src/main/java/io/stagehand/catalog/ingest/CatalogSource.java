package io.stagehand.catalog.ingest;

import io.stagehand.model.ReadResult;
import java.time.Duration;
import java.util.Locale;
import org.springframework.modulith.NamedInterface;
import reactor.core.publisher.Flux;

/** A configured source: its name and type, what it reads (and which files, for folders and git), how often, and how to read it once. */
@NamedInterface("sources")
public record CatalogSource(String name, Type sourceType, String target, String glob, Duration refresh, Reader reader) {

    /** Where a source reads from. */
    public enum Type {
        DEMO, FILE, GIT, BACKSTAGE, LDAP, MSGRAPH, GITHUB_ORG, URL, GITHUB, GITLAB;

        /** The type as health details, logs and the API's {@code SourceType} show it ({@code git}, {@code github_org}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

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
