package io.stagehand.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stagehand.catalog.CatalogProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogCacheTests {

    private static CatalogCache cache(int megabytes) {
        CatalogProperties properties = new CatalogProperties(List.of(), new CatalogProperties.Demo(false), null,
                new CatalogProperties.Cache(megabytes, Duration.ofMinutes(1)), null, null);
        return new CatalogCache(properties, null);
    }

    private static StoredEntity entity(String name, String descriptor) {
        return new StoredEntity("component:default/" + name, "component:default/" + name, "Component", "default", name,
                null, null, "s", "l", 1, "uid-" + name, "etag", descriptor);
    }

    @Test
    void aReadThatStartedBeforeAWriteCannotBringBackWhatTheWriteChanged() {
        CatalogCache cache = cache(1);
        CatalogCache.Generation before = cache.current();
        cache.invalidate();
        // the slow read finishes after the write and fills the generation it started in
        before.entities().put("component:default/a", Optional.of(entity("a", "{}")));
        assertThat(cache.current().entities().getIfPresent("component:default/a")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void invalidationForgetsEverything() {
        CatalogCache cache = cache(1);
        cache.current().entities().put("component:default/a", Optional.of(entity("a", "{}")));
        cache.current().relations().put("component:default/a", List.of());
        assertThat(cache.size()).isEqualTo(2);
        cache.invalidate();
        assertThat(cache.size()).isZero();
    }

    @Test
    void reportsItsEntriesAsAMetric() {
        CatalogCache cache = cache(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        cache.bindTo(registry);
        cache.current().entities().put("component:default/a", Optional.of(entity("a", "{}")));
        assertThat(registry.get("stagehand.cache.entries").gauge().value()).isEqualTo(1.0);
        cache.invalidate();
        assertThat(registry.get("stagehand.cache.entries").gauge().value()).isZero();
    }

    @Test
    void staysWithinItsBudget() {
        CatalogCache cache = cache(1);
        String descriptor = "x".repeat(10_000);
        for (int i = 0; i < 500; i++) {
            cache.current().entities().put("component:default/c" + i, Optional.of(entity("c" + i, descriptor)));
        }
        cache.current().entities().cleanUp();
        // a third of 1 MB for entities: at most about 35 entries of 10 kB
        assertThat(cache.current().entities().estimatedSize()).isBetween(1L, 36L);
    }

    @Test
    void zeroMegabytesTurnsItOff() {
        assertThat(cache(0).enabled()).isFalse();
        assertThat(cache(1).enabled()).isTrue();
    }

    @Test
    void perKeyDecisionsAskOnlyForKeysNotAnsweredBefore() {
        CatalogCache cache = cache(1);
        List<List<String>> asked = new java.util.ArrayList<>();
        java.util.function.Function<List<String>, reactor.core.publisher.Mono<java.util.Set<String>>> hiddenAreOdd = keys -> {
            asked.add(List.copyOf(keys));
            return reactor.core.publisher.Mono.just(keys.stream().filter(k -> Integer.parseInt(k) % 2 == 1)
                    .collect(java.util.stream.Collectors.toSet()));
        };
        assertThat(cache.perKey("hidden", List.of("1", "2", "3"), hiddenAreOdd).block()).containsExactlyInAnyOrder("1", "3");
        assertThat(cache.perKey("hidden", List.of("2", "3", "4"), hiddenAreOdd).block()).containsExactlyInAnyOrder("3");
        assertThat(asked).containsExactly(List.of("1", "2", "3"), List.of("4"));
        assertThat(cache.perKey("other", List.of("2"), hiddenAreOdd).block()).as("another name asks again").isEmpty();
        assertThat(asked).hasSize(3);
    }
}
