package io.stagehand.api;

import static io.stagehand.ingest.Fixtures.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.ingest.Fixtures;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import io.stagehand.store.CatalogWriter;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
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
    CatalogWriter writer;

    /** The subscription reaches the server asynchronously; changes made before it would be missed. */
    private static void awaitSubscriber(IntSupplier subscribers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (subscribers.getAsInt() == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(subscribers.getAsInt()).as("subscribers").isPositive();
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
        return WebSocketGraphQlTester.builder(URI.create("ws://localhost:" + port + "/graphql"), new ReactorNettyWebSocketClient())
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * One query over a fresh WebSocket session first, retried if it stalls: a new server's first
     * sessions sometimes stall (see AuthTests.withRetry), and these tests are about subscriptions.
     */
    @org.junit.jupiter.api.BeforeEach
    void webSocketAnswers() {
        for (int attempt = 1; ; attempt++) {
            try {
                socket().document("{ sources { name } }").execute().path("sources").hasValue();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Timeout")) {
                    throw e;
                }
            }
        }
    }

    @Test
    void entityChangedDeliversCreatedUpdatedAndDeleted() {
        Fixtures.deleteRecursively(ROOT);
        Fixtures.write(ROOT, "a/catalog-info.yaml", component("a", "team-a"));
        Fixtures.write(ROOT, "b/catalog-info.yaml", component("b", "team-a"));
        refresh("subscribed");

        var changes = socket().document("subscription { entityChanged(filter: {kind: [\"component\"]}) { type ref source entity { name } } }")
                .executeSubscription().toFlux("entityChanged", Map.class);
        StepVerifier.create(changes)
                .then(() -> {
                    awaitSubscriber(writer::changeSubscribers);
                    Fixtures.write(ROOT, "a/catalog-info.yaml", component("a", "team-b"));
                    Fixtures.deleteRecursively(ROOT.resolve("b"));
                    refresh("subscribed");
                })
                // events are delivered as their fields resolve, so their order is not guaranteed
                .recordWith(ArrayList::new)
                .expectNextCount(2)
                .consumeRecordedWith(events -> assertThat(events).containsExactlyInAnyOrder(
                        Map.of("type", "UPDATED", "ref", "component:default/a", "source", "subscribed", "entity", Map.of("name", "a")),
                        mapWithNull("type", "DELETED", "ref", "component:default/b", "source", "subscribed", "entity")))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void runCompletedDeliversEachRunOfTheSource() {
        Fixtures.deleteRecursively(ROOT);
        Fixtures.write(ROOT, "catalog-info.yaml", component("a", "team-a"));
        var runs = socket().document("subscription { runCompleted(source: \"subscribed\") { source status entitiesRead } }")
                .executeSubscription().toFlux("runCompleted", Map.class);
        StepVerifier.create(runs)
                .then(() -> {
                    awaitSubscriber(ingest::runSubscribers);
                    refresh("subscribed");
                })
                .assertNext(run -> assertThat(run).containsEntry("status", "SUCCEEDED").containsEntry("entitiesRead", 1))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }
}
