package io.stagehand.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The descriptor is served from the stored jsonb text through {@link StoredJson}: the answer must
 * carry the bytes the generic path (tree, maps, serialised again) wrote before, for every kind of
 * value PostgreSQL can print.
 */
@TestPropertySource(properties = "stagehand.demo.enabled=true")
class StoredJsonTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CatalogQueries queries;

    /** What the descriptor field answered before: the stored text parsed, converted to maps and written. */
    private static String generic(String jsonb) {
        return JSON.writeValueAsString(JSON.convertValue(JSON.readTree(jsonb), Object.class));
    }

    private String jsonb(String json) {
        return db.sql("SELECT CAST(:json AS jsonb)::text").bind("json", json).map(row -> row.get(0, String.class)).one().block();
    }

    @Test
    void writesWhatTheGenericPathWroteForEveryKindOfValue() {
        List<String> values = List.of(
                "{\"kind\": \"Component\", \"metadata\": {\"name\": \"a\", \"tags\": [], \"annotations\": {}}, \"spec\": {\"x\": [1, [2, {}], null, true, false]}}",
                "{\"quote\": \"a \\\"quoted\\\" word, a back\\\\slash and a / slash\", \"unicode\": \"Grüße ✓ 😀\", \"escaped\": \"\\u00e9\\u263a\"}",
                "{\"controls\": \"tab\\t newline\\n return\\r backspace\\b formfeed\\f unit\\u001f start\\u0001 delete\\u007f\"}",
                "{\"numbers\": [0, -1, 42, 9223372036854775807, 123456789012345678901234567890, 1.5, -0.25, 1.0, 1.10, 0.0000001, 1e-7,"
                        + " 12345678.9, 1.0E20, 1e400, 3.141592653589793238462643383279]}",
                "{\"spaces\": \"  a : b , c  \", \"\": \"empty key\", \"k e y\": {\"nested\": {\"deep\": [\"x\", \"y\"]}}, \"z\": \"\"}",
                "{\"b\": 1, \"a\": 2, \"aa\": 3, \"a\": 4}",
                "[]", "{}", "\"just a string\"", "17", "null");
        for (String value : values) {
            String stored = jsonb(value);
            assertThat(StoredJson.compact(stored)).as(stored).isEqualTo(generic(stored));
        }
        // and by hand, so the test does not rest on the generic path alone
        assertThat(StoredJson.compact(jsonb("{\"b\": [1, 2.50], \"a\": \"x\\u001fy\\n\"}"))).isEqualTo("{\"a\":\"x\\u001Fy\\n\",\"b\":[1,2.5]}");
        assertThat(StoredJson.compact(jsonb("{\"n\": 0.0000001}"))).isEqualTo("{\"n\":1.0E-7}");
    }

    @Test
    void theDescriptorFieldAnswersTheBytesOfBefore() {
        assertThat(refresh("demo").succeeded()).isTrue();
        List<String> keys = column("SELECT entity_key FROM entities ORDER BY entity_key LIMIT 40");
        assertThat(keys).hasSize(40);
        for (String key : keys) {
            String stored = single("SELECT descriptor::text FROM entities WHERE entity_key = '" + key + "'");
            String body = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN)
                    .bodyValue("{\"query\": \"{ entity(ref: \\\"" + key + "\\\") { descriptor } }\"}")
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).isEqualTo("{\"data\":{\"entity\":{\"descriptor\":" + generic(stored) + "}}}");
            // compacted as the row was read, so the cache keeps what the answers copy
            assertThat(queries.entitiesByKeys(List.of(key)).block().get(key).descriptor()).isEqualTo(generic(stored));
        }
        // a page of descriptors, through the list path
        String page = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN)
                .bodyValue("{\"query\": \"{ entities(first: 3) { nodes { descriptor } } }\"}")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(JSON.readTree(page).path("data").path("entities").path("nodes")).hasSize(3)
                .allSatisfy(node -> assertThat(node.path("descriptor").path("metadata").path("name").isString()).isTrue());
    }
}
