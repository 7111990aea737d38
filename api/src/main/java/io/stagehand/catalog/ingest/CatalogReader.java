package io.stagehand.catalog.ingest;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.DescriptorParser;
import io.stagehand.model.ReadResult;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The pure part of a run: reads the files of a tree that match the source's glob, follows the
 * Location entities among them, and returns valid entities with their relations and every problem
 * found. Touches no database; the store decides what to write.
 */
public final class CatalogReader {

    /** The limits a reader has when nothing is configured, as {@code stagehand.ingest}'s defaults. */
    static final CatalogProperties.Ingest DEFAULTS = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("stagehand.ingest", CatalogProperties.Ingest.class);
    /** How long a run may read URLs when its source gives no refresh interval. */
    static final Duration DEFAULT_URL_TIME = Duration.ofHours(1);

    private final FileLoader loader;
    private final ReadRun.Limits limits;
    private final int maxUrlReads;
    private final UrlReaders urls;

    public CatalogReader(YamlLimits limits, int maxFiles) {
        this(limits, maxFiles, DEFAULTS.maxLocationDepth(), null);
    }

    /** A reader that follows {@code url} targets through {@code urls} (every URL is refused without them), {@code maxDepth} Locations deep. */
    public CatalogReader(YamlLimits limits, int maxFiles, int maxDepth, UrlReaders urls) {
        this(limits, new ReadRun.Limits(maxFiles, maxDepth, DEFAULTS.maxTargetsPerLocation()), DEFAULTS.maxUrlReadsPerRun(),
                DEFAULTS.maxPlaceholdersPerFile(), urls);
    }

    /** A reader with the limits of {@code stagehand.ingest}. */
    public CatalogReader(YamlLimits limits, CatalogProperties.Ingest ingest, UrlReaders urls) {
        this(limits, new ReadRun.Limits(ingest.maxFilesPerRun(), ingest.maxLocationDepth(), ingest.maxTargetsPerLocation()),
                ingest.maxUrlReadsPerRun(), ingest.maxPlaceholdersPerFile(), urls);
    }

    CatalogReader(YamlLimits limits, ReadRun.Limits runLimits, int maxUrlReads, int maxPlaceholders, UrlReaders urls) {
        this.loader = new FileLoader(new DescriptorParser(limits), limits, maxPlaceholders);
        this.limits = runLimits;
        this.maxUrlReads = maxUrlReads;
        this.urls = urls;
    }

    public ReadResult read(CatalogTree tree, String glob) throws IOException {
        return read(tree, glob, null);
    }

    /** Reads the whole tree at once; see {@link #parts}. */
    public ReadResult read(CatalogTree tree, String glob, FileMemo memo) throws IOException {
        List<ReadResult> parts = new ArrayList<>();
        try {
            parts(tree, glob, memo).forEach(parts::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return ReadResult.merge(parts);
    }

    /**
     * Reads the tree in parts, lazily: each step of the iteration reads and parses the next chunk of
     * files and gives the entities accepted from them with the problems found, so a run can write
     * while it reads and never holds the whole catalog. The last part carries the revision. An entity
     * is accepted once (the first definition of a ref wins, in queue order) and then never retracted.
     * With a memo, files whose fingerprint did not change since the last run are not read again.
     * Errors that stop the run come as {@link UncheckedIOException}.
     */
    public Iterable<ReadResult> parts(CatalogTree source, String glob, FileMemo memo) {
        return parts(source, glob, memo, DEFAULT_URL_TIME);
    }

    /** {@link #parts(CatalogTree, String, FileMemo)}, with no URL asked once {@code urlTime} has passed since the first part began. */
    public Iterable<ReadResult> parts(CatalogTree source, String glob, FileMemo memo, Duration urlTime) {
        return () -> new Iterator<>() {
            private ReadRun run;
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public ReadResult next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                try {
                    if (run == null) {
                        RemoteTree tree = RemoteTree.forRun(source, urls, new UrlRun(maxUrlReads, urlTime, Clock.systemUTC()));
                        run = new ReadRun(tree, memo, loader, limits);
                        for (String path : tree.list(glob)) {
                            run.root(path);
                        }
                    }
                    run.readChunk();
                    done = run.queue.isEmpty();
                    if (done && memo != null) {
                        memo.files.keySet().retainAll(run.visited);
                    }
                    return run.takePart(done ? run.tree.revision() : null);
                } catch (IOException e) {
                    done = true;
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
        };
    }

}
