package io.stagehand.auth;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 27, rows 10 and 11, end to end: who may call which mutation (static tokens by scope,
 * Backstage users by the groups and ownership in their token and in the catalog), the exemption
 * workflow, input refused before it reaches SQL, and the audit log.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=authz",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/authz/catalog",
        "stagehand.scorecards.paths[0]=target/it/authz/definitions",
        "stagehand.scorecards.built-in=false",
        "stagehand.permissions.admins[0]=group:default/platform",
        "stagehand.permissions.scorecard-approvers.basics[0]=group:default/sre",
})
class AuthorizationTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/authz");
    static final BackstageIssuer backstage = new BackstageIssuer("backstage-authz");

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        backstage.configure(registry, new String[] {"tests", TOKEN, "admin"}, new String[] {"reader", "reader-token-0123456789", "read"},
                new String[] {"requester", "requester-token-0123456789", "read,exemptions:request"},
                new String[] {"approver", "approver-token-0123456789", "exemptions:approve"});
    }

    @AfterAll
    static void stop() {
        backstage.stop();
    }

    @BeforeAll
    static void definitions() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: Scorecard
                metadata: {name: basics}
                spec:
                  appliesTo: {filter: {kind: component}}
                  checks:
                    - {id: named-x, weight: high, rule: {fact: entity.metadata.name, operator: matches, value: '^x'}}
                    - {id: named-y, weight: low, rule: {fact: entity.metadata.name, operator: matches, value: '^y'}}
                """);
    }

    @BeforeEach
    void catalog() throws IOException {
        Path catalog = ROOT.resolve("catalog");
        Fixtures.deleteRecursively(catalog);
        Files.createDirectories(catalog);
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history, scorecard_exemptions,"
                + " audit_events").then().block();
        write(catalog, "groups/catalog-info.yaml", String.join("---\n", Fixtures.group("platform", null), Fixtures.group("sre", null),
                Fixtures.group("sre-oncall", "sre"), Fixtures.group("team-a", null)));
        write(catalog, "users/catalog-info.yaml", String.join("---\n", user("alice", "team-a"), user("carol", "sre-oncall"), user("pat", "platform")));
        write(catalog, "payments/catalog-info.yaml", Fixtures.component("payments", "team-a"));
        assertThat(refresh("authz").counts().created()).isEqualTo(8);
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute().path("evaluate.entitiesEvaluated").hasValue();
    }

    static String user(String name, String group) {
        return "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: " + name + "\nspec:\n  memberOf: [" + group + "]\n";
    }

    HttpGraphQlTester as(String bearer) {
        return graphQl.mutate().header("Authorization", "Bearer " + bearer).build();
    }

    HttpGraphQlTester asUser(String subject, String... ent) {
        return as(backstage.token(subject, ent));
    }

    static String expiresIn(Duration duration) {
        return Instant.now().plus(duration).toString();
    }

    /** The one-line document of {@link #mutations()}; the tests that are about requests send {@link #request(HttpGraphQlTester, String, String)}. */
    static String request(String check, String entity, String expires) {
        return ("mutation { createExemption(input: {scorecard: \"basics\", check: \"%s\", entity: \"%s\", reason: \"migrating\", expires: \"%s\"})"
                + " { id status requestedBy approvedBy } }").formatted(check, entity, expires);
    }

    static GraphQlTester.Request<?> request(HttpGraphQlTester caller, String check, String expires) {
        return caller.documentName("requestExemption").variable("check", check).variable("entity", "component:payments")
                .variable("reason", "migrating").variable("expires", expires);
    }

    String requested(HttpGraphQlTester caller, String check) {
        return request(caller, check, expiresIn(Duration.ofDays(30))).execute()
                .path("createExemption.status").entity(String.class).isEqualTo("REQUESTED")
                .path("createExemption.id").entity(String.class).get();
    }

    static ResponseError onlyError(GraphQlTester.Response response) {
        List<ResponseError> errors = new java.util.ArrayList<>();
        response.errors().satisfy(errors::addAll);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    String state(String check) {
        return single("SELECT c ->> 'state' FROM scorecard_results r, jsonb_array_elements(CAST(r.checks AS jsonb)) c"
                + " WHERE r.entity_key = 'component:default/payments' AND c ->> 'id' = '" + check + "'");
    }

    /** Each mutation with the permission it needs; {@code %s} is the id of a pending request. */
    static Stream<Arguments> mutations() {
        return Stream.of(
                Arguments.of("mutation { refreshSource(name: \"authz\") { id } }", "catalog.source.refresh"),
                Arguments.of("mutation { refreshSource(name: \"authz\", confirmDeletions: true) { id } }", "catalog.source.delete"),
                Arguments.of("mutation { removeOrphanedSource(name: \"gone\") }", "catalog.source.delete"),
                Arguments.of("mutation { refreshEntity(ref: \"component:payments\") { id } }", "catalog.entity.refresh"),
                Arguments.of("mutation { evaluate { entitiesEvaluated } }", "scorecard.evaluate"),
                Arguments.of("mutation { snapshotScorecardTrends { rows } }", "scorecard.snapshot"),
                Arguments.of(request("named-x", "component:payments", expiresIn(Duration.ofDays(30))), "scorecard.exemption.request"),
                Arguments.of("mutation { approveExemption(id: \"%s\") { id } }", "scorecard.exemption.approve"),
                Arguments.of("mutation { rejectExemption(id: \"%s\") { id } }", "scorecard.exemption.approve"),
                Arguments.of("mutation { revokeExemption(id: \"%s\") { id } }", "scorecard.exemption.revoke"),
                Arguments.of("mutation { dryRunScorecard(yaml: \"kind: Scorecard\", refs: [\"component:payments\"]) { problems { message } } }",
                        "scorecard.dryrun"));
    }

    @ParameterizedTest
    @MethodSource("mutations")
    void aReadTokenAndAnAnonymousCallerAreForbiddenEveryMutationAndEachDenialIsAudited(String mutation, String permission) {
        String document = mutation.contains("%s") ? mutation.formatted(requested(admin(), "named-y")) : mutation;
        for (HttpGraphQlTester caller : List.of(as("reader-token-0123456789"), graphQl)) {
            ResponseError error = onlyError(caller.document(document).execute());
            assertThat(error.getErrorType()).isEqualTo(ErrorType.FORBIDDEN);
            assertThat(error.getMessage()).contains("Permission " + permission + " denied");
        }
        assertThat(column("SELECT actor FROM audit_events WHERE result = 'DENIED' AND permission = '" + permission + "' ORDER BY id"))
                .containsExactly("token:reader", "anonymous");
        assertThat(single("SELECT count(*) FROM runs WHERE source = 'authz'")).isEqualTo("1");
    }

    @Test
    void anOwnersRequestTakesEffectOnceAnApproverFromASubGroupApprovesIt() {
        String id = requested(asUser("user:default/alice", "user:default/alice"), "named-x");
        assertThat(single("SELECT requested_by FROM scorecard_exemptions WHERE id = " + id)).isEqualTo("user:default/alice");
        assertThat(state("named-x")).isEqualTo("FAIL");

        // carol is in sre-oncall, a child of the approving group sre: only the catalog says so, not her token
        asUser("user:default/carol", "user:default/carol").documentName("approveExemptionWithComment")
                .variable("id", id).variable("comment", "ok").execute()
                .path("approveExemption.status").entity(String.class).isEqualTo("APPROVED")
                .path("approveExemption.approvedBy").entity(String.class).isEqualTo("user:default/carol")
                .path("approveExemption.decisionComment").entity(String.class).isEqualTo("ok");
        assertThat(state("named-x")).isEqualTo("EXEMPT");
        assertThat(column("SELECT actor || ' ' || permission || ' ' || result FROM audit_events ORDER BY id")).containsExactly(
                "token:tests scorecard.evaluate ALLOWED", "user:default/alice scorecard.exemption.request ALLOWED", "user:default/carol scorecard.exemption.approve ALLOWED");
    }

    @Test
    void theApproverIsTheCallerWhateverTheInputSays() {
        String id = as("requester-token-0123456789").documentName("requestExemptionNamingItsApprover")
                .variable("expires", expiresIn(Duration.ofDays(10))).execute()
                .path("createExemption.approvedBy").valueIsNull()
                .path("createExemption.id").entity(String.class).get();
        as("approver-token-0123456789").document("mutation { approveExemption(id: \"" + id + "\") { approvedBy requestedBy } }").execute()
                .path("approveExemption.approvedBy").entity(String.class).isEqualTo("token:approver")
                .path("approveExemption.requestedBy").entity(String.class).isEqualTo("token:requester");
    }

    @Test
    void aRejectedRequestNeverTakesEffectAndCannotBeApprovedLater() {
        String id = requested(asUser("user:default/alice", "user:default/alice"), "named-y");
        as("approver-token-0123456789").document("mutation { rejectExemption(id: \"" + id + "\", comment: \"fix it\") { status decidedBy } }")
                .execute()
                .path("rejectExemption.status").entity(String.class).isEqualTo("REJECTED")
                .path("rejectExemption.decidedBy").entity(String.class).isEqualTo("token:approver");
        ResponseError error = onlyError(admin().document("mutation { approveExemption(id: \"" + id + "\") { id } }").execute());
        assertThat(error.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
        assertThat(error.getMessage()).contains("not pending").contains("rejected");
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute();
        assertThat(state("named-y")).isEqualTo("FAIL");
    }

    @Test
    void strangersMayNotRequestAndRequestersMayNotApproveTheirOwn() {
        ResponseError stranger = onlyError(request(asUser("user:default/bob", "user:default/bob"), "named-x", expiresIn(Duration.ofDays(5))).execute());
        assertThat(stranger.getErrorType()).isEqualTo(ErrorType.FORBIDDEN);
        assertThat(stranger.getMessage()).contains("scorecard.exemption.request");
        // carol approves for sre, and still may not approve what she asked for herself (as a member of team-a by her token)
        HttpGraphQlTester carol = asUser("user:default/carol", "user:default/carol", "group:default/team-a");
        String id = requested(carol, "named-x");
        ResponseError own = onlyError(carol.document("mutation { approveExemption(id: \"" + id + "\") { id } }").execute());
        assertThat(own.getErrorType()).isEqualTo(ErrorType.FORBIDDEN);
        assertThat(own.getMessage()).contains("scorecard.exemption.approve").contains("other than its requester");
    }

    @Test
    void theEntClaimOfABackstageTokenGivesOwnershipAndTheCatalogAddsGroups() {
        // dave is not in the catalog: only his token's ent claim makes him an owner of payments
        requested(asUser("user:default/dave", "user:default/dave", "group:default/team-a"), "named-x");
        // pat is an admin through the group platform, which only the catalog's memberOf says
        asUser("user:default/pat", "user:default/pat").document("mutation { evaluate { entitiesEvaluated } }").execute()
                .path("evaluate.entitiesEvaluated").entity(Integer.class).isEqualTo(1);
    }

    /** Row 11: out-of-range input is a BAD_REQUEST naming the problem, and nothing of SQL or Java reaches the caller. */
    @Test
    void outOfRangeExemptionsAreBadRequestsWithoutInternals() {
        Map<String, String> refused = Map.of(
                request("named-x", "component:payments", "9999-12-31T23:59:59Z"), "max-duration",
                request("named-x", "component:payments", expiresIn(Duration.ofDays(181))), "at most 180 days ahead",
                request("named-x", "component:payments", "2020-01-01T00:00:00Z"), "future",
                request("named-x", "component:nothing-here", expiresIn(Duration.ofDays(5))), "No entity component:default/nothing-here",
                request("no-such-check", "component:payments", expiresIn(Duration.ofDays(5))), "has no check no-such-check");
        refused.forEach((document, message) -> {
            String body = http.post().uri("/graphql").header("Authorization", "Bearer " + TOKEN)
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("query", document)).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).contains("\"BAD_REQUEST\"").contains(message)
                    .doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("io.stagehand").doesNotContain("\tat ");
        });
        assertThat(single("SELECT count(*) FROM scorecard_exemptions")).isEqualTo("0");
        assertThat(single("SELECT count(*) FROM audit_events WHERE result = 'FAILED'")).isEqualTo("5");
    }

    @Test
    void theAuditLogIsForAdminsOnlyAndFilterable() {
        onlyError(as("reader-token-0123456789").document("mutation { evaluate { entitiesEvaluated } }").execute());
        ResponseError refused = onlyError(as("approver-token-0123456789").document("{ auditEvents { nodes { id } } }").execute());
        assertThat(refused.getErrorType()).isEqualTo(ErrorType.FORBIDDEN);
        assertThat(refused.getMessage()).contains("audit.read");
        admin().documentName("deniedAuditEvents").execute()

                .path("auditEvents.nodes[0].actor").entity(String.class).isEqualTo("token:approver")
                .path("auditEvents.nodes[0].permission").entity(String.class).isEqualTo("audit.read")
                .path("auditEvents.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        admin().document("{ auditEvents(filter: {actor: \"TOKEN:reader\"}) { nodes { permission operation result } } }").execute()
                .path("auditEvents.nodes[*].operation").entityList(String.class).containsExactly("evaluate")
                .path("auditEvents.nodes[0].result").entity(String.class).isEqualTo("DENIED");
    }

    @Test
    void expiredAuditEventsArePurged() {
        onlyError(as("reader-token-0123456789").document("mutation { evaluate { entitiesEvaluated } }").execute());
        db.sql("UPDATE audit_events SET at = now() - interval '400 days'").then().block();
        onlyError(graphQl.document("mutation { evaluate { entitiesEvaluated } }").execute());
        assertThat(audit.purge().block()).isEqualTo(2L);
        assertThat(column("SELECT actor FROM audit_events")).containsExactly("anonymous");
    }

    @org.springframework.beans.factory.annotation.Autowired
    AuditLog audit;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    org.springframework.graphql.test.tester.WebSocketGraphQlTester socket(String token) {
        return org.springframework.graphql.test.tester.WebSocketGraphQlTester.builder(java.net.URI.create("ws://localhost:" + port + "/graphql"),
                        new org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient())
                .responseTimeout(Duration.ofSeconds(20))
                .interceptor(new org.springframework.graphql.client.WebSocketGraphQlClientInterceptor() {
                    @Override
                    public reactor.core.publisher.Mono<Object> connectionInitPayload() {
                        return reactor.core.publisher.Mono.just(Map.of("Authorization", "Bearer " + token));
                    }
                })
                .build();
    }

    @Test
    void overAWebSocketTheSessionsTokenIsTheCaller() {
        ResponseError denied = onlyError(socket("reader-token-0123456789").document("mutation { evaluate { entitiesEvaluated } }").execute());
        assertThat(denied.getMessage()).contains("scorecard.evaluate");
        socket(TOKEN).document("mutation { evaluate { entitiesEvaluated } }").execute()
                .path("evaluate.entitiesEvaluated").entity(Integer.class).isEqualTo(1);
        assertThat(column("SELECT actor || ' ' || result FROM audit_events WHERE permission = 'scorecard.evaluate' ORDER BY id"))
                .containsExactly("token:tests ALLOWED", "token:reader DENIED", "token:tests ALLOWED");
    }
}
