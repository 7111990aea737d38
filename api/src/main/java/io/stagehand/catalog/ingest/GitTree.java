package io.stagehand.catalog.ingest;

import io.stagehand.git.GitMirror;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The files of one commit in a (bare) repository, read as blobs without a working tree. */
final class GitTree implements CatalogTree {

    private final Repository repository;
    private final String commitId;
    private final String locationPrefix;
    private final Map<String, ObjectId> blobs = new TreeMap<>();

    /** The tree of a fetched commit; it owns the commit's repository from here on. */
    static GitTree of(GitMirror.Commit commit) throws IOException {
        try {
            return new GitTree(commit.repository(), commit.id(), commit.locationPrefix());
        } catch (IOException | RuntimeException e) {
            commit.repository().close();
            throw e;
        }
    }

    GitTree(Repository repository, ObjectId commit, String locationPrefix) throws IOException {
        this.repository = repository;
        this.commitId = commit.name();
        this.locationPrefix = locationPrefix;
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(commit);
            tree.addTree(revCommit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                if ((tree.getFileMode(0).getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
                    blobs.put(tree.getPathString(), tree.getObjectId(0));
                }
            }
        }
    }

    @Override
    public List<String> list(String glob) {
        Predicate<String> matches = Globs.matcher(glob);
        List<String> paths = new ArrayList<>();
        for (String path : blobs.keySet()) {
            if (matches.test(path)) {
                paths.add(path);
            }
        }
        return paths;
    }

    /** The blob id: the same id is the same content. */
    @Override
    public String fingerprint(String path) {
        ObjectId id = blobs.get(path);
        return id == null ? null : id.name();
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        ObjectId id = blobs.get(path);
        if (id == null) {
            return null;
        }
        ObjectLoader loader = repository.open(id, Constants.OBJ_BLOB);
        if (loader.getSize() > maxBytes) {
            throw new TooLargeException(path, loader.getSize(), maxBytes);
        }
        try {
            return loader.getBytes(maxBytes);
        } catch (LargeObjectException e) {
            throw new TooLargeException(path, loader.getSize(), maxBytes);
        }
    }

    @Override
    public String location(String path) {
        return locationPrefix + path;
    }

    @Override
    public String revision() {
        return commitId;
    }

    @Override
    public void close() {
        repository.close();
    }
}
