package io.stagehand.catalog.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** A folder on the classpath (the bundled demo catalog), readable from a jar as well as from disk. */
final class ClasspathTree implements CatalogTree {

    private final String root;
    private final Map<String, Resource> files = new TreeMap<>();

    ClasspathTree(String root) throws IOException {
        this.root = root;
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        Resource base = resolver.getResource("classpath:" + root + "/");
        String baseUrl = base.getURL().toString();
        for (Resource resource : resolver.getResources("classpath*:" + root + "/**/*")) {
            String url = resource.getURL().toString();
            if (resource.isReadable() && url.startsWith(baseUrl) && !url.endsWith("/")) {
                files.put(url.substring(baseUrl.length()), resource);
            }
        }
    }

    @Override
    public List<String> list(String glob) {
        Predicate<String> matches = Globs.matcher(glob);
        List<String> paths = new ArrayList<>();
        for (String path : files.keySet()) {
            if (matches.test(path)) {
                paths.add(path);
            }
        }
        return paths;
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        Resource resource = files.get(path);
        if (resource == null) {
            return null;
        }
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new TooLargeException(path, resource.contentLength(), maxBytes);
            }
            return bytes;
        }
    }

    @Override
    public String location(String path) {
        return "url:classpath:/" + root + "/" + path;
    }
}
