package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Requests built to exhaust the server: wide and deep queries, huge bodies and filters, statements
 * nobody waits for. Each is refused or stopped, and the database keeps answering.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = {
        "stagehand.sources[0].name=hostile",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/hostile",
        "stagehand.database.statement-timeout=PT3S",
        "stagehand.api.max-response-bytes=65536",
})
class HostileQueryTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/hostile");

    @Autowired
    private Environment env;

    @BeforeEach
    void catalog() {
        Fixtures.deleteRecursively(ROOT);
        // one component depending on 150 components that do not exist: 150 relations, 150 warnings
        String[] targets = IntStream.range(0, 150).mapToObj(i -> "component:missing-" + i).toArray(String[]::new);
        Fixtures.write(ROOT, "wide/catalog-info.yaml", Fixtures.component("wide", "team-a", targets));
        Fixtures.write(ROOT, "team/catalog-info.yaml", Fixtures.group("team-a", null));
        // a catalog author decides how large an annotation is: 100,000 characters, over this server's 64 KiB answers
        Fixtures.write(ROOT, "large/catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: large
                  annotations:
                    example.com/blob: %s
                spec: {type: service, lifecycle: production, owner: team-a}
                """.formatted("x".repeat(100_000)));
        assertThat(refresh("hostile").succeeded()).isTrue();
    }

    private static String aliases(int n, String field) {
        return IntStream.range(0, n).mapToObj(i -> " a" + i + ": " + field).collect(Collectors.joining("", "{", " }"));
    }

    private void refusedForComplexity(String query) {
        StatementCounter.STATEMENTS.set(0);
        graphQl.document(query).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("complexity").contains("stagehand.api.max-query-complexity")));
        assertThat(StatementCounter.STATEMENTS.get()).as("SQL statements run for a refused query").isZero();
    }

    @Test
    void manyAliasesOfLargeListsAreRefusedBeforeAnySqlRuns() {
        refusedForComplexity(aliases(600, "entities(first: 500) { nodes { ref } }"));
        refusedForComplexity(aliases(100, "graph(roots: [\"component:wide\"], direction: BOTH, maxDepth: 10, maxNodes: 5000) { nodes { ref } }"));
    }

    @Test
    void nestedUnpagedRelationsCountAsTheirCap() {
        refusedForComplexity("{ entities(first: 500) { nodes { relations { target { relations { target { relations { type } } } } } } } }");
    }

    /** Issue 27, row 12: a query counted as cheap returned 44 MB of facts, which the cost model did not count. */
    @Test
    void everyFactOfAPageOfResultsCountsAndIsRefusedBeforeAnySqlRuns() {
        refusedForComplexity("{ scorecardResults(first: 500) { nodes { results { facts { name value } } } } }");
        // a fifth of the page is answered (whatever results earlier tests left: the catalog is emptied per test, results are not)
        graphQl.document("{ scorecardResults(first: 100) { nodes { results { facts { name value } } } } }").execute()
                .errors().verify()
                .path("scorecardResults.nodes").hasValue();
    }

    /** A forged cursor (an old offset one, or one whose score is no number) is the caller's mistake, not an SQL error. */
    @Test
    void aForgedCursorIsABadRequest() {
        java.util.function.Function<String, String> base64 = text -> java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> forged = Map.of(
                base64.apply("offset:-5"), "Invalid cursor",
                base64.apply("c1:[\"1; DROP TABLE entities\",\"component:default/a\",\"basics\"]"), "after is not a cursor of scorecardResults");
        forged.forEach((cursor, message) -> graphQl.document("{ scorecardResults(after: \"" + cursor + "\") { nodes { score } } }").execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).anySatisfy(e -> {
                        assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                        assertThat(e.getMessage()).startsWith(message);
                    });
                    assertThat(errors).noneSatisfy(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.INTERNAL_ERROR));
                }));
    }

    @Test
    void anAnswerOverTheSizeLimitIsRefusedAsAWholeAndSmallerOnesAreAnswered() {
        graphQl.document("{ entity(ref: \"component:large\") { annotations { key value } } }").execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("65536 bytes").contains("stagehand.api.max-response-bytes");
                }))
                .path("entity").pathDoesNotExist();
        graphQl.document("{ entity(ref: \"component:large\") { ref annotations { key } } }").execute()
                .path("entity.annotations[0].key").entity(String.class).isEqualTo("example.com/blob");
    }

    @Test
    void aLargeButSingleQueryIsStillAnswered() {
        graphQl.document("{ entities(first: 500) { nodes { ref relations { type targetRef } } } }").execute()
                .path("entities.nodes").entityList(Object.class).hasSize(3);
        graphQl.document("{ graph(roots: [\"component:wide\"], direction: BOTH, maxDepth: 10, maxNodes: 5000) { nodes { ref depth } edges { source target type } truncated } }")
                .execute().path("graph.nodes").entityList(Object.class).hasSize(153);
    }

    @Test
    void theCostOfVariablesIsCheckedForEachValue() {
        String query = "query Q($n: Int) { " + aliases(200, "entities(first: $n) { nodes { ref } }").substring(1);
        graphQl.document(query).variable("n", 1).execute().path("a0.nodes").entityList(Object.class).hasSize(1);
        StatementCounter.STATEMENTS.set(0);
        graphQl.document(query).variable("n", 500).execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("complexity")));
        assertThat(StatementCounter.STATEMENTS.get()).isZero();
    }

    @Test
    void anEntitysRelationsAndProblemsArePaged() {
        graphQl.document("{ entity(ref: \"component:wide\") { relations { targetRef } problems { message } } }").execute()
                .path("entity.relations").entityList(Object.class).hasSize(100)
                .path("entity.problems").entityList(Object.class).hasSize(100);
        graphQl.document("{ entity(ref: \"component:wide\") { relations(first: 500) { targetRef } problems(first: 3) { message } } }").execute()
                .path("entity.relations").entityList(Object.class).hasSize(151)
                .path("entity.problems").entityList(Object.class).hasSize(3);
        graphQl.document("{ entity(ref: \"component:wide\") { relations(first: 501) { targetRef } } }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
    }

    @Test
    void aHugeTextFilterIsABadRequest() {
        String words = IntStream.range(0, 50_000).mapToObj(i -> "w" + (i % 10)).collect(Collectors.joining(" "));
        graphQl.document("query T($text: String) { entities(filter: {text: $text}) { totalCount } }").variable("text", words).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("filter.text");
                }));
        String manyShortWords = IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        graphQl.document("query T($text: String) { entities(filter: {text: $text}) { totalCount } }").variable("text", manyShortWords).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).contains("words")));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        String padding = "x".repeat(300_000);
        http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ sources { name } }\",\"variables\":{\"pad\":\"" + padding + "\"}}")
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody(String.class).value(body -> assertThat(body).contains("stagehand.api.max-request-bytes"));
        http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ sources { name } }"))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void aStatementWhoseReaderGivesUpStopsOnTheServer() {
        StepVerifier.create(db.sql("SELECT pg_sleep(4.9) AS slept").map(row -> row.get(0)).all())
                .then(() -> {
                    awaitSleeping(1, Duration.ofMillis(2000));
                    assertThat(sleeping()).as("the statement runs").isEqualTo(1);
                })
                // only a statement that has run a while is cancelled (CancellingConnection.MIN_RUNNING_NANOS)
                .thenAwait(Duration.ofMillis(600))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        awaitSleeping(0, Duration.ofMillis(1500));
        assertThat(sleeping()).as("statements still running after their reader gave up").isZero();
    }

    private void awaitSleeping(int count, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (sleeping() != count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /**
     * Counted over a connection of its own: one from the pool could be the very connection still
     * busy with the abandoned statement, and would only answer once it ended.
     */
    private int sleeping() {
        try (Connection connection = DriverManager.getConnection(env.getProperty("spring.flyway.url"), env.getProperty("spring.flyway.user"),
                env.getProperty("spring.flyway.password", ""));
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(4.9)%'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theStatementTimeoutStopsWhatNobodyStoppedButNotARunWaitingForAnother() {
        StepVerifier.create(db.sql("SELECT pg_sleep(10)").then())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("statement timeout"))
                .verify(Duration.ofSeconds(8));
        // a run waiting longer than the timeout for another writer's lock still completes
        long lock = 0x5354414745L;
        Mono<Void> otherWriter = db.inConnection(connection -> Mono.from(connection.createStatement("SELECT pg_advisory_lock(" + lock + ")").execute())
                .then(Mono.from(connection.createStatement("SELECT pg_sleep(2)").execute()))
                .then(Mono.from(connection.createStatement("SELECT pg_sleep(2)").execute()))
                .then(Mono.from(connection.createStatement("SELECT pg_advisory_unlock(" + lock + ")").execute()))
                .then());
        otherWriter.subscribe();
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(refresh("hostile").succeeded()).isTrue();
    }
}
