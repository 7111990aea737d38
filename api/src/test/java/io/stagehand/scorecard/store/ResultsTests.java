package io.stagehand.scorecard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.model.ContentHash;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Rule.FactLookup;
import io.stagehand.scorecard.definition.Weight;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.evaluation.Evaluation.CheckResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The digest of a stored result must stay that of before, or every stored result would be
 * rewritten after an upgrade; {@link StoredChecksTests} covers the stored form itself.
 */
class ResultsTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static List<CheckResult> varied() {
        Map<String, FactLookup> facts = new LinkedHashMap<>();
        facts.put("entity.spec.owner", FactLookup.of(NODES.stringNode("team-\u00e9\"quoted\"\n"), Instant.parse("2026-11-30T00:00:00Z")));
        facts.put("repo.dashboards", FactLookup.of(NODES.numberNode(2.5), null));
        facts.put("repo.missing", FactLookup.of(tools.jackson.databind.node.MissingNode.getInstance(), null));
        facts.put("ci.conclusion", FactLookup.unknown("Fact source ci has no facts yet"));
        ArrayNode list = NODES.arrayNode().add("a").add(NODES.objectNode().put("b", true)).addNull();
        facts.put("entity.spec.tags", FactLookup.of(list, null));
        Exemption exemption = new Exemption(null, "card", "has-backups", "component:default/edge", "component:default/edge",
                "stateless", "user:default/alice", Instant.parse("2027-03-31T00:00:00Z"), null, null, "YAML");
        return List.of(
                new CheckResult("has-owner", "Owned by a team", Weight.CRITICAL, "bronze", CheckState.PASS, null, facts, null),
                new CheckResult("has-backups", null, Weight.MEDIUM, null, CheckState.EXEMPT, "no backup policy", Map.of(), exemption),
                new CheckResult("ci-passing", "CI passes", Weight.HIGH, "silver", CheckState.UNKNOWN, "Fact source ci is not defined",
                        Map.of("ci.conclusion", FactLookup.unknown("none")), null));
    }

    @Test
    void theDigestIsThatOfScoreLevelAndChecksTextAsBefore() {
        byte[] json = StoredChecks.json(varied());
        String text = 62.5 + "\u001f" + "silver" + "\u001f" + new String(json, StandardCharsets.UTF_8);
        String before = HexFormat.of().formatHex(ContentHash.digest().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);

        assertThat(Results.digest(62.5, "silver", json)).isEqualTo(before);
        assertThat(Results.digest(62.5, null, json)).isNotEqualTo(before);
        assertThat(Results.digest(50.0, "silver", json)).isNotEqualTo(before);
    }
}
