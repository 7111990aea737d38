package io.stagehand.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub organisation of N repositories for {@code bench/github-discovery.sh}, in the shapes GitHub
 * documents: GraphQL's {@code repositoryOwner.repositories} in pages of 100 with cursors, and the contents
 * API with the raw media type, weak {@code ETag}s and 304s. Each repository holds one catalog file whose
 * blob id and ETag follow its version; {@code POST /__change?every=K} bumps every K-th repository's,
 * {@code GET /__stats} tells the requests counted since {@code POST /__reset}. A JDK server rather than
 * WireMock: with a stub per file, WireMock matches each request against thousands of stubs, and the fake,
 * not Stagehand, would be measured.
 */
public final class GithubFake {

    private static final Pattern CURSOR = Pattern.compile("\"cursor\"\\s*:\\s*\"p(\\d+)\"");
    private static final Pattern FILE = Pattern.compile("/api/v3/repos/bench/repo-(\\d+)/contents/catalog-info\\.yaml");
    private static final int PAGE = 100;

    private final int repositories;
    private final AtomicIntegerArray versions;
    private final AtomicInteger graphql = new AtomicInteger();
    private final AtomicInteger contents = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger other = new AtomicInteger();

    private GithubFake(int repositories) {
        this.repositories = repositories;
        this.versions = new AtomicIntegerArray(repositories);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        GithubFake fake = new GithubFake(Integer.parseInt(args[1]));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", fake::handle);
        server.start();
        System.out.println("GitHub fake with " + args[1] + " repositories on port " + port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals("/api/graphql")) {
                graphql.incrementAndGet();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher cursor = CURSOR.matcher(body);
                answer(exchange, 200, "application/json", page(cursor.find() ? Integer.parseInt(cursor.group(1)) : 0), null);
                return;
            }
            Matcher file = FILE.matcher(path);
            if (method.equals("GET") && file.matches()) {
                contents.incrementAndGet();
                int index = Integer.parseInt(file.group(1));
                if (index >= repositories) {
                    answer(exchange, 404, "application/json", "{\"message\": \"Not Found\"}", null);
                    return;
                }
                String etag = "W/\"" + index + "-" + versions.get(index) + "\"";
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    notModified.incrementAndGet();
                    exchange.getResponseHeaders().set("ETag", etag);
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                answer(exchange, 200, "application/vnd.github.v3.raw", component(index, versions.get(index)), etag);
                return;
            }
            if (path.equals("/__change")) {
                String query = exchange.getRequestURI().getQuery();
                int every = Integer.parseInt(query.replaceFirst("^every=", ""));
                int changed = 0;
                for (int i = 0; i < repositories; i += every) {
                    versions.incrementAndGet(i);
                    changed++;
                }
                answer(exchange, 200, "text/plain", changed + "\n", null);
                return;
            }
            if (path.equals("/__reset")) {
                graphql.set(0);
                contents.set(0);
                notModified.set(0);
                other.set(0);
                answer(exchange, 200, "text/plain", "reset\n", null);
                return;
            }
            if (path.equals("/__stats")) {
                answer(exchange, 200, "text/plain", "graphql=" + graphql.get() + " contents=" + contents.get() + " notModified="
                        + notModified.get() + " other=" + other.get() + "\n", null);
                return;
            }
            other.incrementAndGet();
            answer(exchange, 404, "application/json", "{\"message\": \"Not Found\"}", null);
        }
    }

    private String page(int number) {
        StringBuilder nodes = new StringBuilder();
        int end = Math.min(repositories, (number + 1) * PAGE);
        for (int i = number * PAGE; i < end; i++) {
            if (!nodes.isEmpty()) {
                nodes.append(',');
            }
            nodes.append("{\"name\":\"repo-").append(i).append("\",\"isArchived\":false,\"isFork\":false,\"visibility\":\"PRIVATE\",")
                    .append("\"repositoryTopics\":{\"nodes\":[]},\"defaultBranchRef\":{\"name\":\"main\",\"target\":{\"oid\":\"")
                    .append(oid(i, 0)).append("\"}},\"catalogInfoFile\":{\"__typename\":\"Blob\",\"oid\":\"").append(oid(i, versions.get(i) + 1))
                    .append("\"}}");
        }
        boolean next = end < repositories;
        return "{\"data\":{\"repositoryOwner\":{\"repositories\":{\"pageInfo\":{\"hasNextPage\":" + next + ",\"endCursor\":"
                + (next ? "\"p" + (number + 1) + "\"" : "null") + "},\"nodes\":[" + nodes + "]}}}}";
    }

    private static String oid(int index, int version) {
        return String.format("%08x%032x", index, version);
    }

    private static String component(int index, int version) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: service-" + index
                + "\n  description: Service " + index + " of the bench organisation, version " + version
                + "\nspec:\n  type: service\n  lifecycle: production\n"
                + "  owner: team-" + (index % 50) + "\n";
    }

    private static void answer(HttpExchange exchange, int status, String type, String body, String etag) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-ratelimit-remaining", "4999");
        if (etag != null) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
