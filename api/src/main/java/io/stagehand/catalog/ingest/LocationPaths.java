package io.stagehand.catalog.ingest;

import java.util.ArrayDeque;
import java.util.Deque;

/** Paths of Location targets inside a source, relative to the file that names them. */
final class LocationPaths {

    private LocationPaths() {
    }

    /** Resolves a target relative to the folder of {@code from}; null if it climbs above the root. */
    static String resolve(String from, String target) {
        Deque<String> parts = new ArrayDeque<>();
        int slash = from.lastIndexOf('/');
        if (slash > 0) {
            for (String part : from.substring(0, slash).split("/")) {
                parts.addLast(part);
            }
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
