package io.stagehand.catalog.ingest;

import io.stagehand.model.Problem;
import java.io.IOException;
import java.util.List;

/**
 * A read-only snapshot of the files of one source: a folder on disk or a git commit. Paths are
 * relative, with {@code /} as separator, and never leave the tree.
 */
public interface CatalogTree extends AutoCloseable {

    /** Relative paths of the files matching a glob, sorted. */
    List<String> list(String glob) throws IOException;

    /** The bytes of a file, or null when there is no such file. */
    byte[] read(String path, int maxBytes) throws IOException;

    /** How a file of this tree is named in problems and managed-by annotations, e.g. {@code file:/srv/catalog/a.yaml}. */
    String location(String path);

    /**
     * Something that changes whenever the file's content does (a git blob id, or size and
     * modification time), so an unchanged file need not be read again; null when that cannot be
     * told, and then the file is always read.
     */
    default String fingerprint(String path) throws IOException {
        return null;
    }

    /** Problems of the listing itself, such as links that were not followed; known once the tree was listed. */
    default List<Problem> refused() {
        return List.of();
    }

    /** A short description of the snapshot, such as the commit read; may be null. */
    default String revision() {
        return null;
    }

    @Override
    default void close() {
    }

    /** Thrown by {@link #read} when a file is larger than allowed. */
    class TooLargeException extends IOException {
        public TooLargeException(String path, long size, int maxBytes) {
            super("File " + path + " is " + size + " bytes, over the limit of " + maxBytes + " bytes");
        }
    }
}
