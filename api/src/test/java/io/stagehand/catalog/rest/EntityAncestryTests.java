package io.stagehand.catalog.rest;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.graphql.StatementCounter;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The Location chain an entity was found through, in Backstage's ancestry answer and in GraphQL,
 * over a root Location, a Location in between and the entity's file; a reader who may see only
 * what is labelled public does not learn the name of the Location in between.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = {
        "stagehand.auth.anonymous=false",
        "stagehand.auth.tokens[0].name=tests",
        "stagehand.auth.tokens[0].token=test-token-0123456789abcdef",
        "stagehand.auth.tokens[0].scopes=admin",
        "stagehand.auth.tokens[1].name=reader",
        "stagehand.auth.tokens[1].token=" + EntityAncestryTests.READER,
        "stagehand.auth.tokens[1].scopes=read",
        "stagehand.sources[0].name=rooted",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/ancestry",
        "stagehand.sources[0].glob=catalog-root.yaml",
        "stagehand.permissions.read[0].labels.visibility=public",
})
class EntityAncestryTests extends IntegrationTest {

    static final String READER = "reader-token-ancestry-0123456789";
    static final Path ROOT = Path.of("target/it/ancestry");

    @BeforeEach
    void catalogBehindTwoLocations() throws IOException {
        Fixtures.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        write(ROOT, "catalog-root.yaml", location("root", "  labels: {visibility: public}\n", "./teams/locations.yaml"));
        write(ROOT, "teams/locations.yaml", location("middle", "", "./a/catalog-info.yaml"));
        write(ROOT, "teams/a/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n"
                + "  labels: {visibility: public}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n");
        assertThat(refresh("rooted").succeeded()).isTrue();
    }

    private static String location(String name, String labels, String target) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: " + name + "\n" + labels
                + "spec:\n  targets: [" + target + "]\n";
    }

    @Test
    void theAncestryListsTheEntityThenItsLocationsNearestFirstWithTheirParents() {
        JsonNode ancestry = get(TOKEN, "/api/catalog/entities/by-name/component/default/a/ancestry");
        assertThat(ancestry.path("rootEntityRef").asString()).isEqualTo("component:default/a");
        assertThat(refs(ancestry)).containsExactly("component:default/a", "location:default/middle", "location:default/root");
        assertThat(parents(ancestry, 0)).containsExactly("location:default/middle");
        assertThat(parents(ancestry, 1)).containsExactly("location:default/root");
        assertThat(parents(ancestry, 2)).isEmpty();
        // the items are whole entities as Backstage serves them
        assertThat(ancestry.path("items").get(1).path("entity").path("spec").path("targets").get(0).asString())
                .isEqualTo("./a/catalog-info.yaml");
        assertThat(ancestry.path("items").get(0).path("entity").path("metadata").path("uid").asString()).isNotEmpty();

        graphQl(TOKEN, "{ entity(ref: \"component:default/a\") { ancestry { ref } } root: entity(ref: \"location:default/root\") { ancestry { ref } } }")
                .jsonPath("$.data.entity.ancestry[*].ref").isEqualTo(List.of("location:default/root", "location:default/middle"))
                .jsonPath("$.data.root.ancestry").isEmpty();
    }

    @Test
    void aHiddenLocationIsLeftOutAndItsNameNotRevealed() {
        String body = as(READER).get().uri("/api/catalog/entities/by-name/component/default/a/ancestry").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("middle");
        JsonNode ancestry = Json.MAPPER.readTree(body);
        assertThat(refs(ancestry)).containsExactly("component:default/a", "location:default/root");
        assertThat(parents(ancestry, 0)).isEmpty();
        as(READER).get().uri("/api/catalog/entities/by-name/location/default/middle/ancestry").exchange().expectStatus().isNotFound();
        graphQl(READER, "{ entity(ref: \"component:default/a\") { ancestry { ref } } }")
                .jsonPath("$.data.entity.ancestry[*].ref").isEqualTo(List.of("location:default/root"));
    }

    @Test
    void aListAsksForAncestriesAndOrphansInAFewStatementsWhateverItsLength() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            many.append("---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c").append(i)
                    .append("\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n");
        }
        write(ROOT, "teams/a/catalog-info.yaml", many.substring(4));
        assertThat(refresh("rooted").succeeded()).isTrue();
        StatementCounter.STATEMENTS.set(0);
        graphQl(TOKEN, "{ entities(filter: {kind: [\"Component\"]}, first: 100) { nodes { ref orphan ancestry { ref orphan } } } }")
                .jsonPath("$.data.entities.nodes.length()").isEqualTo(30)
                .jsonPath("$.data.entities.nodes[29].ancestry[*].ref").isEqualTo(List.of("location:default/root", "location:default/middle"));
        // the page, the chains, their Locations, the orphaned sources: no statement per entity
        assertThat(StatementCounter.STATEMENTS.get()).isLessThanOrEqualTo(5);
    }

    @Test
    void aMissingEntityHasNoAncestry() {
        as(TOKEN).get().uri("/api/catalog/entities/by-name/component/default/nope/ancestry").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.name").isEqualTo("NotFoundError");
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeader("Authorization", "Bearer " + token).build();
    }

    private JsonNode get(String token, String uri) {
        return Json.MAPPER.readTree(as(token).get().uri(uri).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private WebTestClient.BodyContentSpec graphQl(String token, String query) {
        return as(token).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Json.MAPPER.createObjectNode().put("query", query).toString())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors").doesNotExist();
    }

    private static List<String> refs(JsonNode ancestry) {
        List<String> refs = new ArrayList<>();
        ancestry.path("items").forEach(item -> refs.add(item.path("entity").path("kind").asString().toLowerCase() + ":"
                + item.path("entity").path("metadata").path("namespace").asString() + "/" + item.path("entity").path("metadata").path("name").asString()));
        return refs;
    }

    private static List<String> parents(JsonNode ancestry, int item) {
        List<String> refs = new ArrayList<>();
        ancestry.path("items").get(item).path("parentEntityRefs").forEach(ref -> refs.add(ref.asString()));
        return refs;
    }
}
