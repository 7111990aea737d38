package io.stagehand.ingest;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    @Override
    public String location(String path) {
        return "file:" + root.resolve(path).normalize();
    }
}
