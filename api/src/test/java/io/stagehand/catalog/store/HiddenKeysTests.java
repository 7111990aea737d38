package io.stagehand.catalog.store;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.model.EntityFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;

/**
 * Issue 27, the read restriction's cost: which entities a restriction hides is decided key by key
 * at first and, once loaded in the background, from every hidden key of the catalog at once. Both
 * must give the same answer, the one the catalog's owners and labels give by hand.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=hidden-keys",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/hidden-keys",
})
class HiddenKeysTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/hidden-keys");

    static final List<String> KEYS = List.of("component:default/a1", "component:default/a2", "component:default/b1",
            "component:default/b2", "component:default/docs", "group:default/team-a", "group:default/team-b",
            "component:default/not-in-the-catalog");

    @Autowired
    CatalogQueries queries;

    @Autowired
    CatalogCache cache;

    @BeforeEach
    void catalog() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "catalog-info.yaml", String.join("---\n", Fixtures.group("team-a", null), Fixtures.group("team-b", null),
                Fixtures.component("a1", "team-a"), Fixtures.component("a2", "team-a"), Fixtures.component("b1", "team-b"),
                Fixtures.component("b2", "team-b"),
                Fixtures.component("docs", "team-b").replace("  name: docs\n", "  name: docs\n  labels: {visibility: public}\n")));
        assertThat(refresh("hidden-keys").counts().created()).isEqualTo(7);
    }

    @Test
    void keysDecidedOneByOneAndAllAtOnceAgree() {
        EntityFilter ownedByA = new EntityFilter(null, null, null, null, List.of("group:default/team-a"), null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        EntityFilter publicOrGroups = EntityFilter.anyOf(List.of(
                new EntityFilter(null, null, null, null, null, null, null, null, null, null, null,
                        List.of(new EntityFilter.KeyValueFilter("visibility", "public")), null, null, null, null, null, null, null),
                new EntityFilter(List.of("Group"), null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null)));

        // a key of no entity is never hidden: a relation to it reveals nothing
        assertAgree(ownedByA, Set.of("component:default/b1", "component:default/b2", "component:default/docs", "group:default/team-a",
                "group:default/team-b"));
        assertAgree(publicOrGroups, Set.of("component:default/a1", "component:default/a2", "component:default/b1", "component:default/b2"));
    }

    private void assertAgree(EntityFilter restriction, Set<String> expected) {
        Visibility visibility = new Visibility(restriction);
        Object name = List.of("hidden", visibility);
        cache.invalidate();
        assertThat(known(name)).as("nothing known before the first request").isNull();

        Set<String> oneByOne = hidden(visibility);
        assertThat(oneByOne).as("decided key by key").isEqualTo(expected);
        Instant deadline = Instant.now().plusSeconds(20);
        while (!(known(name) instanceof Set<?>)) {
            assertThat(Instant.now()).as("the whole set is loaded in the background").isBefore(deadline);
            sleep();
        }
        assertThat(known(name)).as("every hidden key of the catalog").isEqualTo(expected);
        assertThat(hidden(visibility)).as("decided from the whole set").isEqualTo(expected);
        assertThat(queries.hidden(List.of("component:default/a1", "component:default/docs"))
                .contextWrite(context -> Visibility.in(context, Mono.just(visibility))).block(Duration.ofSeconds(10)))
                .isEqualTo(expected.stream().filter(k -> k.endsWith("/a1") || k.endsWith("/docs")).collect(Collectors.toSet()));
    }

    /** What the cache holds under the whole set's name, without starting a load. */
    private Object known(Object name) {
        CatalogCache.Weighted entry = cache.current().results().getIfPresent(Arrays.asList("whole", name));
        return entry == null ? null : entry.value();
    }

    private Set<String> hidden(Visibility visibility) {
        return queries.hidden(KEYS).contextWrite(context -> Visibility.in(context, Mono.just(visibility))).block(Duration.ofSeconds(10));
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
