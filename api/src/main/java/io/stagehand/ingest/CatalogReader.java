package io.stagehand.ingest;

import io.stagehand.catalog.DescriptorParser;
import io.stagehand.catalog.Entity;
import io.stagehand.catalog.EntityRef;
import io.stagehand.catalog.EntityValidator;
import io.stagehand.catalog.IngestedEntity;
import io.stagehand.catalog.InvalidRefException;
import io.stagehand.catalog.Kind;
import io.stagehand.catalog.Problem;
import io.stagehand.catalog.ReadResult;
import io.stagehand.catalog.RelationDeriver;
import io.stagehand.catalog.YamlLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pure part of a run: reads the files of a tree that match the source's glob, follows the
 * Location entities among them, and returns valid entities with their relations and every problem
 * found. Touches no database; the store decides what to write.
 */
public final class CatalogReader {

    static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";
    static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DescriptorParser parser;
    private final YamlLimits limits;
    private final int maxFiles;

    public CatalogReader(YamlLimits limits, int maxFiles) {
        this.parser = new DescriptorParser(limits);
        this.limits = limits;
        this.maxFiles = maxFiles;
    }

    /** A file waiting to be read, with the chain of files whose Locations led to it. */
    private record Pending(String path, Pending parent, String origin, boolean optional, String requestedBy, int requestLine) {
        boolean hasAncestor(String candidate) {
            for (Pending p = this; p != null; p = p.parent) {
                if (p.path.equals(candidate)) {
                    return true;
                }
            }
            return false;
        }

        /** The locations of the files whose Locations led here, root first. */
        List<String> via(CatalogTree tree) {
            List<String> locations = new ArrayList<>();
            for (Pending p = parent; p != null; p = p.parent) {
                locations.add(0, tree.location(p.path));
            }
            return locations;
        }

        String chain() {
            List<String> paths = new ArrayList<>();
            for (Pending p = this; p != null; p = p.parent) {
                paths.add(0, p.path);
            }
            return String.join(" -> ", paths);
        }
    }

    /**
     * What earlier runs of one source read from each file, so a run reads and parses only the files
     * whose fingerprint changed. Holds no descriptors (the store has them): an entity that must be
     * written although its file did not change makes the store refuse the run, which is then read
     * again without the memo.
     */
    public static final class FileMemo {
        private final Map<String, Remembered> files = new ConcurrentHashMap<>();

        public void clear() {
            files.clear();
        }

        /** Files remembered now. */
        public int size() {
            return files.size();
        }
    }

    /**
     * A file's fingerprint, where it was read, through which Location files from which root, and
     * what its documents gave.
     */
    private record Remembered(String fingerprint, String location, String origin, List<String> via, List<Outcome> outcomes) {
    }

    /**
     * What one document gave: problems (warnings, or the errors that refused it), the key of a
     * refused entity, or the entity read, and for a Location the entity itself, whose targets are followed.
     */
    private record Outcome(int line, List<Problem> problems, String rejectedKey, IngestedEntity entity, Entity locationEntity) {
        Outcome withoutContent() {
            return new Outcome(line, problems, rejectedKey, entity == null ? null : entity.withoutContent(), locationEntity);
        }
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
    public Iterable<ReadResult> parts(CatalogTree tree, String glob, FileMemo memo) {
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
    private static final ForkJoinPool PARSERS = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));

    /**
     * A file read, parsed and its documents evaluated (or the reason it could not be read); or, when
     * it did not change, what it gave last time ({@code remembered}).
     */
    private record Loaded(Pending file, String location, boolean missing, String error, int errorLine,
            List<Outcome> outcomes, String fingerprint, boolean remembered, boolean dependsOnOtherFiles) {

        static Loaded failed(Pending file, String location, boolean missing, String error, int errorLine) {
            return new Loaded(file, location, missing, error, errorLine, List.of(), null, false, false);
        }
    }

    private List<Loaded> loadAll(Run run, List<Pending> chunk) {
        if (chunk.size() == 1) {
            return List.of(load(run.tree, chunk.get(0), run.memo));
        }
        return PARSERS.submit(() -> chunk.parallelStream().map(file -> load(run.tree, file, run.memo)).toList()).join();
    }

