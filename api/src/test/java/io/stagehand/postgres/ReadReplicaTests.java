package io.stagehand.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.StallWatch;
import io.stagehand.TestDatabase;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.catalog.ingest.IngestService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * With a read replica configured, the API's reads come from it and everything else goes to the
 * primary: two real PostgreSQL servers in streaming replication, the replica's replay paused to
 * tell which one answered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stagehand.ingest.schedule=false", "stagehand.scorecards.schedule=false", "stagehand.demo.enabled=false",
        "stagehand.auth.anonymous=true", "stagehand.database.read-replica.max-lag=PT2S",
        "stagehand.auth.tokens[0].name=admin", "stagehand.auth.tokens[0].token=" + ReadReplicaTests.ADMIN, "stagehand.auth.tokens[0].scopes=admin",
        "stagehand.sources[0].name=replicated", "stagehand.sources[0].type=file", "stagehand.sources[0].path=target/it/replica-catalog"})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(StallWatch.class)
class ReadReplicaTests {

    static final String ADMIN = "replica-admin-token-0123456789";
    static final Path PRIMARY = Path.of("target/it/replica-primary").toAbsolutePath();
    static final Path STANDBY = Path.of("target/it/replica-standby").toAbsolutePath();
    static final Path CATALOG = Path.of("target/it/replica-catalog");
    static EmbeddedPostgres primary;
    static EmbeddedPostgres standby;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) throws IOException {
        if (System.getenv(TestDatabase.ENV) != null) {
            return;
        }
        Fixtures.deleteRecursively(PRIMARY);
        Fixtures.deleteRecursively(STANDBY);
        primary = server(PRIMARY, 0);
        int primaryPort = primary.getPort();
        // a base backup taken cold: the primary stopped cleanly, its folder copied, started again
        primary.close();
        copy(PRIMARY, STANDBY);
        // PostgreSQL starts only on a folder no one else may read
        Files.setPosixFilePermissions(STANDBY, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        primary = server(PRIMARY, primaryPort);
        Files.writeString(STANDBY.resolve("standby.signal"), "");
        Files.writeString(STANDBY.resolve("postgresql.auto.conf"),
                "primary_conninfo = 'host=localhost port=" + primaryPort + " user=postgres'\nhot_standby = on\n", StandardOpenOption.APPEND);
        standby = server(STANDBY, 0);
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://localhost:" + primaryPort + "/postgres");
        registry.add("spring.r2dbc.username", () -> "postgres");
        registry.add("spring.flyway.url", () -> "jdbc:postgresql://localhost:" + primaryPort + "/postgres");
        registry.add("spring.flyway.user", () -> "postgres");
        registry.add("stagehand.database.read-replica.url", () -> "r2dbc:postgresql://localhost:" + standby.getPort() + "/postgres");
    }

    private static EmbeddedPostgres server(Path data, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("fsync", "off");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                String name = path.getFileName().toString();
                if (name.equals("postmaster.pid") || name.equals("postmaster.opts") || name.equals("stagehand.owner")) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    @BeforeAll
    static void onlyEmbedded() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(TestDatabase.ENV) == null, "needs two embedded servers of its own");
    }

    @AfterAll
    static void stop() throws IOException {
        for (EmbeddedPostgres server : new EmbeddedPostgres[] {standby, primary}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    IngestService ingest;

    @Test
    void queriesReadTheReplicaAndWritesGoToThePrimary() throws Exception {
        Fixtures.deleteRecursively(CATALOG);
        Files.createDirectories(CATALOG);
        Fixtures.write(CATALOG, "catalog-info.yaml", String.join("---\n", Fixtures.group("team-a", null), Fixtures.component("a", "team-a")));
        assertThat(ingest.refresh("replicated").block(Duration.ofMinutes(2)).succeeded()).isTrue();
        awaitAnswer(() -> components(), "1", "the replica replays the first run");

        sql(standby, "SELECT pg_wal_replay_pause()");
        Fixtures.write(CATALOG, "b/catalog-info.yaml", Fixtures.component("b", "team-a"));
        // a mutation writes, on the primary: on the paused replica it could not
        String refreshed = graphQl("mutation { refreshSource(name: \"replicated\") { status } }");
        assertThat(refreshed).doesNotContain("errors").contains("SUCCEEDED");
        assertThat(sql(primary, "SELECT count(*) FROM entities WHERE kind = 'Component'")).isEqualTo("2");
        assertThat(sql(standby, "SELECT count(*) FROM entities WHERE kind = 'Component'")).isEqualTo("1");
        // past the cache's wait for the replica (max-lag), queries and REST reads answer from the replica
        Thread.sleep(2500);
        assertThat(components()).isEqualTo("1");
        assertThat(http.get().uri(uri -> uri.path("/api/catalog/entities/by-query").queryParam("filter", "kind=component").build()).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).contains("\"totalItems\":1");

        sql(standby, "SELECT pg_wal_replay_resume()");
        awaitAnswer(() -> components(), "2", "the replica replays the second run once resumed");
    }

    private String components() {
        String answer = graphQl("{ entities(filter: {kind: [\"Component\"]}) { totalCount } }");
        return answer.replaceAll(".*\"totalCount\":(\\d+).*", "$1");
    }

    private String graphQl(String document) {
        return http.post().uri("/graphql").header("Authorization", "Bearer " + ADMIN).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", document)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private static void awaitAnswer(Supplier<String> answer, String expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = answer.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = answer.get();
        }
        assertThat(last).as(what + " (components on the primary: %s, on the replica: %s)", count(primary), count(standby)).isEqualTo(expected);
    }

    private static String count(EmbeddedPostgres server) {
        try {
            return sql(server, "SELECT count(*) FROM entities WHERE kind = 'Component'");
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static String sql(EmbeddedPostgres server, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", "");
                var result = connection.createStatement().executeQuery(statement)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
