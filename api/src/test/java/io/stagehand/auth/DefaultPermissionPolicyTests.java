package io.stagehand.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.model.EntityFilter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The default policy, role by role and permission by permission, without a server. */
class DefaultPermissionPolicyTests {

    static final PermissionProperties PROPERTIES = new PermissionProperties(List.of("group:default/platform", "token:ops"),
            List.of("group:default/compliance"), Map.of("basics", List.of("group:default/sre")), null, null,
            Map.of("coverage", List.of("token:ci-coverage", "group:default/qa")), Map.of("basics", List.of("token:pentest")));
    static final PermissionPolicy POLICY = new DefaultPermissionPolicy(PROPERTIES);

    static final Resource PAYMENTS = Resource.entity("component:default/payments", Set.of("group:default/team-a"));
    static final Resource REQUEST_BY_ALICE = Resource.exemption("basics", "component:default/payments", Set.of(), "user:default/alice");

    static Caller token(String name, Scope... scopes) {
        Set<Scope> all = EnumSet.of(Scope.READ);
        all.addAll(List.of(scopes));
        return new Caller(Caller.Kind.TOKEN, "token:" + name, all, Set.of());
    }

    static Caller user(String ref, String... owns) {
        return new Caller(Caller.Kind.USER, ref, Set.of(Scope.READ), Set.of(owns));
    }

    static boolean allowed(Caller caller, Permission permission, Resource resource) {
        return POLICY.decide(caller, permission, resource).allowed();
    }

