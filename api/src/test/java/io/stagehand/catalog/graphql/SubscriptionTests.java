package io.stagehand.catalog.graphql;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.catalog.store.ChangeFeed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** Subscriptions over WebSocket (graphql-ws) receive what a re-ingest changes. */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=subscribed",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/subscribed",
})
class SubscriptionTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/subscribed");

    @LocalServerPort
    int port;

    @Autowired
    ChangeFeed feed;

    /** Events received by one live subscription. */
    private record Live(List<Map<String, Object>> events, Disposable subscription) {
        /** Waits (at most 30 s) for n events, then ends the subscription and returns them. */
        List<Map<String, Object>> await(int n) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.size() < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            subscription.dispose();
            return List.copyOf(events);
        }
    }

    /**
     * Subscribes and returns once the server has the subscription, since changes made before it
     * would be missed. A session that the server has not taken up within 10 s is replaced: in full
     * test runs a new server's WebSocket session sometimes stalls (see the closing note), and these
     * tests are about what a live subscription receives.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Live subscribe(String document, String path, IntSupplier subscribers) {
        for (int attempt = 1; ; attempt++) {
            List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
            Disposable subscription = socket().document(document).executeSubscription().toFlux(path, Map.class)
                    .subscribe(event -> events.add((Map<String, Object>) (Map) event));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (subscribers.getAsInt() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            if (subscribers.getAsInt() > 0) {
                return new Live(events, subscription);
            }
            subscription.dispose();
            assertThat(attempt).as("attempts to open a subscription").isLessThan(3);
        }
    }

    private static Map<String, Object> mapWithNull(String... keysAndValues) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        map.put(keysAndValues[keysAndValues.length - 1], null);
        return map;
    }

    private WebSocketGraphQlTester socket() {
        return WebSocketGraphQlTester.builder(URI.create("ws://localhost:" + port + "/graphql"), new ReactorNettyWebSocketClient()).build();
    }

    @Test
    void entityChangedDeliversCreatedUpdatedAndDeleted() {
        Fixtures.deleteRecursively(ROOT);
        Fixtures.write(ROOT, "a/catalog-info.yaml", component("a", "team-a"));
        Fixtures.write(ROOT, "b/catalog-info.yaml", component("b", "team-a"));
        refresh("subscribed");

        Live changes = subscribe("subscription { entityChanged(filter: {kind: [\"component\"]}) { type ref source entity { name } } }",
                "entityChanged", feed::tailReaders);
        Fixtures.write(ROOT, "a/catalog-info.yaml", component("a", "team-b"));
        Fixtures.deleteRecursively(ROOT.resolve("b"));
        refresh("subscribed");
        // events are delivered as their fields resolve, so their order is not guaranteed
        assertThat(changes.await(2)).containsExactlyInAnyOrder(
                Map.of("type", "UPDATED", "ref", "component:default/a", "source", "subscribed", "entity", Map.of("name", "a")),
                mapWithNull("type", "DELETED", "ref", "component:default/b", "source", "subscribed", "entity"));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aSlowSubscriberMissesNothingAndOneThatReconnectsResumesAfterItsLastCursor() {
        Fixtures.deleteRecursively(ROOT);
        Fixtures.write(ROOT, "a/catalog-info.yaml", component("a", "team-a"));
        refresh("subscribed");
        // a subscriber that takes 300 ms for each change, while three runs commit 12 changes
        List<Map<String, Object>> slow = new CopyOnWriteArrayList<>();
        Disposable subscription = socket().document("subscription { entityChanged { type ref cursor } }").executeSubscription()
                .toFlux("entityChanged", Map.class)
                .delayElements(Duration.ofMillis(300))
                .subscribe(event -> slow.add((Map<String, Object>) (Map) event));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (feed.tailReaders() == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        for (int run = 0; run < 3; run++) {
            for (int i = 0; i < 4; i++) {
                Fixtures.write(ROOT, "n" + run + i + "/catalog-info.yaml", component("n" + run + i, "team-a"));
            }
            refresh("subscribed");
        }
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (slow.size() < 12 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        subscription.dispose();
        assertThat(slow).hasSize(12);
        assertThat(slow).extracting(e -> e.get("ref")).doesNotHaveDuplicates();

        // disconnected after the 5th change: resuming from its cursor gives the 7 after it, then what comes next
        String cursor = (String) slow.get(4).get("cursor");
        StepVerifier.create(socket().document("subscription Resume($after: String) { entityChanged(after: $after) { ref } }")
                        .variable("after", cursor).executeSubscription().toFlux("entityChanged", Map.class).map(e -> e.get("ref")))
                .expectNextSequence(slow.subList(5, 12).stream().map(e -> e.get("ref")).toList())
                .thenCancel()
                .verify(Duration.ofSeconds(30));

    }

    @Test
    void runCompletedDeliversEachRunOfTheSource() {
        Fixtures.deleteRecursively(ROOT);
        Fixtures.write(ROOT, "catalog-info.yaml", component("a", "team-a"));
        Live runs = subscribe("subscription { runCompleted(source: \"subscribed\") { source status entitiesRead } }",
                "runCompleted", ingest::runSubscribers);
        refresh("subscribed");
        assertThat(runs.await(1)).singleElement()
                .satisfies(run -> assertThat(run).containsEntry("status", "SUCCEEDED").containsEntry("entitiesRead", 1));
    }
}
