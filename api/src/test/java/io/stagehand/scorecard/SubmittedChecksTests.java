package io.stagehand.scorecard;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 32, external and manual checks: another tool submits an external check's result (state,
 * message, link), an approver signs a manual check off for a while; only those allowed may, every
 * submission is checked, and a sign-off that has run out fails again.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=submitted",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/submitted-checks/catalog",
        "stagehand.scorecards.paths[0]=target/it/submitted-checks/definitions",
        "stagehand.scorecards.built-in=false",
        // a list is bound from one place: the tests' own token, as the shared configuration gives it, comes too
        "stagehand.auth.tokens[0].name=tests",
        "stagehand.auth.tokens[0].token=test-token-0123456789abcdef",
        "stagehand.auth.tokens[0].scopes=admin",
        "stagehand.auth.tokens[1].name=pentest",
        "stagehand.auth.tokens[1].token=" + SubmittedChecksTests.PENTEST,
        "stagehand.auth.tokens[1].scopes=read",
        "stagehand.auth.tokens[2].name=reviewer",
        "stagehand.auth.tokens[2].token=" + SubmittedChecksTests.REVIEWER,
        "stagehand.auth.tokens[2].scopes=read,exemptions:approve",
        "stagehand.permissions.check-submitters.basics[0]=token:pentest",
})
class SubmittedChecksTests extends IntegrationTest {

    static final String PENTEST = "pentest-token-0123456789";
    static final String REVIEWER = "reviewer-token-0123456789";
    static final Path ROOT = Path.of("target/it/submitted-checks");

    @BeforeAll
    static void definitions() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: Scorecard
                metadata: {name: basics}
                spec:
                  appliesTo: {filter: {kind: component}}
                  checks:
                    - {id: pen-test, type: external, weight: high, ttl: P30D}
                    - {id: runbook, type: manual, weight: medium, validFor: P90D}
                """);
    }

    @BeforeEach
    void catalog() {
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history, audit_events").then().block();
        write(ROOT, "catalog/catalog-info.yaml", String.join("---\n", Fixtures.group("team-a", null), Fixtures.component("payments", "team-a")));
        refresh("submitted");
        evaluate();
    }

    private void evaluate() {
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute();
    }

    private HttpGraphQlTester as(String token) {
        return graphQl.mutate().header("Authorization", "Bearer " + token).build();
    }

    private GraphQlTester.Response result(int check) {
        return admin().document("{ entity(ref: \"component:payments\") { scorecards(name: \"basics\") { results { checkId state message"
                + " links { title url } } } } }").execute();
    }

    private String state(int check) {
        return result(check).path("entity.scorecards[0].results[" + check + "].state").entity(String.class).get();
    }

    private String awaitState(int check, String expected) {
        Instant deadline = Instant.now().plusSeconds(20);
        String state = state(check);
        while (!expected.equals(state) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            state = state(check);
        }
        return state;
    }

    @Test
    void anExternalResultIsSubmittedWithItsMessageAndLink() {
        result(0).path("entity.scorecards[0].results[0].state").entity(String.class).isEqualTo("UNKNOWN")
                .path("entity.scorecards[0].results[0].message").entity(String.class).isEqualTo("No result submitted yet");
        as(PENTEST).document("""
                mutation { submitCheckResult(scorecard: "basics", check: "pen-test", ref: "component:payments", state: FAIL,
                  message: "2 high findings", link: "https://pentest.example.com/reports/17") { check submittedAt } }""")
                .execute().path("submitCheckResult.check").entity(String.class).isEqualTo("pen-test");
        assertThat(awaitState(0, "FAIL")).isEqualTo("FAIL");
        result(0).path("entity.scorecards[0].results[0].message").entity(String.class).isEqualTo("2 high findings")
                .path("entity.scorecards[0].results[0].links[0].url").entity(String.class).isEqualTo("https://pentest.example.com/reports/17");

        as(PENTEST).document("mutation { submitCheckResult(scorecard: \"basics\", check: \"pen-test\", ref: \"component:payments\","
                + " state: PASS) { check } }").execute();
        assertThat(awaitState(0, "PASS")).isEqualTo("PASS");
    }

    @Test
    void badSubmissionsAndCallersAreRefused() {
        String submit = "mutation { submitCheckResult(scorecard: \"basics\", check: \"%s\", ref: \"%s\", state: %s%s) { check } }";
        as(PENTEST).document(submit.formatted("pen-test", "component:payments", "FAIL", ", link: \"javascript:alert(1)\"")).execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("link must be an absolute http or https URL of at most 2000 characters")));
        as(PENTEST).document(submit.formatted("pen-test", "component:payments", "EXEMPT", "")).execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("An external check's result is PASS, FAIL or UNKNOWN")));
        as(PENTEST).document(submit.formatted("runbook", "component:payments", "PASS", "")).execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("Scorecard basics has no external check runbook")));
        as(PENTEST).document(submit.formatted("pen-test", "group:team-a", "PASS", "")).execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("Scorecard basics does not apply to group:default/team-a")));
        as(REVIEWER).document(submit.formatted("pen-test", "component:payments", "PASS", "")).execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN")));
        as(PENTEST).document("mutation { signOffCheck(scorecard: \"basics\", check: \"runbook\", ref: \"component:payments\") { check } }")
                .execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN")));
        assertThat(state(0)).isEqualTo("UNKNOWN");
    }

    @Test
    void aSignOffHoldsForItsValidityThenFailsAgain() {
        result(1).path("entity.scorecards[0].results[1].message").entity(String.class).isEqualTo("Not signed off yet");
        assertThat(state(1)).isEqualTo("FAIL");
        as(REVIEWER).document("mutation { signOffCheck(scorecard: \"basics\", check: \"runbook\", ref: \"component:payments\","
                + " comment: \"walked through it with the team\") { check } }").execute().path("signOffCheck.check").entity(String.class)
                .isEqualTo("runbook");
        assertThat(awaitState(1, "PASS")).isEqualTo("PASS");

        db.sql("UPDATE scorecard_facts SET observed_at = now() - interval '91 days' WHERE source = 'check:basics/runbook'").then().block();
        evaluate();
        assertThat(state(1)).isEqualTo("FAIL");
        result(1).path("entity.scorecards[0].results[1].message").entity(String.class)
                .satisfies(m -> assertThat(m).startsWith("The sign-off of ").endsWith(" expired after PT2160H"));
    }
}
