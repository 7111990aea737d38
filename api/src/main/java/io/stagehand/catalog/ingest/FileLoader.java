package io.stagehand.catalog.ingest;

import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.DescriptorParser;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads, parses and evaluates the files of a run, several at once; a file whose fingerprint did
 * not change since the memo's last run gives what it gave then without being read.
 */
final class FileLoader {

    private final DescriptorParser parser;
    private final YamlLimits limits;

    FileLoader(DescriptorParser parser, YamlLimits limits) {
        this.parser = parser;
        this.limits = limits;
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

    /** Files read from URLs at once in one run: they wait on the network, not on a core. */
    private static final int URL_READS = 8;

    /** Loads a chunk of files on every core (or several per core when some come from URLs); the results come in the chunk's order. */
    List<Loaded> loadAll(CatalogTree tree, List<Pending> chunk, FileMemo memo) {
        if (chunk.size() == 1) {
            return List.of(load(tree, chunk.get(0), memo));
        }
        if (chunk.stream().anyMatch(file -> UrlReaders.isUrl(file.path()))) {
            return Flux.fromIterable(chunk)
                    .flatMapSequential(file -> Mono.fromCallable(() -> load(tree, file, memo)).subscribeOn(Schedulers.boundedElastic()), URL_READS)
                    .collectList().block();
        }
        return ReadPools.PARSERS.submit(() -> chunk.parallelStream().map(file -> load(tree, file, memo)).toList()).join();
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
        Placeholders placeholders = new Placeholders(tree, parser, limits.maxFileBytes());
        List<DocumentOutcome> outcomes = new ArrayList<>();
        boolean dependsOnOtherFiles = false;
        for (DescriptorParser.Document document : parsed.documents()) {
            if (!document.node().isNull()) {
                outcomes.add(Documents.evaluate(placeholders, file, location, via, document));
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