    private Loaded load(CatalogTree tree, Pending file, FileMemo memo) {
        String location = tree.location(file.path);
        List<String> via = file.via(tree);
        String fingerprint = null;
        if (memo != null) {
            try {
                // Taken before reading: if the file changes meanwhile, the next run sees another fingerprint.
                fingerprint = tree.fingerprint(file.path);
            } catch (IOException e) {
                fingerprint = null;
            }
            Remembered last = fingerprint == null ? null : memo.files.get(file.path);
            if (last != null && last.fingerprint().equals(fingerprint) && last.location().equals(location)
                    && last.origin().equals(file.origin) && last.via().equals(via)) {
                return new Loaded(file, location, false, null, 0, last.outcomes(), fingerprint, true, false);
            }
        }
        byte[] bytes;
        try {
            bytes = tree.read(file.path, limits.maxFileBytes());
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
        List<Outcome> outcomes = new ArrayList<>();
        boolean dependsOnOtherFiles = false;
        for (DescriptorParser.Document document : parsed.documents()) {
            if (!document.node().isNull()) {
                outcomes.add(evaluate(placeholders, file, location, via, document));
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

    /** A run's state across its parts; what the current part found is handed out by {@link #takePart}. */
    private final class Run {
        final CatalogTree tree;
        final FileMemo memo;
        final Deque<Pending> queue = new ArrayDeque<>();
        final Set<String> visited = new HashSet<>();
        final Map<String, String> firstLocation = new HashMap<>();
        List<IngestedEntity> entities = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> failedLocations = new HashSet<>();
        Set<String> rejectedKeys = new HashSet<>();
        int filesRead;

        Run(CatalogTree tree, FileMemo memo) {
            this.tree = tree;
            this.memo = memo;
        }

        /** Reads the next chunk of queued files: on every core, then processed one by one in queue order. */
        void readChunk() throws IOException {
            List<Pending> chunk = new ArrayList<>();
            while (!queue.isEmpty() && chunk.size() < PARSE_CHUNK) {
                Pending next = queue.poll();
                if (visited.add(next.path)) {
                    if (visited.size() > maxFiles) {
                        throw new IOException("The source has more than " + maxFiles + " files to read (stagehand.ingest.max-files-per-run)");
                    }
                    chunk.add(next);
                }
            }
            // Which definition comes first never depends on timing.
            for (Loaded loaded : loadAll(this, chunk)) {
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

        void process(Loaded loaded) {
            Pending file = loaded.file();
            String location = loaded.location();
            if (loaded.missing()) {
                if (!file.optional) {
                    String requester = file.requestedBy == null ? location : file.requestedBy;
                    problems.add(Problem.error(requester, file.requestLine, null,
                            "Location target " + file.path + " does not exist (set presence: optional if that is expected)"));
                    // Keep whatever this file held before: a target that vanished is a failed read.
                    failedLocations.add(location);
                }
                return;
            }
            if (loaded.error() != null) {
                if (memo != null) {
                    memo.files.remove(file.path);
                }
                fail(location, loaded.errorLine(), loaded.error());
                return;
            }
            List<Outcome> outcomes = loaded.outcomes();
            if (memo != null && !loaded.remembered()) {
                if (loaded.fingerprint() != null && !loaded.dependsOnOtherFiles()) {
                    memo.files.put(file.path, new Remembered(loaded.fingerprint(), location, file.origin, file.via(tree),
                            outcomes.stream().map(Outcome::withoutContent).toList()));
                } else {
                    memo.files.remove(file.path);
                }
            }
            for (Outcome outcome : outcomes) {
                take(file, location, outcome);
            }
        }

        private void fail(String location, int line, String message) {
            problems.add(Problem.error(location, line, null, message));
            failedLocations.add(location);
        }

        /** Adds a document's outcome to the run: its problems, and its entity unless an earlier file defined the same ref. */
        private void take(Pending file, String location, Outcome outcome) {
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
            for (String target : targets) {
                follow(file, location, line, entity.ref().toString(), target, optional);
            }
        }

        private void follow(Pending file, String location, int line, String ref, String target, boolean optional) {
            if (target.contains("://") || target.startsWith("/")) {
                problems.add(Problem.warning(location, line, ref,
                        "Location target " + target + " is outside this source; only targets relative to the file are followed"));
                return;
            }
            String resolved = resolve(file.path, target);
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
                if (file.hasAncestor(path)) {
                    problems.add(Problem.error(location, line, ref, "Location cycle: " + file.chain() + " -> " + path));
                    continue;
                }
                queue.add(new Pending(path, file, file.origin, optional, location, line));
            }
        }
    }

    /** What a document gives, independent of the rest of the run (but for placeholders, which read other files). */
    private static Outcome evaluate(Placeholders placeholders, Pending file, String location, List<String> via,
            DescriptorParser.Document document) {
        String refForProblems = guessRef(document.node());
        List<Problem> found = new ArrayList<>();
        JsonNode node;
        try {
            node = placeholders.resolve(document.node(), file.path);
        } catch (Placeholders.PlaceholderException e) {
            placeholders.takeWarnings();
            return refused(found, location, document.line(), refForProblems, List.of(e.getMessage()));
        }
        for (String warning : placeholders.takeWarnings()) {
            found.add(Problem.warning(location, document.line(), refForProblems, warning));
        }
        List<String> invalid = EntityValidator.validate(node);
        if (!invalid.isEmpty()) {
            return refused(found, location, document.line(), refForProblems, invalid);
        }
        // The parsed tree belongs to this document alone (resolved placeholders are fresh trees too): completed in place.
        ObjectNode descriptor = (ObjectNode) node;
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        if (!metadata.has("namespace")) {
            metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
        }
        ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
        annotations.put(MANAGED_BY_LOCATION, location);
        annotations.put(MANAGED_BY_ORIGIN_LOCATION, file.origin);
        EntityRef ref = new EntityRef(descriptor.get("kind").stringValue(), metadata.get("namespace").stringValue(),
                metadata.get("name").stringValue());
        Entity entity = new Entity(ref, descriptor);
        RelationDeriver.Derived derived = RelationDeriver.derive(entity);
        if (!derived.problems().isEmpty()) {
            return refused(found, location, document.line(), ref.toString(), derived.problems());
        }
        String json = JSON.writeValueAsString(descriptor);
        IngestedEntity ingested = new IngestedEntity(ref, json, location, document.line(),
                hash(json, location, document.line(), via), derived.relations(), via);
        return new Outcome(document.line(), List.copyOf(found), null, ingested, Kind.of(entity.kind()) == Kind.LOCATION ? entity : null);
    }

    private static Outcome refused(List<Problem> found, String location, int line, String ref, List<String> messages) {
        for (String message : messages) {
            found.add(Problem.error(location, line, ref, message));
        }
        return new Outcome(line, List.copyOf(found), ref == null ? null : ref.toLowerCase(java.util.Locale.ROOT), null, null);
    }

    /** Resolves a target relative to the folder of {@code from}; null if it climbs above the root. */
    static String resolve(String from, String target) {
        Deque<String> parts = new ArrayDeque<>();
        int slash = from.lastIndexOf('/');
        if (slash > 0) {
            for (String part : from.substring(0, slash).split("/")) {
                parts.addLast(part);
            }
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** The ref of an invalid document, when its kind and name can still be read, so its last good version is kept. */
    private static String guessRef(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode kind = node.path("kind");
        JsonNode metadata = node.path("metadata");
        JsonNode name = metadata.path("name");
        if (!kind.isString() || !name.isString() || kind.stringValue().isEmpty() || name.stringValue().isEmpty()) {
            return null;
        }
        String namespace = metadata.path("namespace").isString() ? metadata.path("namespace").stringValue() : EntityRef.DEFAULT_NAMESPACE;
        try {
            return new EntityRef(kind.stringValue(), namespace, name.stringValue()).toString();
        } catch (InvalidRefException e) {
            return null;
        }
    }

    /** The content hash; {@code via} counts only when not empty, so entities found by the glob kept their hashes. */
    private static String hash(String descriptorJson, String location, int line, List<String> via) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(descriptorJson.getBytes(StandardCharsets.UTF_8));
            digest.update(("\n" + location + "\n" + line).getBytes(StandardCharsets.UTF_8));
            for (String viaLocation : via) {
                digest.update(("\n" + viaLocation).getBytes(StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
