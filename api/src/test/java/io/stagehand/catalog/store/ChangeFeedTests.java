package io.stagehand.catalog.store;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

@TestPropertySource(properties = {
        "stagehand.sources[0].name=fed",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/change-feed",
})
class ChangeFeedTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/change-feed");

    @Autowired
    ChangeFeed feed;

    @BeforeEach
    void emptyFeed() throws IOException {
        Fixtures.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
    }

    @Test
    void everyChangeOfACommittedRunIsRecordedInOrderAndAFailedRunRecordsNothing() throws IOException {
        write(ROOT, "a/catalog-info.yaml", component("a", "team"));
        write(ROOT, "b/catalog-info.yaml", component("b", "team"));
        refresh("fed");
        write(ROOT, "a/catalog-info.yaml", component("a", "other-team"));
        Fixtures.deleteRecursively(ROOT.resolve("b"));
        write(ROOT, "c/catalog-info.yaml", component("c", "team"));
        refresh("fed");
        // nothing changed: nothing recorded
        refresh("fed");
        Fixtures.deleteRecursively(ROOT);
        assertThat(refresh("fed").succeeded()).isFalse();

        List<ChangeFeed.FeedChange> all = feed.after(0, 100).block();
        assertThat(all).extracting(c -> c.type() + " " + c.ref()).containsExactly(
                "CREATED component:default/a", "CREATED component:default/b",
                "UPDATED component:default/a", "CREATED component:default/c", "DELETED component:default/b");
        assertThat(all).extracting(ChangeFeed.FeedChange::seq).isSorted();
        assertThat(feed.after(all.get(2).seq(), 100).block()).hasSize(2);
        assertThat(feed.head().block()).isEqualTo(all.get(4).seq());
    }

    @Test
    void aConsumerGetsEverythingCommittedWhileItWasAwayOrSlowFromItsRememberedPosition() {
        write(ROOT, "a/catalog-info.yaml", component("a", "team"));
        refresh("fed");
        feed.remember("test-consumer", 0).block();
        // written while no consumer runs (a restart, in effect)
        write(ROOT, "b/catalog-info.yaml", component("b", "team"));
        refresh("fed");

        List<String> seen = new CopyOnWriteArrayList<>();
        // a slow consumer: batches of one that take a while each
        Disposable consumer = feed.consume("test-consumer", 1, Duration.ofSeconds(30), batch -> Mono.delay(Duration.ofMillis(200))
                .doOnNext(t -> batch.forEach(c -> seen.add(c.ref()))).then());
        try {
            write(ROOT, "c/catalog-info.yaml", component("c", "team"));
            refresh("fed");
            waitFor(() -> seen.size() == 3);
            assertThat(seen).containsExactly("component:default/a", "component:default/b", "component:default/c");
            waitFor(() -> feed.position("test-consumer").block().orElse(0L).equals(feed.head().block()));
        } finally {
            consumer.dispose();
        }
    }

    @Test
    void aNewConsumerStartsAtTheHead() {
        write(ROOT, "a/catalog-info.yaml", component("a", "team"));
        refresh("fed");
        List<String> seen = new CopyOnWriteArrayList<>();
        Disposable consumer = feed.consume("late-consumer", 10, Duration.ofSeconds(30),
                batch -> Mono.fromRunnable(() -> batch.forEach(c -> seen.add(c.ref()))));
        try {
            waitFor(() -> feed.position("late-consumer").block().isPresent());
            write(ROOT, "b/catalog-info.yaml", component("b", "team"));
            refresh("fed");
            waitFor(() -> !seen.isEmpty());
            assertThat(seen).containsExactly("component:default/b");
        } finally {
            consumer.dispose();
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
