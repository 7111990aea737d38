package io.stagehand.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/** The walk writes an answer's bytes exactly as the mapper's own serialisation of the same map. */
class ResponseWriterTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String walked(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseWriter.write(JSON, value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyKindOfValueAnAnswerHolds() {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("ref", "component:default/a \"quoted\" \\ name \u001f ✓ 😀 </script>");
        entity.put("descriptor", new RawValue("{\"kind\":\"Component\",\"n\":1.0E-7}"));
        entity.put("title", null);
        entity.put("line", 42);
        entity.put("count", 9_000_000_000L);
        entity.put("stale", true);
        entity.put("score", 0.75);
        entity.put("ratio", 1.5f);
        entity.put("big", new BigDecimal("12345678901234567890.000100"));
        entity.put("huge", new BigInteger("123456789012345678901234567890"));
        entity.put("short", (short) 7);
        entity.put("at", Instant.parse("2026-12-01T16:00:00Z"));
        entity.put("relations", List.of(Map.of("type", "ownedBy", "targetRef", "group:default/team"), Map.of()));
        entity.put("tags", Set.of("java"));
        entity.put("array", new String[] {"x", null});
        entity.put("byNumber", new TreeMap<>(Map.of(2, "two", 1, "one")));
        entity.put("nested", new ArrayList<>(Arrays.asList(null, List.of(), List.of(List.of(1, 2)))));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", Map.of("entity", entity));
        answer.put("errors", List.of(Map.of("message", "x", "locations", List.of(Map.of("line", 1, "column", 2)),
                "path", List.of("entities", 0, "ref"), "extensions", Map.of("classification", "BAD_REQUEST"))));
        assertThat(walked(answer)).isEqualTo(JSON.writeValueAsString(answer));
        // and by hand, for the values the walk writes itself
        assertThat(walked(Map.of("a", List.of(1, 2L, true, "s", new RawValue("{\"x\":[]}"))))).isEqualTo("{\"a\":[1,2,true,\"s\",{\"x\":[]}]}");
        Map<String, Object> nulls = new LinkedHashMap<>();
        nulls.put("data", null);
        assertThat(walked(nulls)).isEqualTo("{\"data\":null}");
    }
}
