package io.stagehand.scorecard;

import io.stagehand.catalog.ContentHash;
import io.stagehand.scorecard.Definitions.Exemption;
import io.stagehand.scorecard.Definitions.Scorecard;
import io.stagehand.scorecard.Evaluation.CheckResult;
import io.stagehand.scorecard.Evaluation.Result;
import io.stagehand.scorecard.Rule.FactLookup;
import io.stagehand.scorecard.ScorecardStore.CheckChange;
import io.stagehand.scorecard.ScorecardStore.Previous;
import io.stagehand.scorecard.ScorecardStore.ResultRow;
import io.stagehand.scorecard.ScorecardStore.ScoreChange;
import io.stagehand.store.EntitySnapshots.Snapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns evaluated results into rows to write: only those whose digest (score, level, and every
 * check's state, message, facts and exemption) changed, each check's {@code since} carried over
 * while its state holds, and history rows for what changed.
 */
final class Results {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<ScorecardStore.Pair, Previous> previous;
    private final String nowText;
    private final List<ResultRow> rows = new ArrayList<>();
    private final List<CheckChange> checkChanges = new ArrayList<>();
    private final List<ScoreChange> scoreChanges = new ArrayList<>();

    Results(Map<ScorecardStore.Pair, Previous> previous, Instant now) {
        this.previous = previous;
        this.nowText = now.toString();
    }

    void add(Scorecard scorecard, Snapshot entity, Result result) {
        // written once, as bytes: what is stored is what the digest covers (each check's since is in the states)
        byte[] json = checksJson(result.results());
        String digest = digest(result.score(), result.level(), json);
        Previous before = previous.get(new ScorecardStore.Pair(scorecard.name(), entity.key()));
        if (before != null && before.digest().equals(digest)) {
            return;
        }
        Map<String, String[]> states = before == null ? Map.of() : parseStates(before.states());
        StringBuilder stateText = new StringBuilder();
        for (CheckResult check : result.results()) {
            String[] was = states.get(check.checkId());
            String since = was != null && was[0].equals(check.state().name()) ? was[1] : nowText;
            stateText.append(stateText.isEmpty() ? "" : ";").append(check.checkId()).append('=').append(check.state().name())
                    .append('@').append(since);
            if (before != null && (was == null || !was[0].equals(check.state().name()))) {
                checkChanges.add(new CheckChange(scorecard.name(), entity.key(), check.checkId(), check.state().name(), check.message()));
            }
        }
        if (before == null || before.score() != result.score() || !java.util.Objects.equals(before.level(), result.level())) {
            scoreChanges.add(new ScoreChange(scorecard.name(), entity.key(), result.score(), result.level()));
        }
        rows.add(new ResultRow(scorecard.name(), entity.key(), entity.ref(), entity.kind() == null ? "" : entity.kind(), result.score(),
                result.level(), scorecard.rank(result.level()), result.worstFailing(), result.failing(), result.count(CheckState.PASS),
                result.count(CheckState.FAIL), result.count(CheckState.EXEMPT), result.count(CheckState.UNKNOWN),
                result.count(CheckState.ERROR), new String(json, StandardCharsets.UTF_8), stateText.toString(), digest));
    }

    List<ResultRow> rows() {
        return rows;
    }

    List<CheckChange> checkChanges() {
        return checkChanges;
    }

    List<ScoreChange> scoreChanges() {
        return scoreChanges;
    }

    /**
     * The checks as stored: the JSON array of {@link #check} written straight from the results, the
     * hot path of a large evaluation, where a tree and its text were much of the garbage.
     */
    static byte[] checksJson(List<CheckResult> checks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * checks.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (CheckResult check : checks) {
                g.writeStartObject();
                g.writeStringProperty("id", check.checkId());
                writeIfPresent(g, "title", check.title());
                g.writeStringProperty("weight", check.weight().name());
                writeIfPresent(g, "level", check.level());
                g.writeStringProperty("state", check.state().name());
                writeIfPresent(g, "message", check.message());
                g.writeArrayPropertyStart("facts");
                for (Map.Entry<String, FactLookup> fact : check.facts().entrySet()) {
                    g.writeStartObject();
                    g.writeStringProperty("name", fact.getKey());
                    FactLookup lookup = fact.getValue();
                    if (lookup.value() != null && !lookup.value().isMissingNode()) {
                        g.writeName("value");
                        g.writeTree(lookup.value());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (check.exemption() != null) {
                    g.writeName("exemption");
                    g.writeTree(exemption(check.exemption()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    /** A check as stored and served (its since is kept in the result's states). Fact times stay out of the digest. */
    static ObjectNode check(CheckResult check) {
        ObjectNode node = NODES.objectNode();
        node.put("id", check.checkId());
        put(node, "title", check.title());
        node.put("weight", check.weight().name());
        put(node, "level", check.level());
        node.put("state", check.state().name());
        put(node, "message", check.message());
        ArrayNode facts = node.putArray("facts");
        for (Map.Entry<String, FactLookup> fact : check.facts().entrySet()) {
            ObjectNode f = facts.addObject();
            f.put("name", fact.getKey());
            FactLookup lookup = fact.getValue();
            if (lookup.value() != null && !lookup.value().isMissingNode()) {
                f.set("value", lookup.value());
            }
        }
        if (check.exemption() != null) {
            node.set("exemption", exemption(check.exemption()));
        }
        return node;
    }

    static ObjectNode exemption(Exemption e) {
        ObjectNode node = NODES.objectNode();
        node.put("id", e.id() == null ? "yaml:" + e.scorecard() + "/" + e.check() + "/" + e.entityKey() : e.id());
        node.put("scorecard", e.scorecard());
        node.put("check", e.check());
        node.put("entityRef", e.entityRef());
        node.put("reason", e.reason());
        put(node, "approvedBy", e.approvedBy());
        put(node, "expires", e.expires() == null ? null : e.expires().toString());
        node.put("origin", e.origin());
        put(node, "createdAt", e.createdAt() == null ? null : e.createdAt().toString());
        node.put("revoked", e.revokedAt() != null);
        return node;
    }

    /** Leaves absent values out, so a read of the field finds it missing rather than a JSON null. */
    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Each check's state and since, by check id, from the compact {@code id=STATE@since;...} text. */
    static Map<String, String[]> parseStates(String text) {
        Map<String, String[]> states = new HashMap<>();
        if (text == null || text.isEmpty()) {
            return states;
        }
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            int at = part.indexOf('@', eq);
            if (eq > 0 && at > eq) {
                states.put(part.substring(0, eq), new String[] {part.substring(eq + 1, at), part.substring(at + 1)});
            }
        }
        return states;
    }

    /** Of score, level and checks, separated by U+001F (the bytes digested before the checks were written as bytes). */
    static String digest(double score, String level, byte[] checksJson) {
        MessageDigest digest = ContentHash.digest();
        digest.update((score + "\u001f" + level + "\u001f").getBytes(StandardCharsets.UTF_8));
        digest.update(checksJson);
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
