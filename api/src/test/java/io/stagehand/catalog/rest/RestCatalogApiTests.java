package io.stagehand.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.store.CatalogCache;
import io.stagehand.model.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;

/** Backstage's REST catalog read API over the demo catalog, answer by answer as Backstage gives them. */
@TestPropertySource(properties = "stagehand.demo.enabled=true")
class RestCatalogApiTests extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    CatalogCache catalogCache;

    @BeforeEach
    void ingestDemo() {
        assertThat(refresh("demo").succeeded()).isTrue();
    }

    @Test
    void byNameServesTheStoredDescriptorWithItsRelations() {
        http.get().uri("/api/catalog/entities/by-name/Component/Default/Payment-API").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.apiVersion").isEqualTo("backstage.io/v1alpha1")
                .jsonPath("$.kind").isEqualTo("Component")
                .jsonPath("$.metadata.name").isEqualTo("payment-api")
                .jsonPath("$.metadata.namespace").isEqualTo("default")
                .jsonPath("$.spec.owner").exists()
                .jsonPath("$.relations[?(@.type == 'ownedBy')].targetRef").isEqualTo("group:default/payments-team")
                .jsonPath("$.relations[?(@.type == 'partOf')].targetRef").isEqualTo("system:default/payments")
                .jsonPath("$.relations[0].target").doesNotExist();
    }

    @Test
    void aMissingEntityIsBackstagesNotFoundError() {
        http.get().uri("/api/catalog/entities/by-name/component/default/nope").exchange()
                .expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.error.name").isEqualTo("NotFoundError")
                .jsonPath("$.error.message").isEqualTo("No entity named 'nope' found, with kind 'component' in namespace 'default'")
                .jsonPath("$.error.stack").doesNotExist()
                .jsonPath("$.request.method").isEqualTo("GET")
                .jsonPath("$.request.url").isEqualTo("/api/catalog/entities/by-name/component/default/nope")
                .jsonPath("$.response.statusCode").isEqualTo(404);
    }

    @Test
    void byRefsAnswersInRequestOrderWithNullForMissingAndProjectsFields() {
        http.post().uri("/api/catalog/entities/by-refs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"entityRefs": ["component:default/payment-api", "component:default/nope", "Group:payments-team"],
                         "fields": ["kind", "metadata.name", "metadata.annotations.backstage.io/techdocs-ref"]}""")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(3)
                .jsonPath("$.items[0].kind").isEqualTo("Component")
                .jsonPath("$.items[0].metadata.name").isEqualTo("payment-api")
                .jsonPath("$.items[0].metadata.namespace").doesNotExist()
                .jsonPath("$.items[0].spec").doesNotExist()
                .jsonPath("$.items[0].relations").doesNotExist()
                .jsonPath("$.items[1]").isEmpty()
                .jsonPath("$.items[2].metadata.name").isEqualTo("payments-team");
    }

    @Test
    void entitiesFiltersAsBackstageDoes() {
        assertThat(names(get(b -> b.path("/api/catalog/entities").queryParam("filter", "{f}").queryParam("fields", "metadata.name")
                .build("kind=component,spec.type=service"))))
                .hasSize(count("kind = 'Component' AND spec_type = 'service'"));
        // two parameters are alternatives; the same key twice in one matches either value
        int domainsAndSystems = count("kind IN ('Domain', 'System')");
        assertThat(names(get(b -> b.path("/api/catalog/entities").queryParam("filter", "{a}", "{b}").build("kind=domain", "KIND=System"))))
                .hasSize(domainsAndSystems);
        assertThat(names(get(b -> b.path("/api/catalog/entities").queryParam("filter", "{f}").build("kind=domain,kind=system"))))
                .hasSize(domainsAndSystems);
        // a key alone: the annotation exists
        assertThat(names(get(b -> b.path("/api/catalog/entities").queryParam("filter", "{f}")
                .build("kind=component,metadata.annotations.backstage.io/techdocs-ref"))))
                .hasSize(count("kind = 'Component' AND descriptor -> 'metadata' -> 'annotations' ? 'backstage.io/techdocs-ref'"));
        assertThat(names(get(b -> b.path("/api/catalog/entities").queryParam("filter", "{f}")
                .build("relations.ownedBy=group:default/payments-team,metadata.tags=JAVA"))))
                .isNotEmpty()
                .hasSize(Integer.parseInt(single("SELECT count(*) FROM entities e JOIN relations r ON r.source_key = e.entity_key"
                        + " AND r.type = 'ownedBy' AND r.target_key = 'group:default/payments-team' WHERE 'java' = ANY(e.tags)")));
    }

    @Test
    void entitiesPagesWithLimitOffsetAndTheLinkToTheNextPage() {
        List<String> all = names(get(b -> b.path("/api/catalog/entities").queryParam("filter", "{f}").queryParam("order", "{o}")
                .build("kind=component", "asc:metadata.name")));
        assertThat(all).isEqualTo(column("SELECT name FROM entities WHERE kind = 'Component' ORDER BY lower(name), entity_key"));
        List<String> paged = new ArrayList<>();
        String next = "/api/catalog/entities?filter=kind%3Dcomponent&order=asc%3Ametadata.name&limit=7&offset=0";
        while (next != null) {
            EntityExchangeResult<byte[]> page = http.get().uri(URI.create("http://localhost:" + port + next)).exchange().expectStatus().isOk().expectBody().returnResult();
            List<String> names = names(Json.MAPPER.readTree(page.getResponseBody()));
            assertThat(names).hasSizeLessThanOrEqualTo(7);
            paged.addAll(names);
            String link = page.getResponseHeaders().getFirst(HttpHeaders.LINK);
            next = link == null ? null : link.substring(1, link.indexOf('>'));
            assertThat(next == null || next.contains("after=") && !next.contains("offset=")).isTrue();
        }
        assertThat(paged).isEqualTo(all);
        assertThat(names(get(b -> b.path("/api/catalog/entities").queryParam("filter", "{f}").queryParam("order", "{o}")
                .queryParam("offset", 3).queryParam("limit", 2).build("kind=component", "asc:metadata.name"))))
                .isEqualTo(all.subList(3, 5));
    }

    @Test
    void byQueryPagesWithCursorsBothWays() {
        int total = count("kind = 'Component'");
        List<String> forward = new ArrayList<>();
        JsonNode page = get(b -> b.path("/api/catalog/entities/by-query").queryParam("filter", "{f}").queryParam("orderField", "{o}")
                .queryParam("limit", 8).queryParam("fields", "metadata.name").build("kind=component", "metadata.name,desc"));
        assertThat(page.path("pageInfo").has("prevCursor")).isFalse();
        JsonNode last = page;
        while (page != null) {
            assertThat(page.path("totalItems").asInt()).isEqualTo(total);
            forward.addAll(names(page.path("items")));
            last = page;
            String cursor = cursor(page, "nextCursor");
            page = cursor == null ? null : get(b -> b.path("/api/catalog/entities/by-query").queryParam("cursor", cursor).queryParam("limit", 8).build());
        }
        assertThat(forward).hasSize(total).doesNotHaveDuplicates();
        assertThat(forward).isEqualTo(column("SELECT name FROM entities WHERE kind = 'Component' ORDER BY lower(name) DESC, entity_key DESC"));
        List<String> backward = new ArrayList<>(names(last.path("items")));
        String cursor = cursor(last, "prevCursor");
        while (cursor != null) {
            String at = cursor;
            JsonNode previous = get(b -> b.path("/api/catalog/entities/by-query").queryParam("cursor", at).queryParam("limit", 8).build());
            assertThat(previous.path("pageInfo").has("nextCursor")).isTrue();
            backward.addAll(0, names(previous.path("items")));
            cursor = cursor(previous, "prevCursor");
        }
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void byQueryStartsAtAnOffsetAndPagesBackNoFurtherThanItsFirstRowAsBackstageDoes() {
        List<String> all = column("SELECT name FROM entities WHERE kind = 'Component' ORDER BY lower(name), entity_key");
        JsonNode page = get(b -> b.path("/api/catalog/entities/by-query").queryParam("filter", "{f}").queryParam("orderField", "{o}")
                .queryParam("offset", 4).queryParam("limit", 3).build("kind=component", "metadata.name"));
        assertThat(names(page.path("items"))).isEqualTo(all.subList(4, 7));
        // Backstage's first answer never has a prevCursor, and paging back stops at that answer's first row
        assertThat(page.path("pageInfo").has("prevCursor")).isFalse();
        String next = cursor(page, "nextCursor");
        JsonNode second = get(b -> b.path("/api/catalog/entities/by-query").queryParam("cursor", next).queryParam("limit", 2).build());
        assertThat(names(second.path("items"))).isEqualTo(all.subList(7, 9));
        String back = cursor(second, "prevCursor");
        JsonNode previous = get(b -> b.path("/api/catalog/entities/by-query").queryParam("cursor", back).queryParam("limit", 3).build());
        assertThat(names(previous.path("items"))).isEqualTo(all.subList(4, 7));
        assertThat(previous.path("pageInfo").has("prevCursor")).isFalse();
        assertThat(previous.path("pageInfo").has("nextCursor")).isTrue();
    }

    @Test
    void byQueryCursorsCarryTheFirstTotalAsBackstagesDo() {
        JsonNode page = get(b -> b.path("/api/catalog/entities/by-query").queryParam("filter", "{f}").queryParam("limit", 2)
                .build("kind=component"));
        int total = count("kind = 'Component'");
        assertThat(page.path("totalItems").asInt()).isEqualTo(total);
        db.sql("DELETE FROM entities WHERE entity_key = (SELECT max(entity_key) FROM entities WHERE kind = 'Component')").then().block();
        catalogCache.invalidate();
        assertThat(count("kind = 'Component'")).isEqualTo(total - 1);
        String next = cursor(page, "nextCursor");
        assertThat(get(b -> b.path("/api/catalog/entities/by-query").queryParam("cursor", next).build()).path("totalItems").asInt())
                .isEqualTo(total);
    }

    @Test
    void validateEntityAnswersAsBackstagesDoesAndStoresNothing() {
        int before = count("TRUE");
        String valid = "{\"apiVersion\": \"backstage.io/v1alpha1\", \"kind\": \"Component\", \"metadata\": {\"name\": \"new-one\"},"
                + " \"spec\": {\"type\": \"service\", \"lifecycle\": \"production\", \"owner\": \"team-a\"}}";
        validate("{\"entity\": " + valid + ", \"location\": \"url:https://example.com/catalog-info.yaml\"}")
                .expectStatus().isOk().expectBody().isEmpty();
        validate("{\"entity\": " + valid.replace("new-one", "not valid!").replace("\"team-a\"", "\"group:a:b\"")
                + ", \"location\": \"url:https://example.com/catalog-info.yaml\"}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].name").isEqualTo("InputError")
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("metadata.name"));
        validate("{\"entity\": " + valid.replace("\"team-a\"", "\"group:a:b\"") + ", \"location\": \"url:https://example.com/x.yaml\"}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("group:a:b"));
        validate("{\"entity\": " + valid + ", \"location\": \"file:/etc/passwd\"}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("only 'url:<target>'"));
        validate("{not json").expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].message")
                .value(message -> assertThat((String) message).contains("Malformed request body"));
        assertThat(count("TRUE")).isEqualTo(before);
        assertThat(count("name = 'new-one'")).isZero();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec validate(String body) {
        return http.post().uri("/api/catalog/validate-entity").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void facetsCountValuesOfTheFilteredEntities() {
        http.get().uri(b -> b.path("/api/catalog/entity-facets").queryParam("facet", "kind", "spec.type").queryParam("filter", "{f}")
                        .build("kind=component"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.facets.kind[0].value").isEqualTo("Component")
                .jsonPath("$.facets.kind[0].count").isEqualTo(count("kind = 'Component'"))
                .jsonPath("$.facets['spec.type'][?(@.value == 'service')].count").isEqualTo(count("kind = 'Component' AND spec_type = 'service'"));
    }

    @Test
    void badInputIsBackstagesInputErrorNamingWhatIsWrong() {
        badRequest(b -> b.path("/api/catalog/entities").queryParam("filter", "{f}").build("kind=component,=x"),
                "'=x' at character 16 is not a valid statement");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("limit", 0).build(), "Invalid limit, must be greater than zero");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("limit", 100000).build(), "stagehand.api.max-page-size");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("limit", "ten").build(), "Invalid limit, not an integer");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("offset", -1).build(), "Invalid offset");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("order", "sideways:metadata.name").build(), "Invalid order parameter");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("order", "asc:spec.a=b").build(), "contains '='");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("after", "garbage").build(), "Invalid cursor");
        badRequest(b -> b.path("/api/catalog/entities").queryParam("fields", "{f}").build("relations[0]"), "array type fields");
        badRequest(b -> b.path("/api/catalog/entities/by-query").queryParam("cursor", "garbage").build(), "Invalid cursor");
        badRequest(b -> b.path("/api/catalog/entity-facets").build(), "Missing facet parameter");
        badRequest(b -> b.path("/api/catalog/entity-facets").queryParam("facet", "{f}").build("spec." + "x".repeat(200)), "longer than 200");
        http.post().uri("/api/catalog/entities/by-refs").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"entityRefs\": [1]}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.name").isEqualTo("InputError");
        http.post().uri("/api/catalog/entities/by-refs").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.name").isEqualTo("InputError");
    }

    @Test
    void aBodyOverTheRequestLimitIsRefused() {
        // stagehand.api.max-request-bytes bounds every body, these too; the client's chunk of 1000 refs stays well below it
        String refs = "\"component:default/x\", ".repeat(300 * 1024 / 24);
        http.post().uri("/api/catalog/entities/by-refs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"entityRefs\": [" + refs + "\"component:default/x\"]}")
                .exchange().expectStatus().isEqualTo(413);
    }

    private void badRequest(Function<UriBuilder, URI> uri, String message) {
        String body = http.get().uri(uri).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode error = Json.MAPPER.readTree(body);
        assertThat(error.path("error").path("name").asString()).isEqualTo("InputError");
        assertThat(error.path("error").path("message").asString()).contains(message);
        assertThat(error.path("response").path("statusCode").asInt()).isEqualTo(400);
        assertThat(body).doesNotContain("stack", "Exception", "at io.");
    }

    private JsonNode get(Function<UriBuilder, URI> uri) {
        return Json.MAPPER.readTree(http.get().uri(uri).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private static String cursor(JsonNode page, String which) {
        JsonNode cursor = page.path("pageInfo").get(which);
        return cursor == null ? null : cursor.asString();
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path("metadata").path("name").asString()));
        return names;
    }

    private int count(String condition) {
        return Integer.parseInt(single("SELECT count(*) FROM entities WHERE " + condition));
    }
}
