package io.stagehand.graphql;

import io.stagehand.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * GraphiQL at {@code /graphiql}, served entirely by Stagehand: the page, GraphiQL's and React's
 * bundles from their WebJars, the explorer plugin and the page's own script, all under
 * {@code /graphiql/assets/}, which needs no token. A Content-Security-Policy allowing only this
 * origin keeps the page from loading anything else, so it works without internet access.
 */
@Configuration(proxyBeanMethods = false)
class GraphiQlPage {

    /**
     * Scripts, styles and connections only from this origin (the WebSocket of subscriptions too,
     * which CSP Level 3 counts as 'self'); GraphiQL's stylesheet carries its fonts and icons as
     * data: URLs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    private static final Pattern README_EXAMPLES = Pattern.compile("```graphql\\n(.*?)```", Pattern.DOTALL);

    @Bean
    RouterFunction<ServerResponse> graphiQl(AnonymousAccess access) {
        String page = page(examples(read("graphiql/README.md")), access.allowed());
        return RouterFunctions.route()
                .GET("/graphiql", request -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_HTML)
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .bodyValue(page))
                // The WebJars' paths carry their versions, so browsers may keep them.
                .add(RouterFunctions.resources("/graphiql/assets/webjars/**", new ClassPathResource("META-INF/resources/webjars/"),
                        (resource, headers) -> assetHeaders(headers, CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())))
                .add(RouterFunctions.resources("/graphiql/assets/**", new ClassPathResource("graphiql/static/"),
                        (resource, headers) -> assetHeaders(headers, CacheControl.noCache())))
                .filter(new GzippedAssets())
                .build();
    }

    private static void assetHeaders(HttpHeaders headers, CacheControl cache) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.setCacheControl(cache);
    }

    /**
     * The queries of the README's first GraphQL block, one tab each: the block's paragraphs,
     * so that a new user finds the README's examples ready to run.
     */
    static List<String> examples(String readme) {
        Matcher block = README_EXAMPLES.matcher(readme);
        if (!block.find()) {
            throw new IllegalStateException("README.md has no ```graphql block to open GraphiQL with");
        }
        List<String> tabs = new ArrayList<>();
        for (String paragraph : block.group(1).split("\\n\\s*\\n")) {
            if (!paragraph.isBlank()) {
                tabs.add(paragraph.strip() + "\n");
            }
        }
        return tabs;
    }

    /**
     * The page with the versions of the WebJars on the classpath and its settings: the tabs and,
     * when the API needs a token, the headers editor open with a header to complete.
     */
    static String page(List<String> examples, boolean anonymous) {
        Map<String, Object> settings = new LinkedHashMap<>();
        List<Map<String, String>> tabs = new ArrayList<>();
        String headers = anonymous ? "" : "{\n  \"Authorization\": \"Bearer <token>\"\n}";
        for (String query : examples) {
            tabs.add(anonymous ? Map.of("query", query) : Map.of("query", query, "headers", headers));
        }
        settings.put("tabs", tabs);
        settings.put("headers", headers);
        settings.put("tokenRequired", !anonymous);
        // Inside a <script> element only "</" could end it early; \u003c keeps the JSON the same.
        String json = Json.MAPPER.writeValueAsString(settings).replace("<", "\\u003c");
        return read("graphiql/index.html")
                .replace("{{graphiql}}", webJarVersion("graphiql"))
                .replace("{{react}}", webJarVersion("react"))
                .replace("{{react-dom}}", webJarVersion("react-dom"))
                .replace("{{settings}}", json);
    }

    private static String webJarVersion(String name) {
        Properties pom = new Properties();
        try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars.npm/" + name + "/pom.properties").getInputStream()) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("The WebJar org.webjars.npm:" + name + " that GraphiQL needs is not on the classpath", e);
        }
        return pom.getProperty("version");
    }

    private static String read(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " from the classpath", e);
        }
    }
}
