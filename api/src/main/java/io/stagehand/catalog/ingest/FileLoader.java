package io.stagehand.catalog.ingest;

import io.stagehand.model.DescriptorParser;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads, parses and evaluates the files of a run, on every core; a file whose fingerprint did
 * not change since the memo's last run gives what it gave then without being read.
 */
final class FileLoader {

    /** Beyond the run's own deadline, how long a file may still take: reads stop at the deadline, evaluating what came does not. */
    private static final Duration GRACE = Duration.ofMinutes(1);

    private final DescriptorParser parser;
    private final YamlLimits limits;
    private final int maxPlaceholders;

    FileLoader(DescriptorParser parser, YamlLimits limits, int maxPlaceholders) {
        this.parser = parser;
        this.limits = limits;
        this.maxPlaceholders = maxPlaceholders;
    }

    /**
     * A file read, parsed and its documents evaluated (or the reason it could not be read); or, when
     * it did not change, what it gave last time ({@code remembered}).
     */
    record Loaded(Pending file, String location, boolean missing, String error, int errorLine,
            List<DocumentOutcome> outcomes, String fingerprint, boolean remembered, boolean dependsOnOtherFiles) {

        static Loaded failed(Pending file, String location, boolean missing, String error, int errorLine) {
            return new Loaded(file, location, missing, error, errorLine, List.of(), null, false, false);
        }
    }

    /**
     * Loads a chunk of files, the results in the chunk's order: on the parsing threads, or, when the
     * tree may read URLs (a file or any placeholder may name one), on the fetching threads, each
     * waited for no longer than the run's deadline allows.
     */
    List<Loaded> loadAll(RemoteTree tree, List<Pending> chunk, FileMemo memo) {
        if (!tree.readsUrls()) {
            return ReadPools.PARSERS.submit(() -> chunk.parallelStream().map(file -> load(tree, file, memo)).toList()).join();
        }
        List<CompletableFuture<Loaded>> loads = chunk.stream()
                .map(file -> CompletableFuture.supplyAsync(() -> load(tree, file, memo), ReadPools.FETCHERS)).toList();
        long until = System.nanoTime() + (tree.run() == null ? Duration.ofDays(1) : tree.run().timeLeft()).plus(GRACE).toNanos();
        List<Loaded> loaded = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            loaded.add(await(tree, chunk.get(i), loads.get(i), until));
        }
        return loaded;
    }

    private static Loaded await(RemoteTree tree, Pending file, CompletableFuture<Loaded> load, long until) {
        try {
            return load.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            load.cancel(true);
            return Loaded.failed(file, tree.location(file.path()), false, "The file was not read within the run's time; what it held before is kept", 0);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            load.cancel(true);
            return Loaded.failed(file, tree.location(file.path()), false, "The run was stopped before the file was read", 0);
        }
    }

    Loaded load(CatalogTree tree, Pending file, FileMemo memo) {
        String location = tree.location(file.path());
        List<String> via = file.via(tree);
        String fingerprint = null;
        if (memo != null) {
            try {
                // Taken before reading: if the file changes meanwhile, the next run sees another fingerprint.
                fingerprint = tree.fingerprint(file.path());
            } catch (IOException e) {
                fingerprint = null;
            }
            FileMemo.Remembered last = fingerprint == null ? null : memo.files.get(file.path());
            if (last != null && last.fingerprint().equals(fingerprint) && last.location().equals(location)
                    && last.origin().equals(file.origin()) && last.via().equals(via)) {
                return new Loaded(file, location, false, null, 0, last.outcomes(), fingerprint, true, false);
            }
        }
        byte[] bytes;
        try {
            bytes = tree.read(file.path(), limits.maxFileBytes());
        } catch (IOException e) {
            return Loaded.failed(file, location, false, e.getMessage(), 0);
        }
        if (bytes == null) {
            return Loaded.failed(file, location, true, null, 0);
        }
        DescriptorParser.Result parsed = parser.parse(bytes);
        if (parsed.failed()) {
            return Loaded.failed(file, location, false, parsed.error(), parsed.errorLine());
        }
        // Evaluated here, on the parsing threads: validating, serialising and hashing are most of a run's work.
        Placeholders placeholders = new Placeholders(tree, parser, limits.maxFileBytes(), maxPlaceholders);
        List<DocumentOutcome> outcomes = new ArrayList<>();
        java.util.Map<String, String> scm = tree instanceof RemoteTree remote ? remote.locationAnnotations(file.path()) : java.util.Map.of();
        boolean dependsOnOtherFiles = false;
        for (DescriptorParser.Document document : parsed.documents()) {
            if (!document.node().isNull()) {
                outcomes.add(Documents.evaluate(placeholders, file, location, via, document, scm));
                dependsOnOtherFiles |= placeholders.takeUsed();
            }
        }
        if (outcomes.isEmpty()) {
            // A file truncated by a failed write or an editor looks like this: what it held before stays.
            return Loaded.failed(file, location, false, bytes.length == 0 ? "The file is empty; what it held before is kept"
                    : "The file holds no YAML document; what it held before is kept", 0);
        }
        return new Loaded(file, location, false, null, 0, outcomes, fingerprint, false, dependsOnOtherFiles);
    }
}
