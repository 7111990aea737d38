package io.stagehand.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.scorecard.facts.HttpCollection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo's scorecards as a new user meets them: the built-in production-readiness over the demo
 * catalog, git facts from the repository the demo writes and CI facts from the endpoint it serves,
 * offline, giving every level, failing critical checks, an exemption and an expired one.
 */
@TestPropertySource(properties = {
        "stagehand.demo.enabled=true",
        "stagehand.scorecards.demo-repository=target/it/demo-scorecards/repository",
})
class DemoScorecardTests extends IntegrationTest {

    @Autowired
    HttpCollection http;

    @Test
    void theDemoShowsEveryLevelFailingCriticalChecksAndExemptions() {
        assertThat(refresh("demo").succeeded()).isTrue();
        http.collect("ci").block();

        Map<String, String> levels = graphQl.document("""
                        { scorecardResults(filter: {scorecard: "production-readiness"}, first: 100) { nodes { ref level } } }""")
                .execute()
                .path("scorecardResults.nodes").entityList(Map.class).get().stream()
                .collect(java.util.stream.Collectors.toMap(n -> (String) n.get("ref"), n -> String.valueOf(n.get("level"))));
        assertThat(levels).containsEntry("component:default/payment-api", "gold")
                .containsEntry("component:default/ledger-service", "silver")
                .containsEntry("component:default/pricing-service", "bronze")
                .containsEntry("component:default/fraud-service", "null");
        assertThat(levels.values()).contains("gold", "silver", "bronze", "null");

        graphQl.document("""
                        { scorecardResults(filter: {failingCheck: "ci-passing"}) { nodes { ref } } }""")
                .execute()
                .path("scorecardResults.nodes[*].ref").entityList(String.class)
                .satisfies(refs -> assertThat(refs).contains("component:default/fraud-service", "component:default/label-printer-agent"));

        List<Map<String, Object>> checkout = checks("component:checkout-service");
        assertThat(checkout).filteredOn(c -> c.get("checkId").equals("has-backups")).singleElement().satisfies(c -> {
            assertThat(c.get("state")).isEqualTo("FAIL");
            assertThat(((Map<?, ?>) c.get("exemption")).get("expired")).isEqualTo(true);
        });
        assertThat(checks("component:payment-api")).filteredOn(c -> c.get("checkId").equals("has-cost-tags")).singleElement()
                .satisfies(c -> assertThat(c.get("state")).isEqualTo("EXEMPT"));
        // the demo CI does not know this one: an error, not a failure
        assertThat(checks("component:incident-bot")).filteredOn(c -> c.get("checkId").equals("ci-passing")).singleElement()
                .satisfies(c -> assertThat((String) c.get("message")).startsWith("ci: ").contains("404"));
    }

    @Test
    void theDemoRunsACampaignOverItsProductionServicesWithProgressPerTeam() {
        assertThat(refresh("demo").succeeded()).isTrue();
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute().path("evaluate.entitiesEvaluated").hasValue();
        int services = graphQl.document("""
                        { entities(filter: {kind: ["Component"], type: ["service"], lifecycle: ["production"]}) { totalCount } }""")
                .execute().path("entities.totalCount").entity(Integer.class).get();
        graphQl.document("""
                        { campaign(name: "peak-season-readiness") { title status checks brief progress { done total }
                          byOwner { group total } } scorecardDefinitionProblems { message } }""")
                .execute()
                .path("scorecardDefinitionProblems").entityList(Object.class).hasSize(0)
                .path("campaign.title").entity(String.class).isEqualTo("Peak season readiness")
                .path("campaign.checks").entityList(String.class).containsExactly("has-backups", "has-oncall")
                .path("campaign.status").entity(String.class).satisfies(status -> assertThat(status).isNotIn("DRAFT", "SCHEDULED"))
                .path("campaign.brief").entity(String.class).satisfies(brief -> assertThat(brief).contains("on-call rotation"))
                .path("campaign.progress.total").entity(Integer.class).isEqualTo(services)
                .path("campaign.progress.done").entity(Integer.class).satisfies(done -> assertThat(done).isBetween(1, services - 1))
                // the whole organisation counts every service; its teams fewer
                .path("campaign.byOwner[?(@.group == 'group:default/pinecone')].total").entityList(Integer.class).containsExactly(services)
                .path("campaign.byOwner[?(@.group == 'group:default/payments-team')].total").entityList(Integer.class)
                .satisfies(total -> assertThat(total).singleElement().satisfies(n -> assertThat(n).isBetween(1, services - 1)));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> checks(String ref) {
        return (List<Map<String, Object>>) (List<?>) graphQl.documentName("productionReadinessChecks").variable("ref", ref)
                .execute()

                .path("entity.scorecards[0].results").entityList(Map.class).get();
    }
}
