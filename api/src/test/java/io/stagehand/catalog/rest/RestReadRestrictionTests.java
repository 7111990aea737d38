package io.stagehand.catalog.rest;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The REST catalog API asks for the same bearer tokens as GraphQL and serves only what the read
 * restriction lets the caller see: in lists, counts, facets, lookups by name and by ref, and relations.
 * Here a reader sees the entities labelled public; the admin token sees all.
 */
@TestPropertySource(properties = {
        "stagehand.auth.anonymous=false",
        "stagehand.auth.tokens[0].name=tests",
        "stagehand.auth.tokens[0].token=test-token-0123456789abcdef",
        "stagehand.auth.tokens[0].scopes=admin",
        "stagehand.auth.tokens[1].name=reader",
        "stagehand.auth.tokens[1].token=" + RestReadRestrictionTests.READER,
        "stagehand.auth.tokens[1].scopes=read",
        "stagehand.sources[0].name=rest-restricted",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/rest-restriction",
        "stagehand.permissions.read[0].labels.visibility=public",
})
class RestReadRestrictionTests extends IntegrationTest {

    @LocalServerPort
    int port;

    static final String READER = "reader-token-0123456789abcdef";
    static final Path ROOT = Path.of("target/it/rest-restriction");

    @BeforeEach
    void catalog() throws IOException {
        Fixtures.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        write(ROOT, "catalog-info.yaml", String.join("---\n", Fixtures.group("team-a", null),
                component("open", "  labels: {visibility: public}\n", "[component:secret]"),
                component("secret", "", "[]")));
        assertThat(refresh("rest-restricted").succeeded()).isTrue();
    }

    static String component(String name, String labels, String dependsOn) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\n" + labels
                + "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n  dependsOn: " + dependsOn + "\n";
    }

    @Test
    void withoutATokenTheApiRefuses() {
        http.get().uri("/api/catalog/entities").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/catalog/entities/by-name/component/default/open").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/catalog/entities").header("Authorization", "Bearer not-a-token").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void listsCountsAndFacetsHoldOnlyWhatTheCallerSees() {
        assertThat(names(get(READER, "/api/catalog/entities"))).containsExactly("open");
        assertThat(names(get(TOKEN, "/api/catalog/entities"))).containsExactlyInAnyOrder("open", "secret", "team-a");
        JsonNode page = get(READER, "/api/catalog/entities/by-query?filter=kind%3Dcomponent");
        assertThat(page.path("totalItems").asInt()).isEqualTo(1);
        assertThat(get(TOKEN, "/api/catalog/entities/by-query?filter=kind%3Dcomponent").path("totalItems").asInt()).isEqualTo(2);
        assertThat(get(READER, "/api/catalog/entity-facets?facet=kind").path("facets").path("kind").get(0).path("count").asInt()).isEqualTo(1);
    }

    @Test
    void aHiddenEntityIsNotFoundAndItsRelationsAreLeftOut() {
        as(READER).get().uri("/api/catalog/entities/by-name/component/default/secret").exchange().expectStatus().isNotFound();
        as(TOKEN).get().uri("/api/catalog/entities/by-name/component/default/secret").exchange().expectStatus().isOk();
        as(READER).post().uri("/api/catalog/entities/by-refs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"entityRefs\": [\"component:default/secret\", \"component:default/open\"]}")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[0]").isEmpty()
                .jsonPath("$.items[1].metadata.name").isEqualTo("open");
        assertThat(targets(get(READER, "/api/catalog/entities/by-name/component/default/open"))).doesNotContain("component:default/secret");
        assertThat(targets(get(TOKEN, "/api/catalog/entities/by-name/component/default/open"))).contains("component:default/secret");
    }

    @Test
    void aHiddenEntityIsNotFoundByItsUidInEitherApi() {
        String secret = single("SELECT uid FROM entities WHERE name = 'secret'");
        as(READER).get().uri("/api/catalog/entities/by-uid/" + secret).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.name").isEqualTo("NotFoundError");
        as(TOKEN).get().uri("/api/catalog/entities/by-uid/" + secret).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.metadata.name").isEqualTo("secret").jsonPath("$.metadata.uid").isEqualTo(secret);
        String query = Json.MAPPER.createObjectNode().put("query", "{ entityByUid(uid: \"" + secret + "\") { ref uid } }").toString();
        as(READER).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).bodyValue(query)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.errors").doesNotExist()
                .jsonPath("$.data.entityByUid").isEmpty();
        as(TOKEN).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).bodyValue(query)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.entityByUid.ref").isEqualTo("component:default/secret");
    }

    @Test
    void pageEdgesDoNotRevealHiddenEntities() {
        // the reader sees only 'open' among the components: nothing precedes or follows it, whatever the admin sees
        String query = "{ entities(filter: {kind: [\"Component\"]}, last: 1, before: \"%s\") { pageInfo { hasPreviousPage hasNextPage } nodes { name } } }";
        String afterAll = io.stagehand.graphql.Cursors.encode(List.of("component:default/zzz"));
        as(READER).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Json.MAPPER.createObjectNode().put("query", query.formatted(afterAll)).toString())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.entities.nodes[0].name").isEqualTo("open")
                .jsonPath("$.data.entities.pageInfo.hasPreviousPage").isEqualTo(false);
        as(TOKEN).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Json.MAPPER.createObjectNode().put("query", query.formatted(afterAll)).toString())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.entities.nodes[0].name").isEqualTo("secret")
                .jsonPath("$.data.entities.pageInfo.hasPreviousPage").isEqualTo(true);
    }

    @Test
    void dotPathFiltersOrdersAndFacetsHoldOnlyWhatTheCallerSeesInBothApis() {
        assertThat(names(get(READER, "/api/catalog/entities?filter=spec.owner%3Dteam-a&order=asc:spec.owner"))).containsExactly("open");
        assertThat(names(get(TOKEN, "/api/catalog/entities?filter=spec.owner%3Dteam-a"))).containsExactlyInAnyOrder("open", "secret");
        assertThat(get(READER, "/api/catalog/entity-facets?facet=spec.owner").path("facets").path("spec.owner").get(0).path("count").asInt())
                .isEqualTo(1);
        String query = "{ entities(filter: {backstage: [\"spec.owner=team-a\"], match: [{path: \"spec.dependsOn\", exists: false}]},"
                + " orderBy: [{path: \"spec.owner\"}]) { totalCount edges { node { name } } }"
                + " facets(path: \"spec.lifecycle\") { value count } }";
        as(READER).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Json.MAPPER.createObjectNode().put("query", query).toString())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.errors").doesNotExist()
                .jsonPath("$.data.entities.totalCount").isEqualTo(0)
                .jsonPath("$.data.facets[0].count").isEqualTo(1);
        as(READER).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Json.MAPPER.createObjectNode().put("query", query.replace("exists: false", "exists: true")).toString())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.entities.totalCount").isEqualTo(1)
                .jsonPath("$.data.entities.edges[0].node.name").isEqualTo("open");
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeader("Authorization", "Bearer " + token).build();
    }

    private JsonNode get(String token, String uri) {
        return Json.MAPPER.readTree(as(token).get().uri(java.net.URI.create("http://localhost:" + port + uri)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path("metadata").path("name").asString()));
        return names;
    }

    private static List<String> targets(JsonNode entity) {
        List<String> targets = new ArrayList<>();
        entity.path("relations").forEach(r -> targets.add(r.path("targetRef").asString()));
        return targets;
    }
}
