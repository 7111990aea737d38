package io.stagehand;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.catalog.ingest.IngestService;
import io.stagehand.catalog.store.ChangeFeed;
import io.stagehand.catalog.store.ChangeListener;
import io.stagehand.postgres.ReplicaIdentity;
import io.stagehand.postgres.RunnerLocks;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;

/**
 * Two Stagehand replicas (two whole application contexts with their servers, in this JVM) on one
 * PostgreSQL, both scheduling the same source every second: one runs it, the other serves what it
 * wrote within a second and passes it to its subscriptions, the source moves to the other
 * replica when the runner's session dies or the runner stops, and a subscriber whose server
 * restarts resumes from its cursor without missing what was committed meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasTests {

    private static final Log log = LogFactory.getLog(ReplicasTests.class);
    private static final String SOURCE = "replicated";
    private static final Path ROOT = Path.of("target/it/replicated");

    private Replica first;
    private Replica second;

    /** One running replica and the parts of it the tests look at. */
    private record Replica(ConfigurableApplicationContext context, String url, WebTestClient http) {
        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        String id() {
            return bean(ReplicaIdentity.class).id();
        }

        boolean runs() {
            return bean(RunnerLocks.class).held().contains(SOURCE);
        }

        /** Runs of the source this replica made (the metric counts every run, the first one too). */
        long runCount() {
            Timer timer = bean(MeterRegistry.class).find("stagehand.ingest.runs").tag("source", SOURCE).timer();
            return timer == null ? 0 : timer.count();
        }

        /** The entity's ref as this replica's API serves it, or null. */
        @SuppressWarnings("unchecked")
        String servedRef(String ref) {
            Map<String, Object> body = http.post().uri("/graphql").header("content-type", "application/json")
                    .bodyValue(Map.of("query", "{ entity(ref: \"" + ref + "\") { ref } }"))
                    .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            Map<String, Object> entity = (Map<String, Object>) ((Map<String, Object>) body.get("data")).get("entity");
            return entity == null ? null : (String) entity.get("ref");
        }
    }

    private static Replica start() {
        // as command-line arguments, which win over application.yaml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StagehandApplication.class, OwnNettyResources.class).run(
                "--server.port=0",
                "--stagehand.demo.enabled=false",
                "--stagehand.ingest.schedule=true",
                "--stagehand.sources[0].name=" + SOURCE,
                "--stagehand.sources[0].type=file",
                "--stagehand.sources[0].path=" + ROOT,
                "--stagehand.sources[0].refresh=PT1S",
                "--logging.level.io.stagehand=WARN");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String url = "http://localhost:" + port;
        return new Replica(context, url, WebTestClient.bindToServer().baseUrl(url).responseTimeout(Duration.ofSeconds(30)).build());
    }

    /**
     * Each replica's server and clients on event loops of their own: by default they share the
     * JVM's, which the first replica to stop would shut down under the other (two processes share nothing).
     */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {
        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private Replica runner() {
        assertThat(first.runs() ^ second.runs()).as("exactly one replica holds the source's lock (first: %s, second: %s)",
                first.runs(), second.runs()).isTrue();
        return first.runs() ? first : second;
    }

    private Replica other() {
        return runner() == first ? second : first;
    }

    @BeforeAll
    void startTwoReplicas() {
        Fixtures.deleteRecursively(ROOT);
        Fixtures.write(ROOT, "a/catalog-info.yaml", component("a", "team-a"));
        first = start();
        second = start();
        // the first runs are asynchronous: wait until one replica holds the source's lock
        await("a replica to take the source", Duration.ofSeconds(60), () -> first.runs() || second.runs());
    }

    @AfterAll
    void stopReplicas() {
        for (Replica replica : new Replica[] {first, second}) {
            if (replica != null && replica.context().isActive()) {
                replica.context().close();
            }
        }
    }

    @Test
    @Order(1)
    void eachIntervalTheSourceRunsOnOneReplicaOnly() {
        await("a replica to run the source three times", Duration.ofSeconds(60), () -> runner().runCount() >= 3);
        Replica runner = runner();
        Replica other = other();
        assertThat(other.runs()).isFalse();
        assertThat(other.runCount()).as("runs of the replica without the lock").isZero();
        // every run recorded in the database was the runner's (one may be in progress, not yet counted)
        long recorded = Long.parseLong(single(runner, "SELECT count(*) FROM runs WHERE source = '" + SOURCE + "'"));
        assertThat(recorded).isBetween(runner.runCount(), runner.runCount() + 1);
    }

    @Test
    @Order(2)
    void aChangeShowsOnTheOtherReplicaWithinASecondAndReachesItsSubscriptions() {
        Replica runner = runner();
        Replica other = other();
        String ref = "component:default/fresh";
        // the other replica has read (and cached) that the entity does not exist
        assertThat(other.servedRef(ref)).isNull();
        assertThat(other.servedRef(ref)).isNull();

        List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        ChangeFeed feed = other.bean(ChangeFeed.class);
        Disposable subscription = subscribe(other, "subscription { entityChanged { type ref source } }", "entityChanged", events,
                feed::tailReaders);
        List<Map<String, Object>> completed = new CopyOnWriteArrayList<>();
        IngestService ingest = other.bean(IngestService.class);
        Disposable runSubscription = subscribe(other, "subscription { runCompleted(source: \"" + SOURCE + "\") { source status } }",
                "runCompleted", completed, ingest::runSubscribers);
        AtomicLong committed = new AtomicLong();
        AtomicLong heard = new AtomicLong();
        Disposable runs = runner.bean(IngestService.class).completedRuns()
                .filter(outcome -> outcome.succeeded() && outcome.counts().created() > 0)
                .subscribe(outcome -> committed.set(System.nanoTime()));
        Disposable hearing = other.bean(ChangeListener.class).changes().filter(change -> change.ref().equals(ref))
                .subscribe(change -> heard.set(System.nanoTime()));
        try {
            Fixtures.write(ROOT, "fresh/catalog-info.yaml", component("fresh", "team-a"));
            await("the runner to write the new entity", Duration.ofSeconds(30), () -> committed.get() != 0);
            await("the other replica to hear of the change", Duration.ofSeconds(10), () -> heard.get() != 0);
            // the run's outcome is published on the runner after its commit, so hearing may come first (negative)
            long heardAfter = heard.get() - committed.get();
            // once heard, the very next read shows it: nothing stale is left in the other replica's cache
            assertThat(other.servedRef(ref)).isEqualTo(ref);
            long servedAfter = System.nanoTime() - committed.get();
            log.warn(String.format("Replicas: a change committed by %s was heard by %s %.1f ms and served by its API %.1f ms"
                    + " (that request's time included) after the run completed on the runner", runner.id(), other.id(),
                    heardAfter / 1e6, servedAfter / 1e6));
            assertThat(heardAfter).as("time for the other replica to hear of the change").isLessThan(Duration.ofSeconds(1).toNanos());
            await("the change to reach the other replica's subscription", Duration.ofSeconds(10), () -> !events.isEmpty());
            assertThat(events).contains(Map.of("type", "CREATED", "ref", ref, "source", SOURCE));
            // the runner's runs reach the other replica's runCompleted subscriptions too (it runs none itself)
            await("a run to reach the other replica's subscription", Duration.ofSeconds(10), () -> !completed.isEmpty());
            assertThat(completed.get(0)).isEqualTo(Map.of("source", SOURCE, "status", "SUCCEEDED"));
            assertThat(other.runCount()).isZero();
        } finally {
            subscription.dispose();
            runSubscription.dispose();
            runs.dispose();
            hearing.dispose();
        }
    }

    /** Subscribes over WebSocket and returns once the server has the subscription ({@code subscribers} went up). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Disposable subscribe(Replica replica, String document, String path, List<Map<String, Object>> events,
            IntSupplier subscribers) {
        int before = subscribers.getAsInt();
        Disposable subscription = WebSocketGraphQlTester.builder(URI.create(replica.url().replace("http", "ws") + "/graphql"),
                        new ReactorNettyWebSocketClient()).build()
                .document(document)
                .executeSubscription().toFlux(path, Map.class)
                .subscribe(event -> events.add((Map<String, Object>) (Map) event));
        await("the subscription to be open", Duration.ofSeconds(30), () -> subscribers.getAsInt() > before);
        assertThat(replica.bean(ChangeListener.class).isListening()).isTrue();
        return subscription;
    }

    @Test
    @Order(3)
    void whenTheRunnersSessionDiesTheOtherReplicaTakesTheSourceOver() {
        Replica runner = runner();
        Replica other = other();
        long otherRunsBefore = other.runCount();
        // the database ends the runner's lock session, as it does when the runner's process or network dies
        String terminated = single(runner, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = left('stagehand-runner " + runner.id() + "', 63)");
        assertThat(terminated).isEqualTo("1");
        await("the other replica to take the source", Duration.ofSeconds(30), () -> other.runs() && other.runCount() > otherRunsBefore);
        await("the former runner to notice", Duration.ofSeconds(30), () -> !runner.runs());
        long formerRuns = runner.runCount();
        long takenOverRuns = other.runCount();
        await("two more runs", Duration.ofSeconds(30), () -> other.runCount() >= takenOverRuns + 2);
        assertThat(runner.runCount()).as("runs of the former runner after the handover").isEqualTo(formerRuns);
    }

    @Test
    @Order(4)
    void whenTheRunnerStopsTheOtherReplicaTakesTheSourceOver() {
        Replica runner = runner();
        Replica other = other();
        long otherRunsBefore = other.runCount();
        runner.context().close();
        await("the remaining replica to take the source", Duration.ofSeconds(30),
                () -> other.runs() && other.runCount() > otherRunsBefore);
        Fixtures.write(ROOT, "after/catalog-info.yaml", component("after", "team-a"));
        await("the remaining replica to ingest a change", Duration.ofSeconds(30),
                () -> "component:default/after".equals(other.servedRef("component:default/after")));
    }

    @Test
    @Order(5)
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aSubscriberWhoseServerRestartsResumesFromItsCursorAndLosesNothingCommittedMeanwhile() {
        Replica serving = first.context().isActive() ? first : second;
        List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        Disposable subscription = subscribe(serving, "subscription { entityChanged { ref cursor } }", "entityChanged", events,
                serving.bean(ChangeFeed.class)::tailReaders);
        String cursor;
        try {
            Fixtures.write(ROOT, "before-restart/catalog-info.yaml", component("before-restart", "team-a"));
            await("the change to reach the subscription", Duration.ofSeconds(30), () -> !events.isEmpty());
            assertThat(events.get(events.size() - 1).get("ref")).isEqualTo("component:default/before-restart");
            cursor = (String) events.get(events.size() - 1).get("cursor");
        } finally {
            subscription.dispose();
        }
        // the server goes away; changes are written before one comes back and committed by its first run
        serving.context().close();
        Fixtures.write(ROOT, "away-1/catalog-info.yaml", component("away-1", "team-a"));
        Fixtures.write(ROOT, "away-2/catalog-info.yaml", component("away-2", "team-a"));
        Replica restarted = start();
        if (serving == first) {
            first = restarted;
        } else {
            second = restarted;
        }
        await("the restarted server to ingest the changes", Duration.ofSeconds(60),
                () -> "component:default/away-2".equals(restarted.servedRef("component:default/away-2")));
        List<Object> resumed = WebSocketGraphQlTester.builder(URI.create(restarted.url().replace("http", "ws") + "/graphql"),
                        new ReactorNettyWebSocketClient()).build()
                .document("subscription { entityChanged(after: \"" + cursor + "\") { ref } }")
                .executeSubscription().toFlux("entityChanged", Map.class)
                .take(2).map(event -> ((Map<String, Object>) (Map) event).get("ref")).collectList().block(Duration.ofSeconds(30));
        assertThat(resumed).containsExactlyInAnyOrder("component:default/away-1", "component:default/away-2");
    }

    private static String single(Replica replica, String sql) {
        return replica.bean(DatabaseClient.class).sql(sql).map(row -> String.valueOf(row.get(0))).first().block(Duration.ofSeconds(30));
    }
}
