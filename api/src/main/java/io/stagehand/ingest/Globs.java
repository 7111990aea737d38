package io.stagehand.ingest;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.function.Predicate;

/** Glob matching on relative paths, where a leading {@code **}{@code /} also matches the root folder. */
final class Globs {

    private Globs() {
    }

    static Predicate<String> matcher(String glob) {
        PathMatcher full = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        PathMatcher rootLevel = glob.startsWith("**/")
                ? FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3))
                : null;
        return path -> {
            Path p = Path.of(path);
            return full.matches(p) || (rootLevel != null && rootLevel.matches(p));
        };
    }

    static boolean isGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('{') >= 0 || path.indexOf('[') >= 0;
    }
}
