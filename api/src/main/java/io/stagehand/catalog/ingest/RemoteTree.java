package io.stagehand.catalog.ingest;

import io.stagehand.http.Redaction;
import io.stagehand.integrations.UrlReadException;
import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.Problem;
import java.io.IOException;
import java.util.List;

/**
 * A source's tree with the files that URLs name beside it: a path that is a URL ({@code
 * https://...}) is read through the integrations' URL readers and located as Backstage locates it
 * ({@code url:https://...}); any other path is the tree's own. Without readers, every URL is
 * refused as a host with no integration is. A run's tree carries that run's {@link UrlRun}: no
 * URL is asked once its time is over.
 */
final class RemoteTree implements CatalogTree {

    private final CatalogTree base;
    private final UrlReaders urls;
    private final UrlRun run;

    RemoteTree(CatalogTree base, UrlReaders urls) {
        this(base, urls, null);
    }

    private RemoteTree(CatalogTree base, UrlReaders urls, UrlRun run) {
        this.base = base;
        this.urls = urls;
        this.run = run;
    }

    /** The tree of one run: {@code tree} (or its base, when it already reads URLs) with that run's budget. */
    static RemoteTree forRun(CatalogTree tree, UrlReaders urls, UrlRun run) {
        return tree instanceof RemoteTree remote ? new RemoteTree(remote.base, remote.urls, run) : new RemoteTree(tree, urls, run);
    }

    /** Whether some URL may be read here: only then are files loaded on the threads that wait for the network. */
    boolean readsUrls() {
        return urls != null && urls.readsAny();
    }

    /** The run's URL budget and deadline; null outside a run. */
    UrlRun run() {
        return run;
    }

    /** What a path names: for a URL its identity on its host (so two spellings are one file), else the path itself. */
    String identity(String path) {
        if (urls == null || !UrlReaders.isUrl(path)) {
            return path;
        }
        String identity = urls.identity(path);
        return identity == null ? path : identity;
    }

    /** The tree itself when it already reads URLs, else the tree with every URL refused. */
    static RemoteTree of(CatalogTree tree) {
        return tree instanceof RemoteTree remote ? remote : new RemoteTree(tree, null);
    }

    /** The tree of a {@code url} source: its one root file, the target, read through the readers. */
    static RemoteTree root(String url, UrlReaders urls) {
        return new RemoteTree(new CatalogTree() {
            @Override
            public List<String> list(String glob) {
                return List.of(url);
            }

            @Override
            public byte[] read(String path, int maxBytes) {
                return null;
            }

            @Override
            public String location(String path) {
                return "url:" + path;
            }
        }, urls);
    }

    /** Why a URL may not be read, in Backstage's words where it has them, or null. */
    String refusal(String url) {
        return urls == null ? UrlReaders.notAllowed(url) : urls.refusal(url);
    }

    /** A target resolved against the URL of the file naming it, as Backstage resolves it; null when no URL results. */
    String resolve(String target, String base) {
        return urls == null ? (UrlReaders.isUrl(target) ? target : null) : urls.resolve(target, base);
    }

    @Override
    public List<String> list(String glob) throws IOException {
        return base.list(glob);
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        if (!UrlReaders.isUrl(path)) {
            return base.read(path, maxBytes);
        }
        if (urls == null) {
            throw new UrlReadException(UrlReaders.notAllowed(path));
        }
        if (run == null) {
            return urls.read(path, maxBytes);
        }
        String over = run.over();
        if (over != null) {
            throw new UrlReadException("Could not read " + Redaction.redact(path) + ": " + over);
        }
        return urls.read(path, maxBytes, run.timeLeft());
    }

    /**
     * A URL a placeholder names: read once per run (a later placeholder naming the same file, however
     * spelled, takes what the first read), up to {@code limit} bytes; each first read takes one from
     * the run's budget. What comes back may be longer than the caller's room, which it checks.
     */
    byte[] readForPlaceholder(String url, int limit) throws IOException {
        if (run == null) {
            return read(url, limit);
        }
        return run.once(identity(url), () -> {
            if (!run.take()) {
                throw new UrlReadException(UrlRun.spent(run.maxReads()));
            }
            return read(url, limit);
        });
    }

    @Override
    public String location(String path) {
        return UrlReaders.isUrl(path) ? "url:" + Redaction.redact(path) : base.location(path);
    }

    /**
     * For a URL, what a discovery source listed with it (a blob id, a commit); else none: it is always
     * asked again, conditionally, so an unchanged file costs a 304.
     */
    @Override
    public String fingerprint(String path) throws IOException {
        if (UrlReaders.isUrl(path)) {
            return base instanceof DiscoveryTree discovery ? discovery.fingerprint(path) : null;
        }
        return base.fingerprint(path);
    }

    /** The origin of a root file's entities: what a discovery source was configured with, else the file's own location. */
    String origin(String path) {
        String origin = base instanceof DiscoveryTree discovery ? discovery.origin(path) : null;
        return origin == null ? location(path) : origin;
    }

    /** Backstage's view-url, edit-url and source-location for the entities of a file read from a URL; none for another file. */
    java.util.Map<String, String> locationAnnotations(String path) {
        return urls != null && UrlReaders.isUrl(path) ? urls.locationAnnotations(path) : java.util.Map.of();
    }

    /** Whether a root file may be missing without a problem: a discovered one, as Backstage's providers register theirs optional. */
    boolean optionalRoot() {
        return base instanceof DiscoveryTree;
    }

    @Override
    public List<Problem> refused() {
        return base.refused();
    }

    @Override
    public String revision() {
        return base.revision();
    }

    @Override
    public void close() {
        base.close();
    }
}
