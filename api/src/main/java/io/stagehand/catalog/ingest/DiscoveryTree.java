package io.stagehand.catalog.ingest;

import io.stagehand.model.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog files a discovery source found in one run (a GitHub organisation's repositories, a
 * GitLab group's projects): each a URL read through the integration of its host, with what changes
 * whenever the file may have (its blob id, the commit it was listed at or the project's last
 * activity), so the memo answers for every file that did not change without asking the host. The
 * listing happens when the run asks for the files; a listing that fails fails the run.
 */
final class DiscoveryTree implements CatalogTree {

    /**
     * A file found: its URL, what changes when it does (null: always read, conditionally), and the
     * origin its entities carry ({@code url:} and the path the source was configured with, as Backstage's
     * generated Location has it).
     */
    record Found(String url, String fingerprint, String origin) {
    }

    /** What a listing gives: the files, and the problems of repositories or projects that failed alone. */
    record Listing(List<Found> files, List<Problem> problems) {
    }

    /** Lists a source's files. */
    @FunctionalInterface
    interface Lister {
        Listing list() throws IOException;
    }

    private final Lister lister;
    private final Map<String, Found> found = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    DiscoveryTree(Lister lister) {
        this.lister = lister;
    }

    /** The URLs of the files found; listed once per run, whatever the glob (the source's own settings choose the files). */
    @Override
    public List<String> list(String glob) throws IOException {
        if (found.isEmpty() && problems.isEmpty()) {
            Listing listing = lister.list();
            listing.files().forEach(file -> found.putIfAbsent(file.url(), file));
            problems.addAll(listing.problems());
        }
        return List.copyOf(found.keySet());
    }

    /** Never asked: every path of this tree is a URL, which {@link RemoteTree} reads through the integrations. */
    @Override
    public byte[] read(String path, int maxBytes) {
        return null;
    }

    @Override
    public String location(String path) {
        return "url:" + path;
    }

    @Override
    public String fingerprint(String path) {
        Found file = found.get(path);
        return file == null ? null : file.fingerprint();
    }

    /** The origin of the entities of a file found, or null for another path. */
    String origin(String path) {
        Found file = found.get(path);
        return file == null ? null : file.origin();
    }

    @Override
    public List<Problem> refused() {
        return List.copyOf(problems);
    }

    @Override
    public String revision() {
        return found.size() + " catalog files";
    }
}
