package io.stagehand.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.config.StagehandProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntityCacheTests {

    private static EntityCache cache(int megabytes) {
        StagehandProperties properties = new StagehandProperties(List.of(), new StagehandProperties.Demo(false), null,
                new StagehandProperties.Cache(megabytes, Duration.ofMinutes(1)), null);
        return new EntityCache(properties);
    }

    private static StoredEntity entity(String name, String descriptor) {
        return new StoredEntity("component:default/" + name, "component:default/" + name, "Component", "default", name,
                null, null, "s", "l", 1, descriptor);
    }

    @Test
    void aReadThatStartedBeforeAWriteCannotBringBackWhatTheWriteChanged() {
        EntityCache cache = cache(1);
        EntityCache.Generation before = cache.current();
        cache.invalidate();
        // the slow read finishes after the write and fills the generation it started in
        before.entities().put("component:default/a", Optional.of(entity("a", "{}")));
        assertThat(cache.current().entities().getIfPresent("component:default/a")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void invalidationForgetsEverything() {
        EntityCache cache = cache(1);
        cache.current().entities().put("component:default/a", Optional.of(entity("a", "{}")));
        cache.current().relations().put("component:default/a", List.of());
        assertThat(cache.size()).isEqualTo(2);
        cache.invalidate();
        assertThat(cache.size()).isZero();
    }

    @Test
    void staysWithinItsBudget() {
        EntityCache cache = cache(1);
        String descriptor = "x".repeat(10_000);
        for (int i = 0; i < 500; i++) {
            cache.current().entities().put("component:default/c" + i, Optional.of(entity("c" + i, descriptor)));
        }
        cache.current().entities().cleanUp();
        // half of 1 MB for entities: at most about 52 entries of 10 kB
        assertThat(cache.current().entities().estimatedSize()).isBetween(1L, 53L);
    }

    @Test
    void zeroMegabytesTurnsItOff() {
        assertThat(cache(0).enabled()).isFalse();
        assertThat(cache(1).enabled()).isTrue();
    }
}
