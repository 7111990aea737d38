package io.stagehand.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A folder on disk, as it is when first listed: one walk per run (a run lists the root and every
 * Location glob), whose file attributes also give the fingerprints, so an unchanged file costs no
 * further system call.
 */
final class FileTree implements CatalogTree {

    private final Path root;
    private Map<String, BasicFileAttributes> files;

    FileTree(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            throw new NoSuchFileException(this.root.toString(), null, "the source folder does not exist or is not a folder");
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
            Map<String, BasicFileAttributes> found = new TreeMap<>();
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        found.put(root.relativize(file).toString().replace('\\', '/'), attributes);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            files = found;
        }
        return files;
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
