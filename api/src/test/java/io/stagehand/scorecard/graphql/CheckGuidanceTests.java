package io.stagehand.scorecard.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.scorecard.definition.DefinitionLoader;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.evaluation.Evaluation;
import io.stagehand.scorecard.graphql.Views.CheckResultView;
import io.stagehand.scorecard.graphql.Views.EntityScorecardView;
import io.stagehand.scorecard.graphql.Views.LinkView;
import io.stagehand.scorecard.store.ScorecardQueries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a check tells the people who must fix it (owner, category, links, remediation) and checks
 * announced before they count (enforceFrom): loaded with their limits, left out of scores and
 * levels until their date, and served with every result, links made for the entity.
 */
class CheckGuidanceTests {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Definitions load(String yaml) {
        return new DefinitionLoader().load(List.of(new DefinitionLoader.Source("guidance.yaml", yaml.getBytes(StandardCharsets.UTF_8))));
    }

    static final Definitions DEFINITIONS = load("""
            kind: Scorecard
            metadata: {name: card}
            spec:
              levels: [bronze, silver]
              checks:
                - id: owned
                  weight: high
                  level: bronze
                  rule: {fact: entity.spec.owner, operator: exists}
                - id: runbook
                  weight: critical
                  level: silver
                  owner: sre
                  category: reliability
                  remediation: "Add a `pagerduty.com/service-id` annotation."
                  links:
                    - {title: Guide, url: "https://wiki.example.com/runbooks"}
                    - {title: In PagerDuty, url: "https://pd.example.com/services?q={{name}}&ns={{namespace}}"}
                  enforceFrom: 2027-03-01
                  rule: {fact: "entity.metadata.annotations['pagerduty.com/service-id']", operator: exists}
            """);

    static Evaluation.Result evaluate(Instant now) {
        Evaluation.Subject subject = new Evaluation.Subject("component:default/a&b", "component:default/a&b",
                JSON.readTree("{\"spec\": {\"owner\": \"team\"}, \"metadata\": {\"name\": \"a&b\"}}"), Map.of());
        return Evaluation.evaluate(DEFINITIONS.scorecards().get("card"), subject, Map.of(), List.of(), new Evaluation.Weights(8, 4, 2, 1),
                now);
    }

    @Test
    void theFieldsAreLoadedWithTheOwnerAsAGroupRef() {
        assertThat(DEFINITIONS.problems()).isEmpty();
        Definitions.Check runbook = DEFINITIONS.scorecards().get("card").checks().get(1);
        assertThat(runbook.owner()).isEqualTo("group:default/sre");
        assertThat(runbook.category()).isEqualTo("reliability");
        assertThat(runbook.links()).extracting(Definitions.Link::title).containsExactly("Guide", "In PagerDuty");
        assertThat(runbook.enforceFrom()).isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
    }

    @Test
    void beforeItsDateAFailingCheckCountsInNeitherScoreNorLevelAndAfterItItDoes() {
        Evaluation.Result before = evaluate(NOW);
        assertThat(before.results().get(1).state()).isEqualTo(CheckState.FAIL);
        assertThat(before.score()).isEqualTo(100.0);
        assertThat(before.level()).isEqualTo("silver");
        assertThat(before.failingCritical()).as("not failing in filters and roll-ups either").isZero();
        assertThat(before.failing()).isEmpty();
        assertThat(before.count(CheckState.FAIL)).as("but reported in the per-state counts").isEqualTo(1);

        Evaluation.Result after = evaluate(Instant.parse("2027-03-01T00:00:00Z"));
        assertThat(after.score()).isEqualTo(33.3);
        assertThat(after.level()).as("a failing critical check leaves no level once enforced").isNull();
        assertThat(after.failingCritical()).isEqualTo(1);
        assertThat(after.failing()).containsExactly("runbook");
    }

    @Test
    void aResultIsServedWithItsChecksGuidanceAndLinksMadeForTheEntity() {
        EntityScorecardView view = ScorecardQueries.fromResult(DEFINITIONS.scorecards().get("card"), evaluate(NOW), NOW);
        CheckResultView runbook = view.results().get(1);
        assertThat(runbook.owner()).isEqualTo("group:default/sre");
        assertThat(runbook.category()).isEqualTo("reliability");
        assertThat(runbook.remediation()).contains("pagerduty.com/service-id");
        assertThat(runbook.enforced()).isFalse();
        assertThat(runbook.links()).containsExactly(new LinkView("Guide", "https://wiki.example.com/runbooks"),
                new LinkView("In PagerDuty", "https://pd.example.com/services?q=a%26b&ns=default"));
        assertThat(view.results().get(0).enforced()).isTrue();
        assertThat(view.results().get(0).links()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{title: x, url: \"https://{{annotation 'host'}}/x\"} | spec.checks[0].links[0].url",
            "{title: x, url: \"https://{{name}}.example.com/\"}   | spec.checks[0].links[0].url",
            "{title: x, url: \"https://ci.example.com/${TOKEN}\"} | spec.checks[0].links[0].url: a link may not use ${...} settings",
            "{title: x, url: \"https://ci.example.com/{{annotation 'a'}}\"} | spec.checks[0].links[0].url: a link may use {{name}}",
            "{title: x, url: \"javascript:alert(1)//\"}            | spec.checks[0].links[0].url",
            "{title: x, url: \"https:///{{name}}/runbook\"}        | spec.checks[0].links[0].url: the host must be written",
            "{title: x, url: \"https://a.example.com@{{name}}/\"}  | spec.checks[0].links[0].url",
            "{title: x}                                           | spec.checks[0].links[0].url",
    })
    void aLinkThatCouldSendReadersElsewhereOrShowSettingsIsRefused(String link, String expected) {
        Definitions loaded = load("""
                kind: Scorecard
                metadata: {name: bad}
                spec:
                  checks:
                    - {id: a, weight: low, links: [%s], rule: {fact: entity.kind, operator: exists}}
                """.formatted(link));
        assertThat(loaded.scorecards()).isEmpty();
        assertThat(loaded.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "owner: \"a:b:c/d/e\"              | spec.checks[0].owner",
            "enforceFrom: soon                | spec.checks[0].enforceFrom: a date",
            "category: \"\"                     | spec.checks[0].category: text of at most 100 characters",
    })
    void aBadFieldIsNamed(String field, String expected) {
        Definitions loaded = load("""
                kind: Scorecard
                metadata: {name: bad}
                spec:
                  checks:
                    - {id: a, weight: low, %s, rule: {fact: entity.kind, operator: exists}}
                """.formatted(field));
        assertThat(loaded.scorecards()).isEmpty();
        assertThat(loaded.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains(expected));
    }
}
