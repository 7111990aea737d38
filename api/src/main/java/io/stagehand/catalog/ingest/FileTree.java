package io.stagehand.catalog.ingest;

import io.stagehand.model.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RecursiveAction;
import java.util.function.Predicate;

/**
 * A folder on disk, as it is when first listed: one walk per run (a run lists the root and every
 * Location glob), whose file attributes also give the fingerprints, so an unchanged file costs no
 * further system call.
 */
final class FileTree implements CatalogTree {

    private final Path root;
    /** Where the root really is, links resolved: every file read must lie below it. */
    private final Path realRoot;
    private Map<String, BasicFileAttributes> files;
    /** Links met by the walk that lead out of the root, by relative path; not followed. */
    private final Map<String, Boolean> refusedLinks = new ConcurrentHashMap<>();

    FileTree(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            throw new NoSuchFileException(this.root.toString(), null, "the source folder does not exist or is not a folder");
        }
        this.realRoot = this.root.toRealPath();
    }

    /** A problem for each link the walk refused to follow because it leads out of the source's folder. */
    @Override
    public List<Problem> refused() {
        return new TreeMap<>(refusedLinks).keySet().stream()
                .map(path -> Problem.error(location(path), 0, null, "The symbolic link " + path
                        + " leads outside the source's folder and is not followed"))
                .toList();
    }

    /** Whether a path, links resolved, lies outside the source's folder; a link to nothing does not. */
    private boolean leavesRoot(Path path) throws IOException {
        try {
            return !path.toRealPath().startsWith(realRoot);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String glob) throws IOException {
        Predicate<String> matches = Globs.matcher(glob);
        return files().keySet().stream().filter(matches).toList();
    }

    /** Every regular file below the root (links followed) by relative path, sorted, walked once. */
    private synchronized Map<String, BasicFileAttributes> files() throws IOException {
        if (files == null) {
            Map<String, BasicFileAttributes> found = new ConcurrentHashMap<>();
            try {
                List<Object> key = new ArrayList<>();
                key.add(Files.readAttributes(root, BasicFileAttributes.class).fileKey());
                ReadPools.WALKERS.invoke(new Walk(root, key, found));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            files = new TreeMap<>(found);
        }
        return files;
    }

    /** One folder: its regular files are recorded, its folders walked as tasks of their own. */
    private final class Walk extends RecursiveAction {
        private final Path dir;
        /** File keys of this folder and those above, to refuse a link back into them as a loop. */
        private final List<Object> ancestors;
        private final Map<String, BasicFileAttributes> found;

        Walk(Path dir, List<Object> ancestors, Map<String, BasicFileAttributes> found) {
            this.dir = dir;
            this.ancestors = ancestors;
            this.found = found;
        }

        @Override
        protected void compute() {
            List<Walk> below = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (Files.isSymbolicLink(entry) && leavesRoot(entry)) {
                        refusedLinks.put(root.relativize(entry).toString().replace('\\', '/'), Boolean.TRUE);
                        continue;
                    }
                    BasicFileAttributes attributes = attributes(entry);
                    if (attributes.isRegularFile()) {
                        found.put(root.relativize(entry).toString().replace('\\', '/'), attributes);
                    } else if (attributes.isDirectory()) {
                        Object key = attributes.fileKey();
                        if (key != null && ancestors.contains(key)) {
                            throw new FileSystemLoopException(entry.toString());
                        }
                        List<Object> keys = new ArrayList<>(ancestors);
                        keys.add(key);
                        below.add(new Walk(entry, keys, found));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            invokeAll(below);
        }

        /** Links are followed; a link to nothing is neither a file nor a folder. */
        private BasicFileAttributes attributes(Path entry) throws IOException {
            try {
                return Files.readAttributes(entry, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            return null;
        }
        // The walk saw every regular file; one that appeared since is checked (a folder or a pipe is not read).
        BasicFileAttributes walked = files().get(path);
        if ((walked == null || !walked.isRegularFile()) && !Files.isRegularFile(file)) {
            return null;
        }
        // The walk followed only links that stay inside; a path it did not list may go through one that does not.
        if (walked == null && leavesRoot(file)) {
            throw new IOException("File " + path + " leads outside the source's folder through a symbolic link and is not read");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // never more than the limit in memory, even if the file grew since it was listed
            byte[] bytes = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new TooLargeException(path, Files.size(file), maxBytes);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Size, modification time and file key as the walk saw them (a file changed since is read with
     * an older fingerprint and so read again next time). A file modified in the last two seconds gets none: its
     * time may not yet tell a second change in the same tick apart (git's "racy clean" problem).
     */
    @Override
    public String fingerprint(String path) throws IOException {
        BasicFileAttributes attributes = files().get(path);
        if (attributes == null) {
            return null;
        }
        Instant modified = attributes.lastModifiedTime().toInstant();
        if (!attributes.isRegularFile() || modified.isAfter(Instant.now().minusSeconds(2))) {
            return null;
        }
        return attributes.size() + "/" + modified + "/" + attributes.fileKey();
    }

    @Override
    public String location(String path) {
        return "file:" + root.resolve(path).normalize();
    }
}
