package io.stagehand.scorecard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.model.EntityFilter;
import io.stagehand.scorecard.definition.DefinitionLoader;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.Definitions.Campaign;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 32, reading {@code kind: Campaign}: read where and as scorecards are, each bad campaign a
 * problem naming its file, line and field while the other definitions load; and the status rule.
 */
class CampaignDefinitionTests {

    static final String SCORECARD = """
            kind: Scorecard
            metadata: {name: readiness}
            spec:
              levels: [bronze, silver, gold]
              checks:
                - {id: owner, weight: high, level: bronze, rule: {fact: entity.spec.owner, operator: exists}}
                - {id: docs, weight: low, level: silver, rule: {fact: entity.metadata.description, operator: exists}}
            """;

    static Definitions load(String... files) {
        List<DefinitionLoader.Source> sources = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            sources.add(new DefinitionLoader.Source("file" + i + ".yaml", files[i].getBytes(StandardCharsets.UTF_8)));
        }
        return new DefinitionLoader().load(sources);
    }

    @Test
    void aCampaignIsReadWithEveryField() {
        Definitions loaded = load(SCORECARD, """
                kind: Campaign
                metadata: {name: silver-by-spring, title: Silver by spring}
                spec:
                  scorecard: readiness
                  targetLevel: silver
                  appliesTo: {filter: {kind: component, spec.type: [service, website]}}
                  owner: platform
                  startDate: 2026-01-05
                  targetDate: 2026-03-31
                  brief: |
                    Every service **documented**.
                  links: [{title: Guide, url: "https://wiki.example.com/silver"}]
                """);
        assertThat(loaded.problems()).isEmpty();
        Campaign campaign = loaded.campaigns().get("silver-by-spring");
        assertThat(campaign.title()).isEqualTo("Silver by spring");
        assertThat(campaign.scorecard()).isEqualTo("readiness");
        assertThat(campaign.targetLevel()).isEqualTo("silver");
        assertThat(campaign.checks()).isEmpty();
        assertThat(campaign.owner()).isEqualTo("group:default/platform");
        assertThat(campaign.startDate()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(campaign.targetDate()).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(campaign.brief()).isEqualTo("Every service **documented**.\n");
        assertThat(campaign.links()).containsExactly(new Definitions.Link("Guide", "https://wiki.example.com/silver"));
        assertThat(campaign.file()).isEqualTo("file1.yaml");
        // the catalog's filters, so the catalog's filter builder selects its entities
        assertThat(campaign.appliesTo().entityFilter().and()).extracting(f -> f.match().get(0)).containsExactlyInAnyOrder(
                new EntityFilter.PathMatch("kind", List.of("component"), null),
                new EntityFilter.PathMatch("spec.type", List.of("service", "website"), null));
    }

    @Test
    void aCampaignOfChecksWithoutStartDateIsADraft() {
        Definitions loaded = load(SCORECARD, """
                kind: Campaign
                metadata: {name: docs}
                spec: {scorecard: readiness, checks: [docs, owner], targetDate: 2026-06-30}
                """);
        Campaign campaign = loaded.campaigns().get("docs");
        assertThat(campaign.checks()).containsExactly("docs", "owner");
        assertThat(campaign.targetLevel()).isNull();
        assertThat(campaign.appliesTo().entityFilter()).isNull();
        assertThat(CampaignStatus.of(campaign, LocalDate.of(2026, 5, 1), 0, 3)).isEqualTo(CampaignStatus.DRAFT);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{scorecard: nope, targetLevel: silver, targetDate: 2026-03-31}                  | spec.scorecard: no scorecard named nope is loaded",
            "{scorecard: readiness, targetDate: 2026-03-31}                                  | spec: exactly one of targetLevel",
            "{scorecard: readiness, targetLevel: silver, checks: [docs], targetDate: 2026-03-31} | spec: exactly one of targetLevel",
            "{scorecard: readiness, targetLevel: platinum, targetDate: 2026-03-31}           | spec.targetLevel: \"platinum\" is not one of the levels",
            "{scorecard: readiness, checks: [docs, tests], targetDate: 2026-03-31}           | spec.checks: scorecard readiness has no check tests",
            "{scorecard: readiness, checks: [docs, docs], targetDate: 2026-03-31}            | spec.checks: a check is named twice",
            "{scorecard: readiness, checks: [], targetDate: 2026-03-31}                      | spec.checks: a list of 1 to 100 check ids",
            "{scorecard: readiness, targetLevel: gold}                                       | spec.targetDate: required",
            "{scorecard: readiness, targetLevel: gold, targetDate: 31/03/2026}               | spec.targetDate: a date such as 2027-03-31",
            "{scorecard: readiness, targetLevel: gold, startDate: 2026-04-01, targetDate: 2026-03-31} | spec.targetDate: before spec.startDate 2026-04-01",
            "{scorecard: readiness, targetLevel: gold, targetDate: 2026-03-31, owner: 'a:b:c'} | spec.owner: an entity ref",
            "{scorecard: readiness, targetLevel: gold, targetDate: 2026-03-31, appliesTo: {filter: {kind: []}}} | spec.appliesTo.filter.kind: at least one accepted value",
            "{scorecard: readiness, targetLevel: gold, targetDate: 2026-03-31, appliesTo: {filter: {'a=b': x}}} | spec.appliesTo.filter: Invalid filter, path 'a=b' contains '='",
            "{scorecard: readiness, targetLevel: gold, targetDate: 2026-03-31, links: [{url: 'ftp://x'}]} | spec.links[0].url:",
            "{scorecard: readiness, targetLevel: gold, targetDate: 2026-03-31, links: [{url: 'https://x.example/{{name}}'}]} | spec.links[0].url: a campaign's links name no entity",
    })
    void aBadCampaignIsNamedByFileLineAndFieldAndTheOtherDefinitionsLoad(String spec, String expected) {
        Definitions loaded = load(SCORECARD, """
                kind: Campaign
                metadata: {name: good}
                spec: {scorecard: readiness, targetLevel: bronze, targetDate: 2026-03-31}
                ---
                kind: Campaign
                metadata: {name: bad}
                spec: %s
                """.formatted(spec));
        assertThat(loaded.scorecards()).containsOnlyKeys("readiness");
        assertThat(loaded.campaigns()).containsOnlyKeys("good");
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("file1.yaml");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).startsWith("Campaign bad: ").contains(expected).endsWith("it was not loaded");
        });
    }

    @Test
    void aCampaignNamedTwiceKeepsTheFirstAndABrokenFileLeavesTheOthers() {
        Definitions loaded = load(SCORECARD, """
                kind: Campaign
                metadata: {name: twice}
                spec: {scorecard: readiness, targetLevel: bronze, targetDate: 2026-03-31}
                """, """
                kind: Campaign
                metadata: {name: twice}
                spec: {scorecard: readiness, targetLevel: gold, targetDate: 2026-03-31}
                """, "kind: Campaign\nmetadata: {name: [unclosed\n");
        assertThat(loaded.campaigns().get("twice").targetLevel()).isEqualTo("bronze");
        assertThat(loaded.scorecards()).containsOnlyKeys("readiness");
        // a file that does not parse is reported as it is read, before any document is checked
        assertThat(loaded.problems()).extracting(Definitions.Problem::file).containsExactly("file3.yaml", "file2.yaml");
        assertThat(loaded.problems().get(1).message()).contains("metadata.name: a campaign named twice is already defined in file1.yaml");
    }

    @ParameterizedTest(name = "{0}: {1}/{2} -> {3}")
    @CsvSource({
            // start Jan 5, target Mar 31: the target day is the campaign's last
            "2026-01-04, 0, 3, SCHEDULED",
            "2026-01-05, 0, 3, IN_PROGRESS",
            "2026-03-31, 2, 3, IN_PROGRESS",
            "2026-03-31, 3, 3, DONE",
            "2026-02-01, 0, 0, DONE",
            "2026-04-01, 2, 3, DELAYED",
            "2026-04-01, 3, 3, ENDED",
    })
    void theStatusFollowsTheDatesAndTheProgress(LocalDate today, int done, int total, CampaignStatus expected) {
        Campaign campaign = load(SCORECARD, """
                kind: Campaign
                metadata: {name: c}
                spec: {scorecard: readiness, targetLevel: gold, startDate: 2026-01-05, targetDate: 2026-03-31}
                """).campaigns().get("c");
        assertThat(CampaignStatus.of(campaign, today, done, total)).isEqualTo(expected);
        assertThat(CampaignStatus.overdue(campaign, today)).isEqualTo(today.isAfter(LocalDate.of(2026, 3, 31)));
    }
}
