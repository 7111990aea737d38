package io.stagehand.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Sends one kind of GraphQL query from several concurrent clients on loopback for a fixed time and
 * prints median, p95 and throughput. Each client waits for its answer before the next request.
 *
 * <p>Usage: {@code LoadClient <base-url> <query> <catalog-size> <clients> <seconds>}; queries:
 * {@code entity}, {@code owner-filter}, {@code page500}, {@code graph5}, {@code rollup}, {@code scorecard-failing}, and with whole descriptors {@code full-entity},
 * {@code full-page500}, {@code full-owner}. With
 * {@code LoadClient bodies <query> <catalog-size> <count> <file>} it writes that many request
 * bodies, one a line, for {@code bench/load.lua} (wrk), which costs the shared cores less.
 * {@code -Dtoken=<bearer token>} sends it with every request (a server with anonymous access off).
 */
public final class LoadClient {

    private static final String TOKEN = System.getProperty("token");

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("bodies")) {
            IntFunction<String> query = query(args[1], Integer.parseInt(args[2]));
            SplittableRandom random = new SplittableRandom(42);
            List<String> bodies = new ArrayList<>();
            for (int i = Integer.parseInt(args[3]); i > 0; i--) {
                bodies.add(query.apply(random.nextInt(Integer.MAX_VALUE)));
            }
            java.nio.file.Files.write(java.nio.file.Path.of(args[4]), bodies);
            return;
        }
        String base = args[0];
        String name = args[1];
        int size = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        IntFunction<String> query = query(name, size);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(base + "/graphql");

        // The JIT needs tens of seconds of traffic before the server reaches its speed.
        run(http, uri, query, clients, Duration.ofSeconds(Integer.getInteger("warmup", 20)), 1);
        long[] latencies = run(http, uri, query, clients, Duration.ofSeconds(seconds), 2);
        Arrays.sort(latencies);
        double p50 = latencies[latencies.length / 2] / 1e6;
        double p95 = latencies[(int) (latencies.length * 0.95)] / 1e6;
        System.out.printf("%s: %d clients, %d requests in %d s: p50 %.2f ms, p95 %.2f ms, %.0f requests/s%n",
                name, clients, latencies.length, seconds, p50, p95, latencies.length / (double) seconds);
    }

    private static long[] run(HttpClient http, URI uri, IntFunction<String> query, int clients, Duration duration, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(seed * 1000 + c);
            results.add(pool.submit(() -> {
                long[] times = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(query.apply(random.nextInt(Integer.MAX_VALUE))));
                    if (TOKEN != null) {
                        builder.header("authorization", "Bearer " + TOKEN);
                    }
                    HttpRequest request = builder.build();
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long took = System.nanoTime() - start;
                    if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body().substring(0, Math.min(300, response.body().length())));
                    }
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                    }
                    times[n++] = took;
                }
                return Arrays.copyOf(times, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<long[]> result : results) {
                all.add(result.get());
            }
        } finally {
            pool.shutdownNow(); // a failed request must end the client, not leave its other threads running
        }
        return all.stream().flatMapToLong(Arrays::stream).toArray();
    }

    /**
     * The request body for a request: a fixed document, as real clients send, with variables varied
     * by a random number so no cache can serve one answer.
     */
    static IntFunction<String> query(String name, int size) {
        int components = Math.max(5, size * 57 / 100);
        int departments = Math.max(2, size / 5000);
        int teams = Math.max(4, size / 100);
        return switch (name) {
            case "entity" -> r -> body("query E($ref: String!) { entity(ref: $ref) { ref ... on Component { owner { ref } } relations { type targetRef } } }",
                    "{\"ref\": \"component:default/component-" + (r % components) + "\"}");
            case "owner-filter" -> r -> body("query O($owner: [String!]) { entities(filter: {owner: $owner, ownerTransitive: true, kind: [\"Component\"]}, first: 100) "
                    + "{ totalCount edges { node { ref } } } }", "{\"owner\": [\"group:dept-" + (r % departments) + "\"]}");
            case "page500" -> r -> body("{ entities(filter: {kind: [\"Component\"]}, first: 500) { pageInfo { endCursor } edges { node { ref name } } } }", "{}");
            case "graph5" -> r -> body("query G($root: String!) { graph(roots: [$root], relationTypes: [\"dependsOn\"], maxDepth: 5, maxNodes: 5000) "
                    + "{ truncated nodes { ref depth } edges { source target } } }",
                    "{\"root\": \"component:default/component-" + (components - 1 - r % Math.max(1, components / 10)) + "\"}");
            case "rollup" -> r -> body("query R($owner: [String!], $team: String!) { facets(field: KIND, filter: {owner: $owner, ownerTransitive: true}) "
                    + "{ value count } team: entity(ref: $team) { ... on Group { ownedEntities(first: 20) { totalCount edges { ref } } members { totalCount } } } }",
                    "{\"owner\": [\"group:dept-" + (r % departments) + "\"], \"team\": \"group:team-" + (r % teams) + "\"}");
            // What Backstage's entity page and catalog table ask for (issue 19): the whole descriptor with its relations
            case "full-entity" -> r -> body("query E($ref: String!) { entity(ref: $ref) { ref descriptor relations { type targetRef } "
                    + "... on Component { owner { ref } } } }", "{\"ref\": \"component:default/component-" + (r % components) + "\"}");
            case "full-page500" -> r -> body("{ entities(filter: {kind: [\"Component\"]}, first: 500) { nodes { ref descriptor relations { type targetRef } } } }", "{}");
            case "full-owner" -> r -> body("query O($owner: [String!]) { entities(filter: {owner: $owner}, first: 500) "
                    + "{ totalCount nodes { ref descriptor relations { type targetRef } } } }", "{\"owner\": [\"group:team-" + (r % teams) + "\"]}");
            case "scorecard-failing" -> r -> body("query F($owner: String) { scorecardResults(filter: {scorecard: \"production-readiness\", "
                    + "failingWeight: CRITICAL, owner: $owner}, first: 50) { totalCount nodes { ref score level failingCritical } } }",
                    "{\"owner\": \"group:dept-" + (r % departments) + "\"}");
            default -> throw new IllegalArgumentException("Unknown query " + name);
        };
    }

    private static String body(String query, String variables) {
        return "{\"query\": " + json(query) + ", \"variables\": " + variables + "}";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
