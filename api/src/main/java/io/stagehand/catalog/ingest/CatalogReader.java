package io.stagehand.catalog.ingest;

import io.stagehand.http.Redaction;
import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.DescriptorParser;
import io.stagehand.model.Entity;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The pure part of a run: reads the files of a tree that match the source's glob, follows the
 * Location entities among them, and returns valid entities with their relations and every problem
 * found. Touches no database; the store decides what to write.
 */
public final class CatalogReader {

    /** How deep Location files may lead to others when nothing else is configured. */
    static final int DEFAULT_MAX_DEPTH = 32;

    private final FileLoader loader;
    private final int maxFiles;
    private final int maxDepth;
    private final UrlReaders urls;

    public CatalogReader(YamlLimits limits, int maxFiles) {
        this(limits, maxFiles, DEFAULT_MAX_DEPTH, null);
    }

    /** A reader that follows {@code url} targets through {@code urls} (every URL is refused without them), {@code maxDepth} Locations deep. */
    public CatalogReader(YamlLimits limits, int maxFiles, int maxDepth, UrlReaders urls) {
        this.loader = new FileLoader(new DescriptorParser(limits), limits);
        this.maxFiles = maxFiles;
        this.maxDepth = maxDepth;
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
        RemoteTree tree = source instanceof RemoteTree remote ? remote : new RemoteTree(source, urls);
        return () -> new Iterator<>() {
            private Run run;
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
                        run = new Run(tree, memo);
                        for (String path : tree.list(glob)) {
                            run.queue.add(new Pending(path, null, tree.location(path), false, null, 0));
                        }
                    }
                    run.readChunk();
                    done = run.queue.isEmpty();
                    if (done && memo != null) {
                        memo.files.keySet().retainAll(run.visited);
                    }
                    return run.takePart(done ? tree.revision() : null);
                } catch (IOException e) {
                    done = true;
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
        };
    }

    private static final int PARSE_CHUNK = 256;

    /** A run's state across its parts; what the current part found is handed out by {@link #takePart}. */
    private final class Run {
        final RemoteTree tree;
        final FileMemo memo;
        final Deque<Pending> queue = new ArrayDeque<>();
        final Set<String> visited = new HashSet<>();
        final Map<String, String> firstLocation = new HashMap<>();
        List<IngestedEntity> entities = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> failedLocations = new HashSet<>();
        Set<String> rejectedKeys = new HashSet<>();
        int filesRead;

        Run(RemoteTree tree, FileMemo memo) {
            this.tree = tree;
            this.memo = memo;
        }

        /** Reads the next chunk of queued files: on every core, then processed one by one in queue order. */
        void readChunk() throws IOException {
            List<Pending> chunk = new ArrayList<>();
            while (!queue.isEmpty() && chunk.size() < PARSE_CHUNK) {
                Pending next = queue.poll();
                if (visited.add(next.path())) {
                    if (visited.size() > maxFiles) {
                        throw new IOException("The source has more than " + maxFiles + " files to read (stagehand.ingest.max-files-per-run)");
                    }
                    chunk.add(next);
                }
            }
            // Which definition comes first never depends on timing.
            for (FileLoader.Loaded loaded : loader.loadAll(tree, chunk, memo)) {
                process(loaded);
            }
            filesRead += chunk.size();
        }

        ReadResult takePart(String revision) {
            ReadResult part = new ReadResult(entities, problems, failedLocations, rejectedKeys, filesRead, revision);
            entities = new ArrayList<>();
            problems = new ArrayList<>();
            failedLocations = new HashSet<>();
            rejectedKeys = new HashSet<>();
            filesRead = 0;
            return part;
        }

        void process(FileLoader.Loaded loaded) {
            Pending file = loaded.file();
            String location = loaded.location();
            if (loaded.missing()) {
                if (!file.optional()) {
                    String requester = file.requestedBy() == null ? location : file.requestedBy();
                    problems.add(Problem.error(requester, file.requestLine(), null,
                            "Location target " + file.path() + " does not exist (set presence: optional if that is expected)"));
                    // Keep whatever this file held before: a target that vanished is a failed read.
                    failedLocations.add(location);
                }
                return;
            }
            if (loaded.error() != null) {
                if (memo != null) {
                    memo.files.remove(file.path());
                }
                fail(location, loaded.errorLine(), loaded.error());
                return;
            }
            List<DocumentOutcome> outcomes = loaded.outcomes();
            if (memo != null && !loaded.remembered()) {
                if (loaded.fingerprint() != null && !loaded.dependsOnOtherFiles()) {
                    memo.files.put(file.path(), new FileMemo.Remembered(loaded.fingerprint(), location, file.origin(), file.via(tree),
                            outcomes.stream().map(DocumentOutcome::withoutContent).toList()));
                } else {
                    memo.files.remove(file.path());
                }
            }
            for (DocumentOutcome outcome : outcomes) {
                take(file, location, outcome);
            }
        }

        private void fail(String location, int line, String message) {
            problems.add(Problem.error(location, line, null, message));
            failedLocations.add(location);
        }

        /** Adds a document's outcome to the run: its problems, and its entity unless an earlier file defined the same ref. */
        private void take(Pending file, String location, DocumentOutcome outcome) {
            problems.addAll(outcome.problems());
            if (outcome.rejectedKey() != null) {
                rejectedKeys.add(outcome.rejectedKey());
            }
            IngestedEntity entity = outcome.entity();
            if (entity == null) {
                return;
            }
            String previous = firstLocation.putIfAbsent(entity.key(), location);
            if (previous != null) {
                problems.add(Problem.error(location, outcome.line(), entity.ref().toString(),
                        "Entity " + entity.ref() + " is also defined in " + previous + "; the first definition is kept"));
                return;
            }
            entities.add(entity);
            if (outcome.locationEntity() != null) {
                followLocation(file, location, outcome.line(), outcome.locationEntity());
            }
        }

        private void followLocation(Pending file, String location, int line, Entity entity) {
            JsonNode spec = entity.spec();
            String type = spec.path("type").isString() ? spec.path("type").stringValue() : null;
            boolean optional = "optional".equals(spec.path("presence").asString(""));
            if (type != null && !type.equals("url") && !type.equals("file")) {
                problems.add(Problem.warning(location, line, entity.ref().toString(),
                        "Location type \"" + type + "\" is not supported by Stagehand; its targets were not read"));
                return;
            }
            List<String> targets = new ArrayList<>();
            if (spec.path("target").isString()) {
                targets.add(spec.path("target").stringValue());
            }
            for (JsonNode target : spec.path("targets")) {
                targets.add(target.stringValue());
            }
            // as in Backstage, a Location without a type has the type of the file naming it
            boolean fromUrl = UrlReaders.isUrl(file.path());
            boolean url = type == null ? fromUrl : type.equals("url");
            for (String target : targets) {
                if (file.depth() + 1 > maxDepth) {
                    problems.add(Problem.error(location, line, entity.ref().toString(), "Location target " + target
                            + " is more than " + maxDepth + " Locations deep (stagehand.ingest.max-location-depth); not followed"));
                } else if (url) {
                    followUrl(file, location, line, entity.ref().toString(), target, optional, fromUrl);
                } else if (fromUrl) {
                    problems.add(Problem.warning(location, line, entity.ref().toString(), "Location target " + target
                            + " of type file is named in a file read from a URL; only url targets are followed there"));
                } else {
                    follow(file, location, line, entity.ref().toString(), target, optional);
                }
            }
        }

        /** A {@code url} target: resolved against the file's URL, read only from a host with an integration. */
        private void followUrl(Pending file, String location, int line, String ref, String target, boolean optional, boolean fromUrl) {
            if (!fromUrl && !UrlReaders.isUrl(target)) {
                problems.add(Problem.error(location, line, ref, "Location target " + target + " of type url is not a URL"));
                return;
            }
            String resolved = tree.resolve(target, fromUrl ? file.path() : target);
            String refusal = resolved == null ? null : tree.refusal(resolved);
            if (resolved == null || refusal != null) {
                problems.add(Problem.error(location, line, ref, refusal != null ? refusal
                        : "Location target " + Redaction.redact(target) + " cannot be resolved against " + Redaction.redact(file.path())));
                return;
            }
            if (Globs.isGlob(java.net.URI.create(resolved).getRawPath())) {
                problems.add(Problem.error(location, line, ref, "Location target " + resolved
                        + " is a pattern; patterns in url targets are not supported by Stagehand yet"));
                return;
            }
            enqueue(file, location, line, ref, resolved, optional);
        }

        private void follow(Pending file, String location, int line, String ref, String target, boolean optional) {
            if (target.contains("://") || target.startsWith("/")) {
                problems.add(Problem.warning(location, line, ref,
                        "Location target " + target + " is outside this source; only targets relative to the file are followed"));
                return;
            }
            String resolved = LocationPaths.resolve(file.path(), target);
            if (resolved == null) {
                problems.add(Problem.error(location, line, ref, "Location target " + target + " points outside the source's root"));
                return;
            }
            List<String> paths;
            if (Globs.isGlob(resolved)) {
                try {
                    paths = tree.list(resolved);
                } catch (IOException e) {
                    problems.add(Problem.error(location, line, ref, "Could not list " + target + ": " + e.getMessage()));
                    failedLocations.add(location);
                    return;
                }
            } else {
                paths = List.of(resolved);
            }
            for (String path : paths) {
                enqueue(file, location, line, ref, path, optional);
            }
        }

        private void enqueue(Pending file, String location, int line, String ref, String path, boolean optional) {
            if (file.hasAncestor(path)) {
                problems.add(Problem.error(location, line, ref, "Location cycle: " + file.chain() + " -> " + path));
                return;
            }
            queue.add(new Pending(path, file, file.origin(), optional, location, line));
        }
    }

}
