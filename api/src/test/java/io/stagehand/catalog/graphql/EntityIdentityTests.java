package io.stagehand.catalog.graphql;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Entities' uids and etags, in GraphQL and in Backstage's REST answers, over a folder the tests change. */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=identity",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/identity",
})
class EntityIdentityTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/identity");

    @BeforeEach
    void folder() throws IOException {
        Fixtures.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
    }

    @Test
    void aUidIsMintedOnFirstStoreAndKeptWhileTheEtagChangesExactlyWithTheEntity() {
        write(ROOT, "a/catalog-info.yaml", component("a", "team-a"));
        write(ROOT, "b/catalog-info.yaml", component("b", "team-a"));
        assertThat(refresh("identity").succeeded()).isTrue();
        Map<String, Object> first = identity("component:default/a");
        assertThat((String) first.get("uid")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(first.get("uid")).isNotEqualTo(identity("component:default/b").get("uid"));

        assertThat(refresh("identity").succeeded()).isTrue();
        assertThat(identity("component:default/a")).isEqualTo(first);

        write(ROOT, "a/catalog-info.yaml", component("a", "team-b"));
        assertThat(refresh("identity").counts().updated()).isEqualTo(1);
        Map<String, Object> changed = identity("component:default/a");
        assertThat(changed.get("uid")).isEqualTo(first.get("uid"));
        assertThat(changed.get("etag")).isNotEqualTo(first.get("etag"));

        // Backstage's answers carry the same, and find the entity by it
        JsonNode served = rest("/api/catalog/entities/by-name/component/default/a");
        assertThat(served.path("metadata").path("uid").asString()).isEqualTo(changed.get("uid"));
        assertThat(served.path("metadata").path("etag").asString()).isEqualTo(changed.get("etag"));
        assertThat(rest("/api/catalog/entities/by-uid/" + changed.get("uid")).path("metadata").path("name").asString()).isEqualTo("a");
        graphQl.document("{ entityByUid(uid: \"" + changed.get("uid") + "\") { ref } }").execute()
                .path("entityByUid.ref").entity(String.class).isEqualTo("component:default/a");
    }

    @Test
    void aUidWrittenInACatalogFileIsNotTrusted() {
        write(ROOT, "b/catalog-info.yaml", component("b", "team-a"));
        assertThat(refresh("identity").succeeded()).isTrue();
        String uidOfB = (String) identity("component:default/b").get("uid");
        write(ROOT, "a/catalog-info.yaml", component("a", "team-a").replace("  name: a\n", "  name: a\n  uid: " + uidOfB + "\n"));
        assertThat(refresh("identity").succeeded()).isTrue();
        assertThat(identity("component:default/a").get("uid")).isNotEqualTo(uidOfB);
        assertThat(rest("/api/catalog/entities/by-name/component/default/a").path("metadata").path("uid").asString()).isNotEqualTo(uidOfB);
        assertThat(rest("/api/catalog/entities/by-uid/" + uidOfB).path("metadata").path("name").asString()).isEqualTo("b");
    }

    @Test
    void anEntityCannotClaimToBeAnOrphan() {
        write(ROOT, "a/catalog-info.yaml", component("a", "team-a").replace("  name: a\n",
                "  name: a\n  annotations:\n    backstage.io/orphan: 'true'\n"));
        assertThat(refresh("identity").succeeded()).isTrue();
        graphQl.document("{ entity(ref: \"component:default/a\") { orphan } }").execute().path("entity.orphan").entity(Boolean.class)
                .isEqualTo(false);
        assertThat(rest("/api/catalog/entities/by-name/component/default/a").path("metadata").path("annotations").has("backstage.io/orphan"))
                .isFalse();
    }

    @Test
    void anUnknownUidIsNullInGraphQlAndBackstagesNotFoundInRest() {
        graphQl.document("{ entityByUid(uid: \"nope\") { ref } }").execute().path("entityByUid").valueIsNull();
        http.get().uri("/api/catalog/entities/by-uid/nope").exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.error.name").isEqualTo("NotFoundError")
                .jsonPath("$.error.message").isEqualTo("No entity with uid nope");
        http.get().uri("/api/catalog/entities/by-uid/" + "x".repeat(300)).exchange().expectStatus().isNotFound();
    }

    @Test
    void theMigrationBackFillsMirroredUidsAndMintsTheRest() throws IOException {
        // V16's back-fill, run as written on a table shaped like the entities it found
        String migration = new String(getClass().getResourceAsStream("/db/migration/V16__entity_uid.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String backfill = migration.substring(migration.indexOf("UPDATE entities"), migration.indexOf(';', migration.indexOf("UPDATE entities")));
        db.sql("DROP TABLE IF EXISTS v16_rows").then().block();
        db.sql("CREATE TABLE v16_rows (entity_key text, location text, descriptor jsonb, uid text)").then().block();
        String mirrored = "url:https://backstage.example.com/api/catalog/entities/by-name/component/default/";
        db.sql("""
                INSERT INTO v16_rows (entity_key, location, descriptor) VALUES
                  ('mirrored', '%1$smirrored', '{"metadata": {"uid": "b6e8c1d0-backstage"}}'),
                  ('numeric', '%1$snumeric', '{"metadata": {"uid": 42}}'),
                  ('long', '%1$slong', '{"metadata": {"uid": "%2$s"}}'),
                  ('none', '%1$snone', '{"metadata": {}}'),
                  ('file', 'file:/catalog/catalog-info.yaml', '{"metadata": {"uid": "b6e8c1d0-backstage"}}'),
                  ('other', 'file:/catalog/other.yaml', '{"metadata": {}}')""".formatted(mirrored, "u".repeat(201))).then().block();
        try {
            db.sql(backfill.replace("UPDATE entities", "UPDATE v16_rows")).then().block();
            assertThat(single("SELECT uid FROM v16_rows WHERE entity_key = 'mirrored'")).isEqualTo("b6e8c1d0-backstage");
            String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}";
            // a file's own metadata.uid is its author's text: it never takes a mirrored entity's identity
            for (String minted : List.of("numeric", "long", "none", "file", "other")) {
                assertThat(single("SELECT uid FROM v16_rows WHERE entity_key = '" + minted + "'")).matches(uuid);
            }
            assertThat(single("SELECT count(DISTINCT uid) FROM v16_rows")).isEqualTo("6");
        } finally {
            db.sql("DROP TABLE v16_rows").then().block();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> identity(String ref) {
        return graphQl.document("{ entity(ref: \"" + ref + "\") { uid etag } }").execute().path("entity").entity(Map.class).get();
    }

    private JsonNode rest(String path) {
        return Json.MAPPER.readTree(http.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }
}
