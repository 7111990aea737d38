package io.stagehand.catalog.store;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.postgres.RunnerLocks;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sources that still hold entities but are no longer configured (renamed or removed): noted with
 * the time they were first seen so, their entities kept for {@code stagehand.ingest.orphan-grace-period}
 * and then deleted. A configured source that emits one of their refs takes that entity over (see
 * {@link CatalogWriter}); an operator can delete them at once with {@link #remove(String)}. Checked
 * at start-up and every {@link #CHECK_EVERY}, by one replica at a time (the lock {@value #LOCK}).
 */
@Component
public class OrphanedSources {

    static final String LOCK = "stagehand:orphans";
    static final Duration CHECK_EVERY = Duration.ofMinutes(10);
    private static final Log log = LogFactory.getLog(OrphanedSources.class);

    /** A source no longer configured: how many entities it still holds, since when, and when they go. */
    public record Orphan(String source, long entities, OffsetDateTime since, OffsetDateTime removeAt) {
    }

    private final DatabaseClient db;
    private final CatalogCache cache;
    private final SourceNames sources;
    private final CatalogWriter writer;
    private final RunnerLocks locks;
    private final Duration grace;
    private Disposable schedule;

    OrphanedSources(DatabaseClient db, SourceNames sources, CatalogWriter writer, RunnerLocks locks, CatalogProperties properties,
            CatalogCache cache) {
        this.db = db;
        this.cache = cache;
        this.sources = sources;
        this.writer = writer;
        this.locks = locks;
        this.grace = properties.ingest().orphanGracePeriod();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        schedule = Flux.interval(Duration.ZERO, CHECK_EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> locks.tryAcquire(LOCK)
                        .flatMap(held -> held ? sweep() : Mono.<Integer>empty())
                        .onErrorResume(e -> {
                            log.warn("Checking for sources that are no longer configured failed (tried again in " + CHECK_EVERY + "): "
                                    + e.getMessage());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @jakarta.annotation.PreDestroy
    public void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
    }

    /**
     * Notes the sources holding entities that are not configured, forgets those configured again
     * (or emptied), and deletes the entities of those whose grace period has passed. Gives how many
     * entities were deleted.
     */
    public Mono<Integer> sweep() {
        String[] configured = sources.configured().toArray(String[]::new);
        Mono<Long> forget = db.sql("""
                        DELETE FROM orphaned_sources o
                        WHERE o.source = ANY(CAST(:configured AS text[]))
                           OR NOT EXISTS (SELECT 1 FROM entities e WHERE e.source = o.source)""")
                .bind("configured", configured).fetch().rowsUpdated();
        Flux<String> noted = db.sql("""
                        INSERT INTO orphaned_sources (source)
                        SELECT DISTINCT source FROM entities WHERE NOT (source = ANY(CAST(:configured AS text[])))
                        ON CONFLICT (source) DO NOTHING
                        RETURNING source""")
                .bind("configured", configured)
                .map(row -> row.get("source", String.class))
                .all()
                .doOnNext(source -> log.warn("Source \"" + source + "\" is no longer configured; its entities are kept for " + grace
                        + " (stagehand.ingest.orphan-grace-period) unless a configured source provides them, and can be deleted at once"
                        + " with the mutation removeOrphanedSource"));
        Flux<String> expired = db.sql("SELECT source FROM orphaned_sources WHERE since <= now() - make_interval(secs => :seconds)")
                .bind("seconds", grace.toMillis() / 1000.0)
                .map(row -> row.get("source", String.class))
                .all();
        // which entities are orphans is part of what the API serves (Entity.orphan): a change empties the read cache
        Mono<Void> changed = forget.flatMap(forgotten -> noted.count().map(added -> forgotten + added)).doOnNext(changes -> {
            if (changes > 0) {
                cache.invalidate();
            }
        }).then();
        return changed.thenMany(expired)
                .concatMap(source -> writer.removeSource(source)
                        .doOnNext(n -> log.warn("Source \"" + source + "\": deleted its " + n + " entities, no longer configured for "
                                + grace)))
                .reduce(0, Integer::sum);
    }

    /** The sources no longer configured that still hold entities, as last noted by {@link #sweep()}. */
    public Mono<List<Orphan>> list() {
        return db.sql("""
                        SELECT o.source, o.since, (SELECT count(*) FROM entities e WHERE e.source = o.source) AS n
                        FROM orphaned_sources o ORDER BY o.source""")
                .map(row -> {
                    OffsetDateTime since = row.get("since", OffsetDateTime.class);
                    return new Orphan(row.get("source", String.class), row.get("n", Long.class), since, since.plus(grace));
                })
                .all()
                .filter(orphan -> orphan.entities() > 0)
                .collectList();
    }

    /**
     * Deletes the entities of a source that is not configured, at once. Refused for a configured
     * source (its next run would bring them back) and for a name that holds no entities.
     */
    public Mono<Integer> remove(String source) {
        if (sources.configured().contains(source)) {
            return Mono.error(new IllegalArgumentException("Source \"" + source + "\" is configured; only the entities of a source"
                    + " that is no longer configured can be removed"));
        }
        return db.sql("SELECT EXISTS (SELECT 1 FROM entities WHERE source = :source) AS any")
                .bind("source", source)
                .map(row -> row.get("any", Boolean.class))
                .one()
                .flatMap(any -> any ? writer.removeSource(source)
                        : Mono.error(new NoSuchElementException("No entities of a source named \"" + source + "\"")));
    }
}
