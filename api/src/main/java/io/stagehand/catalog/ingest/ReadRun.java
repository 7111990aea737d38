package io.stagehand.catalog.ingest;

import io.stagehand.http.Redaction;
import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.Entity;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One run of {@link CatalogReader} across its parts: the queue of files, each file once whatever
 * its spelling, the Locations followed, and what the current part found. A target that is not
 * followed because of a limit or the configuration is a failed location, so what it held before is
 * kept; a limit reached fails only what it stops, never the run.
 */
final class ReadRun {

    /** The limits of a run: files in all, Locations deep, targets of one Location. */
    record Limits(int maxFiles, int maxDepth, int maxTargets) {
    }

    static final int PARSE_CHUNK = 256;

    final RemoteTree tree;
    final FileMemo memo;
    final Deque<Pending> queue = new ArrayDeque<>();
    final Set<String> visited = new HashSet<>();
    private final Set<String> queued = new HashSet<>();
    private final Set<String> toldSpent = new HashSet<>();
    private final Map<String, String> firstLocation = new HashMap<>();
    private final FileLoader loader;
    private final Limits limits;
    private List<IngestedEntity> entities = new ArrayList<>();
    private List<Problem> problems = new ArrayList<>();
    private Set<String> failedLocations = new HashSet<>();
    private Set<String> rejectedKeys = new HashSet<>();
    private int filesRead;

    ReadRun(RemoteTree tree, FileMemo memo, FileLoader loader, Limits limits) {
        this.tree = tree;
        this.memo = memo;
        this.loader = loader;
        this.limits = limits;
    }

    /** Queues a file the source's glob found. */
    void root(String path) {
        if (UrlReaders.isUrl(path) && !tree.run().take()) {
            fail(tree.location(path), 0, "Could not read " + Redaction.redact(path) + ": " + UrlRun.spent(tree.run().maxReads()));
            return;
        }
        if (queued.add(tree.identity(path))) {
            queue.add(new Pending(path, null, tree.origin(path), tree.optionalRoot(), null, 0));
        }
    }

