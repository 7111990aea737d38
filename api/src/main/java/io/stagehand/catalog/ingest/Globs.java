package io.stagehand.catalog.ingest;

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
        // A path outside the folders the glob names literally cannot match: most of a large tree is
        // ruled out without building a path and running the pattern.
        String folder = literalFolder(glob);
        return path -> {
            if (!path.startsWith(folder)) {
                return false;
            }
            Path p = Path.of(path);
            return full.matches(p) || (rootLevel != null && rootLevel.matches(p));
        };
    }

    /** The leading folders of a glob that hold no pattern character, with their trailing slash ("" if none). */
    static String literalFolder(String glob) {
        int special = 0;
        while (special < glob.length() && "*?[]{}\\".indexOf(glob.charAt(special)) < 0) {
            special++;
        }
        return glob.substring(0, glob.lastIndexOf('/', special - 1) + 1);
    }

    static boolean isGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('{') >= 0 || path.indexOf('[') >= 0;
    }
}
