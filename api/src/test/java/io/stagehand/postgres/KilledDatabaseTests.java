package io.stagehand.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.StallWatch;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The database dies under a running server and comes back: while it is gone the server is not
 * ready (but alive) and answers SERVICE_UNAVAILABLE; once it is back it answers again by itself.
 * A PostgreSQL of its own, since the one the other tests share must not die.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stagehand.ingest.schedule=false", "stagehand.demo.enabled=false", "stagehand.auth.anonymous=true",
        "stagehand.cache.max-megabytes=0", "logging.level.io.stagehand=INFO"})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(StallWatch.class)
class KilledDatabaseTests {

    static final Path DATA = Path.of("target/it/killed-database").toAbsolutePath();
    static EmbeddedPostgres postgres;
    static int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        io.stagehand.catalog.ingest.Fixtures.deleteRecursively(DATA);
        Files.createDirectories(DATA);
        postgres = start(0);
        port = postgres.getPort();
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://localhost:" + port + "/postgres");
        registry.add("spring.r2dbc.username", () -> "postgres");
        registry.add("spring.flyway.url", () -> "jdbc:postgresql://localhost:" + port + "/postgres");
        registry.add("spring.flyway.user", () -> "postgres");
    }

    private static EmbeddedPostgres start(int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false)
                .setServerConfig("fsync", "off");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Autowired
    WebTestClient http;

    private String query(String text) {
        return http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", text)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private int status(String path) {
        return http.get().uri(path).exchange().returnResult(String.class).getStatus().value();
    }

    /**
     * A readiness probe as Kubernetes sends it: a few seconds to answer, else it counts as not
     * ready and is asked again. In full runs a single request now and then stalls for tens of
     * seconds (docs/development.md, "Known problems"); one stalled probe must not decide the test.
     */
    private int probe(String path) {
        try {
            return http.mutate().responseTimeout(Duration.ofSeconds(5)).build().get().uri(path).exchange()
                    .returnResult(String.class).getStatus().value();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    @Test
    void whileTheDatabaseIsDeadTheServerIsNotReadyAndSaysSoThenRecoversByItself() throws Exception {
        assertThat(query("{ entities { totalCount } }")).contains("\"totalCount\":0");
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        postgres.close();
        postgres = null;
        String answer = query("{ entities(filter: {kind: [\"Component\"]}) { totalCount } }");
        assertThat(answer).contains("SERVICE_UNAVAILABLE").contains("database is unavailable").doesNotContain("Exception");
        assertThat(status("/actuator/health/readiness")).isEqualTo(503);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        postgres = start(port);
        long back = System.nanoTime();
        long deadline = back + Duration.ofSeconds(30).toNanos();
        int ready = probe("/actuator/health/readiness");
        while (ready != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ready = probe("/actuator/health/readiness");
        }
        assertThat(ready).as("readiness within 30 s of the database's return").isEqualTo(200);
        assertThat(query("{ entities(filter: {kind: [\"Group\"]}) { totalCount } }")).contains("\"totalCount\":0");
        System.out.printf("KilledDatabaseTests: ready again %.1f s after the database was back%n", (System.nanoTime() - back) / 1e9);
    }
}
