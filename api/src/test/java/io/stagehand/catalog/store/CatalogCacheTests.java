package io.stagehand.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stagehand.catalog.CatalogProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

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
        List<List<String>> asked = new ArrayList<>();
        Function<List<String>, Mono<Set<String>>> hiddenAreOdd = keys -> {
            asked.add(List.copyOf(keys));
            return Mono.just(keys.stream().filter(k -> Integer.parseInt(k) % 2 == 1)
                    .collect(Collectors.toSet()));
        };
        assertThat(cache.perKey("hidden", List.of("1", "2", "3"), hiddenAreOdd).block()).containsExactlyInAnyOrder("1", "3");
        assertThat(cache.perKey("hidden", List.of("2", "3", "4"), hiddenAreOdd).block()).containsExactlyInAnyOrder("3");
        assertThat(asked).containsExactly(List.of("1", "2", "3"), List.of("4"));
        assertThat(cache.perKey("other", List.of("2"), hiddenAreOdd).block()).as("another name asks again").isEmpty();
        assertThat(asked).hasSize(3);
    }

    @Test
    void aWholeSetIsLoadedOnceInTheBackgroundAndServedOnceKnown() {
        CatalogCache cache = cache(1);
        List<Integer> asked = new ArrayList<>();
        Sinks.One<Optional<Set<String>>> reply = Sinks.one();
        IntFunction<Mono<Optional<Set<String>>>> load = max -> {
            asked.add(max);
            return reply.asMono();
        };
        assertThat(cache.whole("hidden", load)).as("not known before the load answers").isNull();
        assertThat(cache.whole("hidden", load)).as("still loading").isNull();
        assertThat(asked).as("one load, given the most keys a set may hold").containsExactly(cache.maxWholeKeys());
        reply.tryEmitValue(Optional.of(Set.of("a", "b")));
        assertThat(cache.whole("hidden", load)).containsExactlyInAnyOrder("a", "b");
        assertThat(asked).hasSize(1);
        cache.invalidate();
        assertThat(cache.whole("hidden", max -> Mono.just(Optional.of(Set.of("c"))))).as("a write forgets it").isNull();
        assertThat(cache.whole("hidden", load)).containsExactly("c");
    }

    @Test
    void aWholeSetTooLargeStaysUndecidedForTheGenerationAndOneLoadRunsAtATime() {
        CatalogCache cache = cache(1);
        List<String> asked = new ArrayList<>();
        assertThat(cache.whole("big", max -> {
            asked.add("big");
            return Mono.just(Optional.empty());
        })).isNull();
        assertThat(cache.whole("big", max -> {
            asked.add("big again");
            return Mono.just(Optional.empty());
        })).as("too many keys: decided key by key").isNull();
        assertThat(asked).containsExactly("big");

        Sinks.One<Optional<Set<String>>> slow = Sinks.one();
        assertThat(cache.whole("first", max -> slow.asMono())).isNull();
        assertThat(cache.whole("second", max -> {
            asked.add("second");
            return Mono.just(Optional.of(Set.of()));
        })).as("another load is under way").isNull();
        assertThat(asked).doesNotContain("second");
        slow.tryEmitValue(Optional.of(Set.of()));
        cache.whole("second", max -> {
            asked.add("second");
            return Mono.just(Optional.of(Set.of("x")));
        });
        assertThat(asked).contains("second");
        assertThat(cache.whole("second", max -> Mono.empty())).containsExactly("x");
    }

    @Test
    void aFailedWholeLoadIsTriedAgain() {
        CatalogCache cache = cache(1);
        assertThat(cache.whole("hidden", max -> Mono.error(new IllegalStateException("database down")))).isNull();
        cache.whole("hidden", max -> Mono.just(Optional.of(Set.of("a"))));
        assertThat(cache.whole("hidden", max -> Mono.empty())).containsExactly("a");
    }

    @Test
    void noWholeSetWithoutTheCache() {
        assertThat(cache(0).whole("hidden", max -> Mono.just(Optional.of(Set.of("a"))))).isNull();
    }
}
