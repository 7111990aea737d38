package io.stagehand.catalog.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.postgres.ReadReplica;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the API read from the catalog, kept in memory between catalog writes: entities and their
 * outgoing relations by key (the hot path, an entity with its owner and relations, then needs no
 * statement at all), and the results of list, count, facet and graph queries by their arguments.
 *
 * <p>Every write of this process empties the cache after it commits; writes of another process on
 * the same database show up at the latest after {@code stagehand.cache.ttl}. A read that started
 * before a write puts what it read into the generation it started in, which the write has already
 * replaced, so it cannot bring back what the write changed.
 */
@Component
public class CatalogCache implements MeterBinder {

    /**
     * One generation: what was read since the last write. {@code Optional.empty()} records an
     * absent entity; {@code results} holds query results by a list of the query's name and arguments.
     */
    record Generation(Cache<String, Optional<StoredEntity>> entities, Cache<String, List<StoredRelation>> relations,
            Cache<List<Object>, Weighted> results) {
    }

    /** A query result with its approximate size in bytes. */
    record Weighted(Object value, int weight) {
    }

    private final CatalogProperties.Cache settings;
    private final ReadReplica replica;
    private volatile Generation current;
    /** Writes so far, how many of them the replica is known to have replayed, and whether a wait for it is under way. */
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicBoolean waiting = new AtomicBoolean();
    /** Whether a whole set is being loaded ({@link #whole}). */
    private final AtomicBoolean loadingWhole = new AtomicBoolean();
    /** Marks a whole set being loaded, or one too large to keep. */
    private static final Object UNDECIDED = new Object();

    public CatalogCache(CatalogProperties properties, ReadReplica replica) {
        this.settings = properties.cache();
        this.replica = replica;
        this.current = fresh();
    }

    /**
     * Whether reads go through the cache ({@code stagehand.cache.max-megabytes} above 0): not while a
     * read replica has yet to replay this process's last write, since what it answers then is older.
     */
    public boolean enabled() {
        return settings.maxMegabytes() > 0 && replayed.get() >= writes.get();
    }

    /** The generation to read from and fill; callers keep it for the whole read. */
    Generation current() {
        return current;
    }

