package io.stagehand.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stagehand.config.StagehandProperties;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Entities and their outgoing relations by key, kept in memory between catalog writes: the hot
 * path of the API (an entity with its owner and relations) then needs no statement at all.
 *
 * <p>Every write of this process empties the cache after it commits; writes of another process on
 * the same database show up at the latest after {@code stagehand.cache.ttl}. A read that started
 * before a write puts what it read into the generation it started in, which the write has already
 * replaced, so it cannot bring back what the write changed.
 */
@Component
public class EntityCache {

    /** One generation: what was read since the last write. {@code Optional.empty()} records an absent entity. */
    record Generation(Cache<String, Optional<StoredEntity>> entities, Cache<String, List<StoredRelation>> relations) {
    }

    private final StagehandProperties.Cache settings;
    private volatile Generation current;

    public EntityCache(StagehandProperties properties) {
        this.settings = properties.cache();
        this.current = fresh();
    }

    /** Whether reads go through the cache at all ({@code stagehand.cache.max-megabytes} above 0). */
    public boolean enabled() {
        return settings.maxMegabytes() > 0;
    }

    /** The generation to read from and fill; callers keep it for the whole read. */
    Generation current() {
        return current;
    }

    /** Forgets everything; called after every committed write. */
    public void invalidate() {
        current = fresh();
    }

    /** Entries cached now, for tests and metrics. */
    public long size() {
        Generation generation = current;
        return generation.entities().estimatedSize() + generation.relations().estimatedSize();
    }

    private Generation fresh() {
        // Half the budget for each map; weights approximate bytes (Latin-1 strings plus object overhead).
        long budget = Math.max(1, settings.maxMegabytes()) * 1024L * 1024L / 2;
        Cache<String, Optional<StoredEntity>> entities = Caffeine.newBuilder()
                .maximumWeight(budget)
                .<String, Optional<StoredEntity>>weigher((key, entity) -> 64 + key.length() + entity.map(EntityCache::weight).orElse(0))
                .expireAfterWrite(settings.ttl())
                .build();
        Cache<String, List<StoredRelation>> relations = Caffeine.newBuilder()
                .maximumWeight(budget)
                .<String, List<StoredRelation>>weigher((key, list) -> 64 + key.length() + list.stream().mapToInt(EntityCache::weight).sum())
                .expireAfterWrite(settings.ttl())
                .build();
        return new Generation(entities, relations);
    }

    private static int weight(StoredEntity e) {
        return 200 + length(e.ref()) + length(e.title()) + length(e.description()) + length(e.location()) + length(e.descriptor());
    }

    private static int weight(StoredRelation r) {
        return 120 + r.sourceRef().length() + r.type().length() + r.targetRef().length() + r.targetKey().length();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
