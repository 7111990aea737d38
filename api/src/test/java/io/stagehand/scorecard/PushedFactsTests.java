package io.stagehand.scorecard;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.model.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 32, pushed facts: a CI pipeline submits facts for a fact source of type push, one entity
 * through {@code submitFacts} or many through {@code POST /api/facts/{source}}; each submission is
 * checked against the declared facts and types and fails alone; the entities are evaluated soon
 * after; facts older than the source's ttl are unknown; only the source's pushers and admins may
 * push, and every call is audited.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=pushed",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/pushed-facts/catalog",
        "stagehand.scorecards.paths[0]=target/it/pushed-facts/definitions",
        "stagehand.scorecards.built-in=false",
        // a list is bound from one place: the tests' own token, as the shared configuration gives it, comes too
        "stagehand.auth.tokens[0].name=tests",
        "stagehand.auth.tokens[0].token=test-token-0123456789abcdef",
        "stagehand.auth.tokens[0].scopes=admin",
        "stagehand.auth.tokens[1].name=ci-coverage",
        "stagehand.auth.tokens[1].token=" + PushedFactsTests.CI,
        "stagehand.auth.tokens[1].scopes=read,facts:write",
        "stagehand.auth.tokens[2].name=other-ci",
        "stagehand.auth.tokens[2].token=" + PushedFactsTests.OTHER,
        "stagehand.auth.tokens[2].scopes=read,facts:write",
        "stagehand.permissions.fact-pushers.coverage[0]=token:ci-coverage",
})
class PushedFactsTests extends IntegrationTest {

    static final String CI = "ci-coverage-token-0123456789";
    static final String OTHER = "other-ci-token-0123456789";
    static final Path ROOT = Path.of("target/it/pushed-facts");

