package io.stagehand.scorecard.store;

import io.stagehand.model.Json;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Rule.FactLookup;
import io.stagehand.scorecard.definition.Weight;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.evaluation.Evaluation.CheckResult;
import io.stagehand.scorecard.graphql.Views.CheckResultView;
import io.stagehand.scorecard.graphql.Views.ExemptionView;
import io.stagehand.scorecard.graphql.Views.FactValueView;
import io.stagehand.scorecard.graphql.Views;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored form of a result's checks, written and read only here. Two columns of
 * {@code scorecard_results} hold it: {@code checks}, a JSON array with each check's id, title,
 * weight, level, state, message, facts and exemption (what the digest covers), and {@code states},
 * {@code id=STATE@since;...}, each check's state and since when it holds, kept apart so an
 * unchanged check does not change the digest, and compact so roll-ups count states without parsing
 * the JSON ({@link #STATE_ROWS}).
 */
public final class StoredChecks {

    private static final JsonMapper JSON = Json.MAPPER;

    /** {@code (id, state)} rows of the states of {@code sr}, for a roll-up's FROM clause. */
    public static final String STATE_ROWS = "CROSS JOIN LATERAL (SELECT split_part(s, '=', 1) AS id, split_part(split_part(s, '=', 2), '@', 1) AS state"
            + " FROM unnest(string_to_array(sr.states, ';')) AS s) c";

    private StoredChecks() {
    }

    /**
     * A condition that the check's state in {@code sr} is one of {@code states}, the searched text
     * bound through {@code bind}: a search of the states column for {@code ;id=STATE@} (ids hold no
     * ';', '=' or '@'), cheaper than splitting it row by row.
     */
    public static String stateIn(String check, List<CheckState> states, Function<Object, String> bind) {
        return "(" + states.stream().map(state -> "strpos(';' || sr.states, " + bind.apply(";" + check + "=" + state.name() + "@") + ") > 0")
                .collect(java.util.stream.Collectors.joining(" OR ")) + ")";
    }

    /** A check's state and since as the states column keeps them. */
    record Since(String state, String since) {
    }

    /**
     * The checks column: written straight from the results, the hot path of a large evaluation,
     * where a tree and its text were much of the garbage.
     */
    static byte[] json(List<CheckResult> checks) {
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
                    writeExemption(g, check.exemption());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private static void writeExemption(JsonGenerator g, Exemption e) {
        g.writeStartObject();
        g.writeStringProperty("id", e.id() == null ? "yaml:" + e.scorecard() + "/" + e.check() + "/" + e.entityKey() : e.id());
        g.writeStringProperty("scorecard", e.scorecard());
        g.writeStringProperty("check", e.check());
        g.writeStringProperty("entityRef", e.entityRef());
        g.writeStringProperty("reason", e.reason());
        writeIfPresent(g, "approvedBy", e.approvedBy());
        writeIfPresent(g, "expires", e.expires() == null ? null : e.expires().toString());
        g.writeStringProperty("origin", e.origin());
        writeIfPresent(g, "createdAt", e.createdAt() == null ? null : e.createdAt().toString());
        g.writeBooleanProperty("revoked", e.revokedAt() != null);
        g.writeEndObject();
    }

    /** Absent values are left out, so a reader finds the field missing rather than a JSON null. */
    private static void writeIfPresent(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    /** The states column for these checks, each since taken from {@code before} while the state holds, else {@code now}. */
    static String states(List<CheckResult> checks, Map<String, Since> before, String now) {
        StringBuilder text = new StringBuilder();
        for (CheckResult check : checks) {
            Since was = before.get(check.checkId());
            String since = was != null && was.state().equals(check.state().name()) ? was.since() : now;
            text.append(text.isEmpty() ? "" : ";").append(check.checkId()).append('=').append(check.state().name()).append('@').append(since);
        }
        return text.toString();
    }

    /** Each check's state and since, by check id, from the states column (empty for none). */
    static Map<String, Since> states(String text) {
        Map<String, Since> states = new HashMap<>();
        if (text == null || text.isEmpty()) {
            return states;
        }
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            int at = part.indexOf('@', eq);
            if (eq > 0 && at > eq) {
                states.put(part.substring(0, eq), new Since(part.substring(eq + 1, at), part.substring(at + 1)));
            }
        }
        return states;
    }

    /** The checks as served, from the two columns; {@code now} decides which exemptions have expired. */
    static List<CheckResultView> read(String checksJson, String statesText, Instant now) {
        Map<String, Since> states = states(statesText);
        List<CheckResultView> checks = new ArrayList<>();
        for (JsonNode check : JSON.readTree(checksJson)) {
            Since state = states.get(check.path("id").asString());
            // checks written before the states column held their since themselves
            checks.add(view(check, now, state == null ? check.path("since").asString(null) : state.since()));
        }
        return checks;
    }

    /** Checks evaluated but not stored (a dry run), through the same form: every since is now. */
    static List<CheckResultView> read(List<CheckResult> checks, Instant now) {
        List<CheckResultView> views = new ArrayList<>();
        for (JsonNode check : JSON.readTree(json(checks))) {
            views.add(view(check, now, now.toString()));
        }
        return views;
    }

    private static CheckResultView view(JsonNode check, Instant now, String since) {
        List<FactValueView> facts = new ArrayList<>();
        for (JsonNode fact : check.path("facts")) {
            facts.add(new FactValueView(fact.path("name").asString(), fact.has("value") ? JSON.treeToValue(fact.get("value"), Object.class) : null,
                    null));
        }
        JsonNode exemption = check.path("exemption");
        return new CheckResultView(check.path("id").asString(), check.path("title").asString(null), Weight.valueOf(check.path("weight").asString()),
                check.path("level").asString(null), CheckState.valueOf(check.path("state").asString()), check.path("message").asString(null),
                facts, exemption.isObject() ? exemption(exemption, now) : null, time(since));
    }

    /** An exemption as served, read from the form it is stored in within a check. */
    public static ExemptionView exemption(Exemption exemption, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeExemption(g, exemption);
        }
        return exemption(JSON.readTree(out.toByteArray()), now);
    }

    private static ExemptionView exemption(JsonNode e, Instant now) {
        OffsetDateTime expires = time(e.path("expires").asString(null));
        return new ExemptionView(e.path("id").asString(), e.path("scorecard").asString(), e.path("check").asString(),
                e.path("entityRef").asString(), e.path("reason").asString(), e.path("approvedBy").asString(null), expires,
                expires != null && !now.isBefore(expires.toInstant()), e.path("revoked").asBoolean(false),
                Views.ExemptionOrigin.valueOf(e.path("origin").asString("YAML")), time(e.path("createdAt").asString(null)),
                Views.ExemptionStatus.APPROVED, null, null, null, null);
    }

    static OffsetDateTime time(String text) {
        return text == null ? null : OffsetDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC);
    }

    /** The stored bytes as text, for the column. */
    static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
