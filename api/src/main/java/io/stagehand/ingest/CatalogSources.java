package io.stagehand.ingest;

import io.stagehand.config.StagehandProperties;
import io.stagehand.config.StagehandProperties.SourceProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The sources of this server, built from {@code stagehand.sources} plus the demo catalog when enabled. */
@Component
public class CatalogSources {

    static final String DEMO_ROOT = "demo-catalog";

    private final Map<String, CatalogSource> sources = new LinkedHashMap<>();

    public CatalogSources(StagehandProperties properties) {
        if (properties.demo().enabled()) {
            add(new CatalogSource(StagehandProperties.Demo.SOURCE_NAME, "demo", "classpath:" + DEMO_ROOT, "catalog-info.yaml",
                    Duration.ofHours(24), () -> new ClasspathTree(DEMO_ROOT)));
        }
        for (int i = 0; i < properties.sources().size(); i++) {
            SourceProperties source = properties.sources().get(i);
            String name = source.nameOr(i);
            add(switch (source.type()) {
                case FILE -> new CatalogSource(name, "file", source.path().toString(), source.glob(), source.refresh(),
                        () -> new FileTree(source.path()));
                case GIT -> new CatalogSource(name, "git", source.url(), source.glob(), source.refresh(),
                        () -> new GitMirror(name, source.url(), source.branch(), properties.gitCache(), token(name, source)).snapshot());
            });
        }
    }

    private void add(CatalogSource source) {
        sources.put(source.name(), source);
    }

    private static String token(String name, SourceProperties source) throws IOException {
        if (source.tokenEnv() == null || source.tokenEnv().isBlank()) {
            return null;
        }
        String token = System.getenv(source.tokenEnv());
        if (token == null || token.isBlank()) {
            throw new IOException("Source " + name + ": environment variable " + source.tokenEnv()
                    + " (token-env) is not set or empty");
        }
        return token;
    }

    public List<CatalogSource> all() {
        return new ArrayList<>(sources.values());
    }

    public Optional<CatalogSource> find(String name) {
        return Optional.ofNullable(sources.get(name));
    }
}
