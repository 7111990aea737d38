package io.stagehand.integrations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.util.UriUtils;

/** Small helpers on the URLs a reader parses and builds. */
final class UrlPaths {

    private UrlPaths() {
    }

    /** The host of a URL with its port when it names one ({@code ghe.example.com:8443}), lower case; the key integrations are found by. */
    static String hostKey(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return url.getPort() == -1 ? host : host + ":" + url.getPort();
    }

    /** The decoded, non-empty segments of a raw path. */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath == null ? new String[0] : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(UriUtils.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /** A path of a repository, each segment encoded, {@code /} kept. */
    static String encodePath(String path) {
        List<String> encoded = new ArrayList<>();
        for (String segment : path.split("/")) {
            encoded.add(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
        }
        return String.join("/", encoded);
    }

    /** A value as one path segment, {@code /} encoded too (GitLab's project and file paths). */
    static String encodeSegment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }

    /** A query parameter's value; {@code +} encoded too, which a server would otherwise read as a space. */
    static String encodeQuery(String value) {
        return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8).replace("+", "%2B");
    }

    /** Whether a path is safe to ask for: no empty, {@code .} or {@code ..} segment. */
    static boolean plain(List<String> segments) {
        return !segments.isEmpty() && segments.stream().noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/"));
    }
}
