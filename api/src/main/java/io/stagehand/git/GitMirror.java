package io.stagehand.git;

import io.stagehand.http.Redaction;
import io.stagehand.model.ContentHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Keeps a shallow bare clone of one branch of a remote repository in the git cache folder: cloned on
 * first use, fetched afterwards. Nothing is ever checked out; {@link #snapshot} reads the fetched
 * commit's tree.
 */
public final class GitMirror {

    /** Where the remote's default branch (its HEAD) is kept when no branch is configured. */
    private static final String REMOTE_HEAD = "refs/stagehand/remote-head";

    private final String url;
    /** Asked for every entity of every evaluation: made once. */
    private final String shownUrl;
    private final String branch;
    private final Path directory;
    private final CredentialsProvider credentials;
    private final boolean followRedirects;

    public GitMirror(String name, String url, String branch, Path cacheRoot, String token) {
        this(name, url, branch, cacheRoot, token, true);
    }

    /**
     * A mirror of a repository an annotation named (git facts): the host was allowed, but a redirect
     * from it could lead anywhere, inside the network included, so none is followed.
     */
    public static GitMirror ofAnnotation(String url, String branch, Path cacheRoot) {
        return new GitMirror("facts", url, branch, cacheRoot, null, false);
    }

    private GitMirror(String name, String url, String branch, Path cacheRoot, String token, boolean followRedirects) {
        this.url = url;
        this.shownUrl = "url:" + Redaction.redact(url).replaceAll("/+$", "").replaceAll("\\.git$", "");
        this.branch = branch;
        this.directory = cacheRoot.resolve(name + "-" + shortHash(url) + ".git").toAbsolutePath().normalize();
        this.credentials = token == null ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
        this.followRedirects = followRedirects;
    }

    /**
     * A fetched commit of the branch: the open repository (the caller closes it), the commit, and the
     * prefix that names its files in locations and problems.
     */
    public record Commit(Repository repository, ObjectId id, String locationPrefix) {
    }

    /** Fetches the branch (cloning the first time) and returns its newest commit. */
    public Commit snapshot() throws IOException {
        Repository repository = openOrInit();
        try {
            ObjectId commit = fetch(repository);
            return new Commit(repository, commit, locationPrefix(commit));
        } catch (IOException | RuntimeException e) {
            // the tree owns the repository only once it exists
            repository.close();
            throw e;
        }
    }

    /** The bare clone, fetched now; the caller closes it. */
    public Repository fetched() throws IOException {
        Repository repository = openOrInit();
        try {
            fetch(repository);
            return repository;
        } catch (IOException | RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    /** The bare clone as last fetched, or null before the first fetch; the caller closes it. */
    public Repository cached() throws IOException {
        return Files.exists(directory.resolve("HEAD")) ? openOrInit() : null;
    }

    /** The ref the fetched commit is kept under. */
    public String ref() {
        return branch == null ? REMOTE_HEAD : Constants.R_HEADS + branch;
    }

    /**
     * The path in the repository of a location this mirror's trees gave ({@code url:<url>/blob/<branch or
     * commit>/<path>}), or null for another location.
     */
    public String pathOf(String location) {
        String prefix = shownUrl() + "/blob/";
        if (!location.startsWith(prefix)) {
            return null;
        }
        String rest = location.substring(prefix.length());
        if (branch != null) {
            return rest.startsWith(branch + "/") ? rest.substring(branch.length() + 1) : null;
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? null : rest.substring(slash + 1);
    }

    private String locationPrefix(ObjectId commit) {
        return shownUrl() + "/blob/" + (branch == null ? commit.name() : branch) + "/";
    }

    /** The repository as locations show it: without credentials, a trailing slash or .git. */
    private String shownUrl() {
        return shownUrl;
    }

    private ObjectId fetch(Repository repository) throws IOException {
        try {
            String remoteRef = branch == null ? Constants.HEAD : Constants.R_HEADS + branch;
            String ref = ref();
            if (!followRedirects) {
                // read by JGit's HTTP transport from the repository's configuration as it connects
                repository.getConfig().setString("http", null, "followRedirects", "false");
            }
            try (Git git = new Git(repository)) {
                // only the one branch, and only its newest commit: a catalog is read from that
                // commit's tree, so neither history nor other branches are worth their transfer
                var fetch = git.fetch()
                        .setRemote(url)
                        .setRefSpecs(new RefSpec("+" + remoteRef + ":" + ref))
                        .setDepth(1)
                        .setTimeout(60);
                if (credentials != null) {
                    fetch.setCredentialsProvider(credentials);
                }
                fetch.call();
            }
            ObjectId commit = repository.resolve(ref);
            if (commit == null) {
                throw new IOException("Branch " + (branch == null ? "HEAD" : branch) + " does not exist in " + Redaction.redact(url));
            }
            return commit;
        } catch (GitAPIException e) {
            throw new IOException(Redaction.redact("Could not fetch " + url + ": " + e.getMessage()), e);
        }
    }

    private Repository openOrInit() throws IOException {
        if (!Files.exists(directory.resolve("HEAD"))) {
            Files.createDirectories(directory);
            try {
                Git.init().setBare(true).setDirectory(directory.toFile()).call().close();
            } catch (GitAPIException e) {
                throw new IOException("Could not create the git cache in " + directory + ": " + e.getMessage(), e);
            }
        }
        return new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
    }

    /** The first 12 hex digits of the text's SHA-256: enough to keep the caches of different URLs apart. */
    private static String shortHash(String text) {
        return ContentHash.sha256(text).substring(0, 12);
    }
}
