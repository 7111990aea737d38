package io.stagehand.ingest;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A folder on disk. */
final class FileTree implements CatalogTree {

    private final Path root;

    FileTree(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            throw new NoSuchFileException(this.root.toString(), null, "the source folder does not exist or is not a folder");
        }
    }

    @Override
    public List<String> list(String glob) throws IOException {
        Predicate<String> matches = Globs.matcher(glob);
        try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(matches)
                    .sorted()
                    .toList();
        }
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return null;
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new TooLargeException(path, size, maxBytes);
        }
        return Files.readAllBytes(file);
    }

    /**
     * Size, modification time and file key. A file modified in the last two seconds gets none: its
     * time may not yet tell a second change in the same tick apart (git's "racy clean" problem).
     */
    @Override
    public String fingerprint(String path) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            return null;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
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
