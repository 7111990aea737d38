package io.stagehand.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures scorecard trends on a running server with stored results: the daily snapshot through
 * {@code snapshotScorecardTrends} (each call takes it again), then, with two years of days copied
 * from it, {@code scorecardTrend} of the whole scorecard and of groups by day, week and month, one
 * client. Usage: {@code TrendBench <graphql-base-url> <admin-token> <jdbc-url> <repeats>}.
 */
public final class TrendBench {

    private static final String SCORECARD = "production-readiness";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    private TrendBench(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        TrendBench bench = new TrendBench(args[0], args[1]);
        int repeats = Integer.parseInt(args[3]);
        try (Connection db = DriverManager.getConnection(args[2], "postgres", ""); Statement sql = db.createStatement()) {
            System.out.println("results " + one(sql, "SELECT count(*) FROM scorecard_results") + ", groups "
                    + one(sql, "SELECT count(*) FROM entities WHERE kind = 'Group'"));
            List<Long> snapshots = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                String answer = bench.post("mutation { snapshotScorecardTrends { rows } }");
                snapshots.add((System.nanoTime() - t0) / 1_000_000);
                if (!answer.contains("\"rows\"")) {
                    throw new IllegalStateException("the snapshot failed: " + answer);
                }
            }
            System.out.println("snapshot (HTTP round trip included): " + summary(snapshots) + ", rows a day "
                    + one(sql, "SELECT count(*) FROM scorecard_trends WHERE day = (SELECT max(day) FROM scorecard_trends)"));
            // two years of days, as if taken every day before today
            sql.execute("INSERT INTO scorecard_trends (scorecard, owner_key, day, entities, score_sum, levels, no_level, check_ids, check_counts)"
                    + " SELECT scorecard, owner_key, day - g, entities, score_sum, levels, no_level, check_ids, check_counts"
                    + " FROM scorecard_trends, generate_series(1, 729) g ON CONFLICT DO NOTHING");
            sql.execute("ANALYZE scorecard_trends");
            System.out.println("trend rows " + one(sql, "SELECT count(*) FROM scorecard_trends") + ", table and indexes "
                    + one(sql, "SELECT pg_size_pretty(pg_total_relation_size('scorecard_trends'))"));
            List<String> groups = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT DISTINCT owner_key FROM scorecard_trends WHERE owner_key <> '' ORDER BY 1 LIMIT 50")) {
                while (rows.next()) {
                    groups.add(rows.getString(1));
                }
            }
            for (String interval : List.of("DAY", "WEEK", "MONTH")) {
                for (boolean whole : List.of(true, false)) {
                    List<Long> times = new ArrayList<>();
                    for (int i = 0; i < 50 + 200; i++) {
                        String owner = whole ? "" : ", owner: \\\"" + groups.get(i % groups.size()) + "\\\"";
                        long t0 = System.nanoTime();
                        String answer = bench.post("{ scorecardTrend(scorecard: \\\"" + SCORECARD + "\\\"" + owner + ", interval: " + interval
                                + ") { points { date entityCount averageScore levels { count } checks { passRate } } } }");
                        if (i >= 50) {
                            times.add((System.nanoTime() - t0) / 1_000);
                        }
                        if (!answer.contains("\"points\"")) {
                            throw new IllegalStateException("the trend failed: " + answer);
                        }
                    }
                    times.sort(null);
                    System.out.printf("scorecardTrend %s %s over two years: p50 %.2f ms, p95 %.2f ms (200 requests)%n", interval,
                            whole ? "whole scorecard" : "of groups", times.get(99) / 1000.0, times.get(189) / 1000.0);
                }
            }
        }
    }

    private String post(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/graphql")).header("content-type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}")).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String one(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        return "median " + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1) + " ms (" + sorted.size() + " runs)";
    }
}