    /**
     * Values by key: from this generation's map where it has them, the others loaded in one call and
     * kept (keys the load does not answer as {@code absent}). Every key is in the answer.
     */
    <V> Mono<Map<String, V>> readThrough(Function<Generation, Cache<String, V>> map, Collection<String> keys,
            Function<List<String>, Mono<Map<String, V>>> load, V absent) {
        Cache<String, V> cache = enabled() ? map.apply(current) : null;
        Map<String, V> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            V hit = cache == null ? null : cache.getIfPresent(key);
            if (hit == null) {
                missing.add(key);
            } else {
                found.put(key, hit);
            }
        }
        if (missing.isEmpty()) {
            return Mono.just(found);
        }
        return load.apply(missing).map(loaded -> {
            for (String key : missing) {
                V value = loaded.getOrDefault(key, absent);
                if (cache != null) {
                    cache.put(key, value);
                }
                found.put(key, value);
            }
            return found;
        });
    }

    /**
     * The result of a query by its name and arguments (which must have value equality, as records
     * and lists do): from this generation, or loaded and kept when the cache is on.
     */
    @SuppressWarnings("unchecked")
    <T> Mono<T> memo(ToIntFunction<T> weight, Supplier<Mono<T>> load, Object... nameAndArguments) {
        if (!enabled()) {
            return load.get();
        }
        Generation generation = current;
        List<Object> key = Arrays.asList(nameAndArguments);
        Weighted hit = generation.results().getIfPresent(key);
        if (hit != null) {
            return Mono.just((T) hit.value());
        }
        return load.get().doOnNext(value -> generation.results().put(key, new Weighted(value, 64 + weight.applyAsInt(value))));
    }

    /**
     * Of these keys, those {@code load} answers for (the ones it returns), remembered key by key
     * under {@code name}, so a later set that shares keys with earlier ones asks only for the new
     * ones. For decisions about single entities, such as whether a caller may see them.
     */
    Mono<java.util.Set<String>> perKey(Object name, Collection<String> keys, Function<List<String>, Mono<java.util.Set<String>>> load) {
        if (!enabled()) {
            return load.apply(List.copyOf(keys));
        }
        Generation generation = current;
        java.util.Set<String> found = new java.util.HashSet<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            Weighted hit = generation.results().getIfPresent(Arrays.asList(name, key));
            if (hit == null) {
                missing.add(key);
            } else if ((Boolean) hit.value()) {
                found.add(key);
            }
        }
        if (missing.isEmpty()) {
            return Mono.just(found);
        }
        return load.apply(missing).map(answered -> {
            for (String key : missing) {
                boolean in = answered.contains(key);
                generation.results().put(Arrays.asList(name, key), new Weighted(in, 96 + key.length()));
                if (in) {
                    found.add(key);
                }
            }
            return found;
        });
    }

    /**
     * A set decided whole for this generation under {@code name}, such as every entity a read
     * restriction hides; null while it is not known. The first call starts {@code load} in the
     * background (one such load at a time in this process), given the most keys a set may hold here;
     * it answers empty when there are more, and the name then stays undecided for the generation.
     * Callers decide key by key meanwhile: a caller's first requests never wait for the whole set.
     */
    @SuppressWarnings("unchecked")
    java.util.Set<String> whole(Object name, IntFunction<Mono<Optional<java.util.Set<String>>>> load) {
        if (!enabled()) {
            return null;
        }
        Generation generation = current;
        List<Object> key = Arrays.asList("whole", name);
        Weighted hit = generation.results().getIfPresent(key);
        if (hit != null) {
            return hit.value() instanceof java.util.Set<?> set ? (java.util.Set<String>) set : null;
        }
        // one background load at a time bounds what many callers' first requests after a write cost the database
        if (!loadingWhole.compareAndSet(false, true)) {
            return null;
        }
        generation.results().put(key, new Weighted(UNDECIDED, 64));
        load.apply(maxWholeKeys()).doFinally(signal -> loadingWhole.set(false)).subscribe(
                found -> generation.results().put(key, found.<Weighted>map(set -> new Weighted(set, 64 + set.stream()
                        .mapToInt(k -> 48 + k.length()).sum())).orElse(new Weighted(UNDECIDED, 64))),
                error -> generation.results().invalidate(key));
        return null;
    }

    /** The most keys one whole set may hold: a quarter of the results' share of the budget, at about 128 bytes a key. */
    int maxWholeKeys() {
        return (int) Math.min(Integer.MAX_VALUE - 1L, Math.max(1, settings.maxMegabytes()) * 1024L * 1024L / 3 / 4 / 128);
    }

    /**
     * Forgets everything; called after every committed write. With a read replica the cache is not
     * used until the replica has replayed the write (what it answers before is older), and is
     * emptied once more then, of what was read meanwhile; one wait at a time, covering the writes
     * that come during it.
     */
    public void invalidate() {
        if (replica != null && replica.configured()) {
            writes.incrementAndGet();
            current = fresh();
            awaitReplica();
        } else {
            current = fresh();
        }
    }

    private void awaitReplica() {
        if (!waiting.compareAndSet(false, true)) {
            return;
        }
        long target = writes.get();
        replica.caughtUp().doFinally(signal -> {
            current = fresh();
            replayed.accumulateAndGet(target, Math::max);
            waiting.set(false);
            if (replayed.get() < writes.get()) {
                awaitReplica();
            }
        }).subscribe();
    }

    /** Entries cached now (the metric {@code stagehand.cache.entries}). */
    public long size() {
        Generation generation = current;
        return generation.entities().estimatedSize() + generation.relations().estimatedSize() + generation.results().estimatedSize();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("stagehand.cache.entries", this, CatalogCache::size).description("Entities, relations and results cached now")
                .register(registry);
    }

    private Generation fresh() {
        // A third of the budget for each map; weights approximate bytes (Latin-1 strings plus object overhead).
        long budget = Math.max(1, settings.maxMegabytes()) * 1024L * 1024L / 3;
        Cache<String, Optional<StoredEntity>> entities = Caffeine.newBuilder()
                .maximumWeight(budget)
                .<String, Optional<StoredEntity>>weigher((key, entity) -> 64 + key.length() + entity.map(CatalogCache::weight).orElse(0))
                .expireAfterWrite(settings.ttl())
                .build();
        Cache<String, List<StoredRelation>> relations = Caffeine.newBuilder()
                .maximumWeight(budget)
                .<String, List<StoredRelation>>weigher((key, list) -> 64 + key.length() + list.stream().mapToInt(CatalogCache::weight).sum())
                .expireAfterWrite(settings.ttl())
                .build();
        Cache<List<Object>, Weighted> results = Caffeine.newBuilder()
                .maximumWeight(budget)
                .<List<Object>, Weighted>weigher((key, result) -> result.weight())
                .expireAfterWrite(settings.ttl())
                .build();
        return new Generation(entities, relations, results);
    }

    static int weight(StoredEntity e) {
        return 200 + length(e.ref()) + length(e.title()) + length(e.description()) + length(e.location()) + length(e.descriptor());
    }

    static int weight(StoredRelation r) {
        return 120 + r.sourceRef().length() + r.type().length() + r.targetRef().length() + r.targetKey().length();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
