package io.stagehand.scorecard.demo;

import io.stagehand.scorecard.ScorecardConfig;
import io.stagehand.scorecard.ScorecardProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The demo's facts, so its scorecards show varied results offline: a real git repository made at
 * start-up with a folder per demo service (some with docs, dashboards, a backup policy), read by
 * the demo's {@code repo} fact source, and a small CI status endpoint the demo's {@code ci} fact
 * source asks over HTTP (some services failing, some stale, one unknown to it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "stagehand.demo.enabled", havingValue = "true", matchIfMissing = true)
class DemoFacts {

    private static final Set<String> DASHBOARDS = Set.of("payment-api", "payment-gateway-adapter", "ledger-service", "checkout-service",
            "basket-service", "order-service", "product-service", "search-service", "warehouse-service", "shipping-service", "stagehand",
            "deploy-pipeline", "feature-store", "event-ingester", "fraud-service");
    private static final Set<String> BACKUPS = Set.of("payment-api", "ledger-service", "order-service", "product-service", "stagehand");
    private static final Set<String> DOCS_IN_REPO = Set.of("promotions-service", "refund-worker");
    private static final Set<String> FAILING = Set.of("fraud-service", "refund-worker", "image-resizer");
    private static final Set<String> STALE = Set.of("label-printer-agent", "payments-reconciliation");
    private static final Set<String> UNKNOWN_TO_CI = Set.of("incident-bot");
    private static final List<String> SERVICES = List.of("checkout-service", "basket-service", "order-service", "pricing-service",
            "promotions-service", "feature-store", "event-ingester", "recommendations", "stagehand", "deploy-pipeline", "incident-bot",
            "warehouse-service", "shipping-service", "returns-service", "label-printer-agent", "payment-api", "payment-gateway-adapter",
            "ledger-service", "fraud-service", "refund-worker", "payments-reconciliation", "product-service", "inventory-service",
            "search-service", "product-importer", "image-resizer", "mobile-bff");

    /** The demo repository, written afresh at each start (it is generated, nothing in it is kept). */
    @Bean
    Path demoRepository(ScorecardProperties properties) throws IOException, GitAPIException {
        Path root = properties.demoRepository().toAbsolutePath().normalize();
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(root);
        for (String service : SERVICES) {
            write(root, service + "/README.md", "# " + service + "\n");
            if (DOCS_IN_REPO.contains(service)) {
                write(root, service + "/mkdocs.yml", "site_name: " + service + "\n");
            }
            if (DASHBOARDS.contains(service)) {
                write(root, service + "/monitoring/dashboard.json", "{\"title\": \"" + service + "\"}\n");
            }
            if (BACKUPS.contains(service)) {
                write(root, service + "/backup.yaml", "schedule: daily\nretention: P30D\n");
            }
        }
        try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("The demo services").setAuthor("Stagehand demo", "demo@stagehand.invalid")
                    .setCommitter("Stagehand demo", "demo@stagehand.invalid").setSign(false).call();
        }
        return root;
    }

    /**
     * The demo's own fact sources reach this process on loopback (its port only) and its generated
     * repository on local disk; both are allowed here, while the demo is on, and nowhere by default.
     */
    @Bean
    ScorecardConfig.Allowance demoAllowance(ScorecardProperties properties, Environment environment) {
        // the port is known once the server listens (random in tests); only that port, not the rest of loopback
        return new ScorecardConfig.Allowance(() -> List.of("127.0.0.1:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "7171"))), List.of(properties.demoRepository().toAbsolutePath().normalize()));
    }

    /** {@code GET /demo/ci/{service}}: the last CI run of a demo service, as a CI system's API would answer. */
    @Bean
    RouterFunction<ServerResponse> demoCi() {
        return RouterFunctions.route().GET("/demo/ci/{service}", request -> {
            String service = request.pathVariable("service");
            if (UNKNOWN_TO_CI.contains(service) || !SERVICES.contains(service)) {
                return ServerResponse.notFound().build();
            }
            Instant finished = Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    .minus(STALE.contains(service) ? Duration.ofDays(12) : Duration.ofHours(6 + Math.floorMod(service.hashCode(), 60)));
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("lastRun", Map.of(
                    "conclusion", FAILING.contains(service) ? "failure" : "success",
                    "finishedAt", finished.toString(),
                    "branch", "main")));
        }).build();
    }

    private static void write(Path root, String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
