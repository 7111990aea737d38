package io.stagehand.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** The GraphiQL page over HTTP: what it references is served here, with the CSP, and its tabs run on the demo. */
@TestPropertySource(properties = "stagehand.demo.enabled=true")
class GraphiQlPageTests extends IntegrationTest {

    @LocalServerPort
    int port;

    private static final Pattern REFERENCES = Pattern.compile("(?:src|href)=\"([^\"]*)\"");

    private String page() {
        return http.get().uri("/graphiql").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", GraphiQlPage.CONTENT_SECURITY_POLICY)
                .expectHeader().contentTypeCompatibleWith("text/html")
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void everyScriptAndStylesheetOfThePageIsServedHereWithTheContentSecurityPolicy() {
        List<String> references = new ArrayList<>();
        Matcher matcher = REFERENCES.matcher(page());
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
        assertThat(references).contains("graphiql/assets/webjars/graphiql/2.4.7/graphiql.min.js",
                "graphiql/assets/explorer/graphiql-plugin-explorer.umd.js", "graphiql/assets/stagehand-graphiql.js");
        for (String reference : references) {
            if (reference.startsWith("data:")) {
                continue;
            }
            // relative to the page, so a proxy prefix in front of Stagehand is kept
            assertThat(reference).doesNotContain("//").doesNotStartWith("/");
            http.get().uri("/" + reference).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("Content-Security-Policy", GraphiQlPage.CONTENT_SECURITY_POLICY)
                    .expectBody().consumeWith(body -> assertThat(body.getResponseBody()).as(reference).isNotEmpty());
        }
    }

    @Test
    void versionedWebJarAssetsMayBeCachedAndThePageScriptIsRevalidated() {
        http.get().uri("/graphiql/assets/webjars/react/18.2.0/umd/react.production.min.js").exchange()
                .expectHeader().valueEquals("Cache-Control", "max-age=31536000, public, immutable");
        http.get().uri("/graphiql/assets/stagehand-graphiql.js").exchange()
                .expectHeader().valueEquals("Cache-Control", "no-cache");
    }

    @Test
    void assetsAreSentGzippedToBrowsersThatAcceptIt() throws Exception {
        // java.net.http sends Accept-Encoding as given (WebTestClient's connector drops it)
        URI uri = URI.create("http://localhost:" + port + "/graphiql/assets/webjars/graphiql/2.4.7/graphiql.min.js");
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> gzipped = client.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "br, gzip;q=0.9").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(gzipped.headers().allValues("Vary")).contains("Accept-Encoding");
        assertThat(gzipped.headers().firstValue("Content-Security-Policy")).hasValue(GraphiQlPage.CONTENT_SECURITY_POLICY);
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    void onlyTheGraphiQlAssetsAreServedFromTheClasspath() {
        http.get().uri("/graphiql/assets/../application.yaml").exchange().expectStatus().is4xxClientError();
        http.get().uri("/graphiql/assets/README.md").exchange().expectStatus().is4xxClientError();
        http.get().uri("/graphiql/assets/webjars/../../application.yaml").exchange().expectStatus().is4xxClientError();
    }

    @Test
    void everyExampleTabAnswersOnTheDemoCatalogWithoutErrors() throws IOException {
        assertThat(refresh("demo").succeeded()).isTrue();
        List<String> examples = GraphiQlPage.examples(Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        for (String example : examples) {
            graphQl.document(example).execute().errors().verify();
        }
        graphQl.document(examples.get(0)).execute()
                .path("entity.relations[*].targetRef").entityList(String.class).contains("component:default/fraud-service");
    }

    @Test
    void theReadmesFirstGraphQlBlockBecomesOneTabPerParagraph() {
        String readme = """
                # Stagehand

                ```sh
                ./mvnw verify
                ```

                ```graphql
                # First
                query A { a }

                # Second
                query B {
                  b
                }
                ```

                ```graphql
                { notATab }
                ```
                """;
        assertThat(GraphiQlPage.examples(readme)).containsExactly("# First\nquery A { a }\n", "# Second\nquery B {\n  b\n}\n");
        assertThatThrownBy(() -> GraphiQlPage.examples("# no queries")).hasMessageContaining("```graphql");
    }

    @Test
    void theSettingsAskForATokenOnlyWhenTheApiNeedsOne() {
        String open = GraphiQlPage.page(List.of("{ a }\n"), true);
        assertThat(open).contains("\"tokenRequired\":false").doesNotContain("Authorization");
        String closed = GraphiQlPage.page(List.of("{ a }\n"), false);
        assertThat(closed).contains("\"tokenRequired\":true").contains("Bearer \\u003ctoken>");
        // a query that closes the script element stays inside the JSON
        assertThat(GraphiQlPage.page(List.of("# </script><script>alert(1)</script>\n{ a }\n"), true))
                .contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
    }
}