    @ParameterizedTest
    @EnumSource(value = Permission.class, names = "CATALOG_ENTITY_READ", mode = EnumSource.Mode.EXCLUDE)
    void anonymousCallersAndReadTokensAreDeniedEveryPermissionButReading(Permission permission) {
        assertThat(allowed(Caller.ANONYMOUS, permission, PAYMENTS)).isFalse();
        assertThat(allowed(token("reader"), permission, PAYMENTS)).isFalse();
        assertThat(allowed(user("user:default/nobody", "user:default/nobody"), permission, PAYMENTS)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void adminsByScopeByTokenNameOrByGroupAreAllowedEverything(Permission permission) {
        assertThat(allowed(token("root", Scope.ADMIN), permission, REQUEST_BY_ALICE)).isTrue();
        assertThat(allowed(token("ops"), permission, REQUEST_BY_ALICE)).isTrue();
        assertThat(allowed(user("user:default/pat", "group:default/platform"), permission, REQUEST_BY_ALICE)).isTrue();
    }

    @Test
    void sourceRunsDeletionsEvaluationsAndTheAuditLogAreForAdminsOnly() {
        Caller everythingButAdmin = token("busy", Scope.FACTS_WRITE, Scope.EXEMPTIONS_REQUEST, Scope.EXEMPTIONS_APPROVE);
        for (Permission permission : List.of(Permission.CATALOG_SOURCE_REFRESH, Permission.CATALOG_SOURCE_DELETE,
                Permission.SCORECARD_EVALUATE, Permission.SCORECARD_SNAPSHOT, Permission.AUDIT_READ)) {
            assertThat(allowed(everythingButAdmin, permission, Resource.NONE)).as(permission.id()).isFalse();
            assertThat(allowed(user("user:default/sam", "group:default/sre", "group:default/team-a"), permission, PAYMENTS))
                    .as(permission.id()).isFalse();
        }
    }

    @Test
    void factsArePushedOnlyByThePushersOfTheirSource() {
        Resource coverage = Resource.source("coverage");
        assertThat(allowed(token("ci-coverage"), Permission.SCORECARD_FACTS_SUBMIT, coverage)).isTrue();
        assertThat(allowed(user("user:default/quinn", "group:default/qa"), Permission.SCORECARD_FACTS_SUBMIT, coverage)).isTrue();
        assertThat(allowed(token("ci-coverage"), Permission.SCORECARD_FACTS_SUBMIT, Resource.source("security-scan")))
                .as("a pusher of one source pushes nothing else").isFalse();
        assertThat(allowed(token("ci", Scope.FACTS_WRITE), Permission.SCORECARD_FACTS_SUBMIT, coverage))
                .as("facts:write alone names no source").isFalse();
        assertThat(POLICY.decide(token("other"), Permission.SCORECARD_FACTS_SUBMIT, coverage).reason())
                .contains("stagehand.permissions.fact-pushers");
    }

    @Test
    void externalResultsComeFromTheScorecardsSubmittersAndSignOffsFromItsApprovers() {
        Resource basics = new Resource("component:default/payments", Set.of("group:default/team-a"), "basics", null, null);
        Caller owner = user("user:default/alice", "user:default/alice", "group:default/team-a");
        assertThat(allowed(token("pentest"), Permission.SCORECARD_CHECK_SUBMIT, basics)).isTrue();
        assertThat(allowed(token("pentest"), Permission.SCORECARD_CHECK_SUBMIT,
                new Resource("component:default/payments", Set.of(), "other", null, null))).isFalse();
        assertThat(allowed(owner, Permission.SCORECARD_CHECK_SUBMIT, basics)).as("owners do not grade themselves").isFalse();
        assertThat(allowed(user("user:default/sam", "group:default/sre"), Permission.SCORECARD_CHECK_SIGNOFF, basics)).isTrue();
        assertThat(allowed(token("approver", Scope.EXEMPTIONS_APPROVE), Permission.SCORECARD_CHECK_SIGNOFF, basics)).isTrue();
        assertThat(allowed(owner, Permission.SCORECARD_CHECK_SIGNOFF, basics)).isFalse();
        assertThat(allowed(token("pentest"), Permission.SCORECARD_CHECK_SIGNOFF, basics)).isFalse();
    }

    @Test
    void ownersMayRequestExemptionsAndRefreshTheirEntitiesOnly() {
        Caller owner = user("user:default/alice", "user:default/alice", "group:default/team-a");
        Caller stranger = user("user:default/bob", "user:default/bob", "group:default/team-b");
        assertThat(allowed(owner, Permission.SCORECARD_EXEMPTION_REQUEST, PAYMENTS)).isTrue();
        assertThat(allowed(owner, Permission.CATALOG_ENTITY_REFRESH, PAYMENTS)).isTrue();
        assertThat(allowed(stranger, Permission.SCORECARD_EXEMPTION_REQUEST, PAYMENTS)).isFalse();
        assertThat(allowed(stranger, Permission.CATALOG_ENTITY_REFRESH, PAYMENTS)).isFalse();
        assertThat(allowed(owner, Permission.SCORECARD_EXEMPTION_APPROVE, REQUEST_BY_ALICE)).isFalse();
    }

    @Test
    void scopesGrantTheirPermissions() {
        assertThat(allowed(token("ci", Scope.EXEMPTIONS_REQUEST), Permission.SCORECARD_EXEMPTION_REQUEST, PAYMENTS)).isTrue();
        assertThat(allowed(token("ci", Scope.EXEMPTIONS_REQUEST), Permission.SCORECARD_EXEMPTION_APPROVE, REQUEST_BY_ALICE)).isFalse();
        assertThat(allowed(token("gate", Scope.EXEMPTIONS_APPROVE), Permission.SCORECARD_EXEMPTION_APPROVE, REQUEST_BY_ALICE)).isTrue();
        assertThat(allowed(token("gate", Scope.EXEMPTIONS_APPROVE), Permission.SCORECARD_EXEMPTION_REVOKE, REQUEST_BY_ALICE)).isTrue();
        assertThat(allowed(token("facts", Scope.FACTS_WRITE), Permission.SCORECARD_DRYRUN, Resource.NONE)).isTrue();
        assertThat(allowed(token("facts", Scope.FACTS_WRITE), Permission.CATALOG_ENTITY_REFRESH, PAYMENTS)).isTrue();
        assertThat(allowed(token("facts", Scope.FACTS_WRITE), Permission.SCORECARD_EVALUATE, Resource.NONE)).isFalse();
    }

    @Test
    void approversDecideTheirScorecardsOnlyAndNeverTheirOwnRequests() {
        Caller sre = user("user:default/carol", "group:default/sre");
        Caller compliance = user("user:default/dan", "group:default/compliance");
        Resource otherCard = Resource.exemption("security", "component:default/payments", Set.of(), "user:default/alice");
        assertThat(allowed(sre, Permission.SCORECARD_EXEMPTION_APPROVE, REQUEST_BY_ALICE)).isTrue();
        assertThat(allowed(sre, Permission.SCORECARD_EXEMPTION_APPROVE, otherCard)).isFalse();
        assertThat(allowed(compliance, Permission.SCORECARD_EXEMPTION_APPROVE, otherCard)).isTrue();
        Resource carolsOwn = Resource.exemption("basics", "component:default/payments", Set.of(), "user:default/carol");
        assertThat(POLICY.decide(sre, Permission.SCORECARD_EXEMPTION_APPROVE, carolsOwn).reason()).contains("other than its requester");
    }

    @Test
    void aRequesterMayWithdrawTheirOwnRequestButNotAnothers() {
        assertThat(allowed(user("user:default/alice", "group:default/team-a"), Permission.SCORECARD_EXEMPTION_REVOKE, REQUEST_BY_ALICE)).isTrue();
        assertThat(allowed(user("user:default/bob", "group:default/team-a"), Permission.SCORECARD_EXEMPTION_REVOKE, REQUEST_BY_ALICE)).isFalse();
    }

    @Test
    void aTokenWithoutScopesReadsOnlyUnlessLegacyFullAccessIsOn() {
        AuthProperties.StaticToken legacy = new AuthProperties.StaticToken("old", "0123456789abcdef0123", null);
        assertThat(legacy.effectiveScopes(false)).containsExactly(Scope.READ);
        assertThat(legacy.effectiveScopes(true)).contains(Scope.ADMIN);
        AuthProperties.StaticToken scoped = new AuthProperties.StaticToken("ci", "0123456789abcdef0123", List.of("exemptions:request"));
        assertThat(scoped.effectiveScopes(true)).containsExactlyInAnyOrder(Scope.READ, Scope.EXEMPTIONS_REQUEST);
    }

    @Test
    void auditedArgumentsLoseSecretsAndLongValues() {
        Object stored = AuditLog.redacted(Map.of("input", Map.of("apiToken", "s3cr3t", "yaml", "x".repeat(5000), "n", 3)));
        assertThat(stored.toString()).doesNotContain("s3cr3t").contains("[redacted]").contains("n=3");
        assertThat(stored.toString().length()).isLessThan(AuditLog.MAX_VALUE + 200);
    }

    @Test
    void everyCallerMayReadAndWithoutReadRulesReadsEverything() {
        for (Caller caller : List.of(Caller.ANONYMOUS, token("reader"), user("user:default/alice", "group:default/team-a"))) {
            assertThat(allowed(caller, Permission.CATALOG_ENTITY_READ, Resource.NONE)).isTrue();
            assertThat(POLICY.readable(caller)).as("no read rules: no condition").isNull();
        }
    }

    static final ReadRule OWNED = new ReadRule(true, null, null, null, null, null, null, null);
    static final ReadRule ORGANISATION = new ReadRule(null, List.of("Group", "User"), null, null, null, null, null, null);
    static final ReadRule PUBLIC = new ReadRule(null, null, null, null, null, null, Map.of("visibility", "public", "tier", "*"), null);
    static final PermissionPolicy RESTRICTED = new DefaultPermissionPolicy(new PermissionProperties(List.of("group:default/platform"),
            null, null, List.of(OWNED, ORGANISATION, PUBLIC), List.of("token:inventory", "group:default/auditors"), null, null));

    @Test
    void withReadRulesACallerReadsWhatOneOfThemMatchesForTheRefsTheyActFor() {
        EntityFilter alice = RESTRICTED.readable(user("user:default/alice", "group:default/team-a"));
        assertThat(alice.or()).hasSize(3);
        assertThat(alice.or().get(0).owner()).containsExactly("group:default/team-a", "user:default/alice");
        assertThat(alice.or().get(1).kind()).containsExactly("Group", "User");
        assertThat(alice.or().get(2).labels()).containsExactly(new EntityFilter.KeyValueFilter("tier", null),
                new EntityFilter.KeyValueFilter("visibility", "public"));
        assertThat(RESTRICTED.readable(user("user:default/alice", "group:default/team-a")))
                .as("equal for the same caller, so cached answers are shared by callers with the same claims").isEqualTo(alice);

        EntityFilter reader = RESTRICTED.readable(token("reader"));
        assertThat(reader.or()).as("a token owns nothing: the ownership rule drops out").hasSize(2);
        assertThat(RESTRICTED.readable(Caller.ANONYMOUS).or()).hasSize(2);
    }

    @Test
    void adminsAndReadersReadEverythingAndACallerNoRuleCanMatchReadsNothing() {
        assertThat(RESTRICTED.readable(token("root", Scope.ADMIN))).isNull();
        assertThat(RESTRICTED.readable(user("user:default/pat", "group:default/platform"))).isNull();
        assertThat(RESTRICTED.readable(token("inventory"))).isNull();
        assertThat(RESTRICTED.readable(user("user:default/ann", "group:default/auditors"))).isNull();
        PermissionPolicy ownersOnly = new DefaultPermissionPolicy(new PermissionProperties(null, null, null, List.of(OWNED), null, null, null));
        assertThat(ownersOnly.readable(token("reader"))).isEqualTo(EntityFilter.NONE);
    }

    @Test
    void aReadRuleThatWouldHideNothingOrNameNoConditionIsRefused() {
        assertThatThrownBy(() -> new ReadRule(null, List.of(), null, null, null, null, Map.of(), null))
                .hasMessageContaining("names no condition");
        assertThatThrownBy(() -> new ReadRule(false, null, null, null, null, null, null, null))
                .hasMessageContaining("is-entity-owner");
    }
}