    @BeforeAll
    static void definitions() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: FactSource
                metadata: {name: coverage}
                spec:
                  type: push
                  ttl: P3D
                  appliesTo: {filter: {kind: component}}
                  facts:
                    lines: {type: number}
                    tool: {type: string}
                ---
                kind: FactSource
                metadata: {name: fetched}
                spec:
                  type: http
                  request: {url: "https://ci.example.com/{{name}}"}
                  facts:
                    x: {path: $.x}
                ---
                kind: Scorecard
                metadata: {name: quality}
                spec:
                  appliesTo: {filter: {kind: component}}
                  checks:
                    - id: covered
                      weight: high
                      rule: {fact: coverage.lines, operator: greaterThanInclusive, value: 80}
                """);
    }

    @BeforeEach
    void catalog() {
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history, audit_events").then().block();
        write(ROOT, "catalog/catalog-info.yaml", String.join("---\n", Fixtures.group("team-a", null), Fixtures.component("payments", "team-a"),
                Fixtures.component("ledger", "team-a")));
        refresh("pushed");
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute();
    }

    private void evaluate() {
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute();
    }

    private String state(String ref) {
        return admin().document("{ entity(ref: \"" + ref + "\") { scorecards(name: \"quality\") { results { state message } } } }").execute()
                .path("entity.scorecards[0].results[0].state").entity(String.class).get();
    }

    private String awaitState(String ref, String expected) {
        Instant deadline = Instant.now().plusSeconds(20);
        String state = state(ref);
        while (!expected.equals(state) && Instant.now().isBefore(deadline)) {
            sleep(100);
            state = state(ref);
        }
        return state;
    }

    private JsonNode post(String token, String source, String body, int status) {
        var request = http.post().uri("/api/facts/" + source).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        byte[] answer = request.bodyValue(body).exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return Json.MAPPER.readTree(answer);
    }

    @Test
    void aPipelinePushesManyEntitiesAndEachBadItemFailsAlone() {
        assertThat(state("component:payments")).isEqualTo("UNKNOWN");
        JsonNode answer = post(CI, "coverage", """
                {"items": [
                  {"entityRef": "component:payments", "facts": {"lines": 91.5, "tool": "jacoco"}},
                  {"entityRef": "component:nowhere", "facts": {"lines": 50}},
                  {"entityRef": "component:ledger", "facts": {"lines": "most of them"}},
                  {"entityRef": "component:ledger", "facts": {"branches": 3}},
                  {"entityRef": "group:team-a", "facts": {"lines": 10}},
                  {"entityRef": "not a ref!", "facts": {"lines": 10}}
                ]}""", 200);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        List<String> reasons = new ArrayList<>();
        answer.get("rejected").forEach(r -> reasons.add(r.get("index").asInt() + ": " + r.get("reason").asString()));
        assertThat(reasons).hasSize(5);
        assertThat(reasons.get(0)).startsWith("1: No entity component:nowhere in the catalog");
        assertThat(reasons.get(1)).isEqualTo("2: Fact lines must be a number, not a string");
        assertThat(reasons.get(2)).startsWith("3: Fact source coverage declares no fact branches (it declares lines, tool)");
        assertThat(reasons.get(3)).isEqualTo("4: Fact source coverage does not apply to group:default/team-a");
        assertThat(reasons.get(4)).startsWith("5: ");
        assertThat(reasons.toString()).as("no submitted value is answered back").doesNotContain("most of them");

        assertThat(awaitState("component:payments", "PASS")).as("evaluated soon after the push").isEqualTo("PASS");
        assertThat(state("component:ledger")).isEqualTo("UNKNOWN");
        assertThat(single("SELECT vals->>'tool' FROM scorecard_facts WHERE source = 'coverage' AND entity_key = 'component:default/payments'"))
                .isEqualTo("jacoco");
    }

    @Test
    void oneEntityThroughGraphQlAndFactsOlderThanTheTtlAreUnknown() {
        graphQl.mutate().header("Authorization", "Bearer " + CI).build()
                .document("mutation { submitFacts(source: \"coverage\", ref: \"component:ledger\", facts: {lines: 42}) { source ref } }")
                .execute().path("submitFacts.ref").entity(String.class).isEqualTo("component:ledger");
        assertThat(awaitState("component:ledger", "FAIL")).isEqualTo("FAIL");

        String old = Instant.now().minus(4, ChronoUnit.DAYS).toString();
        // a late pipeline's older observation never replaces a newer one
        graphQl.mutate().header("Authorization", "Bearer " + CI).build()
                .document("mutation { submitFacts(source: \"coverage\", ref: \"component:ledger\", facts: {lines: 99}, observedAt: \"" + old
                        + "\") { source } }")
                .execute().path("submitFacts.source").entity(String.class).isEqualTo("coverage");
        assertThat(single("SELECT vals->>'lines' FROM scorecard_facts WHERE source = 'coverage' AND entity_key = 'component:default/ledger'"))
                .isEqualTo("42");
        graphQl.mutate().header("Authorization", "Bearer " + CI).build()
                .document("mutation { submitFacts(source: \"coverage\", ref: \"component:payments\", facts: {lines: 99}, observedAt: \"" + old
                        + "\") { source } }")
                .execute().path("submitFacts.source").entity(String.class).isEqualTo("coverage");
        assertThat(single("SELECT vals->>'lines' FROM scorecard_facts WHERE source = 'coverage' AND entity_key = 'component:default/payments'"))
                .isEqualTo("99");
        evaluate();
        assertThat(state("component:payments")).as("older than the ttl").isEqualTo("UNKNOWN");
        admin().document("{ entity(ref: \"component:payments\") { scorecards(name: \"quality\") { results { message } } } }").execute()
                .path("entity.scorecards[0].results[0].message").entity(String.class).satisfies(m -> assertThat(m).contains("older than its ttl"));
        assertThat(state("component:ledger")).isEqualTo("FAIL");

        graphQl.mutate().header("Authorization", "Bearer " + CI).build()
                .document("mutation { submitFacts(source: \"coverage\", ref: \"component:ledger\", facts: {lines: true}) { source } }")
                .execute().errors().satisfy(errors -> {
                    assertThat(errors).singleElement().satisfies(e -> {
                        assertThat(e.getMessage()).isEqualTo("Fact lines must be a number, not a boolean");
                        assertThat(e.getErrorType().toString()).isEqualTo("BAD_REQUEST");
                    });
                });
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        graphQl.mutate().header("Authorization", "Bearer " + CI).build()
                .document("mutation { submitFacts(source: \"coverage\", ref: \"component:ledger\", facts: {lines: 1}, observedAt: \"" + future
                        + "\") { source } }")
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("observedAt is in the future")));
    }

    @Test
    void onlyTheSourcesPushersAndAdminsMayPushAndEveryCallIsAudited() {
        String one = "{\"items\": [{\"entityRef\": \"component:payments\", \"facts\": {\"lines\": 90}}]}";
        assertThat(post(OTHER, "coverage", one, 403).at("/error/message").asString())
                .contains("scorecard.facts.submit").contains("stagehand.permissions.fact-pushers");
        assertThat(post(null, "coverage", one, 403).at("/error/name").asString()).isEqualTo("NotAllowedError");
        assertThat(post(TOKEN, "coverage", one, 200).get("accepted").asInt()).as("an admin").isEqualTo(1);
        assertThat(post(CI, "fetched", one, 400).at("/error/message").asString())
                .isEqualTo("Fact source fetched is of type http; facts are submitted only to sources of type push");
        assertThat(post(CI, "nothing", one, 400).at("/error/message").asString()).isEqualTo("Fact source nothing is not defined");
        assertThat(post(CI, "coverage", "{\"entities\": []}", 400).at("/error/name").asString()).isEqualTo("InputError");

        StringBuilder many = new StringBuilder("{\"items\": [");
        for (int i = 0; i <= 1000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"entityRef\": \"component:c").append(i).append("\", \"facts\": {\"lines\": 1}}");
        }
        assertThat(post(CI, "coverage", many + "]}", 400).at("/error/message").asString()).startsWith("At most 1000 entities per call");

        List<Map<String, Object>> events = admin().document("{ auditEvents(filter: {permission: \"scorecard.facts.submit\"}) { nodes { actor result arguments } } }")
                .execute().path("auditEvents.nodes").entityList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).get();
        assertThat(events).extracting(e -> e.get("actor") + " " + e.get("result"))
                .contains("token:other-ci DENIED", "anonymous DENIED", "token:tests ALLOWED");
        assertThat(events).anySatisfy(e -> assertThat(e.get("arguments")).isEqualTo(Map.of("source", "coverage", "items", 1)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
