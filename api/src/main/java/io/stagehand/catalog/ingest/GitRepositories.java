package io.stagehand.catalog.ingest;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.git.GitMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Git repositories for features that read more of a repository than its catalog files (the git
 * facts of scorecards): the clone of the git source an entity came from, a local repository opened
 * in place, or another remote mirrored into the git cache (shallow, one branch). Nothing is checked
 * out.
 */
@NamedInterface("sources")
@Component
public class GitRepositories {

    /** Where an entity's files are: a repository (by {@link #open key}) and the folder in it ("" for the root). */
    public record Located(String repository, String folder) {
        /** The local folder of a repository opened in place, or null for a source's clone or a remote. */
        public Path localPath() {
            return repository.startsWith(PATH) ? Path.of(repository.substring(PATH.length())) : null;
        }

        /** The URL of a remote repository (without the branch), or null for a source's clone or a local one. */
        public String remoteUrl() {
            if (!repository.startsWith(REMOTE)) {
                return null;
            }
            String remote = repository.substring(REMOTE.length());
            int hash = remote.indexOf('#');
            return hash < 0 ? remote : remote.substring(0, hash);
        }
    }

    /** An opened repository at the commit to read; closing it closes the repository. */
    public record Checkout(Repository repository, ObjectId commit) implements AutoCloseable {
        @Override
        public void close() {
            repository.close();
        }
    }

    private static final String SOURCE = "source:";
    private static final String PATH = "path:";
    private static final String REMOTE = "remote:";

    private final CatalogSources sources;
    private final Path gitCache;

    public GitRepositories(CatalogSources sources, CatalogProperties properties) {
        this.sources = sources;
        this.gitCache = properties.gitCache();
    }

    /** The folder of an entity's file in the git source it came from, if it came from one. */
    public Optional<Located> ofEntity(String source, String location) {
        GitMirror mirror = sources.mirror(source);
        String path = mirror == null ? null : mirror.pathOf(location);
        if (path == null) {
            return Optional.empty();
        }
        int slash = path.lastIndexOf('/');
        return Optional.of(new Located(SOURCE + source, slash < 0 ? "" : path.substring(0, slash)));
    }

    /** The commit a git source's clone holds now. */
    public String commitOf(String source) throws IOException {
        try (Checkout checkout = open(SOURCE + source)) {
            return checkout.commit().name();
        }
    }

    /**
     * The paths that differ between two commits of a git source's clone, or empty when the older
     * commit is no longer in the (shallow) clone: then the caller cannot tell, and must assume
     * anything changed.
     */
    public Optional<java.util.Set<String>> changedPaths(String source, String from, String to) throws IOException {
        try (Checkout checkout = open(SOURCE + source); org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(checkout.repository());
                org.eclipse.jgit.treewalk.TreeWalk tree = new org.eclipse.jgit.treewalk.TreeWalk(checkout.repository())) {
            Repository repository = checkout.repository();
            ObjectId old = ObjectId.fromString(from);
            ObjectId now = ObjectId.fromString(to);
            if (!repository.getObjectDatabase().has(old) || !repository.getObjectDatabase().has(now)) {
                return Optional.empty();
            }
            tree.addTree(walk.parseCommit(old).getTree());
            tree.addTree(walk.parseCommit(now).getTree());
            tree.setRecursive(true);
            tree.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            java.util.Set<String> paths = new java.util.HashSet<>();
            while (tree.next()) {
                paths.add(tree.getPathString());
            }
            return Optional.of(paths);
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            return Optional.empty();
        }
    }

    /**
     * A repository named in a fact source or an annotation: a local folder (a bare repository or one
     * with {@code .git}), a {@code file:} URL, or a remote URL, optionally in Backstage's
     * source-location form {@code url:https://host/org/repo/tree/<branch>/<folder>} (GitLab's {@code /group/project/-/blob/<branch>/<folder>}).
     */
    public Located named(String repository, String folder) {
        String text = repository.startsWith("url:") ? repository.substring(4) : repository;
        String branch = null;
        String inRepo = folder == null ? "" : folder;
        for (String marker : new String[] {"/tree/", "/blob/"}) {
            int at = text.indexOf(marker);
            if (at > 0 && text.contains("://") && !text.startsWith("file:")) {
                String rest = text.substring(at + marker.length());
                int slash = rest.indexOf('/');
                branch = slash < 0 ? rest : rest.substring(0, slash);
                if (folder == null && slash >= 0) {
                    inRepo = rest.substring(slash + 1).replaceAll("/+$", "");
                }
                // GitLab's URLs put "/-" between the project and the kind of page
                text = text.substring(0, at).replaceFirst("/-$", "");
                break;
            }
        }
        if (text.startsWith("file:")) {
            text = text.replaceFirst("^file:(//)?", "");
        }
        if (!text.contains("://")) {
            return new Located(PATH + Path.of(text).toAbsolutePath().normalize(), inRepo);
        }
        return new Located(REMOTE + text + (branch == null ? "" : "#" + branch), inRepo);
    }

    /**
     * Opens a repository located by {@link #ofEntity} or {@link #named}: a git source's clone as its
     * runs last fetched it, a local repository at its HEAD, a remote fetched now.
     */
    public Checkout open(String repository) throws IOException {
        if (repository.startsWith(SOURCE)) {
            String name = repository.substring(SOURCE.length());
            GitMirror mirror = sources.mirror(name);
            Repository cached = mirror == null ? null : mirror.cached();
            if (cached == null) {
                throw new IOException("Source " + name + " has not been fetched yet");
            }
            return checkout(cached, mirror.ref(), "source " + name);
        }
        if (repository.startsWith(PATH)) {
            Path path = Path.of(repository.substring(PATH.length()));
            Path gitDir = Files.isDirectory(path.resolve(".git")) ? path.resolve(".git") : path;
            if (!Files.exists(gitDir.resolve("HEAD"))) {
                throw new IOException("No git repository at " + path);
            }
            Repository local = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
            return checkout(local, Constants.HEAD, path.toString());
        }
        String remote = repository.substring(REMOTE.length());
        int hash = remote.indexOf('#');
        String url = hash < 0 ? remote : remote.substring(0, hash);
        String branch = hash < 0 ? null : remote.substring(hash + 1);
        GitMirror mirror = GitMirror.ofAnnotation(url, branch, gitCache);
        return checkout(mirror.fetched(), mirror.ref(), url);
    }

    private static Checkout checkout(Repository repository, String ref, String shown) throws IOException {
        ObjectId commit;
        try {
            commit = repository.resolve(ref);
        } catch (IOException | RuntimeException e) {
            repository.close();
            throw e;
        }
        if (commit == null) {
            repository.close();
            throw new IOException("Nothing to read in " + shown + " (" + ref + " does not exist)");
        }
        return new Checkout(repository, commit);
    }
}