    /** Reads the next chunk of queued files: on every core, then processed one by one in queue order. */
    void readChunk() throws IOException {
        List<Pending> chunk = new ArrayList<>();
        while (!queue.isEmpty() && chunk.size() < PARSE_CHUNK) {
            Pending next = queue.poll();
            if (visited.add(next.path())) {
                if (visited.size() > limits.maxFiles()) {
                    throw new IOException("The source has more than " + limits.maxFiles() + " files to read (stagehand.ingest.max-files-per-run)");
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

    private void process(FileLoader.Loaded loaded) {
        Pending file = loaded.file();
        String location = loaded.location();
        if (loaded.missing()) {
            if (!file.optional()) {
                String requester = file.requestedBy() == null ? location : file.requestedBy();
                problems.add(Problem.error(requester, file.requestLine(), null,
                        "Location target " + Redaction.redact(file.path()) + " does not exist (set presence: optional if that is expected)"));
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
            followLocation(new Naming(file, location, outcome.line(), outcome.locationEntity().ref().toString()), outcome.locationEntity());
        }
    }

    /** The Location entity whose targets are being followed: its file, location, line and ref. */
    private record Naming(Pending file, String location, int line, String ref) {
    }

    private void followLocation(Naming naming, Entity entity) {
        JsonNode spec = entity.spec();
        String type = spec.path("type").isString() ? spec.path("type").stringValue() : null;
        boolean optional = "optional".equals(spec.path("presence").asString(""));
        if (type != null && !type.equals("url") && !type.equals("file")) {
            problems.add(Problem.warning(naming.location(), naming.line(), naming.ref(),
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
        if (targets.size() > limits.maxTargets()) {
            problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "The Location has " + targets.size()
                    + " targets, more than stagehand.ingest.max-targets-per-location (" + limits.maxTargets() + "); the first "
                    + limits.maxTargets() + " are followed, and what the others held before is kept"));
            failedLocations.add(naming.location());
            targets = targets.subList(0, limits.maxTargets());
        }
        if (naming.file().depth() + 1 > limits.maxDepth() && !targets.isEmpty()) {
            for (String target : targets) {
                problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Location target " + Redaction.redact(target)
                        + " is more than " + limits.maxDepth() + " Locations deep (stagehand.ingest.max-location-depth); not followed,"
                        + " and what it held before is kept"));
            }
            // every file below has this location on its way, so nothing under it is deleted
            failedLocations.add(naming.location());
            return;
        }
        // as in Backstage, a Location without a type has the type of the file naming it
        boolean fromUrl = UrlReaders.isUrl(naming.file().path());
        boolean url = type == null ? fromUrl : type.equals("url");
        for (String target : targets) {
            if (target == null) {
                continue;
            }
            if (url) {
                followUrl(naming, target, optional, fromUrl);
            } else if (fromUrl) {
                problems.add(Problem.warning(naming.location(), naming.line(), naming.ref(), "Location target " + Redaction.redact(target)
                        + " of type file is named in a file read from a URL; only url targets are followed there"));
            } else {
                follow(naming, target, optional);
            }
        }
    }

    /** A {@code url} target: resolved against the file's URL, read only from a host with an integration. */
    private void followUrl(Naming naming, String target, boolean optional, boolean fromUrl) {
        if (!fromUrl && !UrlReaders.isUrl(target)) {
            problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Location target " + Redaction.redact(target)
                    + " of type url is not a URL"));
            return;
        }
        String resolved = tree.resolve(target, fromUrl ? naming.file().path() : target);
        if (resolved == null) {
            problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Location target " + Redaction.redact(target)
                    + " cannot be resolved against " + Redaction.redact(naming.file().path())));
            return;
        }
        String refusal = tree.refusal(resolved);
        if (refusal != null) {
            problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), refusal));
            // refused by the configuration (an integration removed or mistyped): what the target held stays
            failedLocations.add(tree.location(resolved));
            return;
        }
        if (Globs.isGlob(java.net.URI.create(resolved).getRawPath())) {
            problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Location target " + Redaction.redact(resolved)
                    + " is a pattern; patterns in url targets are not supported by Stagehand yet"));
            return;
        }
        enqueue(naming, resolved, optional);
    }

    private void follow(Naming naming, String target, boolean optional) {
        if (target.contains("://") || target.startsWith("/")) {
            problems.add(Problem.warning(naming.location(), naming.line(), naming.ref(), "Location target " + Redaction.redact(target)
                    + " is outside this source; only targets relative to the file are followed"));
            return;
        }
        String resolved = LocationPaths.resolve(naming.file().path(), target);
        if (resolved == null) {
            problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Location target " + target + " points outside the source's root"));
            return;
        }
        List<String> paths;
        if (Globs.isGlob(resolved)) {
            try {
                paths = tree.list(resolved);
            } catch (IOException e) {
                problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Could not list " + target + ": " + e.getMessage()));
                failedLocations.add(naming.location());
                return;
            }
        } else {
            paths = List.of(resolved);
        }
        for (String path : paths) {
            enqueue(naming, path, optional);
        }
    }

    /** Queues a target once per run, whatever its spelling; a URL takes one read from the run's budget. */
    private void enqueue(Naming naming, String path, boolean optional) {
        Pending file = naming.file();
        String identity = tree.identity(path);
        if (file.hasAncestor(identity, tree::identity)) {
            problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Location cycle: " + Redaction.redact(file.chain())
                    + " -> " + Redaction.redact(path)));
            return;
        }
        if (queued.contains(identity)) {
            return;
        }
        if (UrlReaders.isUrl(path) && !tree.run().take()) {
            if (toldSpent.add(naming.location())) {
                problems.add(Problem.error(naming.location(), naming.line(), naming.ref(), "Location target " + Redaction.redact(path)
                        + " and the targets after it were not read: " + UrlRun.spent(tree.run().maxReads())));
            }
            failedLocations.add(tree.location(path));
            return;
        }
        queued.add(identity);
        queue.add(new Pending(path, file, file.origin(), optional, naming.location(), naming.line()));
    }
}
