package io.stagehand.auth;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 27 and 32: a campaign's figures per owning group name no group the caller may not see, not
 * even one above a group they see (found by a review: the groups above a visible owner were listed).
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=campaign-visibility",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/campaign-visibility/catalog",
        "stagehand.scorecards.paths[0]=target/it/campaign-visibility/definitions",
        "stagehand.scorecards.built-in=false",
        "stagehand.permissions.read[0].is-entity-owner=true",
})
class CampaignVisibilityTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/campaign-visibility");
    static final BackstageIssuer backstage = new BackstageIssuer("backstage-campaigns");

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        backstage.configure(registry, new String[] {"tests", TOKEN, "admin"});
    }

    @AfterAll
    static void stop() {
        backstage.stop();
    }

    @BeforeAll
    static void files() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: Scorecard
                metadata: {name: basics}
                spec:
                  appliesTo: {filter: {kind: component}}
                  checks:
                    - {id: described, weight: high, rule: {fact: entity.metadata.description, operator: exists}}
                ---
                kind: Campaign
                metadata: {name: docs}
                spec: {scorecard: basics, checks: [described], startDate: 2026-01-01, targetDate: 2026-01-31}
                """);
        // team-a sits under secret-division, which nobody but admins may see
        write(ROOT, "catalog/catalog-info.yaml", String.join("---\n", Fixtures.group("secret-division", null),
                Fixtures.group("team-a", "secret-division"), Fixtures.component("payments", "team-a")));
    }

    @Test
    void byOwnerLeavesOutGroupsTheCallerMayNotSee() {
        refresh("campaign-visibility");
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute();
        String byOwner = "{ campaign(name: \"docs\") { byOwner { group total } } }";
        admin().document(byOwner).execute().path("campaign.byOwner[*].group").entityList(String.class)
                .containsExactly("group:default/secret-division", "group:default/team-a");
        var alice = graphQl.mutate().header("Authorization", "Bearer " + backstage.token("user:default/alice", "group:default/team-a")).build();
        alice.document("{ entity(ref: \"group:secret-division\") { ref } }").execute().path("entity").valueIsNull();
        alice.document(byOwner).execute().path("campaign.byOwner[*].group").entityList(String.class).satisfies(groups ->
                assertThat(groups).doesNotContain("group:default/secret-division"));
    }
}
