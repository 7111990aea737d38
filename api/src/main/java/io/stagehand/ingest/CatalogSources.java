package io.stagehand.ingest;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stagehand.catalog.Problem;
import io.stagehand.catalog.ReadResult;
import io.stagehand.catalog.YamlLimits;
import io.stagehand.config.StagehandProperties;
import io.stagehand.config.StagehandProperties.SourceProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The sources of this server, built from {@code stagehand.sources} plus the demo catalog when enabled. */
@Component
public class CatalogSources {

    static final String DEMO_ROOT = "demo-catalog";

    private final Map<String, CatalogSource> sources = new LinkedHashMap<>();
    private final Map<String, BackstageResilience> resilience = new LinkedHashMap<>();
    private final Map<String, GitMirror> mirrors = new LinkedHashMap<>();

    @Autowired
    public CatalogSources(StagehandProperties properties, CircuitBreakerRegistry breakers, RetryRegistry retries,
            RateLimiterRegistry limiters, MeterRegistry meters) {
        StagehandProperties.Ingest ingest = properties.ingest();
        CatalogReader reader = new CatalogReader(new YamlLimits(ingest.maxFileBytes(), ingest.maxDocumentsPerFile(),
                ingest.maxYamlNodes(), ingest.maxYamlDepth()), ingest.maxFilesPerRun());
        if (properties.demo().enabled()) {
            add(new CatalogSource(StagehandProperties.Demo.SOURCE_NAME, CatalogSource.Type.DEMO, "classpath:" + DEMO_ROOT, "catalog-info.yaml",
                    Duration.ofHours(24), files(reader, "catalog-info.yaml", () -> new ClasspathTree(DEMO_ROOT))));
        }
        for (int i = 0; i < properties.sources().size(); i++) {
            SourceProperties source = properties.sources().get(i);
            String name = source.nameOr(i);
            add(switch (source.type()) {
                case FILE -> new CatalogSource(name, CatalogSource.Type.FILE, source.path().toString(), source.glob(), source.refresh(),
                        files(reader, source.glob(), () -> new FileTree(source.path())));
                case GIT -> {
                    // the token is read at each run (a missing one fails that run); the clone read by others needs none
                    mirrors.put(name, new GitMirror(name, source.url(), source.branch(), properties.gitCache(), null));
                    yield new CatalogSource(name, CatalogSource.Type.GIT, Redaction.redact(source.url()), source.glob(), source.refresh(),
                            files(reader, source.glob(), () -> new GitMirror(name, source.url(), source.branch(), properties.gitCache(),
                                    SourceTokens.fromEnvironment(name, source.tokenEnv())).snapshot()));
                }
                case BACKSTAGE -> {
                    BackstageResilience protection = new BackstageResilience(name, source.http(), breakers, retries, limiters);
                    resilience.put(name, protection);
                    BackstageReader backstage = new BackstageReader(name, source, protection, meters);
                    yield new CatalogSource(name, CatalogSource.Type.BACKSTAGE, Redaction.redact(source.url()), null, source.refresh(), skipUnchanged -> backstage.read().flux());
                }
            });
        }
    }

    /** Only the configuration: for tests of the configuration contract. */
    public CatalogSources(StagehandProperties properties) {
        this(properties, CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(),
                new SimpleMeterRegistry());
    }

    /** Opens a tree of files; an exception while opening means the source could not be read at all. */
    @FunctionalInterface
    private interface TreeOpener {
        CatalogTree open() throws IOException;
    }

    private static CatalogSource.Reader files(CatalogReader reader, String glob, TreeOpener opener) {
        CatalogReader.FileMemo memo = new CatalogReader.FileMemo();
        return skipUnchanged -> Flux.using(() -> {
            if (!skipUnchanged) {
                memo.clear();
            }
            return opener.open();
        }, tree -> Flux.fromIterable(withoutOutOfMemory(reader.parts(tree, glob, memo), memo)).concatWith(Flux.defer(() -> refused(tree))),
                CatalogTree::close)
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The tree's own problems (links not followed) as one more part of the run. */
    private static Flux<ReadResult> refused(CatalogTree tree) {
        List<Problem> problems = tree.refused();
        return problems.isEmpty() ? Flux.empty()
                : Flux.just(new ReadResult(List.of(), new ArrayList<>(problems), new java.util.HashSet<>(), new java.util.HashSet<>(), 0, null));
    }

    /**
     * Reactor would not pass an {@link OutOfMemoryError} on and the run would never end: it becomes
     * an error of the run, and what the run held is garbage then.
     */
    private static Iterable<ReadResult> withoutOutOfMemory(Iterable<ReadResult> parts, CatalogReader.FileMemo memo) {
        return () -> {
            Iterator<ReadResult> iterator = parts.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return iterator.hasNext();
                }

                @Override
                public ReadResult next() {
                    try {
                        return iterator.next();
                    } catch (OutOfMemoryError e) {
                        memo.clear();
                        throw new UncheckedIOException("The server ran out of memory while reading this source; give it more heap (-Xmx)",
                                new IOException(e));
                    }
                }
            };
        };
    }

    /** Adds a source; package-private for tests that read from a source of their own. */
    void add(CatalogSource source) {
        sources.put(source.name(), source);
    }

    public List<CatalogSource> all() {
        return new ArrayList<>(sources.values());
    }

    public Optional<CatalogSource> find(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    /** The clone of a git source, as its runs last fetched it; null for other sources. */
    GitMirror mirror(String name) {
        return mirrors.get(name);
    }

    /** The circuit breaker state of an HTTP source (CLOSED, OPEN, HALF_OPEN, ...), or null for other sources. */
    public String circuitState(String name) {
        BackstageResilience protection = resilience.get(name);
        return protection == null ? null : protection.circuitState().name();
    }
}
